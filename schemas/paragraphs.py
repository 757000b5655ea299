"""pandera model of the ``paragraphs`` table: one row per paragraph; key (article_id, paragraph_no)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class Paragraphs(pa.DataFrameModel):
    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    paragraph_no: pl.Int32 = pa.Field(ge=1)
    text: str = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
        unique = ["article_id", "paragraph_no"]


class LinkedParagraphs(Paragraphs):
    """``paragraphs`` after the link stage: a stable id and the earliest-seen near-copy."""

    paragraph_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}-\d{3,}-\d{3,}$")
    duplicate_of: str = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{16}-\d{3,}-\d{3,}$")
