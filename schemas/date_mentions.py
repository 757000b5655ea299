"""pandera model of the ``date_mentions`` table: one row per date expression; key (article_id, start_char)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.engines.polars_engine import Date

PRECISIONS = ["day", "week", "month", "year", "decade", "century"]
DATE_RULES = [
    "month_day",
    "day_month",
    "month_year",
    "year",
    "decade",
    "century",
    "relative",
    "named_day",
    "month_part",
    "season",
    "two_digit_year",
    "event",
    "quarter",
]


class DateMentions(pa.DataFrameModel):
    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    surface: str = pa.Field(str_length={"min_value": 1})
    start_char: pl.Int32 = pa.Field(ge=0)
    end_char: pl.Int32 = pa.Field(ge=1)
    # ISO 8601, possibly truncated or yearless; an open start or end as ISO 8601-2 writes it
    # ("../2012-03", "2012-03-15/..")
    value: str = pa.Field(str_matches=r"^(\d{4}|-|\.\./)-?[-\d/]*(/\.\.)?$")
    date_start: Date = pa.Field(nullable=True)
    date_end: Date = pa.Field(nullable=True)
    precision: str = pa.Field(isin=PRECISIONS)
    rule: str = pa.Field(isin=DATE_RULES)

    class Config:
        strict = True
        unique = ["article_id", "start_char"]

    @pa.dataframe_check
    def range_is_ordered(cls, data) -> object:
        import polars as pl

        return data.lazyframe.select(
            pl.col("date_start").is_null() | pl.col("date_end").is_null() | (pl.col("date_start") <= pl.col("date_end"))
        )
