"""certfit on Spark: each partition of the input files runs `certfit analyze --partial` on its
workers, the driver merges the partials with `certfit merge` and writes the usual reports.

    spark-submit examples/spark/certfit_spark.py --certfit target/release/certfit \
        --out reports/ --partitions 64 --by role crawl/*.warc.gz

The certfit binary is shipped to the workers with the job (SparkContext.addFile), so it needs no
install there; build it for the workers' platform. Inputs are files the workers can read (a
shared file system, or paths Spark resolves); each partition gets a contiguous run of them, in
order, so the merge writes exactly the reports one certfit run over all the files would
(duplicates within a partition fold exactly; copies of a posting in two partitions are counted
twice and the merge says how many: keep the copies of a source in one file, as crawls and exports
do).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="WARC, JSONL, CSV or other files certfit reads")
    ap.add_argument("--certfit", required=True, help="the certfit binary to ship to the workers")
    ap.add_argument("--out", required=True, help="folder for the partials and the reports")
    ap.add_argument("--partitions", type=int, default=0, help="partitions (default: one per file, at most 200)")
    ap.add_argument("--by", help="divide the postings by a facet (certfit analyze --by)")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    return ap.parse_args(argv)


def run_partition(index, paths, certfit_name, by):
    """Runs certfit over one partition's files; yields (index, partial JSON text)."""
    from pyspark import SparkFiles

    paths = list(paths)
    if not paths:
        return
    binary = SparkFiles.get(certfit_name)
    os.chmod(binary, 0o755)
    with tempfile.TemporaryDirectory() as work:
        partial = os.path.join(work, "partial.json")
        cmd = [binary, "analyze", *paths, "--partial", partial, "-q"]
        if by:
            cmd += ["--by", by]
        done = subprocess.run(cmd, capture_output=True, text=True)
        # Exit 1 is a partial run (some inputs skipped, each listed in the partial); 2 is a
        # failure only when nothing was written.
        if done.returncode not in (0, 1) and not os.path.exists(partial):
            raise RuntimeError(f"certfit failed on partition {index}: {done.stderr.strip()}")
        with open(partial, encoding="utf-8") as f:
            yield index, f.read()


def main(argv):
    args = parse_args(argv)
    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("certfit")
    if args.master:
        conf = conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf = conf.setMaster("local[*]")
    sc = SparkContext(conf=conf)
    try:
        certfit = os.path.abspath(args.certfit)
        sc.addFile(certfit)
        name = os.path.basename(certfit)
        inputs = [os.path.abspath(p) for p in args.inputs]
        slices = args.partitions or min(len(inputs), 200)
        by = args.by
        partials = (
            sc.parallelize(inputs, numSlices=slices)
            .mapPartitionsWithIndex(lambda i, it: run_partition(i, it, name, by))
            .collect()
        )
    finally:
        sc.stop()
    os.makedirs(os.path.join(args.out, "partials"), exist_ok=True)
    files = []
    for index, text in sorted(partials):
        path = os.path.join(args.out, "partials", f"part-{index:05d}.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        files.append(path)
    reports = []
    for flag, name in [("--csv", "skills.csv"), ("--json", "report.json"), ("--markdown", "report.md"),
                       ("--html", "report.html"), ("--trends", "trends.csv")]:
        reports += [flag, os.path.join(args.out, name)]
    if args.by:
        reports += ["--segments", os.path.join(args.out, "segments.csv")]
    merged = subprocess.run([args.certfit, "merge", *files, *reports])
    print(json.dumps({"partitions": len(files), "out": args.out}), file=sys.stderr)
    return merged.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
