"""Search index stage: articles -> their rows of the full-text search index (pure polars and libstemmer).

``search_terms`` (article_id, term, tf): one row per article and stemmed word of its title and body,
with the word's count; ``search_documents`` (article_id, n_terms): one row per article with its
length in index terms, BM25's document length. The load inserts both with the batch's other rows;
the ``search_articles`` macro (warehouse/ddl/78_search_articles.sql) ranks with them.

Words as the macro's ``search_words`` splits a query in SQL (warehouse/ddl/77_search_words.sql):
lower case, accents stripped, runs of letters and digits of any script, one-character runs dropped;
then the fts extension's English stopwords go (:data:`flows.search_stopwords.STOPWORDS`) and the rest
are Porter-stemmed by libstemmer through PyStemmer, the C library the fts extension's ``stem`` is
built from, so a query stemmed in DuckDB meets the same terms (tests/test_search.py compares the two
on the seed pages and on the SQL path that indexes an older warehouse). Each distinct word of a
batch is stemmed once, in one call.
"""

from __future__ import annotations

import threading

import polars as pl
import Stemmer

from flows.search_stopwords import STOPWORDS

#: A word: a run of letters and digits, any script (after lower-casing and stripping accents).
WORD = r"[\p{L}\p{N}]+"

#: One libstemmer stemmer per thread: PyStemmer's objects must not be shared between threads, and
#: transform tasks run in a thread pool.
_LOCAL = threading.local()

SEARCH_TERMS_SCHEMA = {"article_id": pl.String, "term": pl.String, "tf": pl.Int32}
SEARCH_DOCUMENTS_SCHEMA = {"article_id": pl.String, "n_terms": pl.Int32}


def _stem_words(words: list[str]) -> list[str]:
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = Stemmer.Stemmer("porter")
    return stemmer.stemWords(words)


def search_words(text: pl.Expr) -> pl.Expr:
    """A text column -> the list of its index words before stopwords and stemming (as SQL's search_words)."""
    # DuckDB's strip_accents: decompose, drop every mark (Mn, Mc, Me: also Devanagari's vowel signs),
    # compose again (NFKD, or no recomposition, changed Hangul syllables and "™" on 149 and 415 of
    # 40,000 generated articles; this form changed none, and tests/test_search.py holds it to the
    # macro on random text)
    folded = text.str.to_lowercase().str.normalize("NFD").str.replace_all(r"\p{M}", "").str.normalize("NFC")
    return folded.str.extract_all(WORD).list.eval(pl.element().filter(pl.element().str.len_chars() > 1))


def index_articles(articles: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Articles (article_id, title, body) -> {"search_terms": ..., "search_documents": ...}."""
    words = (
        articles.select(
            "article_id",
            search_words(pl.concat_str("title", "body", separator=" ", ignore_nulls=True)).alias("word"),
        )
        .explode("word")
        .filter(pl.col("word").is_not_null() & ~pl.col("word").is_in(list(STOPWORDS)))
    )
    distinct = words.get_column("word").unique()
    # per distinct word, not per row: one C call for the batch's vocabulary
    stems = pl.DataFrame(
        {"word": distinct, "term": _stem_words(distinct.to_list())}, schema={"word": pl.String, "term": pl.String}
    )
    terms = (
        words.join(stems, on="word", how="left")
        .group_by("article_id", "term")
        .agg(pl.len().cast(pl.Int32).alias("tf"))
        .sort("article_id", "term")
    )
    lengths = terms.group_by("article_id").agg(pl.col("tf").sum().cast(pl.Int32).alias("n_terms"))
    documents = (
        articles.select("article_id")
        .join(lengths, on="article_id", how="left")
        .with_columns(pl.col("n_terms").fill_null(0))
        .sort("article_id")
    )
    return {
        "search_terms": terms.select(list(SEARCH_TERMS_SCHEMA)).cast(SEARCH_TERMS_SCHEMA),  # type: ignore[arg-type]
        "search_documents": documents.select(list(SEARCH_DOCUMENTS_SCHEMA)).cast(SEARCH_DOCUMENTS_SCHEMA),  # type: ignore[arg-type]
    }
