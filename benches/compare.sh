#!/usr/bin/env bash
# Behaviour unchanged? Runs two certfit binaries on the same inputs (samples/, every folder of
# ../shared/corpus/ and the corpus whole, a 10k-posting JSONL made from the Ashby corpus, stdin, a
# mixed argument list with bad paths, quiet mode) writing every report, then diffs all outputs.
#
#   benches/compare.sh OLD_BINARY NEW_BINARY     # exit 0 and "identical" when nothing changed
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: benches/compare.sh OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$(realpath "$1"); new=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, os, sys
texts = []
corpus = os.path.join("..", "shared", "corpus", "ashby-boards")
if os.path.isdir(corpus):
    for fn in sorted(os.listdir(corpus)):
        for j in json.load(open(os.path.join(corpus, fn)))["jobs"]:
            if j.get("descriptionPlain"):
                texts.append((j["title"], j["descriptionPlain"]))
with open(os.path.join(sys.argv[1], "10k.jsonl"), "w") as out:
    for i in range(10000 if texts else 0):
        title, text = texts[i % len(texts)]
        out.write(json.dumps({"title": title, "description": f"Posting {i} of team {i % 97}.\n{text}"}) + "\n")
PY
run() { # binary, output folder
  local bin=$1 out=$2
  mkdir -p "$out"
  export CERTFIT_TODAY=2026-12-06 NO_COLOR=1
  local sets=(samples "$work/10k.jsonl")
  for d in ../shared/corpus ../shared/corpus/*/; do [ -d "$d" ] && sets+=("${d%/}"); done
  for s in "${sets[@]}"; do
    local n
    n=$(echo "$s" | tr '/.' '__')
    "$bin" analyze "$s" --csv "$out/$n.csv" --matches "$out/$n.matches.csv" --json "$out/$n.json" \
      --markdown "$out/$n.md" --html "$out/$n.html" --have "sagemaker, pyhton, bedrock" \
      >"$out/$n.stdout" 2>"$out/$n.stderr" && echo "exit 0" >>"$out/$n.stdout" || echo "exit $?" >>"$out/$n.stdout"
  done
  printf 'We need SageMaker and Bedrock.\n---\nAzure OpenAI and AI Search\n---\n' |
    "$bin" analyze - --json "$out/stdin.json" >"$out/stdin.stdout" 2>&1 || true
  "$bin" analyze samples/ no/such/file ftp://x.example/a README.md --json - >"$out/mixed.stdout" 2>"$out/mixed.stderr" || true
  "$bin" analyze samples/ -q --matches - >"$out/q.stdout" 2>"$out/q.stderr" || true
  "$bin" taxonomy list >"$out/tlist.stdout"
}
run "$old" "$work/old"
run "$new" "$work/new"
if diff -r "$work/old" "$work/new"; then echo identical; else exit 1; fi
