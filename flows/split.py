"""Split stage: a page's kept lines -> ordered articles (the main story, then related-article blocks).

A related-article block starts at a short publisher line directly followed by an age line
("14 hours ago", "a day ago", or an explicit date). Its layout, from seed 000:

    Times of Oman          <- publisher
    14 hours ago           <- age_text
    - Times of Oman        <- repeated publisher (optional)
    Trump admits ...       <- title
    During the ...         <- body, one paragraph per line, up to the next block

Lines before the first block are the main story. Its first line is the title when it looks like a
headline (3-30 words, no closing period) and more lines follow; wire copy that opens with its
dateline paragraph (seed 001) has no title.
"""

from __future__ import annotations

import polars as pl

from flows import rules

ARTICLE_SCHEMA = {
    "page_id": pl.String,
    "position": pl.Int32,
    "is_main": pl.Boolean,
    "title": pl.String,
    "publisher": pl.String,
    "age_text": pl.String,
    "lines": pl.List(pl.String),
}


def _is_age_line() -> pl.Expr:
    text = pl.col("text")
    return text.str.contains(rules.RELATIVE_AGE) | text.str.contains(rules.EXPLICIT_DATE_LINE)


def _words_in_head(limit: int) -> pl.Expr:
    """Words in the first ``limit + 1`` characters of the line: exact for lines of at most ``limit``
    characters, the only ones the callers count words of; counting whole body paragraphs cost more
    than the rest of the split (profiled)."""
    return pl.col("text").str.slice(0, limit + 1).str.count_matches(r"\S+")


def _is_publisher_line(candidate: pl.Expr) -> pl.Expr:
    """Publisher line test, run only where ``candidate`` holds: other rows reach the regex as null,
    which it skips. PUBLISHER_LINE costs ~4 µs a line (its Unicode ``\\w`` classes), 80 % of the
    split when run on every line (profiled); a block start needs an age line next, which is cheap."""
    text = pl.when(candidate).then(pl.col("text"))
    return (
        text.str.contains(rules.PUBLISHER_LINE)
        & (_words_in_head(60) <= rules.MAX_PUBLISHER_WORDS)
        & ~text.str.contains(rules.NOT_PUBLISHER)
    ).fill_null(False)


def starts_related_block(page: str = "page_id") -> pl.Expr:
    """True on a publisher line whose next line is an age line: the first line of a related block.

    Expects kept lines only, sorted by page and line number, with stripped ``text``.
    """
    return _is_publisher_line(_is_age_line().shift(-1).over(page).fill_null(False))


def _is_headline() -> pl.Expr:
    text = pl.col("text")
    n_words = _words_in_head(rules.HEADLINE_MAX_CHARS)
    return (
        n_words.is_between(rules.HEADLINE_MIN_WORDS, rules.HEADLINE_MAX_WORDS)
        & (text.str.len_chars() <= rules.HEADLINE_MAX_CHARS)
        & ~text.str.contains(r"[.:;,]$")
    )


def mark_blocks(kept: pl.LazyFrame) -> pl.LazyFrame:
    """Kept lines -> the same lines with ``position`` (article index on the page) and ``role``.

    ``role`` is one of publisher, age, publisher_repeat, title, body.
    """
    page = "page_id"
    block = ["page_id", "position"]
    return (
        kept.sort("page_id", "line_no")
        .with_columns(starts_related_block(page).alias("_starts"))
        .with_columns(pl.col("_starts").cast(pl.Int32).cum_sum().over(page).alias("position"))
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int32).over(block).alias("_offset"))
        .with_columns(
            ((pl.col("_offset") == 2) & pl.col("text").str.contains(rules.PUBLISHER_REPEAT))
            .any()
            .over(block)
            .alias("_has_repeat"),
            (_is_headline() & (pl.col("_offset") == 0)).any().over(block).alias("_main_headline"),
            pl.len().over(block).alias("_n_lines"),
        )
        .with_columns(
            pl.when(pl.col("position") == 0)
            .then(
                pl.when((pl.col("_offset") == 0) & pl.col("_main_headline") & (pl.col("_n_lines") > 1))
                .then(pl.lit("title"))
                .otherwise(pl.lit("body"))
            )
            .when(pl.col("_offset") == 0)
            .then(pl.lit("publisher"))
            .when(pl.col("_offset") == 1)
            .then(pl.lit("age"))
            .when((pl.col("_offset") == 2) & pl.col("_has_repeat"))
            .then(pl.lit("publisher_repeat"))
            .when(pl.col("_offset") == 2 + pl.col("_has_repeat").cast(pl.Int32))
            .then(pl.lit("title"))
            .otherwise(pl.lit("body"))
            .alias("role")
        )
        .drop("_starts", "_offset", "_has_repeat", "_main_headline", "_n_lines")
    )


def split_articles(kept: pl.LazyFrame) -> pl.LazyFrame:
    """Kept lines (page_id, line_no, text) -> articles in page order (see ``ARTICLE_SCHEMA``).

    Blocks with neither title nor body (a publisher and age with nothing under them) are not
    articles; positions count the articles that remain, from 0.
    """
    role = pl.col("role")
    return (
        mark_blocks(kept)
        .group_by("page_id", "position", maintain_order=True)
        .agg(
            pl.col("text").filter(role == "title").first().alias("title"),
            pl.col("text").filter(role == "publisher").first().alias("publisher"),
            pl.col("text").filter(role == "age").first().alias("age_text"),
            pl.col("text").filter(role == "body").alias("lines"),
        )
        .filter(pl.col("title").is_not_null() | (pl.col("lines").list.len() > 0))
        .sort("page_id", "position")
        .with_columns(
            (pl.col("position") == 0).alias("is_main"),
            pl.int_range(pl.len(), dtype=pl.Int32).over("page_id").alias("position"),
        )
        .select(list(ARTICLE_SCHEMA))
        .cast(ARTICLE_SCHEMA)
    )
