"""pandera model of the ``runs`` table: one row per pipeline run; key run_id."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.engines.polars_engine import DateTime

RUN_STATUSES = ["completed", "failed"]
UTC_US = {"time_unit": "us", "time_zone": "UTC"}


class Runs(pa.DataFrameModel):
    run_id: str = pa.Field(unique=True, str_length={"min_value": 1})
    started_at: DateTime = pa.Field(dtype_kwargs=UTC_US)
    finished_at: DateTime = pa.Field(nullable=True, dtype_kwargs=UTC_US)
    status: str = pa.Field(isin=RUN_STATUSES)
    n_pages: pl.Int32 = pa.Field(ge=0)
    n_new: pl.Int32 = pa.Field(ge=0)
    n_changed: pl.Int32 = pa.Field(ge=0)
    n_unchanged: pl.Int32 = pa.Field(ge=0)
    n_articles: pl.Int32 = pa.Field(ge=0)
    n_quarantined: pl.Int32 = pa.Field(ge=0)
    error: str = pa.Field(nullable=True)
    n_quarantined_pages: pl.Int32 = pa.Field(nullable=True, ge=0)
    n_deleted: pl.Int32 = pa.Field(nullable=True, ge=0)

    class Config:
        strict = True

    @pa.dataframe_check
    def pages_add_up(cls, data) -> object:
        return data.lazyframe.select(
            pl.col("n_new") + pl.col("n_changed") + pl.col("n_unchanged") == pl.col("n_pages")
        )
