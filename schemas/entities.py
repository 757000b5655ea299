"""pandera model of the ``entities`` table: one row per real-world thing; key entity_id."""

from __future__ import annotations

import pandera.polars as pa

ENTITY_TYPES = ["PERSON", "ORG", "LOC"]


class Entities(pa.DataFrameModel):
    entity_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}$")
    name: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    type: str = pa.Field(isin=ENTITY_TYPES)
    country_code: str = pa.Field(nullable=True, str_matches=r"^[A-Z]{2}$")
    latitude: float = pa.Field(nullable=True, ge=-90, le=90)
    longitude: float = pa.Field(nullable=True, ge=-180, le=180)
    name_key: str = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
