"""Incremental re-run benchmark: a full run over N pages, then a re-run over the same unchanged pages.

    .venv/bin/python bench/rerun.py [--pages 10000]

The corpus is made deterministically from the seed pages with small variations (a numbered headline
and an edition line, so every page has its own bytes); it is written to bench/out/ (git-ignored).
Prints both runs' flow times and the ratio, and appends a row to bench/out/rerun.csv.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def build_corpus(folder: Path, n_pages: int) -> int:
    """``n_pages`` files from the seeds, 1,000 per sub-folder; returns the total bytes."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    shutil.rmtree(folder, ignore_errors=True)
    total = 0
    for i in range(n_pages):
        head, _, rest = seeds[i % len(seeds)].partition("\n")
        text = f"{head} (edition {i})\n{rest}\nEdition {i} of the bench corpus.\n"
        path = folder / f"{i // 1000:03d}" / f"page_{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()

    from flows.cli import quiet_prefect

    quiet_prefect()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from flows.pipeline import run_ingest
    from flows.settings import Settings

    work = OUT / f"rerun-{args.pages}"
    corpus_bytes = build_corpus(work / "input", args.pages)
    for generated in ["w.duckdb", "w.duckdb.wal", "w.duckdb.lock"]:
        (work / generated).unlink(missing_ok=True)
    shutil.rmtree(work / "exports", ignore_errors=True)
    settings = Settings(
        input_dir=work / "input", warehouse=work / "w.duckdb", exports_dir=work / "exports",
        fetched_at=datetime(2025, 8, 16, 12, 0, tzinfo=UTC),
    )
    results = []
    for label in ["full", "unchanged re-run", "unchanged re-run"]:
        wall = time.perf_counter()
        summary = run_ingest(settings)
        wall = time.perf_counter() - wall
        results.append((label, summary.seconds, wall, summary))
        print(f"{label:17} flow {summary.seconds:7.2f} s   call {wall:7.2f} s   "
              f"new {summary.n_new} changed {summary.n_changed} unchanged {summary.n_unchanged} "
              f"articles {summary.n_articles}", flush=True)
    full = results[0][1]
    rerun = min(r[1] for r in results[1:])
    print(f"pages {args.pages}, corpus {corpus_bytes / 1e6:.1f} MB: re-run {rerun:.2f} s = "
          f"{100 * rerun / full:.1f} % of the full run ({full:.2f} s)")
    import duckdb
    import polars

    row = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"), "pages": args.pages,
        "corpus_mb": round(corpus_bytes / 1e6, 1), "full_s": full, "rerun_s": rerun,
        "percent": round(100 * rerun / full, 2), "machine": platform.machine(),
        "cpus": os.cpu_count(), "python": platform.python_version(), "polars": polars.__version__,
        "duckdb": duckdb.__version__,
    }
    log = OUT / "rerun.csv"
    new = not log.exists()
    with log.open("a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        if new:
            writer.writeheader()
        writer.writerow(row)


if __name__ == "__main__":
    main()
