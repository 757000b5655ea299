"""Speed of the date rules (``flows.dates.find_dates``) and their share of the extraction stage, one core.

Text: the same as bench/extraction_speed.py (the dev-set article texts repeated to about --megabytes).
Prints CPU seconds (``time.process_time``), best of --repeat passes, for the whole stage
(``flows.annotate.annotate_records``, no anchors, as extraction_speed.py runs it) and for
``find_dates`` alone, without an anchor and with one (the relative rules only run with an anchor).
Usage, from the project root:

    .venv/bin/python -m bench.dates_speed [--megabytes 2] [--repeat 3] [--benchmarks ../shared/benchmarks]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from bench.throughput import timed
from flows import gazetteers
from flows.annotate import annotate_records
from flows.dates import find_dates
from flows.settings import PROJECT_ROOT

#: Any fixed day: it only switches the anchored rules on.
ANCHOR = date(2015, 5, 7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=PROJECT_ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = []
    for name in ("wikinews-dev.jsonl", "ner-dev.jsonl"):
        texts += [
            json.loads(line)["text"] for line in (args.benchmarks / name).read_text(encoding="utf-8").splitlines()
        ]
    size = sum(len(t.encode()) for t in texts)
    texts = texts * max(1, round(args.megabytes * 1e6 / size))
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    gazetteers.places_frame()
    gazetteers.census_names()
    ids = [str(i) for i in range(len(texts))]
    stage = timed(lambda: annotate_records(ids, texts, [None] * len(texts)), args.repeat, time.process_time)
    bare = timed(lambda: [find_dates(t, None) for t in texts], args.repeat, time.process_time)
    anchored = timed(lambda: [find_dates(t, ANCHOR) for t in texts], args.repeat, time.process_time)
    print(
        f"{megabytes:.2f} MB, {len(texts)} texts, CPU best of {args.repeat}: stage {stage:.2f} s "
        f"({megabytes / stage:.2f} MB/s); find_dates {bare:.2f} s without an anchor ({bare / stage:.0%} of "
        f"the stage, {megabytes / bare:.1f} MB/s), {anchored:.2f} s with one"
    )


if __name__ == "__main__":
    main()
