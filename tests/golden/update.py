"""Regenerate the seed goldens: ``python -m tests.golden.update``. Review the diff like code."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from flows.read import list_input_files, read_pages
from flows.transform import transform_pages
from tests.conftest import FETCHED_AT, SEEDS

GOLDEN_DIR = Path(__file__).resolve().parent
#: Tables compared against goldens; run-specific columns (run_id, ingested_at) are left out.
GOLDEN_TABLES = {
    "pages": ["source_path"],
    "removed_lines": ["page_id", "line_no"],
    "articles": ["article_id"],
    "paragraphs": ["article_id", "paragraph_no"],
}
VOLATILE = {"run_id", "ingested_at"}


def seed_tables() -> dict[str, pl.DataFrame]:
    """The staged tables of a transform of every seed page, at the fixed test fetch time."""
    pages = read_pages(SEEDS, list_input_files(SEEDS), fetched_at=FETCHED_AT, max_bytes=10_000_000)
    batch = transform_pages(pages, run_id="golden", ingested_at=FETCHED_AT).tables()
    return {
        name: batch[name].drop([c for c in batch[name].columns if c in VOLATILE]).sort(key)
        for name, key in GOLDEN_TABLES.items()
    }


def to_lines(frame: pl.DataFrame) -> list[str]:
    """Rows as JSON objects with sorted keys, one per line; dates and times as ISO strings."""
    return [json.dumps(row, sort_keys=True, ensure_ascii=False, default=str) for row in frame.iter_rows(named=True)]


def main() -> None:
    for name, frame in seed_tables().items():
        path = GOLDEN_DIR / f"{name}.jsonl"
        path.write_text("\n".join(to_lines(frame)) + "\n", encoding="utf-8")
        print(f"wrote {path.name}: {frame.height} rows")


if __name__ == "__main__":
    main()
