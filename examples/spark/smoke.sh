#!/usr/bin/env bash
# Smoke test of the Spark job: Spark in local mode over a few generated JSONL and WARC files,
# compared with one certfit run over the same files. Installs what it needs: a JRE from the OS
# packages when `java` is missing, pyspark from PyPI into a virtualenv under target/.
#
#   examples/spark/smoke.sh          (.ci/run runs it when CERTFIT_SPARK_SMOKE=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
if ! command -v java >/dev/null 2>&1; then
  echo "installing a JRE (default-jre-headless)" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq default-jre-headless >/dev/null
fi
venv="$root/target/spark-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  echo "installing pyspark into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "pyspark==3.5.3"
fi
cargo build --release --quiet
bin="$root/target/release/certfit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" - "$work" <<'PY'
import gzip, json, os, sys
work = sys.argv[1]
root = os.getcwd()
samples = sorted(os.path.join(root, "samples", f) for f in os.listdir(os.path.join(root, "samples")))
texts = [open(p, encoding="utf-8").read() for p in samples]
# Four JSONL files of distinct postings, dated over four months.
for k in range(4):
    with open(os.path.join(work, f"part-{k}.jsonl"), "w") as out:
        for i in range(25):
            n = k * 25 + i
            out.write(json.dumps({"title": f"Posting {n}", "date_posted": f"2026-0{6 + k}-{1 + i:02d}",
                                  "description": f"Requisition {n}.\n{texts[n % len(texts)]}"}) + "\n")
# Two WARC files: a posting page and a page without one each.
def record(uri, body):
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{body}".encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri)) % 10**12:012d}-0000-4000-8000-000000000000>\r\n"
            f"WARC-Date: 2026-11-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n")
for k in range(2):
    posting = ('<html><head><script type="application/ld+json">{"@type":"JobPosting","title":"ML Engineer %d",'
               '"datePosted":"2026-10-0%d","description":"Deploy models on Amazon SageMaker and build agents on Amazon Bedrock. Python."}'
               '</script></head></html>' % (k, k + 1))
    with open(os.path.join(work, f"crawl-{k}.warc.gz"), "wb") as out:
        out.write(record(f"https://example.org/jobs/{k}", posting))
        out.write(record(f"https://example.org/about/{k}", "<html><body>About us</body></html>"))
PY
inputs=("$work"/part-*.jsonl "$work"/crawl-*.warc.gz)
export CERTFIT_TODAY=2026-12-01
"$bin" analyze "${inputs[@]}" --by month -q --csv "$work/one.csv" --json "$work/one.json" \
  --segments "$work/one-segments.csv" --trends "$work/one-trends.csv"
"$venv/bin/python" examples/spark/certfit_spark.py --certfit "$bin" --out "$work/spark" \
  --partitions 3 --by month --master "local[2]" "${inputs[@]}"
status=0
for pair in "one.csv spark/skills.csv" "one.json spark/report.json" "one-segments.csv spark/segments.csv" "one-trends.csv spark/trends.csv"; do
  set -- $pair
  if cmp -s "$work/$1" "$work/$2"; then echo "same: $1 = $2"; else echo "DIFFERENT: $1 vs $2"; diff "$work/$1" "$work/$2" | head -10; status=1; fi
done
echo "spark smoke: partials $(ls "$work/spark/partials" | wc -l), postings $(python3 -c "import json;print(json.load(open('$work/spark/report.json'))['postings']['analyzed'])")"
exit $status
