"""Speed of the extraction stage (entities, quotes, dates) on article text, one core.

Text: the article texts of ../shared/benchmarks/wikinews-dev.jsonl and ner-dev.jsonl, repeated to
about --megabytes of text, annotated with ``flows.annotate.annotate_records`` (the pipeline's code).
Appends a row to bench/extraction_speed.csv. Usage, from the project root:

    .venv/bin/python -m bench.extraction_speed [--megabytes 4] [--benchmarks ../shared/benchmarks]
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

from flows import gazetteers
from flows.annotate import annotate_records
from flows.settings import PROJECT_ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=PROJECT_ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--megabytes", type=float, default=4.0)
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
    clock = time.perf_counter()
    process = time.process_time()
    annotate_records([str(i) for i in range(len(texts))], texts, [None] * len(texts))
    seconds = time.perf_counter() - clock
    cpu = time.process_time() - process
    rate = total / 1e6 / seconds
    print(
        f"{total / 1e6:.1f} MB of article text, {len(texts)} texts: {seconds:.2f} s wall, {cpu:.2f} s CPU, "
        f"{rate:.2f} MB/s wall, {total / 1e6 / cpu:.2f} MB/s CPU "
        f"(gazetteer load {load_seconds:.2f} s, once per process)"
    )
    log = Path(__file__).with_name("extraction_speed.csv")
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


if __name__ == "__main__":
    main()
