"""The two seed pages end to end through the pure stages: the issue's exact outcomes, annotations, goldens."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from flows.rules import CHROME_RULES, full_line
from tests.conftest import SEED_MAIN, SEED_WIRE
from tests.golden.update import GOLDEN_DIR, GOLDEN_TABLES, seed_tables, to_lines

ANNOTATIONS = json.loads((Path(__file__).parent / "annotations.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return seed_tables()


def _articles_of(tables, source_path: str) -> pl.DataFrame:
    page_id = tables["pages"].filter(pl.col("source_path") == source_path)["page_id"].item()
    return tables["articles"].filter(pl.col("page_id") == page_id).sort("position")


def test_aggregator_page_has_four_articles_with_exact_titles(tables):
    articles = _articles_of(tables, SEED_MAIN)
    assert articles["title"].to_list() == [
        "Indian Army, Russian Land Forces bolster defence ties at IRIGC meet in St. Petersburg",
        "Trump admits he and Putin did not reach key agreements",
        "Lavrov's choice of attire for Russia-US summit in Alaska on Ukraine hints at Soviet nostalgia",
        '"High Stakes!": US President Trump, ahead of the Alaska Summit',
    ]
    assert articles["is_main"].to_list() == [True, False, False, False]
    related = articles.filter(~pl.col("is_main"))
    assert related["publisher"].to_list() == ["Times of Oman"] * 3
    assert related["age_text"].to_list() == ["14 hours ago", "a day ago", "a day ago"]


def test_no_body_contains_a_chrome_line(tables):
    chrome = [full_line(patterns) for _, patterns in CHROME_RULES]
    paragraphs = tables["paragraphs"]["text"]
    for pattern in chrome:
        assert not paragraphs.str.contains(pattern).any(), pattern
    bodies = "\n".join(tables["articles"]["body"])
    for line in ["Hashtags", "Try Our AI Features", "No comments yet...", "Related Articles", "- Times of Oman"]:
        assert line not in bodies.split("\n")


def test_wire_page_is_one_article_with_dateline_and_agency(tables):
    articles = _articles_of(tables, SEED_WIRE)
    assert articles.height == 1
    article = articles.row(0, named=True)
    assert article["title"] is None
    assert (article["dateline_place"], article["dateline_country"], article["agency"]) == (
        "St. Petersburg", "Russia", "ANI"
    )
    assert article["body"].startswith("The Indian Army has further strengthened")
    assert "(ANI)" not in article["body"]


@pytest.mark.parametrize("seed", sorted(ANNOTATIONS))
def test_annotated_snippets_survive_or_are_removed(tables, seed):
    articles = _articles_of(tables, seed)
    text = "\n".join(articles["body"])
    for snippet in ANNOTATIONS[seed]["with"]:
        assert snippet in text, snippet
    lines = set(text.split("\n"))
    for snippet in ANNOTATIONS[seed]["without"]:
        assert snippet not in lines and not text.startswith(snippet) and f"\n{snippet}" not in text, snippet


def test_every_seed_line_is_kept_or_removed(tables):
    pages = tables["pages"]
    assert pages["status"].to_list() == ["loaded", "loaded"]
    removed = tables["removed_lines"].group_by("page_id").len()
    joined = pages.join(removed, on="page_id", how="left")
    assert joined["n_removed_lines"].to_list() == joined["len"].fill_null(0).to_list()
    seed = (Path(__file__).parent.parent / "seeds" / SEED_MAIN).read_text(encoding="utf-8")
    assert pages.filter(pl.col("source_path") == SEED_MAIN)["n_lines"].item() == len(seed.split("\n"))


@pytest.mark.parametrize("table", sorted(GOLDEN_TABLES))
def test_seed_tables_match_goldens(tables, table):
    expected = (GOLDEN_DIR / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
    assert to_lines(tables[table]) == expected
