"""Extract stage: datelines, wire agencies, publish times, bodies, counts and hashes."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest

from tests.conftest import FETCHED_AT
from tests.helpers import articles_of


@pytest.mark.parametrize(
    ("lead", "place", "country", "day", "agency"),
    [
        (
            "St. Petersburg [Russia], June 28 (ANI): The army said.",
            "St. Petersburg", "Russia", date(2025, 6, 28), "ANI",
        ),
        ("Alaska: Russian Foreign Minister arrived.", "Alaska", None, None, None),
        ("Washington, DC: US President Donald Trump said.", "Washington, DC", None, None, None),
        ("New Delhi [India], March 3, 2024 (PTI): Talks began.", "New Delhi", "India", date(2024, 3, 3), "PTI"),
        ("LONDON (Reuters) - Prices rose.", "LONDON", None, None, "Reuters"),
        ("Beijing, Dec 30 (Xinhua) -- Officials met.", "Beijing", None, date(2024, 12, 30), "Xinhua"),
    ],
)
def test_dateline_lead_is_parsed_and_stripped(lead, place, country, day, agency):
    article = articles_of(lead + "\nSecond paragraph.", FETCHED_AT).row(0, named=True)
    assert (article["dateline_place"], article["dateline_country"], article["dateline_date"], article["agency"]) == (
        place, country, day, agency
    )
    if place is not None:
        assert not article["body"].startswith(place)


def test_dateline_date_after_the_fetch_day_belongs_to_the_previous_year():
    article = articles_of("Kyiv [Ukraine], December 30 (ANI): Text.\nMore.", FETCHED_AT).row(0, named=True)
    assert article["dateline_date"] == date(2024, 12, 30)
    assert article["published_at_source"] == "dateline"


def test_wire_trailer_sets_agency_and_leaves_the_body():
    article = articles_of("Some lead sentence here.\nLast paragraph ends here. (IANS)", FETCHED_AT).row(0, named=True)
    assert article["agency"] == "IANS"
    assert article["body"] == "Some lead sentence here.\n\nLast paragraph ends here."
    alone = articles_of("Lead sentence of the story.\n(ANI)", FETCHED_AT).row(0, named=True)
    assert (alone["agency"], alone["body"], alone["n_paragraphs"]) == ("ANI", "Lead sentence of the story.", 1)


def test_trailer_of_an_unknown_acronym_stays_in_the_body():
    article = articles_of("They joined the alliance (NATO)", FETCHED_AT).row(0, named=True)
    assert article["agency"] is None
    assert article["body"].endswith("(NATO)")


@pytest.mark.parametrize(
    ("age", "published_at", "source"),
    [
        ("14 hours ago", datetime(2025, 8, 15, 22, 0, tzinfo=UTC), "relative_age"),
        ("a day ago", datetime(2025, 8, 15, 12, 0, tzinfo=UTC), "relative_age"),
        ("an hour ago", datetime(2025, 8, 16, 11, 0, tzinfo=UTC), "relative_age"),
        ("3 weeks ago", datetime(2025, 7, 26, 12, 0, tzinfo=UTC), "relative_age"),
        ("yesterday", datetime(2025, 8, 15, 12, 0, tzinfo=UTC), "relative_age"),
        ("August 14, 2025", datetime(2025, 8, 14, tzinfo=UTC), "explicit"),
        ("2025-08-01", datetime(2025, 8, 1, tzinfo=UTC), "explicit"),
    ],
)
def test_publish_time_resolves_against_fetch_time(age, published_at, source):
    text = f"Main headline of the page\nMain body.\nGulf News\n{age}\nTeaser title goes here\nTeaser body."
    teaser = articles_of(text, FETCHED_AT).row(1, named=True)
    assert teaser["age_text"] == age
    assert (teaser["published_at"], teaser["published_at_source"]) == (published_at, source)


def test_unknown_publish_time_is_null_with_null_source():
    article = articles_of("Headline without any date\nBody text.", FETCHED_AT).row(0, named=True)
    assert (article["published_at"], article["published_at_source"]) == (None, None)


def test_counts_ids_and_content_hash():
    article = articles_of("Headline of the story here\nOne two three.\nFour five.", FETCHED_AT).row(0, named=True)
    assert article["article_id"] == f"{1:064x}"[:16] + "-000"
    assert (article["n_paragraphs"], article["n_words"]) == (2, 5)
    assert article["content_hash"] == hashlib.sha256(b"One two three.\n\nFour five.").hexdigest()
