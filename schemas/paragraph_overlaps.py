"""pandera model of ``paragraph_overlaps``: two paragraphs sharing text.

One row per paragraph and earlier-seen paragraph; key (paragraph_id, overlaps_paragraph_id).
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class ParagraphOverlaps(pa.DataFrameModel):
    paragraph_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}-\d{3,}$")
    overlaps_paragraph_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}-\d{3,}$")
    n_shared_shingles: pl.Int32 = pa.Field(ge=1)
    jaccard: float = pa.Field(ge=0, le=1)
    containment: float = pa.Field(ge=0, le=1)
    is_near_copy: pl.Boolean

    class Config:
        strict = True
        unique = ["paragraph_id", "overlaps_paragraph_id"]
