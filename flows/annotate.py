"""Annotate stage: texts -> entities, mentions, quotes and date mentions as polars frames (pure).

The same code serves the pipeline (``extract_annotations`` on article bodies) and the
``newsdesk annotate`` command (``annotate_records`` on any ``{id, text}`` records).

Entity ids are ``gazetteers.entity_id(type, canonical name)``: a hash of the type and a
spelling-insensitive key of the name, so the same thing gets the same id in every run and every
batch. Merging rules, all applied before hashing:

- within an article, a short form takes the full name it refers to ("Trump" -> "Donald Trump");
- the key drops accents, case and punctuation and collapses doubled letters, so spelling variants
  meet ("Zelenskyy" / "Zelensky" -> key "zelensky"), in this run or any later one;
- across a batch, a one-word person name that is the surname of exactly one full name in that
  batch takes that full name (``surname_remap``);
- across runs, the load applies the same surname rule to the whole warehouse
  (``warehouse/load/merge_surname_*.sql``, on ``entities.name_key``), so "Putin" loaded today and
  "Vladimir Putin" loaded tomorrow end as one person whichever came first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import polars as pl

from flows import gazetteers as gz
from flows.dates import find_dates
from flows.entities import Mention, find_mentions_batch
from flows.quotes import find_quotes

ENTITY_FIELDS = {
    "entity_id": pl.String,
    "name": pl.String,
    "type": pl.String,
    "country_code": pl.String,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
    "name_key": pl.String,
}
MENTION_FIELDS = {
    "article_id": pl.String,
    "entity_id": pl.String,
    "surface": pl.String,
    "start_char": pl.Int32,
    "end_char": pl.Int32,
    "role": pl.String,
    "rule": pl.String,
}
QUOTE_FIELDS = {
    "quote_id": pl.String,
    "article_id": pl.String,
    "text": pl.String,
    "start_char": pl.Int32,
    "end_char": pl.Int32,
    "speaker_entity_id": pl.String,
    "speaker_text": pl.String,
    "cue": pl.String,
    "rule": pl.String,
}
DATE_FIELDS = {
    "article_id": pl.String,
    "surface": pl.String,
    "start_char": pl.Int32,
    "end_char": pl.Int32,
    "value": pl.String,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "precision": pl.String,
    "rule": pl.String,
}


def annotate_text(text: str, anchor: date | None, mentions: list[Mention] | None = None) -> dict[str, list]:
    """One text and its own date -> ``{entities, quotes, dates}`` with offsets into ``text``
    (``mentions``: the text's entity mentions when already found for a batch)."""
    if mentions is None:
        mentions = find_mentions_batch([text])[0]
    return _as_dicts(mentions, find_quotes(text, mentions), find_dates(text, anchor))


def _as_dicts(mentions: list[Mention], quotes: list, dates: list) -> dict[str, list]:
    """A text's finds -> the ``{entities, quotes, dates}`` lists of dicts ``newsdesk annotate`` writes."""
    return {
        "entities": [
            {
                "start": m.start,
                "end": m.end,
                "type": m.type,
                "text": m.text,
                "name": m.name,
                "role": m.role,
                "entity_id": gz.entity_id(m.type, m.name),
                "country_code": m.country_code,
                "latitude": m.latitude,
                "longitude": m.longitude,
                "rule": m.rule,
            }
            for m in mentions
        ],
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker_name,
                "speaker_text": q.speaker_text,
                "speaker_type": q.speaker_type,
                "cue": q.cue,
                "rule": q.rule,
                "speaker_entity_id": gz.entity_id(q.speaker_type, q.speaker_name) if q.speaker_name else None,
            }
            for q in quotes
        ],
        "dates": [
            {
                "start": d.start,
                "end": d.end,
                "text": d.text,
                "value": d.value,
                "date_start": d.date_start,
                "date_end": d.date_end,
                "precision": d.precision,
                "rule": d.rule,
            }
            for d in dates
        ],
    }


def annotate_records(ids: list[str], texts: list[str], anchors: list[date | None]) -> list[dict]:
    """Parallel lists of ids, texts and anchor dates -> one annotation dict per text."""
    texts = [t or "" for t in texts]
    return [{"id": i, **_as_dicts(*found)} for i, found in zip(ids, _found(texts, anchors), strict=True)]


def _found(texts: list[str], anchors: list[date | None]) -> Iterator[tuple[list[Mention], list, list]]:
    """Texts and their anchor dates -> (mentions, quotes, dates) of each text, in order: the finds
    :func:`annotate_text` reports, without its dicts (the pipeline makes rows of them)."""
    # Per-text Python for quotes and dates: each text is one regex pass per stage, and the decisions
    # depend on earlier matches in the same text (last speaker, anchor date), which no polars
    # expression can carry from row to row. Entities are found for the whole batch at once.
    for text, anchor, mentions in zip(texts, anchors, find_mentions_batch(texts), strict=True):
        yield mentions, find_quotes(text, mentions), find_dates(text, anchor)


def extract_annotations(articles: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Articles (article_id, body, published_at, dateline_date) -> entities, mentions, quotes,
    date_mentions frames; offsets index ``articles.body``."""
    anchors = articles.select(
        pl.coalesce(pl.col("published_at").dt.date(), pl.col("dateline_date")).alias("anchor")
    )["anchor"].to_list()
    ids = articles["article_id"].to_list()
    texts = [t or "" for t in articles["body"].to_list()]
    entity_rows, mention_rows, quote_rows, date_rows = [], [], [], []
    for article_id, (mentions, quotes, dates) in zip(ids, _found(texts, anchors), strict=True):
        for m in mentions:
            entity_id = gz.entity_id(m.type, m.name)
            entity_rows.append(
                (entity_id, m.name, m.type, m.country_code, m.latitude, m.longitude, gz.entity_key(m.name))
            )
            mention_rows.append((article_id, entity_id, m.text, m.start, m.end, m.role, m.rule))
        for q in quotes:
            quote_rows.append(
                (
                    gz.entity_id("QUOTE", f"{article_id}:{q.start}"),
                    article_id,
                    q.text,
                    q.start,
                    q.end,
                    gz.entity_id(q.speaker_type, q.speaker_name) if q.speaker_name else None,
                    q.speaker_text,
                    q.cue,
                    q.rule,
                )
            )
        date_rows += [
            (article_id, d.text, d.start, d.end, d.value, d.date_start, d.date_end, d.precision, d.rule)
            for d in dates
        ]
    entities = pl.DataFrame(entity_rows, schema=ENTITY_FIELDS, orient="row")
    mentions = pl.DataFrame(mention_rows, schema=MENTION_FIELDS, orient="row")
    remap = surname_remap(entities)
    entities = entities.join(remap, on="entity_id", how="anti")
    mentions = _apply_remap(mentions, remap, "entity_id")
    quotes = _apply_remap(
        pl.DataFrame(quote_rows, schema=QUOTE_FIELDS, orient="row"), remap, "speaker_entity_id"
    )
    return {
        "entities": entities.unique(subset="entity_id", keep="first", maintain_order=True).sort("entity_id"),
        "mentions": mentions.sort("article_id", "start_char"),
        "quotes": quotes.sort("article_id", "start_char"),
        "date_mentions": pl.DataFrame(date_rows, schema=DATE_FIELDS, orient="row").sort(
            "article_id", "start_char"
        ),
    }


def surname_remap(entities: pl.DataFrame) -> pl.DataFrame:
    """(entity_id, _full_id): a one-word PERSON whose key is the last word of exactly one multi-word
    PERSON of the batch -> that person ("Putin" in one article, "Vladimir Putin" in another)."""
    people = entities.filter(pl.col("type") == "PERSON").unique("entity_id")
    last_key = pl.col("name_key").str.split(" ").list.last()
    full = (
        people.filter(pl.col("name_key").str.contains(" "))
        .with_columns(last_key.alias("_last"))
        .group_by("_last")
        .agg(pl.col("entity_id").first().alias("_full_id"), pl.len().alias("_n"))
        .filter(pl.col("_n") == 1)
    )
    return (
        people.filter(~pl.col("name_key").str.contains(" "))
        .join(full, left_on="name_key", right_on="_last", how="inner")
        .select("entity_id", "_full_id")
    )


def _apply_remap(frame: pl.DataFrame, remap: pl.DataFrame, column: str) -> pl.DataFrame:
    return (
        frame.join(remap, left_on=column, right_on="entity_id", how="left")
        .with_columns(pl.coalesce("_full_id", column).alias(column))
        .drop("_full_id")
    )
