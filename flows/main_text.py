"""Main-text extraction: JSON Lines records (id, raw_text) -> the main article's title and body.

The same clean -> split -> extract stages as ``newsdesk run``, on polars frames, without Prefect,
DuckDB or validation: a batch of records becomes a pages frame, and the main article (``is_main``)
of each page gives ``title`` and ``text`` (its body, paragraphs separated by blank lines). Every
record gets one output row; a page with no main article gets an empty text and a null title.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from flows import blocks, clean, extract, split

#: Stand-in fetch time for records without ``fetched_at``: it only resolves dates, which the output
#: does not carry, so any fixed value will do.
UNKNOWN_FETCH_TIME = datetime(1970, 1, 1, tzinfo=UTC)

OUTPUT_SCHEMA = {"id": pl.String, "title": pl.String, "text": pl.String}


def records_to_pages(records: pl.DataFrame) -> pl.LazyFrame:
    """Records (id, raw_text, optional fetched_at, domain, url) -> pages (page_id, text, fetched_at,
    domain, url).

    ``page_id`` is the record's row number, zero-padded: unique within the batch whatever the ids
    look like (extract derives article ids from the first 16 characters of it).
    """
    fetched = (
        pl.col("fetched_at").cast(pl.String).str.to_datetime(time_zone="UTC", strict=False)
        if "fetched_at" in records.columns
        else pl.lit(None, dtype=pl.Datetime("us", "UTC"))
    )
    domain = (
        pl.col("domain").cast(pl.String) if "domain" in records.columns else pl.lit(None, dtype=pl.String)
    )
    url = pl.col("url").cast(pl.String) if "url" in records.columns else pl.lit(None, dtype=pl.String)
    return records.lazy().select(
        pl.int_range(pl.len(), dtype=pl.Int64).cast(pl.String).str.zfill(16).alias("page_id"),
        pl.col("id").cast(pl.String).alias("id"),
        pl.col("raw_text").cast(pl.String).fill_null("").str.replace_all(r"\r\n?", "\n").alias("text"),
        fetched.fill_null(pl.lit(UNKNOWN_FETCH_TIME)).cast(pl.Datetime("us", "UTC")).alias("fetched_at"),
        domain.alias("domain"),
        url.alias("url"),
    )


def site_of_pages(pages: pl.LazyFrame) -> pl.LazyFrame:
    """Pages (page_id, domain, url) -> page_id, site: the domain, else the URL's host without
    ``www.``, lower-case; null when neither is known."""
    host = pl.col("url").str.extract(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)")
    site = pl.coalesce(pl.col("domain"), host).str.to_lowercase().str.replace(r"^www\.", "")
    return pages.select("page_id", site.alias("site"))


def main_text(records: pl.DataFrame) -> pl.DataFrame:
    """Records -> one row per record, in input order: id, title, text (see ``OUTPUT_SCHEMA``)."""
    # Collected once at the stage boundaries: extract reads the articles in several branches, and
    # each would otherwise re-run cleaning.
    pages = records_to_pages(records).collect().lazy()
    lines = clean.split_lines(pages).collect().lazy()
    titles = blocks.find_title_lines(lines, pages)
    kept = clean.kept_lines(clean.classify_lines(lines, titles, site_of_pages(pages))).collect().lazy()
    articles, _ = extract.extract_fields(split.split_articles(kept).collect().lazy(), pages)
    main = articles.filter(pl.col("is_main")).select("page_id", "title", pl.col("body").alias("text"))
    return (
        pages.select("page_id", "id")
        .join(main, on="page_id", how="left", maintain_order="left")
        .select("id", "title", pl.col("text").fill_null(""))
        .collect()
        .cast(OUTPUT_SCHEMA)
    )
