#!/usr/bin/env bash
# Hostile inputs at four sizes each: time and peak memory, to show that every stage grows linearly
# with its input and that oversize inputs become skips, never stalls or aborts.
#
#   benches/hostile.sh
#
# Prints a Markdown table (the README's "Hostile input" table comes from it).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }
cargo build --release --quiet
bin=$PWD/target/release/certfit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys, zlib, os
work = sys.argv[1]
for kb in (128, 256, 512, 1024):
    open(f"{work}/rag-{kb}k.txt", "w").write("RAG " * (kb * 1024 // 4))
    words = "SageMaker, AWS Glue, Kinesis and Azure AI Search. "
    open(f"{work}/names-{kb}k.txt", "w").write(words * (kb * 1024 // len(words)))
for depth in (1000, 2000, 4000, 100000):
    open(f"{work}/nested-{depth}.html", "w").write(
        "<html><body>" + "<div>" * depth + "Amazon SageMaker " * 30 + "</div>" * depth + "</body></html>")
for mb in (8, 16, 32, 128):
    data = zlib.compress(b"\0" * (mb * 1024 * 1024), 9)
    open(f"{work}/bomb-{mb}m.pdf", "wb").write(
        b"%PDF-1.4\n1 0 obj << /Filter /FlateDecode >>\nstream\n" + data + b"\nendstream\nendobj\n%%EOF\n")
for n in (10000, 20000, 40000, 80000):
    with open(f"{work}/taxonomy-{n}.toml", "w") as out:
        for i in range(n):
            out.write(f'[[skill]]\nid = "aws.gen{i:06d}"\nname = "Generated {i}"\nvendor = "aws"\n'
                      f'category = "data"\naliases = ["Genskill{i:06d}"]\n\n')
PY

run() { # label size command...
  local label=$1 size=$2
  shift 2
  local out
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
  out=$(tail -1 "$work/time")
  printf '| %s | %s | %s | %s |\n' "$label" "$size" "${out% *}" "$(( ${out#* } / 1024 ))"
}

echo "| input | size | seconds | peak MB |"
echo "|---|---:|---:|---:|"
for kb in 128 256 512 1024; do run '"RAG " repeated' "${kb} KB" "$bin" analyze "$work/rag-${kb}k.txt" -q; done
for kb in 128 256 512 1024; do run 'service names repeated' "${kb} KB" "$bin" analyze "$work/names-${kb}k.txt" -q; done
for d in 1000 2000 4000 100000; do run 'nested <div>s (over 4,096: skipped)' "$d deep" "$bin" analyze "$work/nested-$d.html" -q; done
for mb in 8 16 32 128; do run 'PDF stream inflating (over 64 MB: skipped)' "${mb} MB" "$bin" analyze "$work/bomb-${mb}m.pdf" -q; done
for mb in 10 20 40 80; do
  run 'stdin of zeros (over 50 MB: skipped)' "${mb} MB" sh -c "head -c ${mb}M /dev/zero | $bin analyze - -q"
done
for n in 10000 20000 40000 80000; do run 'user taxonomy' "$n skills" "$bin" taxonomy check "$work/taxonomy-$n.toml"; done
