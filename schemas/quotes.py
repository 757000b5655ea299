"""pandera model of the ``quotes`` table: one row per direct quotation; key quote_id."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

QUOTE_RULES = [
    "quote_span",
    "cue_after",
    "cue_before",
    "cue_dash",
    "cue_according",
    "cue_prior",
    "pronoun",
    "continuation",
]


class Quotes(pa.DataFrameModel):
    quote_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}$")
    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    text: str = pa.Field(str_length={"min_value": 2})
    start_char: pl.Int32 = pa.Field(ge=0)
    end_char: pl.Int32 = pa.Field(ge=1)
    speaker_entity_id: str = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{16}$")
    speaker_text: str = pa.Field(nullable=True)
    cue: str = pa.Field(nullable=True)
    rule: str = pa.Field(isin=QUOTE_RULES)

    class Config:
        strict = True
        unique = ["article_id", "start_char"]
