"""pandera model of the ``removed_lines`` table: one row per removed line; key (page_id, line_no)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from flows.rules import BLANK_LINE, CHROME_RULES, OUTSIDE_MAIN_BLOCK, REPEATED_LINE, SITE_REPEAT

RULE_CODES = [BLANK_LINE] + [code for code, _ in CHROME_RULES] + [REPEATED_LINE, SITE_REPEAT, OUTSIDE_MAIN_BLOCK]


class RemovedLines(pa.DataFrameModel):
    page_id: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    line_no: pl.Int32 = pa.Field(ge=1)
    text: str
    rule: str = pa.Field(isin=RULE_CODES)

    class Config:
        strict = True
        unique = ["page_id", "line_no"]
