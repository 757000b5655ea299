"""Clean -> split -> extract -> validate for a batch of read pages; pure (no Prefect, no DuckDB, no clock).

Page outcomes beyond the read stage's reasons:

- ``duplicate_content``: the same bytes are already loaded (or loading) under another path.
- ``boilerplate_only``: every line was removed by a cleaning rule.
- ``no_articles``: text survived cleaning but no article with a body could be formed from it.
- ``invalid_page_row``: the page row itself failed its schema (a pipeline bug, kept visible).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from flows import annotate, clean, extract, search, split
from flows.validate import QUARANTINE_SCHEMA, split_valid
from schemas import (
    Articles,
    DateMentions,
    Entities,
    Mentions,
    Pages,
    Paragraphs,
    Quotes,
    RemovedLines,
    SearchDocuments,
    SearchTerms,
)


@dataclass
class Batch:
    """The staged rows of one batch, ready to load (run_id is filled in for every table)."""

    pages: pl.DataFrame
    removed_lines: pl.DataFrame
    articles: pl.DataFrame
    paragraphs: pl.DataFrame
    quarantine: pl.DataFrame
    annotations: dict[str, pl.DataFrame] = field(default_factory=dict)

    def tables(self) -> dict[str, pl.DataFrame]:
        return {
            "pages": self.pages,
            "removed_lines": self.removed_lines,
            "articles": self.articles,
            "paragraphs": self.paragraphs,
            "quarantine": self.quarantine,
            **self.annotations,
        }


PAGE_COLUMNS = list(Pages.to_schema().columns)


def _page_failures(pages: pl.DataFrame) -> pl.DataFrame:
    """Quarantine rows for pages that did not load, with a human-readable detail."""
    detail = (
        pl.when(pl.col("reason") == "empty_file")
        .then(pl.lit("0 bytes"))
        .when(pl.col("reason") == "oversized_file")
        .then(pl.format("{} bytes", pl.col("bytes")))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return pages.filter(pl.col("status") == "quarantined").select(
        pl.lit("pages").alias("table_name"),
        pl.col("source_path").alias("row_key"),
        pl.col("reason").alias("check_name"),
        detail.alias("failure"),
    )


def transform_pages(
    read: pl.DataFrame, *, run_id: str, ingested_at: datetime, duplicates: dict[str, str] | None = None
) -> Batch:
    """Read pages (``read.PAGE_SCHEMA``) -> staged rows of every table for one batch.

    ``duplicates`` maps a source_path to the path that already owns the same bytes.
    """
    dupes = pl.DataFrame(
        {"source_path": list((duplicates or {}).keys()), "duplicate_of": list((duplicates or {}).values())},
        schema={"source_path": pl.String, "duplicate_of": pl.String},
    )
    read = (
        read.join(dupes, on="source_path", how="left")
        .with_columns(
            pl.when((pl.col("status") == "loaded") & pl.col("duplicate_of").is_not_null())
            .then(pl.lit("quarantined"))
            .otherwise(pl.col("status"))
            .alias("status"),
            pl.when((pl.col("status") == "loaded") & pl.col("duplicate_of").is_not_null())
            .then(pl.lit("duplicate_content"))
            .otherwise(pl.col("reason"))
            .alias("reason"),
        )
        .drop("duplicate_of")
    )
    readable = read.filter(pl.col("status") == "loaded").lazy()
    classified = clean.classify_lines(clean.split_lines(readable)).collect()
    removed, bad_removed = split_valid(
        clean.removed_lines(classified.lazy()).collect(),
        RemovedLines,
        table="removed_lines",
        key=["page_id", "line_no"],
    )
    kept = clean.kept_lines(classified.lazy())
    # Split once and collect fields and paragraphs together: each collect() of a lazy chain re-runs
    # it from its last collected input (profiled: 3x the split and extract work otherwise).
    split_done = split.split_articles(kept).collect()
    fields, paragraphs = pl.collect_all(extract.extract_fields(split_done.lazy(), readable))
    articles, bad_articles = split_valid(fields, Articles, table="articles", key=["article_id"])
    orphaned = paragraphs.join(articles.select("article_id"), on="article_id", how="anti")
    paragraphs_ok = paragraphs.join(articles.select("article_id"), on="article_id", how="semi")
    paragraphs_ok, bad_paragraphs = split_valid(
        paragraphs_ok, Paragraphs, table="paragraphs", key=["article_id", "paragraph_no"]
    )
    orphan_rows = orphaned.select(
        pl.lit("paragraphs").alias("table_name"),
        pl.format("{}/{}", "article_id", "paragraph_no").alias("row_key"),
        pl.lit("article_quarantined").alias("check_name"),
        pl.lit(None, dtype=pl.String).alias("failure"),
    )

    line_counts = classified.group_by("page_id").agg(
        pl.len().cast(pl.Int32).alias("n_lines"),
        pl.col("rule").is_not_null().sum().cast(pl.Int32).alias("n_removed_lines"),
    )
    article_counts = articles.group_by("page_id").agg(pl.len().cast(pl.Int32).alias("n_articles"))
    pages = (
        read.join(line_counts, on="page_id", how="left")
        .join(article_counts, on="page_id", how="left")
        .with_columns(
            pl.col("n_lines", "n_removed_lines", "n_articles").fill_null(0),
            pl.lit(ingested_at).cast(pl.Datetime("us", "UTC")).alias("ingested_at"),
            pl.lit(run_id).alias("run_id"),
        )
        .with_columns(_late_outcome().alias("reason"))
        .with_columns(
            pl.when(pl.col("reason").is_in(["boilerplate_only", "no_articles"]))
            .then(pl.lit("quarantined"))
            .otherwise(pl.col("status"))
            .alias("status"),
        )
        .select(PAGE_COLUMNS)
    )
    pages, bad_pages = split_valid(pages, Pages, table="pages", key=["source_path"])
    if bad_pages.height:
        invalid = read.join(bad_pages.select(pl.col("row_key").alias("source_path")), on="source_path", how="semi")
        pages = pl.concat([pages, _invalid_page_rows(invalid, run_id=run_id, ingested_at=ingested_at)])
        gone = invalid["page_id"].implode()
        articles = articles.filter(~pl.col("page_id").is_in(gone))
        paragraphs_ok = paragraphs_ok.filter(pl.col("article_id").is_in(articles["article_id"].implode()))
    annotations, bad_annotations = _annotate(articles)
    quarantine = pl.concat(
        [_page_failures(pages), bad_pages, bad_removed, bad_articles, orphan_rows, bad_paragraphs, *bad_annotations]
    ).with_columns(pl.col("failure").str.slice(0, 500))
    return Batch(
        pages=pages.sort("source_path"),
        removed_lines=removed.sort("page_id", "line_no"),
        articles=articles.sort("article_id"),
        paragraphs=paragraphs_ok.sort("article_id", "paragraph_no"),
        quarantine=quarantine.with_columns(pl.lit(run_id).alias("run_id")).select(
            "run_id", *QUARANTINE_SCHEMA
        ),
        annotations=annotations,
    )


#: Tables made from the valid articles -> (pandera model, key for quarantine rows): the annotations
#: (issue 4) and the search index's rows (flows/search.py).
ANNOTATION_MODELS = {
    "entities": (Entities, ["entity_id"]),
    "mentions": (Mentions, ["article_id", "start_char"]),
    "quotes": (Quotes, ["quote_id"]),
    "date_mentions": (DateMentions, ["article_id", "start_char"]),
    "search_terms": (SearchTerms, ["article_id", "term"]),
    "search_documents": (SearchDocuments, ["article_id"]),
}


def _annotate(articles: pl.DataFrame) -> tuple[dict[str, pl.DataFrame], list[pl.DataFrame]]:
    """Valid articles -> validated entities, mentions, quotes, date_mentions and search index rows +
    their quarantine rows."""
    staged = {**annotate.extract_annotations(articles), **search.index_articles(articles)}
    valid, bad = {}, []
    for table, (model, key) in ANNOTATION_MODELS.items():
        valid[table], failed = split_valid(staged[table], model, table=table, key=key)
        bad.append(failed)
    return valid, bad


def _late_outcome() -> pl.Expr:
    """Reason for a readable page that yields nothing: all lines removed, or no article formed."""
    readable = pl.col("status") == "loaded"
    return (
        pl.when(readable & (pl.col("n_lines") == pl.col("n_removed_lines")))
        .then(pl.lit("boilerplate_only"))
        .when(readable & (pl.col("n_articles") == 0))
        .then(pl.lit("no_articles"))
        .otherwise(pl.col("reason"))
    )


def _invalid_page_rows(read: pl.DataFrame, *, run_id: str, ingested_at: datetime) -> pl.DataFrame:
    return read.select(
        "page_id",
        "source_path",
        "bytes",
        "fetched_at",
        pl.lit(ingested_at).cast(pl.Datetime("us", "UTC")).alias("ingested_at"),
        pl.lit("quarantined").alias("status"),
        pl.lit("invalid_page_row").alias("reason"),
        pl.lit(0, dtype=pl.Int32).alias("n_lines"),
        pl.lit(0, dtype=pl.Int32).alias("n_removed_lines"),
        pl.lit(0, dtype=pl.Int32).alias("n_articles"),
        pl.lit(run_id).alias("run_id"),
    )
