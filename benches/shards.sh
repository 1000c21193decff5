#!/usr/bin/env bash
# Sharded runs against one run (issue 19): N postings (default 1,000,000; real Ashby postings from
# ../shared/corpus/ashby-boards repeated with a unique line each) in 8 JSONL files; one certfit run
# over all of them, then 8 runs with --partial and a merge; every report compared byte for byte.
#
#   benches/shards.sh [POSTINGS]      needs ~6 GB of free disk for a million postings
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
cargo build --release --quiet
B=$(pwd)/target/release/certfit
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 - "$W" "$n" <<'PY'
import json, os, sys
work, n = sys.argv[1], int(sys.argv[2])
texts = []
corpus = os.path.join("..", "shared", "corpus", "ashby-boards")
for fn in sorted(os.listdir(corpus)):
    for j in json.load(open(os.path.join(corpus, fn)))["jobs"]:
        if j.get("descriptionPlain"):
            texts.append((j["title"], j["descriptionPlain"], {"company": fn.rsplit(".", 1)[0],
                          "location": j.get("location"), "date_posted": j.get("publishedAt"), "isRemote": j.get("isRemote")}))
outs = [open(os.path.join(work, f"shard-{k}.jsonl"), "w") for k in range(8)]
for i in range(n):
    t, x, f = texts[i % len(texts)]
    outs[i * 8 // n].write(json.dumps({"title": t, **f, "description": f"Posting {i} of team {i % 97}.\n{x}"}) + "\n")
for o in outs:
    o.close()
PY
export CERTFIT_TODAY=2026-12-01
cd "$W"
reports() { for e in json csv segments trends html markdown; do echo "--$e" "$1.$e"; done; }
/usr/bin/time -f "one run: %e s, peak %M KB" "$B" analyze shard-*.jsonl --by role -q $(reports one)
start=$(date +%s.%N)
for k in 0 1 2 3 4 5 6 7; do
  /usr/bin/time -f "shard $k: %e s, peak %M KB" "$B" analyze "shard-$k.jsonl" --by role -q --partial "p$k.json"
done
/usr/bin/time -f "merge: %e s, peak %M KB" "$B" merge p0.json p1.json p2.json p3.json p4.json p5.json p6.json p7.json -q $(reports merged)
echo "shards and merge: $(echo "$(date +%s.%N) - $start" | bc) s; partial size $(du -h p0.json | cut -f1)"
status=0
for e in json csv segments trends html markdown; do
  if cmp -s "one.$e" "merged.$e"; then echo "$e identical"; else echo "$e DIFFERS"; status=1; fi
done
exit $status
