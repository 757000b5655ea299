"""pandera model of the ``articles`` table: one row per article; key article_id."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.engines.polars_engine import Date, DateTime

PUBLISHED_AT_SOURCES = ["relative_age", "explicit", "dateline"]

UTC_US = {"time_unit": "us", "time_zone": "UTC"}


class Articles(pa.DataFrameModel):
    article_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    page_id: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    position: pl.Int32 = pa.Field(ge=0)
    is_main: pl.Boolean
    title: str = pa.Field(nullable=True, str_length={"min_value": 1, "max_value": 300})
    publisher: str = pa.Field(nullable=True, str_length={"min_value": 1, "max_value": 120})
    agency: str = pa.Field(nullable=True)
    age_text: str = pa.Field(nullable=True)
    published_at: DateTime = pa.Field(nullable=True, dtype_kwargs=UTC_US)
    published_at_source: str = pa.Field(nullable=True, isin=PUBLISHED_AT_SOURCES)
    dateline_place: str = pa.Field(nullable=True)
    dateline_country: str = pa.Field(nullable=True)
    dateline_date: Date = pa.Field(nullable=True)
    body: str = pa.Field(str_length={"min_value": 1})
    n_paragraphs: pl.Int32 = pa.Field(ge=1)
    n_words: pl.Int32 = pa.Field(ge=1)
    content_hash: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")

    class Config:
        strict = True
        unique = ["page_id", "position"]

    @pa.dataframe_check
    def published_at_has_a_source(cls, data) -> object:
        import polars as pl

        return data.lazyframe.select(pl.col("published_at").is_null() == pl.col("published_at_source").is_null())


class LinkedArticles(Articles):
    """``articles`` after the link stage (flows/stories.py): reprint, origin and story columns."""

    duplicate_of: str = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    origin_article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    is_original: pl.Boolean
    story_id: str = pa.Field(str_matches=r"^story-[0-9a-f]{16}-\d{3,}$")

    @pa.dataframe_check
    def original_iff_own_origin(cls, data) -> object:
        import polars as pl

        own = pl.col("origin_article_id") == pl.col("article_id")
        return data.lazyframe.select(pl.col("is_original") == own)

    @pa.dataframe_check
    def never_its_own_duplicate(cls, data) -> object:
        import polars as pl

        return data.lazyframe.select((pl.col("duplicate_of") != pl.col("article_id")).fill_null(True))
