"""Load stage, link part: match a staged batch against the warehouse through the LSH index tables.

Runs inside :func:`flows.load.load_tables`' transaction, where DuckDB is open for writing. Thin:
it stages frames as views (flows/staging.py), runs warehouse/queries/*.sql lookups and hands the rows to the pure
flows/stories.py, then validates what comes back and quarantines rows that fail.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from flows import dedup, stories
from flows.settings import SQL_DIR
from flows.staging import stage_view
from flows.validate import split_valid
from schemas import (
    ArticleBands,
    ArticleFeatures,
    LinkedArticles,
    LinkedParagraphs,
    ParagraphBands,
    ParagraphOverlaps,
    Stories,
    StoryEvidence,
    StoryMerges,
    TermCounts,
)


def sql(name: str) -> str:
    """The text of one SQL file under warehouse/ (as flows.load.sql, which imports this module)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


#: Link-stage tables: (pandera model, key) for quarantining rows that fail their model.
_LINK_MODELS = {
    "articles": (LinkedArticles, ["article_id"]),
    "paragraphs": (LinkedParagraphs, ["article_id", "paragraph_no"]),
    "article_bands": (ArticleBands, ["article_id", "band"]),
    "article_features": (ArticleFeatures, ["article_id"]),
    "paragraph_bands": (ParagraphBands, ["paragraph_id", "band"]),
    "paragraph_overlaps": (ParagraphOverlaps, ["paragraph_id", "overlaps_paragraph_id"]),
    "story_evidence": (StoryEvidence, ["article_id"]),
    "story_merges": (StoryMerges, ["merged_story_id"]),
}


#: The story aliases of a load that has merged nothing yet.
NO_ALIASES = pl.DataFrame(schema={"merged_story_id": pl.String, "into_story_id": pl.String})


@dataclass
class Matched:
    """A batch's LSH index and the warehouse rows its lookups found."""

    index: stories.BatchIndex
    known_article_pairs: pl.DataFrame
    known_paragraph_pairs: pl.DataFrame
    known_articles: pl.DataFrame
    known_paragraphs: pl.DataFrame
    #: (band, bucket, n_rows): rows each index holds for the batch's keys (``stories.within_key_rows``)
    article_key_rows: pl.DataFrame
    paragraph_key_rows: pl.DataFrame


def index_staged(
    con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, paragraphs: pl.DataFrame
) -> stories.BatchIndex:
    """Staged articles and paragraphs -> their LSH band rows, with terms common in the warehouse not banded."""
    terms = stories.story_terms(articles)
    stage_view(con, "staged_term_features", terms.select("feature").unique())
    try:
        known_counts = con.sql(sql("queries/select_term_counts")).pl()
    finally:
        con.unregister("staged_term_features")
    (n_known,) = con.sql(sql("queries/select_article_count")).fetchone() or (0,)
    return stories.index_batch(
        articles, paragraphs, known_term_counts=known_counts, n_known_articles=n_known, terms=terms
    )


def count_terms(con: duckdb.DuckDBPyConnection, terms: pl.DataFrame, *, sign: int = 1) -> None:
    """Add (sign 1) or subtract (sign -1) the story terms (item_id, feature) of articles to term_counts."""
    counts = dedup.term_counts(terms.select("item_id", "feature")).with_columns(pl.col("n_articles") * sign)
    stage_view(con, "staged_term_counts", counts)
    try:
        con.execute(sql("load/insert_term_counts"))
        if sign < 0:
            con.execute(sql("load/delete_unused_term_counts"))
    finally:
        con.unregister("staged_term_counts")


def uncount_articles(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Subtract from term_counts the terms of the warehouse articles a query names (about to be deleted)."""
    articles = con.sql(sql(query)).pl()
    if articles.height:
        count_terms(con, stories.story_terms(articles), sign=-1)


def match_batch(
    con: duckdb.DuckDBPyConnection,
    articles: pl.DataFrame,
    paragraphs: pl.DataFrame,
    index: stories.BatchIndex | None = None,
    aliases: pl.DataFrame | None = None,
) -> Matched:
    """Staged articles and paragraphs -> their band rows and the warehouse rows sharing a bucket with them.

    Each new article keeps at most ``stories.MAX_ARTICLE_CANDIDATES`` warehouse articles from the term
    lookup and each new paragraph ``stories.MAX_PARAGRAPH_CANDIDATES`` warehouse paragraphs, of each
    story at most ``stories.MAX_PER_STORY``.
    ``index``: the batch's :func:`index_staged`, when the caller already built it. ``aliases``
    (merged_story_id, into_story_id): stories merged earlier in this load whose articles still
    carry the merged id (:func:`stories.story_aliases`); the rows found come with the story they went into.
    """
    index = index or index_staged(con, articles, paragraphs)
    stage_view(con, "staged_story_aliases", NO_ALIASES if aliases is None else aliases.select(NO_ALIASES.columns))
    stage_view(con, "staged_article_bands", index.article_bands)
    stage_view(con, "staged_paragraph_bands", index.paragraph_bands)
    known_article_pairs = con.execute(
        sql("queries/select_matching_article_pairs"),
        {"max_candidates": stories.MAX_ARTICLE_CANDIDATES, "max_per_story": stories.MAX_PER_STORY},
    ).pl()
    known_paragraph_pairs = con.execute(
        sql("queries/select_matching_paragraph_pairs"),
        {
            "max_candidates": stories.MAX_PARAGRAPH_CANDIDATES,
            "max_per_story": stories.MAX_PER_STORY,
            "owner": stories.OWNER,
        },
    ).pl()
    key_rows = {
        name: con.sql(sql(f"queries/select_{name}_band_key_rows"))
        .pl()
        .cast({"band": pl.Int16, "bucket": pl.UInt64, "n_rows": pl.Int64})
        for name in ("article", "paragraph")
    }
    stage_view(con, "staged_matching_paragraph_pairs", known_paragraph_pairs)
    # the candidate articles: those of the matched term bands and of the matched paragraphs
    candidates = pl.concat(
        [known_article_pairs["article_id"], known_paragraph_pairs["paragraph_id"].str.replace(stories.OWNER, "")]
    ).unique()
    stage_view(con, "staged_candidate_articles", candidates.to_frame("article_id"))
    utc = pl.col("seen_at").cast(pl.Datetime("us", "UTC"))
    stored = con.sql(sql("queries/select_candidate_articles")).pl()
    features = con.sql(sql("queries/select_candidate_features")).pl()
    known_articles = stored.join(features, on="article_id", how="left", maintain_order="left").select(
        *stored.columns[:-1], "shingles", "terms", utc
    )
    return Matched(
        index=index,
        known_article_pairs=known_article_pairs,
        known_paragraph_pairs=known_paragraph_pairs,
        known_articles=with_texts(con, known_articles),
        known_paragraphs=con.sql(sql("queries/select_candidate_paragraphs")).pl().with_columns(utc),
        article_key_rows=key_rows["article"],
        paragraph_key_rows=key_rows["paragraph"],
    )


def with_texts(con: duckdb.DuckDBPyConnection, known: pl.DataFrame) -> pl.DataFrame:
    """Candidate articles + title and body, read (select_candidate_texts) only for those without stored
    features; null for the others, and no query at all when every candidate has them."""
    missing = known.filter(pl.col("shingles").is_null() | pl.col("terms").is_null()).select("article_id")
    texts = pl.DataFrame(schema={"article_id": pl.String, "title": pl.String, "body": pl.String})
    if missing.height:
        stage_view(con, "staged_text_ids", missing)
        try:
            texts = con.sql(sql("queries/select_candidate_texts")).pl()
        finally:
            con.unregister("staged_text_ids")
    return known.join(texts, on="article_id", how="left")


def link_staged(
    con: duckdb.DuckDBPyConnection, staged: dict[str, pl.DataFrame], aliases: pl.DataFrame | None = None
) -> dict[str, pl.DataFrame]:
    """Staged articles and paragraphs -> linked tables, matched against the warehouse through its LSH index.

    Only warehouse rows sharing a band bucket with the batch are read; the maths is flows/stories.py.
    ``aliases``: the load's story merges not yet applied to the stored articles (:func:`match_batch`).
    Rows failing their model are quarantined; an article that fails takes its paragraphs with it.
    """
    run_id = staged["runs"]["run_id"][0]
    matched = match_batch(con, staged["articles"], staged["paragraphs"], aliases=aliases)
    linked = stories.link_batch(
        staged["articles"],
        staged["paragraphs"],
        known_articles=matched.known_articles,
        known_paragraphs=matched.known_paragraphs,
        known_article_pairs=matched.known_article_pairs,
        known_paragraph_pairs=matched.known_paragraph_pairs,
        index=matched.index,
    )
    tables = {
        "articles": linked.articles,
        "paragraphs": linked.paragraphs,
        # the index stores a key's first rows only (stories.MAX_ROWS_PER_BAND_KEY)
        "article_bands": stories.within_key_rows(linked.article_bands, matched.article_key_rows, "article_id"),
        "article_features": linked.article_features,
        # with whether each paragraph is the root of its text, which the lookup ranks by
        "paragraph_bands": stories.within_key_rows(
            linked.paragraph_bands, matched.paragraph_key_rows, "paragraph_id"
        ).join(
            linked.paragraphs.select("paragraph_id", pl.col("duplicate_of").is_null().alias("is_root")),
            on="paragraph_id",
            how="left",
        ),
        "paragraph_overlaps": linked.paragraph_overlaps,
        "story_evidence": linked.story_evidence,
        "story_merges": linked.story_merges.with_columns(pl.lit(run_id).alias("run_id")),
    }
    failures = []
    for name, (model, key) in _LINK_MODELS.items():
        tables[name], bad = split_valid(tables[name], model, table=name, key=key)
        failures.append(bad)
    kept = tables["articles"]["article_id"].implode()
    dropped = (
        staged["articles"].filter(~pl.col("article_id").is_in(kept)).group_by("page_id").agg(pl.len().alias("n"))
    )
    tables["pages"] = (
        staged["pages"]
        .join(dropped, on="page_id", how="left")
        .with_columns((pl.col("n_articles") - pl.col("n").fill_null(0)).cast(pl.Int32).alias("n_articles"))
        .drop("n")
    )
    # as in the transform stage: a page left with no article is quarantined as no_articles
    emptied = (pl.col("status") == "loaded") & (pl.col("n_articles") == 0)
    failures.append(
        tables["pages"]
        .filter(emptied)
        .select(
            pl.lit("pages").alias("table_name"),
            pl.col("source_path").alias("row_key"),
            pl.lit("no_articles").alias("check_name"),
            pl.lit(None, dtype=pl.String).alias("failure"),
        )
    )
    tables["pages"] = tables["pages"].with_columns(
        pl.when(emptied).then(pl.lit("quarantined")).otherwise("status").alias("status"),
        pl.when(emptied).then(pl.lit("no_articles")).otherwise("reason").alias("reason"),
    )
    # counts are sums, not rows of input: a failure here is a pipeline bug and raises
    tables["term_counts"] = TermCounts.validate(
        dedup.term_counts(matched.index.article_terms.filter(pl.col("item_id").is_in(kept)))
    )
    tables["paragraphs"] = tables["paragraphs"].filter(pl.col("article_id").is_in(kept))
    tables["story_evidence"] = tables["story_evidence"].filter(pl.col("article_id").is_in(kept))
    tables["article_bands"] = tables["article_bands"].filter(pl.col("article_id").is_in(kept))
    tables["article_features"] = tables["article_features"].filter(pl.col("article_id").is_in(kept))
    for name in ["search_terms", "search_documents"]:
        if name in staged:
            tables[name] = staged[name].filter(pl.col("article_id").is_in(kept))
    kept_paragraphs = tables["paragraphs"]["paragraph_id"].implode()
    tables["paragraph_bands"] = tables["paragraph_bands"].filter(
        pl.col("paragraph_id").is_in(kept_paragraphs)
    )
    quarantine = pl.concat(failures).with_columns(
        pl.lit(run_id).alias("run_id"), pl.col("failure").str.slice(0, 500)
    )
    tables["quarantine"] = pl.concat([staged["quarantine"], quarantine.select(staged["quarantine"].columns)])
    return tables


def refresh_stories(
    con: duckdb.DuckDBPyConnection, staged: dict[str, pl.DataFrame], replaced: pl.DataFrame
) -> pl.DataFrame:
    """Recompute the rows of every story this load touched; returns quarantine rows of stories that fail."""
    merges = staged["story_merges"]
    touched = pl.concat(
        [
            replaced.select("story_id"),
            staged["articles"].select("story_id"),
            merges.select(pl.col("merged_story_id").alias("story_id")),
            merges.select(pl.col("into_story_id").alias("story_id")),
        ]
    ).unique()
    stage_view(con, "staged_touched_stories", touched)
    rows = con.sql(sql("queries/select_story_rows")).pl().with_columns(
        pl.col("first_published_at", "last_published_at").cast(pl.Datetime("us", "UTC"))
    )
    valid, bad = split_valid(rows, Stories, table="stories", key=["story_id"])
    stage_view(con, "staged_stories", valid)
    con.execute(sql("load/delete_stories"))
    con.execute(sql("load/insert_stories"))
    run_id = staged["runs"]["run_id"][0]
    return bad.with_columns(pl.lit(run_id).alias("run_id")).select(staged["quarantine"].columns)
