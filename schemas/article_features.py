"""pandera model of article_features: the shingle and term hashes story linking compares, per article."""

from __future__ import annotations

from typing import Annotated

import pandera.polars as pa
import polars as pl


class ArticleFeatures(pa.DataFrameModel):
    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$", unique=True)
    shingles: Annotated[pl.List, pl.UInt32()]
    terms: Annotated[pl.List, pl.UInt32()]

    class Config:
        strict = True
