"""pandera models of the search index tables (flows/search.py): terms per article and article lengths."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class SearchTerms(pa.DataFrameModel):
    """One row per (article, stemmed word of its title and body); key (article_id, term)."""

    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    term: str = pa.Field(str_length={"min_value": 1})
    tf: pl.Int32 = pa.Field(ge=1)

    class Config:
        strict = True
        unique = ["article_id", "term"]


class SearchDocuments(pa.DataFrameModel):
    """One row per indexed article with its length in index terms (BM25's document length); key article_id."""

    article_id: str = pa.Field(str_matches=r"^[0-9a-f]{16}-\d{3,}$", unique=True)
    n_terms: pl.Int32 = pa.Field(ge=0)

    class Config:
        strict = True
