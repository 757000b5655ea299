"""Extract stage: split articles -> article fields and paragraphs, all as polars expressions.

Fields, in the order they are derived:

1. ``article_id``: first 16 hex digits of the page id, a dash, the zero-padded position.
2. Dateline (``rules.DATELINE``) from the start of the first paragraph: place, bracketed country,
   date (year from the lead, else the latest such date not after the fetch day) and agency.
3. Wire trailer (``rules.WIRE_TRAILER``) at the end of the last paragraph: an agency.
4. Body: paragraphs without the dateline prefix and the trailer, joined by blank lines.
5. ``published_at``: fetched_at minus a relative age ("14 hours ago") -> ``relative_age``; an
   explicit date on the age line -> ``explicit``; else the dateline date -> ``dateline``; else null.
"""

from __future__ import annotations

import hashlib

import polars as pl

from flows import rules

ARTICLE_FIELDS = {
    "article_id": pl.String,
    "page_id": pl.String,
    "position": pl.Int32,
    "is_main": pl.Boolean,
    "title": pl.String,
    "publisher": pl.String,
    "agency": pl.String,
    "age_text": pl.String,
    "published_at": pl.Datetime("us", "UTC"),
    "published_at_source": pl.String,
    "dateline_place": pl.String,
    "dateline_country": pl.String,
    "dateline_date": pl.Date,
    "body": pl.String,
    "n_paragraphs": pl.Int32,
    "n_words": pl.Int32,
    "content_hash": pl.String,
}

PARAGRAPH_FIELDS = {"article_id": pl.String, "paragraph_no": pl.Int32, "text": pl.String}

# Formats tried, in order, for an explicit date on a teaser's age line (rules.EXPLICIT_DATE_LINE).
_EXPLICIT_FORMATS = [
    "%B %d, %Y %H:%M", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d %H:%M", "%Y-%m-%d",
]


def _sha256(values: pl.Series) -> pl.Series:
    # polars has no stable cryptographic hash expression (Expr.hash is seeded and may change between
    # versions), and the content hash must stay the same across runs and releases: hashlib it is.
    return pl.Series([hashlib.sha256(v.encode()).hexdigest() if v is not None else None for v in values])


def _age_seconds() -> pl.Expr:
    """Seconds a relative age line ("14 hours ago", "a day ago", "yesterday") points back, else null."""
    groups = pl.col("age_text").str.extract_groups(rules.RELATIVE_AGE)
    count = (
        pl.when(groups.struct.field("n").str.to_lowercase().is_in(["a", "an", "one"]))
        .then(pl.lit(1))
        .otherwise(groups.struct.field("n").cast(pl.Int64, strict=False))
    )
    unit = groups.struct.field("unit").str.to_lowercase().replace_strict(
        rules.AGE_UNIT_SECONDS, default=None, return_dtype=pl.Int64
    )
    word = groups.struct.field("word").str.to_lowercase()
    return (
        pl.when(word == "yesterday")
        .then(pl.lit(86_400))
        .when(word.is_in(["just now", "today"]))
        .then(pl.lit(0))
        .otherwise(count * unit)
    )


def _explicit_age_date() -> pl.Expr:
    text = pl.col("age_text").str.replace_all(r"\s+", " ").str.replace(r"(?i)\s*(UTC|GMT|Z)$", "")
    attempts = [text.str.strptime(pl.Datetime("us"), fmt, strict=False) for fmt in _EXPLICIT_FORMATS]
    return pl.coalesce(attempts).dt.replace_time_zone("UTC")


def _dateline_date(lead: pl.Expr) -> pl.Expr:
    """Dateline month/day/year -> a date; a missing year is the fetch year, or the year before when
    that would put the date more than a day after the fetch."""
    month = (
        lead.struct.field("month")
        .str.slice(0, 3)
        .str.to_lowercase()
        .replace_strict(rules.MONTH_NUMBERS, default=None, return_dtype=pl.Int32)
    )
    day = lead.struct.field("day").cast(pl.Int32, strict=False)
    year = lead.struct.field("year").cast(pl.Int32, strict=False)
    fetched_year = pl.col("fetched_at").dt.year().cast(pl.Int32)

    def on(y: pl.Expr) -> pl.Expr:
        return pl.format("{}-{}-{}", y, month, day).str.to_date("%Y-%m-%d", strict=False)

    guess = on(fetched_year)
    late = guess > (pl.col("fetched_at").dt.date() + pl.duration(days=1))
    return (
        pl.when(year.is_not_null())
        .then(on(year))
        .when(late)
        .then(on(fetched_year - 1))
        .otherwise(guess)
    )


def _paragraph_rows(articles: pl.LazyFrame) -> pl.LazyFrame:
    """Articles -> one row per raw paragraph with its index ``_i`` and the article's count ``_n``."""
    return (
        articles.select("article_id", pl.col("lines").alias("text"))
        .explode("text")
        .filter(pl.col("text").is_not_null())
        .with_columns(
            pl.int_range(pl.len(), dtype=pl.Int32).over("article_id").alias("_i"),
            pl.len().over("article_id").cast(pl.Int32).alias("_n"),
        )
    )


def extract_fields(articles: pl.LazyFrame, pages: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Split articles + pages (page_id, fetched_at) -> (articles with every field, paragraphs)."""
    with_ids = articles.join(pages.select("page_id", "fetched_at"), on="page_id", how="left").with_columns(
        pl.format(
            "{}-{}", pl.col("page_id").str.slice(0, 16), pl.col("position").cast(pl.String).str.zfill(3)
        ).alias("article_id")
    )
    raw = _paragraph_rows(with_ids)
    first, last = pl.col("_i") == 0, pl.col("_i") == pl.col("_n") - 1

    leads = (
        raw.filter(first)
        .select("article_id", pl.col("text").str.extract_groups(rules.DATELINE).alias("lead"))
        .filter(pl.col("lead").struct.field("place").is_not_null())
    )
    trailers = raw.filter(last).select(
        "article_id", pl.col("text").str.extract(rules.WIRE_TRAILER, 1).alias("trailer_agency")
    )
    paragraphs = (
        raw.with_columns(
            pl.when(first).then(pl.col("text").str.replace(rules.DATELINE, "")).otherwise(pl.col("text"))
        )
        .with_columns(
            pl.when(last)
            .then(pl.col("text").str.replace(rules.WIRE_TRAILER, ""))
            .otherwise(pl.col("text"))
            .str.strip_chars()
        )
        .filter(pl.col("text") != "")
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int32).over("article_id").alias("paragraph_no"))
        .select(list(PARAGRAPH_FIELDS))
        .cast(PARAGRAPH_FIELDS)
    )
    bodies = paragraphs.group_by("article_id").agg(
        pl.col("text").sort_by("paragraph_no").str.join("\n\n").alias("body"),
        pl.len().cast(pl.Int32).alias("n_paragraphs"),
    )
    lead = pl.col("lead")
    age_seconds = _age_seconds()
    explicit = _explicit_age_date()
    dateline_date = _dateline_date(lead)
    fields = (
        with_ids.join(leads, on="article_id", how="left")
        .join(trailers, on="article_id", how="left")
        .join(bodies, on="article_id", how="left")
        .with_columns(
            lead.struct.field("place").alias("dateline_place"),
            lead.struct.field("country").str.strip_chars().alias("dateline_country"),
            dateline_date.alias("dateline_date"),
            pl.coalesce(lead.struct.field("agency"), pl.col("trailer_agency")).alias("agency"),
            pl.col("body").fill_null(""),
            pl.col("n_paragraphs").fill_null(0),
        )
        .with_columns(
            pl.when(age_seconds.is_not_null())
            .then(pl.col("fetched_at") - pl.duration(seconds=age_seconds))
            .when(explicit.is_not_null())
            .then(explicit)
            .when(pl.col("dateline_date").is_not_null())
            .then(pl.col("dateline_date").cast(pl.Datetime("us")).dt.replace_time_zone("UTC"))
            .alias("published_at"),
            pl.when(age_seconds.is_not_null())
            .then(pl.lit("relative_age"))
            .when(explicit.is_not_null())
            .then(pl.lit("explicit"))
            .when(pl.col("dateline_date").is_not_null())
            .then(pl.lit("dateline"))
            .alias("published_at_source"),
            pl.col("body").str.count_matches(r"\S+").cast(pl.Int32).alias("n_words"),
            pl.col("body").map_batches(_sha256, return_dtype=pl.String).alias("content_hash"),
        )
        .select(list(ARTICLE_FIELDS))
        .cast(ARTICLE_FIELDS)
        .sort("article_id")
    )
    return fields, paragraphs.sort("article_id", "paragraph_no")
