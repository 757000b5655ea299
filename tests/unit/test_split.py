"""Split stage: main story and related blocks, in page order, with publisher, age and title."""

from __future__ import annotations

import polars as pl

from flows import split
from tests.conftest import FETCHED_AT
from tests.helpers import articles_of

PAGE = """Big Headline About The Summit Today
First paragraph of the main story.
Second paragraph of the main story.
Related Articles

Gulf News
3 hours ago
- Gulf News
Teaser title number one
Teaser body one.

Khaleej Times
yesterday
Teaser title number two
Teaser body two, first paragraph.
Teaser body two, second paragraph.
"""


def test_page_splits_into_main_story_and_related_blocks():
    articles = articles_of(PAGE, FETCHED_AT)
    assert articles.select("position", "is_main", "title", "publisher", "age_text").rows() == [
        (0, True, "Big Headline About The Summit Today", None, None),
        (1, False, "Teaser title number one", "Gulf News", "3 hours ago"),
        (2, False, "Teaser title number two", "Khaleej Times", "yesterday"),
    ]
    assert articles["body"].to_list() == [
        "First paragraph of the main story.\n\nSecond paragraph of the main story.",
        "Teaser body one.",
        "Teaser body two, first paragraph.\n\nTeaser body two, second paragraph.",
    ]


def test_opening_paragraph_is_not_taken_for_a_title():
    text = "Lead paragraph of wire copy that reads like a sentence and ends with a period.\nMore text."
    assert articles_of(text, FETCHED_AT)["title"].to_list() == [None]


def test_a_single_line_page_is_a_body_not_a_title():
    assert articles_of("Only one short line here", FETCHED_AT).select("title", "body").rows() == [
        (None, "Only one short line here")
    ]


def test_block_with_nothing_under_it_is_not_an_article():
    text = "Headline of the main story\nBody text.\nGulf News\n2 days ago"
    assert articles_of(text, FETCHED_AT)["position"].to_list() == [0]


def test_page_that_starts_with_a_teaser_has_no_main_story():
    text = "Gulf News\n5 minutes ago\nTeaser title here now\nTeaser body."
    articles = articles_of(text, FETCHED_AT)
    assert articles.select("position", "is_main", "publisher").rows() == [(0, False, "Gulf News")]


def test_mark_blocks_gives_every_line_a_role():
    kept = pl.LazyFrame(
        {"page_id": ["p"] * 6, "line_no": list(range(1, 7)),
         "text": ["Main body line.", "Gulf News", "a day ago", "- Gulf News", "Title of teaser", "Body."]}
    )
    roles = split.mark_blocks(kept).collect()["role"].to_list()
    assert roles == ["body", "publisher", "age", "publisher_repeat", "title", "body"]


def test_a_byline_over_a_date_is_not_a_related_block():
    text = "Headline of the main story\nBy Tom Rogan\nNovember 18, 2019\nBody text of the story."
    articles = articles_of(text, FETCHED_AT)
    expected = [(0, "Headline of the main story", None)]
    assert articles.select("position", "title", "publisher").rows() == expected


def test_a_comment_header_over_its_time_is_not_a_related_block():
    text = "Headline of the main story\nBody text of the story.\nMelissa says\nyesterday\nGreat post!"
    assert articles_of(text, FETCHED_AT)["position"].to_list() == [0]
