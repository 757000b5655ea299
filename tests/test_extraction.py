"""Issue 4 on the seeds: entities, roles, quotes and dates against tests/extraction_annotations.json."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from flows import read
from flows.transform import transform_pages
from tests.golden.update import FETCHED_AT, SEEDS

GOLD = json.loads((Path(__file__).parent / "extraction_annotations.json").read_text(encoding="utf-8"))
ARTICLES = sorted(k for k in GOLD if not k.startswith("_"))


@pytest.fixture(scope="module")
def batch():
    pages = read.read_pages(SEEDS, read.list_input_files(SEEDS), fetched_at=FETCHED_AT, max_bytes=10_000_000)
    return transform_pages(pages, run_id="extraction", ingested_at=FETCHED_AT)


@pytest.fixture(scope="module")
def found(batch) -> dict[str, dict[str, set]]:
    tables = batch.tables()
    mentions = tables["mentions"].join(tables["entities"], on="entity_id", how="left")
    names = tables["entities"].select("entity_id", "name")
    quotes = tables["quotes"].join(names, left_on="speaker_entity_id", right_on="entity_id", how="left")
    out = {}
    for article in ARTICLES:
        m = mentions.filter(pl.col("article_id") == article)
        q = quotes.filter(pl.col("article_id") == article)
        d = tables["date_mentions"].filter(pl.col("article_id") == article)
        out[article] = {
            "entities": {tuple(r) for r in m.select("type", "surface", "name").rows()},
            "roles": {
                (r["name"], r["role"]) for r in m.filter(pl.col("role").is_not_null()).iter_rows(named=True)
            },
            "quotes": [(r["text"], r["name"]) for r in q.iter_rows(named=True)],
            "dates": {(r["surface"], r["value"]) for r in d.iter_rows(named=True)},
        }
    return out


def _gold(article: str, part: str) -> set:
    return {tuple(x) for x in GOLD[article][part]}


def test_entity_precision_and_recall_on_seeds(found):
    tp = fp = fn = 0
    for article in ARTICLES:
        gold, pred = _gold(article, "entities"), found[article]["entities"]
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


@pytest.mark.parametrize("article", ARTICLES)
def test_every_title_is_found(found, article):
    assert _gold(article, "roles") <= found[article]["roles"]


@pytest.mark.parametrize("article", ARTICLES)
def test_every_quote_is_found_with_its_speaker(found, article):
    pred = found[article]["quotes"]
    for start, speaker in GOLD[article]["quotes"]:
        hits = [name for text, name in pred if text.startswith(start)]
        assert hits == [speaker], (start, hits)
    assert len(pred) == len(GOLD[article]["quotes"])


@pytest.mark.parametrize("article", ARTICLES)
def test_every_date_is_normalised(found, article):
    gold = {(s, v) for s, v in _gold(article, "dates") if v is not None}
    assert gold <= found[article]["dates"]


def test_named_people_resolve_to_one_entity_each(batch):
    tables = batch.tables()
    mentions = tables["mentions"].join(tables["entities"], on="entity_id")
    for surname in ["Putin", "Trump", "Zelensk", "Lavrov", "Singh"]:
        ids = mentions.filter(pl.col("surface").str.contains(surname))["entity_id"].unique()
        assert ids.len() == 1, (surname, mentions.filter(pl.col("surface").str.contains(surname)))


def test_entity_ids_are_pinned():
    from flows.gazetteers import entity_id

    assert entity_id("PERSON", "Volodymyr Zelensky") == entity_id("PERSON", "Volodymyr Zelenskyy")
    assert entity_id("PERSON", "Donald Trump") == "1c666708bac6d95a"
