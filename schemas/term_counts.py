"""pandera model of the ``term_counts`` table: one row per story term; key feature."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class TermCounts(pa.DataFrameModel):
    """A batch's increments as loaded; the table holds their sums (rows reaching 0 are deleted)."""

    feature: pl.UInt64 = pa.Field(unique=True)
    n_articles: pl.Int64 = pa.Field(ge=1)

    class Config:
        strict = True
