"""Fuzz run: at least N hostile input files through read -> clean -> split -> extract -> validate.

    .venv/bin/python bench/fuzz.py [--inputs 10000] [--seed 5]

Draws folders of 20-40 files from ``tests/hostile.py`` (random bytes, truncated UTF-8, mixed
encodings, NUL bytes, chrome only, whitespace only, repeated lines, tiny lines, right-to-left text,
emoji) and checks the invariants there on each. A failure is shrunk by hypothesis and re-raised.
Prints the count, time and outcomes; appends a row to bench/out/fuzz.csv.
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
FILES_PER_EXAMPLE = (20, 40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    from tests.hostile import check_folder, hostile_bytes

    outcomes: collections.Counter[str] = collections.Counter()
    count = {"files": 0, "examples": 0}
    scratch = Path(tempfile.mkdtemp(prefix="newsdesk-fuzz-"))
    # Enough examples for the target at the smallest folder size; generation stops there.
    max_examples = -(-args.inputs // FILES_PER_EXAMPLE[0])

    @seed(args.seed)
    @settings(max_examples=max_examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(hostile_bytes, min_size=FILES_PER_EXAMPLE[0], max_size=FILES_PER_EXAMPLE[1]))
    def fuzz(files: list[bytes]) -> None:
        if count["files"] >= args.inputs:
            return
        folder = scratch / str(count["examples"])
        pages = check_folder(folder, files)
        shutil.rmtree(folder)
        count["files"] += len(files)
        count["examples"] += 1
        outcomes.update(r if r else s for s, r in zip(pages["status"], pages["reason"], strict=True))

    clock = time.perf_counter()
    try:
        fuzz()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.perf_counter() - clock
    print(f"{count['files']} inputs in {count['examples']} folders, {seconds:.1f} s "
          f"({count['files'] / seconds:.0f} inputs/s), invariants held on all")
    for outcome, n in outcomes.most_common():
        print(f"  {outcome:18} {n}")
    import polars

    row = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"), "inputs": count["files"], "seed": args.seed,
        "seconds": round(seconds, 1), "failures": 0, "machine": platform.machine(), "cpus": os.cpu_count(),
        "python": platform.python_version(), "polars": polars.__version__,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / "fuzz.csv"
    new = not log.exists()
    with log.open("a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        if new:
            writer.writeheader()
        writer.writerow(row)


if __name__ == "__main__":
    main()
