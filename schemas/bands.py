"""pandera models of the LSH index tables article_bands and paragraph_bands (one row per item and band)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from flows.dedup import BANDS


class ArticleBands(pa.DataFrameModel):
    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    band: pl.Int16 = pa.Field(ge=0, lt=BANDS)
    bucket: pl.UInt64

    class Config:
        strict = True
        unique = ["article_id", "band"]


class ParagraphBands(pa.DataFrameModel):
    paragraph_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}-\d{3,}$")
    band: pl.Int16 = pa.Field(ge=0, lt=BANDS)
    bucket: pl.UInt64
    #: the paragraph is the earliest of its text (its paragraphs.duplicate_of is null)
    is_root: bool

    class Config:
        strict = True
        unique = ["paragraph_id", "band"]
