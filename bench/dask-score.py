"""Scores a JSONL file with the sieve-classifier command as the map step of Dask's distributed
scheduler: a LocalCluster of worker processes, the file read in byte blocks (dask.bag.read_text),
each partition piped through `sieve-classifier score --input - --output -`, the lines gathered in
input order. Run by bench/run.mjs (section `score`); needs Debian's python3-distributed.

Usage: python3 bench/dask-score.py COMMAND MODEL INPUT OUTPUT [--workers N] [--blocksize BYTES]
COMMAND is how to run the command, e.g. "node dist/node/cli.js" or "npx sieve-classifier".
Prints one JSON line: { records, partitions, workers, seconds }.
"""
import argparse
import json
import shlex
import subprocess
import time

import dask.bag as db
from distributed import Client, LocalCluster


def score_partition(lines, command, model):
    """One partition's records through the command (one worker thread: Dask spreads the partitions)."""
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    if not text.strip():
        return []
    done = subprocess.run(
        [*shlex.split(command), "score", "--model", model, "--input", "-", "--output", "-", "--workers", "1", "--no-progress"],
        input=text.encode("utf8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"sieve-classifier exited with {done.returncode}: {done.stderr.decode('utf8', 'replace').strip()}")
    return done.stdout.decode("utf8").splitlines()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    parser.add_argument("model")
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocksize", type=int, default=4 << 20)
    args = parser.parse_args()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster):
        start = time.perf_counter()
        bag = db.read_text(args.input, blocksize=args.blocksize)
        scored = bag.map_partitions(score_partition, args.command, args.model)
        count = 0
        with open(args.output, "w", encoding="utf8") as out:
            # Partitions come back in input order: the output lines follow the input lines.
            for line in scored.compute():
                out.write(line + "\n")
                count += 1
        seconds = time.perf_counter() - start
    print(json.dumps({"records": count, "partitions": bag.npartitions, "workers": args.workers, "seconds": seconds}))


if __name__ == "__main__":
    main()
