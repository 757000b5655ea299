"""Small builders shared by the tests: run the pure stages on text without touching disk."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from flows import clean, extract, split
from flows.read import PAGE_SCHEMA
from flows.transform import Batch, transform_pages


def page_frame(texts: dict[str, str], fetched_at: datetime) -> pl.DataFrame:
    """{name: text} -> read-stage pages, page_id = name padded to 64 hex-like chars."""
    rows = [
        {
            "page_id": f"{i:064x}",
            "source_path": name,
            "bytes": len(text.encode()),
            "fetched_at": fetched_at,
            "status": "loaded",
            "reason": None,
            "text": text,
        }
        for i, (name, text) in enumerate(sorted(texts.items()), start=1)
    ]
    return pl.DataFrame(rows, schema=PAGE_SCHEMA)


def classify(text: str) -> pl.DataFrame:
    """One page's text -> its classified lines (line_no, text, rule)."""
    frame = pl.LazyFrame({"page_id": ["p"], "text": [text]})
    return clean.classify_lines(clean.split_lines(frame)).collect().drop("page_id")


def articles_of(text: str, fetched_at: datetime) -> pl.DataFrame:
    """One page's text -> its extracted articles (before validation)."""
    pages = page_frame({"page.txt": text}, fetched_at).lazy()
    kept = clean.kept_lines(clean.classify_lines(clean.split_lines(pages)))
    fields, _ = extract.extract_fields(split.split_articles(kept), pages)
    return fields.collect().sort("position")


def batch_of(texts: dict[str, str], fetched_at: datetime) -> Batch:
    return transform_pages(page_frame(texts, fetched_at), run_id="test-run", ingested_at=fetched_at)
