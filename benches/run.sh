#!/usr/bin/env bash
# End-to-end benchmark: certfit on generated corpora of 1k, 10k and 100k postings, as JSONL and as a
# folder of files, next to a plain ripgrep scan for every alias of the taxonomy over the same bytes.
#
#   benches/run.sh [SIZES...]        default: 1000 10000 100000
#
# Postings come from ../shared/corpus/ashby-boards when it exists (real postings), else from
# samples/. Each generated posting gets a unique line so that duplicate folding keeps them all.
# Prints a Markdown table: postings/s, MB/s, peak RSS, and two ripgrep times: `rg -c` (count
# matching lines: it stops reading a line at its first match, so on JSONL, one posting per line, it
# skips most of each posting) and `rg -o` (print every match: it reads every byte, as certfit must).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<<"${sizes[*]}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2" >&2; apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need rg ripgrep
[ -x /usr/bin/time ] || need time time

cargo build --release --quiet
bin=target/release/certfit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every alias of the taxonomy, one per line, for the ripgrep baseline.
"$bin" taxonomy list | tail -n +2 | cut -f6 | tr ';' '\n' | sed 's/^ *//;s/ *$//' | grep -v '^$' | sort -u >"$work/aliases.txt"

python3 - "$work" "${sizes[@]}" <<'PY'
import json, os, sys, glob, html, re
work, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
texts = []
corpus = os.path.join("..", "shared", "corpus", "ashby-boards")
if os.path.isdir(corpus):
    for fn in sorted(os.listdir(corpus)):
        for j in json.load(open(os.path.join(corpus, fn)))["jobs"]:
            if j.get("descriptionPlain"):
                facets = {"company": fn.rsplit(".", 1)[0], "location": j.get("location"),
                          "date_posted": j.get("publishedAt"), "isRemote": j.get("isRemote")}
                texts.append((j["title"], j["descriptionPlain"], facets))
else:
    for fn in sorted(glob.glob("samples/*")):
        raw = open(fn, encoding="utf-8").read()
        texts.append((os.path.basename(fn), re.sub(r"<[^>]+>", " ", html.unescape(raw)), {}))
for n in sizes:
    with open(os.path.join(work, f"{n}.jsonl"), "w") as out:
        for i in range(n):
            title, text, facets = texts[i % len(texts)]
            out.write(json.dumps({"title": title, **facets, "description": f"Posting {i} of team {i % 97}.\n{text}"}) + "\n")
    folder = os.path.join(work, f"{n}-files")
    os.makedirs(folder)
    for i in range(n):
        title, text, _ = texts[i % len(texts)]
        with open(os.path.join(folder, f"{i:06d}.txt"), "w") as out:
            out.write(f"{title}\nPosting {i} of team {i % 97}.\n{text}\n")
PY

# Every tool is timed on a warm page cache: the input is read once just before. (This machine's
# cache does not hold all the corpora at once; a cold read of 100k files takes longer than either
# tool.)
warm() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

measure() { # prints: seconds peak_rss_mb
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || true
  awk -F': ' '/Elapsed \(wall clock\)/{split($2,t,":"); s=(length(t)==3)?t[1]*3600+t[2]*60+t[3]:t[1]*60+t[2]} /Maximum resident/{r=$2/1024} END{printf "%.3f %.0f\n", s, r}' "$work/time.txt"
}

echo "| input | postings | MB | certfit s | postings/s | MB/s | peak RSS MB | rg -c s | certfit / rg -c | rg -o s | certfit / rg -o |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  for kind in jsonl files; do
    if [ "$kind" = jsonl ]; then input="$work/$n.jsonl"; else input="$work/$n-files"; fi
    mb=$(du -sbL "$input" | awk '{printf "%.1f", $1/1048576}')
    warm "$input"
    read -r secs rss < <(measure "$bin" analyze "$input" --csv "$work/out.csv" -q)
    warm "$input"
    read -r rg_secs _ < <(measure rg -i -c -F -f "$work/aliases.txt" "$input")
    warm "$input"
    read -r rgo_secs _ < <(measure rg -i -o -F -f "$work/aliases.txt" "$input")
    awk -v k="$kind" -v n="$n" -v mb="$mb" -v s="$secs" -v r="$rss" -v g="$rg_secs" -v o="$rgo_secs" 'BEGIN{
      printf "| %s | %d | %s | %.2f | %.0f | %.1f | %s | %.2f | %.1fx | %.2f | %.1fx |\n", k, n, mb, s, n/(s>0?s:0.001), mb/(s>0?s:0.001), r, g, s/(g>0?g:0.001), o, s/(o>0?o:0.001) }'
  done
done

# What segments and trends cost (issue 18): the largest JSONL (real postings carry titles,
# companies, locations and dates) with and without `--by` and `--trends`, 5 interleaved runs each,
# the median.
big="$work/${sizes[-1]}.jsonl"
warm "$big"
declare -A runs
for _ in 1 2 3 4 5; do
  for variant in plain role company; do
    case $variant in
      plain) args=() ;;
      role) args=(--by role --trends "$work/trends.csv") ;;
      company) args=(--by company --segments "$work/segments.csv" --trends "$work/trends.csv") ;;
    esac
    read -r secs _ < <(measure "$bin" analyze "$big" --csv "$work/out.csv" -q "${args[@]}")
    runs[$variant]+="$secs "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
plain=$(echo "${runs[plain]}" | median)
echo
echo "| ${sizes[-1]} postings (JSONL) | median s of 5 | vs plain |"
echo "|---|---:|---:|"
for variant in plain role company; do
  m=$(echo "${runs[$variant]}" | median)
  case $variant in
    plain) label="analyze --csv" ;;
    role) label="... --by role --trends FILE" ;;
    company) label="... --by company --segments FILE --trends FILE" ;;
  esac
  awk -v l="$label" -v m="$m" -v p="$plain" 'BEGIN{printf "| %s | %.2f | %+.1f%% |\n", l, m, (m/p-1)*100}'
done

# How much of the JSONL `rg -c` reads: the bytes of each line up to its first match.
probe="$work/${sizes[0]}.jsonl"
rg -i -F -f "$work/aliases.txt" -o -b -n "$probe" >"$work/first.txt" || true
python3 - "$probe" "$work/first.txt" <<'PY2'
import sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
first = {}
for row in open(sys.argv[2], "rb"):
    n, off, _ = row.split(b":", 2)
    first.setdefault(int(n), int(off))
start = read = total = 0
for n, line in enumerate(lines, 1):
    if line:
        total += len(line)
        read += first[n] - start if n in first else len(line)
    start += len(line) + 1
print(f"\nrg -c reads {read / total:.1%} of the JSONL bytes ({len(first)} of {sum(1 for l in lines if l)} lines match; each is read up to its first match)")
PY2

# Start-up costs, averaged over 20 runs.
avg_ms() { local t0 t1; t0=$(date +%s%N); for _ in $(seq 20); do "$@" >/dev/null 2>&1 || true; done; t1=$(date +%s%N); echo $(( (t1 - t0) / 20000000 )); }
echo
echo "certfit --version: $(avg_ms "$bin" --version) ms; certfit taxonomy check (load, validate, compile): $(avg_ms "$bin" taxonomy check) ms"
"$bin" analyze samples/ -q --timings 2>&1 | grep -i 'taxonomy\|matcher' || true
