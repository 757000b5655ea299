"""pandera model of the ``mentions`` table: one row per entity mention; key (article_id, start_char)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

MENTION_RULES = ["gazetteer", "org_pattern", "acronym", "person_name", "single_word", "coreference"]


class Mentions(pa.DataFrameModel):
    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    entity_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    surface: str = pa.Field(str_length={"min_value": 1})
    start_char: pl.Int32 = pa.Field(ge=0)
    end_char: pl.Int32 = pa.Field(ge=1)
    role: str = pa.Field(nullable=True)
    rule: str = pa.Field(isin=MENTION_RULES)

    class Config:
        strict = True
        unique = ["article_id", "start_char"]

    @pa.dataframe_check
    def span_matches_surface(cls, data) -> object:
        import polars as pl

        return data.lazyframe.select(
            (pl.col("end_char") - pl.col("start_char")) == pl.col("surface").str.len_chars()
        )
