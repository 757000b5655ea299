"""Validate stage: a table's rows -> (valid rows, quarantine rows naming the check each row failed)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

QUARANTINE_SCHEMA = {
    "table_name": pl.String,
    "row_key": pl.String,
    "check_name": pl.String,
    "failure": pl.String,
}


def empty_quarantine() -> pl.DataFrame:
    """A quarantine frame with no rows."""
    return pl.DataFrame(schema=QUARANTINE_SCHEMA)


def _row_key(key: list[str]) -> pl.Expr:
    return pl.concat_str([pl.col(k).cast(pl.String).fill_null("") for k in key], separator="/")


def split_valid(
    frame: pl.DataFrame, model: type[pa.DataFrameModel], *, table: str, key: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows -> (rows passing every check of ``model``, one quarantine row per failed check).

    Schema-level failures (a missing column, a wrong dtype) have no row to blame: they are bugs in
    the pipeline, not bad input, so they raise instead of quarantining the whole table.
    """
    try:
        return model.validate(frame, lazy=True), empty_quarantine()
    except SchemaErrors as err:
        cases = err.failure_cases
        if cases["index"].null_count():
            raise
    failed = (
        cases.select(
            pl.col("index").cast(pl.UInt32).alias("_row"),
            pl.format("{}:{}", pl.col("column").fill_null("dataframe"), pl.col("check")).alias("check_name"),
            pl.col("failure_case").cast(pl.String).alias("failure"),
        )
        .unique(maintain_order=True)
    )
    rows = frame.with_row_index("_row")
    valid = rows.join(failed.select("_row").unique(), on="_row", how="anti").sort("_row").drop("_row")
    quarantined = (
        failed.join(rows.select("_row", _row_key(key).alias("row_key")), on="_row", how="left")
        .sort("_row", "check_name")
        .select(pl.lit(table).alias("table_name"), "row_key", "check_name", "failure")
        .cast(QUARANTINE_SCHEMA)
    )
    return valid, quarantined
