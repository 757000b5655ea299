"""pandera model of the ``stories`` table: one row per story cluster; key story_id."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.engines.polars_engine import DateTime

UTC_US = {"time_unit": "us", "time_zone": "UTC"}


class Stories(pa.DataFrameModel):
    story_id: str = pa.Field(unique=True, str_matches=r"^story-[0-9a-f]{16}-\d{3,}$")
    title: str = pa.Field(nullable=True)
    first_published_at: DateTime = pa.Field(nullable=True, dtype_kwargs=UTC_US)
    last_published_at: DateTime = pa.Field(nullable=True, dtype_kwargs=UTC_US)
    n_articles: pl.Int32 = pa.Field(ge=1)
    n_publishers: pl.Int32 = pa.Field(ge=0)
    n_independent: pl.Int32 = pa.Field(ge=0)

    class Config:
        strict = True

    @pa.dataframe_check
    def counts_within_articles(cls, data) -> object:
        return data.lazyframe.select(
            (pl.col("n_independent") <= pl.col("n_articles"))
            & (pl.col("n_publishers") <= pl.col("n_articles"))
        )

    @pa.dataframe_check
    def first_not_after_last(cls, data) -> object:
        return data.lazyframe.select(
            (pl.col("first_published_at") <= pl.col("last_published_at")).fill_null(True)
        )
