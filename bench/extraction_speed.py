"""Speed of the extraction stage (entities, quotes, dates) on article text, one core.

Text: the article texts of ../shared/benchmarks/wikinews-dev.jsonl and ner-dev.jsonl, repeated to
about --megabytes of text, annotated with ``flows.annotate.annotate_records`` (the pipeline's code).
Appends a row to bench/out/extraction_speed.csv (git-ignored; bench/extraction_speed.csv keeps the rows of
earlier runs). With ``--passes N`` the stage runs N times and the
fastest pass counts; then each part (entities for the whole batch, quotes, dates) is timed alone the
same way and printed as MB per CPU second. Usage, from the project root:

    .venv/bin/python -m bench.extraction_speed [--megabytes 4] [--passes 3] [--benchmarks ../shared/benchmarks]
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import polars as pl

from flows import gazetteers
from flows.annotate import annotate_records, extract_annotations
from flows.dates import find_dates
from flows.entities import find_mentions_batch
from flows.quotes import find_quotes
from flows.settings import PROJECT_ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=PROJECT_ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--megabytes", type=float, default=4.0)
    parser.add_argument("--passes", type=int, default=1, help="runs of the stage and of each part; the fastest counts")
    args = parser.parse_args()
    texts = []
    for name in ("wikinews-dev.jsonl", "ner-dev.jsonl"):
        texts += [
            json.loads(line)["text"]
            for line in (args.benchmarks / name).read_text(encoding="utf-8").splitlines()
        ]
    size = sum(len(t.encode()) for t in texts)
    texts = texts * max(1, round(args.megabytes * 1e6 / size))
    total = sum(len(t.encode()) for t in texts)
    clock = time.perf_counter()
    gazetteers.places_frame()
    gazetteers.census_names()
    load_seconds = time.perf_counter() - clock
    ids, anchors = [str(i) for i in range(len(texts))], [None] * len(texts)
    seconds, cpu = _fastest(args.passes, lambda: annotate_records(ids, texts, anchors))
    rate = total / 1e6 / seconds
    print(
        f"{total / 1e6:.1f} MB of article text, {len(texts)} texts: {seconds:.2f} s wall, {cpu:.2f} s CPU, "
        f"{rate:.2f} MB/s wall, {total / 1e6 / cpu:.2f} MB/s CPU "
        f"(gazetteer load {load_seconds:.2f} s, once per process)"
    )
    if args.passes > 1:
        mentions = find_mentions_batch(texts)
        articles = pl.DataFrame(
            {"article_id": ids, "body": texts},
            schema={"article_id": pl.String, "body": pl.String},
        ).with_columns(
            pl.lit(None, dtype=pl.Datetime("us", "UTC")).alias("published_at"),
            pl.lit(None, dtype=pl.Date).alias("dateline_date"),
        )
        parts = {
            # the pipeline's own call: the four tables as frames (annotate_records makes the
            # dicts `newsdesk annotate` writes)
            "stage as the pipeline runs it (extract_annotations -> frames)": lambda: extract_annotations(articles),
            "entities": lambda: find_mentions_batch(texts),
            "quotes": lambda: [find_quotes(t, m) for t, m in zip(texts, mentions, strict=True)],
            "dates": lambda: [find_dates(t, None) for t in texts],
        }
        for name, run in parts.items():
            part_cpu = _fastest(args.passes, run)[1]
            print(f"  {name}: {part_cpu:.2f} s CPU, {total / 1e6 / part_cpu:.2f} MB/s CPU")
    log = Path(__file__).with_name("out") / "extraction_speed.csv"
    log.parent.mkdir(exist_ok=True)
    new = not log.exists()
    with log.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(["at", "megabytes", "seconds", "mb_per_s", "polars", "python", "machine"])
        writer.writerow(
            [
                datetime.now(UTC).isoformat(timespec="seconds"),
                f"{total / 1e6:.2f}",
                f"{seconds:.2f}",
                f"{rate:.2f}",
                version("polars"),
                platform.python_version(),
                platform.machine(),
            ]
        )


def _fastest(passes: int, run) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the pass with the least CPU time among ``passes`` runs."""
    best = (float("inf"), float("inf"))
    for _ in range(passes):
        clock, process = time.perf_counter(), time.process_time()
        run()
        wall, cpu = time.perf_counter() - clock, time.process_time() - process
        if cpu < best[1]:
            best = (wall, cpu)
    return best


if __name__ == "__main__":
    main()
