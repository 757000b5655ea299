"""Builders for the duplicate and story tests: synthetic articles with known copies, and link runs."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime

import polars as pl

from flows import stories
from flows.read import PAGE_SCHEMA
from flows.transform import Batch, transform_pages

UTC_US = pl.Datetime("us", "UTC")
EMPTY_KNOWN_ARTICLES = pl.DataFrame(
    schema={
        "article_id": pl.String,
        "story_id": pl.String,
        "duplicate_of": pl.String,
        "origin_article_id": pl.String,
        "title": pl.String,
        "body": pl.String,
        "agency": pl.String,
        "seen_at": UTC_US,
    }
)
EMPTY_KNOWN_PARAGRAPHS = pl.DataFrame(
    schema={"paragraph_id": pl.String, "duplicate_of": pl.String, "text": pl.String, "seen_at": UTC_US}
)
EMPTY_ARTICLE_PAIRS = pl.DataFrame(schema={"staged_article_id": pl.String, "article_id": pl.String})
EMPTY_PARAGRAPH_PAIRS = pl.DataFrame(schema={"staged_paragraph_id": pl.String, "paragraph_id": pl.String})


def pages_of(texts: dict[str, str], fetched_at: datetime) -> pl.DataFrame:
    """{name: text} -> read-stage pages whose page_id is the sha256 of the name (distinct article ids)."""
    rows = [
        {
            "page_id": hashlib.sha256(name.encode()).hexdigest(),
            "source_path": name,
            "bytes": len(text.encode()),
            "fetched_at": fetched_at,
            "status": "loaded",
            "reason": None,
            "text": text,
        }
        for name, text in texts.items()
    ]
    return pl.DataFrame(rows, schema=PAGE_SCHEMA)


def batch_of(texts: dict[str, str], fetched_at: datetime, run_id: str = "test-run") -> Batch:
    return transform_pages(pages_of(texts, fetched_at), run_id=run_id, ingested_at=fetched_at)


def link_alone(batch: Batch) -> stories.Linked:
    """Link a batch against an empty warehouse."""
    return stories.link_batch(
        batch.articles,
        batch.paragraphs,
        known_articles=EMPTY_KNOWN_ARTICLES,
        known_paragraphs=EMPTY_KNOWN_PARAGRAPHS,
        known_article_pairs=EMPTY_ARTICLE_PAIRS,
        known_paragraph_pairs=EMPTY_PARAGRAPH_PAIRS,
    )


def article_of(batch: Batch, source_path: str) -> str:
    """The article_id of the main article of one page."""
    page_id = hashlib.sha256(source_path.encode()).hexdigest()
    return f"{page_id[:16]}-000"


class TextMaker:
    """Deterministic made-up prose: words of 5-9 letters, so that every word is a story term."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def word(self) -> str:
        return "".join(self.rng.choice("bcdfghklmnprstvz") + self.rng.choice("aeiou") for _ in range(3))

    def sentence(self, words: int = 12, topic: list[str] | None = None) -> str:
        picked = [self.word() for _ in range(words)]
        for i, t in enumerate(topic or []):
            picked[(i * 3) % words] = t
        return " ".join(picked).capitalize() + "."

    def paragraphs(self, n: int = 6, sentences: int = 3, topic: list[str] | None = None) -> list[str]:
        return [" ".join(self.sentence(topic=topic) for _ in range(sentences)) for _ in range(n)]


def page_text(title: str, paragraphs: list[str]) -> str:
    """A one-article page: title line, then one line per paragraph."""
    return "\n".join([title, *paragraphs])
