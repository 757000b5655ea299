"""pandera model of the ``pages`` table: one row per input file; key source_path."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.engines.polars_engine import DateTime

PAGE_STATUSES = ["loaded", "quarantined"]


class Pages(pa.DataFrameModel):
    page_id: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    source_path: str = pa.Field(unique=True, str_length={"min_value": 1})
    bytes: pl.Int64 = pa.Field(ge=0)
    fetched_at: DateTime = pa.Field(nullable=True, dtype_kwargs={"time_unit": "us", "time_zone": "UTC"})
    ingested_at: DateTime = pa.Field(dtype_kwargs={"time_unit": "us", "time_zone": "UTC"})
    status: str = pa.Field(isin=PAGE_STATUSES)
    reason: str = pa.Field(nullable=True, str_matches=r"^[a-z0-9_]+$")
    n_lines: pl.Int32 = pa.Field(ge=0)
    n_removed_lines: pl.Int32 = pa.Field(ge=0)
    n_articles: pl.Int32 = pa.Field(ge=0)
    run_id: str = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True

    @pa.dataframe_check
    def quarantined_pages_have_a_reason(cls, data) -> object:
        import polars as pl

        return data.lazyframe.select((pl.col("status") != "quarantined") | pl.col("reason").is_not_null())

    @pa.dataframe_check
    def removed_lines_within_lines(cls, data) -> object:
        import polars as pl

        return data.lazyframe.select(pl.col("n_removed_lines") <= pl.col("n_lines"))


class WarehousePages(Pages):
    """``pages`` as stored: the staged columns plus three the load stage keeps per file (added by
    ``warehouse/ddl/20_*`` to ``22_*``): the mtime for the stat pre-check, and the deletion mark."""

    file_mtime_ns: pl.Int64 = pa.Field(nullable=True)
    is_deleted: pl.Boolean = pa.Field(nullable=True)
    deleted_at: DateTime = pa.Field(nullable=True, dtype_kwargs={"time_unit": "us", "time_zone": "UTC"})
