"""Extraction quality on the shared dev sets may only rise: floors pinned from bench/BENCHMARKS.md.

Runs bench/extraction_quality.py's scoring (a few seconds); skipped when ../shared/benchmarks is absent.
"""

from __future__ import annotations

import pytest

from bench.extraction_quality import score_entities, score_wikinews
from flows.settings import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT.parent / "shared" / "benchmarks"

#: Pinned floors (figures of the commit that set them, rounded down). Raise them with the code; never lower.
ENTITY_F1_FLOOR = {"all/all": 0.76, "all/PER": 0.83, "all/ORG": 0.60, "all/LOC": 0.76, "news/all": 0.79}
QUOTE_F1_FLOOR = 0.95
SPEAKER_ACCURACY_FLOOR = 0.92
DATES_FOUND_RIGHT_FLOOR = 0.91

pytestmark = pytest.mark.skipif(
    not (BENCHMARKS / "ner-dev.jsonl").exists(), reason="shared benchmarks not present"
)


def test_entity_f1_does_not_fall_below_its_floor():
    scores = score_entities(BENCHMARKS / "ner-dev.jsonl")
    for part, floor in ENTITY_F1_FLOOR.items():
        assert scores[part]["f1"] >= floor, (part, scores[part])


def test_quotes_speakers_and_dates_do_not_fall_below_their_floors():
    scores = score_wikinews(BENCHMARKS / "wikinews-dev.jsonl")
    assert scores["quotes"]["f1"] >= QUOTE_F1_FLOOR, scores["quotes"]
    assert scores["quotes"]["speaker_accuracy"] >= SPEAKER_ACCURACY_FLOOR, scores["quotes"]
    assert scores["dates"]["found_right"] >= DATES_FOUND_RIGHT_FLOOR, scores["dates"]
