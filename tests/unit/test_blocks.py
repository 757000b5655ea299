"""Main-block selection and the repeated-line rule: exact rule codes on small inline pages."""

from __future__ import annotations

import polars as pl
import pytest

from flows import clean, rules
from flows.blocks import find_title_lines, line_score, url_title_words
from flows.clean import clean_text
from tests.conftest import FETCHED_AT
from tests.helpers import articles_of, classify

PARA_1 = (
    "The storm reached the coast shortly after midnight, flooding low streets and cutting power "
    "to thousands of homes, officials said."
)
PARA_2 = (
    "Emergency crews worked through the night to clear fallen trees, and schools in three districts "
    "will stay closed on Tuesday while repairs continue."
)
PARA_3 = (
    "Forecasters expect the weather to calm by the weekend, though they warned that rivers inland "
    "could keep rising for several more days."
)
PAGE = "\n".join(
    [
        "Home",
        "News",
        "Weather",
        "Storm floods coastal towns overnight",
        "By Jane Doe",
        PARA_1,
        PARA_2,
        "What happens next",
        PARA_3,
        "Contact us",
        "Privacy policy",
    ]
)


def test_lines_outside_the_main_block_are_removed_but_the_headline_stays():
    assert classify(PAGE)["rule"].to_list() == [
        "outside_main_block",
        "outside_main_block",
        "outside_main_block",
        None,  # the headline above the block, kept for the split stage
        "outside_main_block",
        None,
        None,
        None,  # a subheading inside the block stays
        None,
        "outside_main_block",
        "outside_main_block",
    ]


def test_the_kept_headline_becomes_the_title_and_leaves_the_body():
    article = articles_of(PAGE, FETCHED_AT).row(0, named=True)
    assert article["title"] == "Storm floods coastal towns overnight"
    assert article["body"] == "\n\n".join([PARA_1, PARA_2, "What happens next", PARA_3])


def test_block_selection_is_idempotent_on_a_real_shape():
    once = clean_text(PAGE)
    assert once == "\n".join(
        ["Storm floods coastal towns overnight", PARA_1, PARA_2, "What happens next", PARA_3]
    )
    assert clean_text(once) == once


def test_a_page_without_prose_is_left_as_it_is():
    text = "Home\nNews\nShort note here\nAnother short one"
    assert classify(text)["rule"].to_list() == [None, None, None, None]


def test_a_wire_credit_right_after_the_block_is_kept():
    text = "\n".join([PARA_1, PARA_2, "(Reuters)", "Contact us"])
    assert classify(text)["rule"].to_list() == [None, None, None, "outside_main_block"]


def test_a_block_that_opens_with_its_headline_keeps_nothing_above_it():
    headline = (
        "Storm floods coastal towns overnight as rivers burst their banks and power fails across the region"
    )
    text = "\n".join(["Latest stories from our team today", "Menu", headline, PARA_1, PARA_2])
    assert classify(text)["rule"].to_list() == ["outside_main_block", "outside_main_block", None, None, None]


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Home", 4 - 80),
        ("Storm floods coastal towns overnight", -20),  # five words: no lower than -SHORT_LINE_FLOOR
        ("Gas Springs", 11 - 80),  # a two-word menu item
        ("It rained.", 10 - 80 + 30),
        ("Home | News | Sport | Weather", 29 - 80 - 40),
        ("x" * 500 + ".", 400 - 80 + 30),
    ],
)
def test_line_score(line, score):
    assert pl.DataFrame({"text": [line]}).select(line_score())["text"].item() == score


def test_a_short_line_repeated_four_times_is_removed_outside_the_block():
    # (a repeated date would also count against the block: see the teaser-list test below)
    text = "\n".join(["Reader question", "Reader question", PARA_1, PARA_2, "Reader question", "Reader question"])
    assert classify(text)["rule"].to_list() == [
        "repeated_line",
        "repeated_line",
        None,
        None,
        "repeated_line",
        "repeated_line",
    ]


def test_a_line_repeated_inside_the_block_is_the_articles_own_label():
    # "Reader question" four times between paragraphs: removed as repeated_line, then kept again
    # because it lies inside the main block; the last one, after the block, stays removed.
    text = "\n".join(
        [
            PARA_1,
            "Reader question",
            PARA_2,
            "Reader question",
            PARA_3,
            "Reader question",
            PARA_1 + " More.",
            "Reader question",
        ]
    )
    assert classify(text)["rule"].to_list() == [None] * 7 + ["repeated_line"]


@pytest.mark.parametrize("label", ["Check Price", "Melissa says", "★ ★ ★"])
def test_a_button_a_commenter_or_a_symbol_row_repeated_inside_the_block_stays_removed(label):
    text = "\n".join([PARA_1, label, PARA_2, label, PARA_3, label, PARA_1 + " More.", label, PARA_2 + " Yes."])
    rules_of = classify(text)["rule"].to_list()
    assert [rules_of[i] for i in (1, 3, 5, 7)] == ["repeated_line"] * 4
    assert [rules_of[i] for i in (0, 2, 4, 6, 8)] == [None] * 5


def test_a_line_on_the_page_three_times_is_kept():
    text = "\n".join([PARA_1, "Step one", PARA_2, "Step one", PARA_3, "Step one", PARA_1 + " More."])
    assert classify(text)["rule"].to_list() == [None] * 7


def test_non_english_prose_is_kept():
    korean = (
        "엘제이의 리벤지인가, 류화영의 피해자 코스프레인가. "
        "시작은 엘제이의 일방적인 사진 공개로부터 비롯됐다. "
        "그건 이 사안을 두고 벌어진 엘제이와 류화영의 진실공방이 어떤 결론을 내더라도 잘못된 일이다."
    )
    text = "\n".join(["전체뉴스", "드라마", "예능", korean, korean + " 그래서.", "목록"])
    assert classify(text)["rule"].to_list() == [
        "outside_main_block",
        "outside_main_block",
        "outside_main_block",
        None,
        None,
        "outside_main_block",
    ]


def test_closing_chrome_is_a_barrier_the_block_does_not_cross_for_a_little_prose():
    text = "\n".join(
        [
            PARA_1,
            PARA_2,
            PARA_3,
            "Comments",
            "Share this article",
            "Great read, thanks for writing it up so clearly; "
            "I have shared it with my whole family this morning.",
        ]
    )
    assert classify(text)["rule"].to_list() == [
        None,
        None,
        None,
        "comments_widget",
        "share_follow",
        "outside_main_block",
    ]


def test_closing_chrome_above_a_related_block_is_no_barrier():
    teaser_body = " ".join([PARA_1, PARA_2, PARA_3])
    teaser = "\n".join(["Times of Oman", "14 hours ago", "Teaser title number one", teaser_body])
    text = "\n".join([PARA_1, PARA_2, PARA_3, "Comments", "Related Articles", teaser])
    assert classify(text)["rule"].to_list() == [
        None, None, None, "comments_widget", "related_header", None, None, None, None
    ]


def _sentence(topic: str) -> str:
    return (
        f"The council said the {topic} plan would go ahead next spring after a long public consultation, "
        "and that residents would be told of any road closures well in advance."
    )


def _council_article() -> list[str]:
    """Six paragraphs of two sentences: about 1,700 points of prose, more than THREAD_MIN_PROSE_BEFORE."""
    topics = ("bridge", "school", "library", "harbour", "park", "tram")
    return [_sentence(topic) + " " + _sentence(topic + " repair") for topic in topics]


def test_a_comment_thread_below_the_article_is_removed_even_when_it_reads_like_prose():
    article = _council_article()
    comment = (
        "I have lived here for thirty years and every one of these plans has been promised before, so "
        "forgive me if I wait to see the diggers arrive before I believe a word of it, honestly."
    )
    thread = ["[ 12 comments ]", "Top Rated Comments"]
    for user in ("riverside_dan", "maple77", "old_town_anne"):
        thread += [user, "2 days ago at 07:52 am", comment, comment, comment, "Rating: 9 Votes"]
    rules_of = dict(classify("\n".join(["Council backs new town plans", *article, *thread])).select(
        "text", "rule"
    ).iter_rows())
    assert all(rules_of[line] is None for line in article)
    assert rules_of[comment] == "outside_main_block"
    assert rules_of["riverside_dan"] == "outside_main_block"
    assert rules_of["[ 12 comments ]"] == "comments_widget"


def test_a_source_list_below_the_article_is_removed_like_a_thread():
    article = _council_article()
    citation = (
        "Email interview with a spokeswoman for the city council, who described the consultation and "
        "the timetable of the road closures in some detail, Oct. 30, 2019."
    )
    page = ["Council backs new town plans", *article, "Our Sources", *([citation] * 3)]
    rules_of = dict(classify("\n".join(page)).select("text", "rule").iter_rows())
    assert all(rules_of[line] is None for line in article)
    assert rules_of["Our Sources"] == "sources_header"
    assert rules_of[citation] == "outside_main_block"


def test_a_teaser_snippet_cut_off_with_an_ellipsis_scores_below_zero():
    snippet = "Former general manager Paul Fenton unknowingly signed his own death warrant when he flipped a fan..."
    scores = pl.DataFrame({"text": [snippet, snippet[:-3] + "."]}).select(line_score())
    assert scores.to_series().to_list() == [-len(snippet) // 2, len(snippet) - 2 - 80 + 30]


@pytest.mark.parametrize(
    ("line", "is_date"),
    [
        ("Wednesday November 20, 2019", True),
        ("November 19, 2019 at 5:10 pm", True),
        ("2 days ago at 07:52 am", True),
        ("2019-11-20", True),
        ("On November 20, 2019 the council met.", False),
        ("November", False),
    ],
)
def test_date_only_lines(line, is_date):
    assert pl.DataFrame({"text": [line]}).select(pl.col("text").str.contains(rules.DATE_ONLY_LINE)).item() is is_date


def test_a_list_under_a_sentence_ending_in_a_colon_stays_in_the_block():
    items = ["Faster start-up", "Smaller downloads", "Fewer crashes on old phones"]
    text = "\n".join(["Home", "News", PARA_1, "The release notes list three changes this time:", *items, PARA_2])
    assert classify(text)["rule"].to_list() == ["outside_main_block", "outside_main_block"] + [None] * 6


def test_a_data_table_between_paragraphs_stays_in_the_block():
    # One row per line, cells joined by spaces: 30 short rows would drift the block's sum down.
    rows = [f"{n} Insurer Group {n} {1000 * n:,} {n / 10:.1f}" for n in range(1, 31)]
    text = "\n".join([PARA_1, "Rank Company NPW Change", *rows, PARA_2])
    assert classify(text)["rule"].to_list() == [None] * 33


def test_short_lines_with_one_number_each_are_no_table():
    rows = [f"Chapter {n} of the guide" for n in range(1, 31)]
    text = "\n".join([PARA_1, *rows, PARA_2])
    # (the last row, headline-shaped right above the kept paragraph, is kept as its title)
    assert classify(text)["rule"].to_list() == ["outside_main_block"] * 30 + [None, None]


def test_a_menu_under_a_label_ending_in_a_colon_is_no_list():
    text = "\n".join(["Home", "Contact one of our locations:", "Springfield", "Shelbyville", PARA_1, PARA_2])
    assert classify(text)["rule"].to_list() == ["outside_main_block"] * 4 + [None, None]


def test_a_teaser_list_under_the_article_with_one_date_repeated_is_removed():
    teasers = []
    for n, author in enumerate(("Tom Rogan", "Becket Adams", "Kaylee McGhee", "Jenna Ellis")):
        teasers += [
            f"Teaser headline number {n} about something else entirely",
            author,
            "Wednesday November 20, 2019",
            f"Teaser {n} opens with a full sentence of its own, long enough to read like a paragraph of prose "
            "and to outweigh its headline and byline in the block search.",
        ]
    text = "\n".join([PARA_1, PARA_2, PARA_3, *teasers])
    rules_of = classify(text)["rule"].to_list()
    assert rules_of[:3] == [None, None, None]
    assert set(rules_of[3:]) == {"outside_main_block", "repeated_line"}


def test_url_title_words_come_from_the_slug():
    pages = pl.LazyFrame(
        {
            "page_id": ["a", "b", "c"],
            "url": [
                "https://x.com/opinion/why-beijing-will-bring-slaughter-to-hong-kong?ref=1",
                "https://x.com/",
                None,
            ],
        }
    )
    words = url_title_words(pages).collect()
    assert words["page_id"].to_list() == ["a"]
    assert sorted(words["_slug"].item()) == ["beijing", "bring", "hong", "kong", "slaughter", "why", "will"]


def test_the_block_moves_below_the_title_line_the_url_names():
    disclaimer = (
        "This material is not intended to replace the advice of a qualified advisor. Information has been "
        "obtained from sources believed to be reliable, but its accuracy cannot be guaranteed by us."
    )
    text = "\n".join(
        [
            "Home", "Insurance", "Best Practices for Vehicle Rentals", "Request our free ebook", PARA_1, PARA_2,
            *[f"Office {n}" for n in range(12)], disclaimer, disclaimer + " Really.",
        ]
    )
    url = "https://psa.com/mobility/best-practices-vehicle-rentals-2/"
    pages = pl.LazyFrame({"page_id": ["p"], "text": [text], "url": [url]})
    plain = clean.classify_lines(clean.split_lines(pages)).collect()["rule"].to_list()
    lines = clean.split_lines(pages)
    anchored = clean.classify_lines(lines, find_title_lines(lines, pages)).collect()["rule"].to_list()
    # without the URL the two disclaimers outscore the article; with it, the run below the title wins
    assert plain[4] == "outside_main_block" and plain[-2:] == [None, None]
    assert anchored[2:6] == [None, "outside_main_block", None, None]  # the title stays for the split stage
    assert set(anchored[6:]) == {"outside_main_block"}


def _anchored_rules(text: str, url: str) -> list[str | None]:
    pages = pl.LazyFrame({"page_id": ["p"], "text": [text], "url": [url]})
    lines = clean.split_lines(pages)
    return clean.classify_lines(lines, find_title_lines(lines, pages)).collect()["rule"].to_list()


def test_a_footer_right_above_the_copyright_line_loses_to_a_short_article_under_the_title():
    disclaimer = (
        "This material is not intended to replace the advice of a qualified advisor. Information has been "
        "obtained from sources believed to be reliable, but its accuracy cannot be guaranteed by us. "
    )
    footer = [disclaimer * 2, disclaimer * 3, "Copyright © 2023 Example Advisors, Inc. All Rights Reserved."]
    head = ["Home", "Insurance", "Best Practices for Vehicle Rentals", PARA_1, PARA_2, PARA_3]
    offices = [f"Office {n}" for n in range(20)]  # the footer starts beyond the anchor's window
    url = "https://psa.com/mobility/best-practices-vehicle-rentals-2/"
    # The article scores under half the footer: without the copyright line below it, the footer wins
    no_copyright = _anchored_rules("\n".join([*head, *offices, *footer[:2]]), url)
    assert set(no_copyright[3:6]) == {"outside_main_block"} and no_copyright[-2:] == [None, None]
    # right above the copyright line, below the title's run, the footer is the site's, not the article
    anchored = _anchored_rules("\n".join([*head, *offices, *footer]), url)
    assert anchored[2:6] == [None, None, None, None]
    assert set(anchored[6:-1]) == {"outside_main_block"} and anchored[-1] == "copyright_notice"
