"""pandera model of the ``quarantine`` table: one row per failed check of a row or file."""

from __future__ import annotations

import pandera.polars as pa

TABLES = ["pages", "removed_lines", "articles", "paragraphs"]
#: Tables written by the link stage (flows/stories.py).
TABLES += [
    "stories", "story_evidence", "story_merges", "paragraph_overlaps", "article_bands", "paragraph_bands",
]


class Quarantine(pa.DataFrameModel):
    run_id: str = pa.Field(str_length={"min_value": 1})
    table_name: str = pa.Field(isin=TABLES)
    row_key: str = pa.Field(str_length={"min_value": 1})
    check_name: str = pa.Field(str_length={"min_value": 1})
    failure: str = pa.Field(nullable=True)

    class Config:
        strict = True
