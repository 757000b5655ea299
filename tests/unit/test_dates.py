"""Unit tests for the date rules of flows/dates.py: one small input and the exact expected mentions per rule."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.dates import CORE_PATTERN, DATE_PATTERN, _core_matches, _matches, find_dates

ANCHOR = date(2015, 5, 7)  # a Thursday


def _dates(text: str, anchor: date | None = ANCHOR) -> list[tuple[str, str, str, str]]:
    return [(d.text, d.value, d.precision, d.rule) for d in find_dates(text, anchor)]


def test_two_digit_years_with_an_apostrophe_and_in_a_list_after_in():
    assert _dates("the class of '84 voted Reagan in 80 and 84, Romney in 08.") == [
        ("'84", "1984", "year", "two_digit_year"),
        ("80", "1980", "year", "two_digit_year"),
        ("84", "1984", "year", "two_digit_year"),
        ("08", "2008", "year", "two_digit_year"),
    ]


def test_bare_two_digit_numbers_before_a_noun_are_not_years():
    assert _dates("It was done in 25 minutes by 30 people.") == []


def test_month_without_year_in_a_future_sentence_is_the_next_one():
    assert _dates("The first referendum is to be held from November 20 to December 11.") == [
        ("November 20", "2015-11-20", "day", "month_day"),
        ("December 11", "2015-12-11", "day", "month_day"),
    ]


def test_month_without_year_in_a_past_sentence_is_the_nearest_one():
    assert _dates("The vote was held on November 20.") == [("November 20", "2014-11-20", "day", "month_day")]


def test_part_of_a_month():
    assert _dates("a poll from late September 2013 and one in early May") == [
        ("late September 2013", "2013-09-15/2013-09-30", "day", "month_part"),
        ("early May", "2015-05-01/2015-05-15", "day", "month_part"),
    ]


def test_seasons_with_a_year_or_a_relative_word_and_yearless_seasons():
    assert _dates("in the summer of 2012, last winter and at the Winter Olympics") == [
        ("summer of 2012", "2012-06/2012-09", "month", "season"),
        ("last winter", "2014-12/2015-03", "month", "season"),
        ("Winter", "--12/--03", "month", "season"),
    ]


def test_lower_case_seasons_only_after_in_or_during():
    assert _dates("winter wheat, a summer school, prices fall; snow in winter and during the spring") == [
        ("winter", "--12/--03", "month", "season"),
        ("spring", "--03/--06", "month", "season"),
    ]


def test_a_season_of_an_early_year():
    assert _dates("in the summer of 1075") == [("summer of 1075", "1075-06/1075-09", "month", "season")]


def test_a_season_after_a_year_is_left_to_the_year():
    assert _dates("after the 2012 Summer Paralympics") == [("2012", "2012", "year", "year")]


def test_a_month_that_is_the_subject_of_is_has_no_year():
    assert _dates("October is National Magic Month. Sales rose in March.") == [
        ("October", "--10", "month", "month_year"),
        ("March", "2015-03", "month", "month_year"),
    ]


def test_vague_spans_are_open_ranges_up_to_the_anchor():
    found = find_dates("A few months ago, several years back, over the past few days", ANCHOR)
    assert [(d.text, d.value, d.date_start, d.date_end, d.precision) for d in found] == [
        ("A few months ago", "../2015-05", None, date(2015, 5, 31), "month"),
        ("several years back", "../2015", None, date(2015, 12, 31), "year"),
        ("the past few days", "../2015-05-07", None, ANCHOR, "day"),
    ]


def test_hours_and_weeks_ago():
    assert _dates("posted 24 hours ago, two weeks ago") == [
        ("24 hours ago", "2015-05-06", "day", "relative"),
        ("two weeks ago", "2015-04-20/2015-04-26", "week", "relative"),
    ]


def test_reference_expressions_count_from_the_last_date_given():
    assert _dates("It fell in 2010 from the year before. On March 3, 2012 it opened; two days later it shut.") == [
        ("2010", "2010", "year", "year"),
        ("the year before", "2009", "year", "relative"),
        ("March 3, 2012", "2012-03-03", "day", "month_day"),
        ("two days later", "2012-03-05", "day", "relative"),
    ]


def test_reference_expressions_without_an_earlier_date_use_the_anchor_but_not_before_an_event():
    assert _dates(
        "The following day it rained, the day before the vote, three days before Smith came; day after day."
    ) == [("The following day", "2015-05-08", "day", "relative")]


def test_a_pause_of_n_years_runs_up_to_the_anchor():
    assert _dates("broadcasts resumed after an 11-year lull") == [("11-year", "2004/2015", "year", "relative")]


def test_this_years_without_its_apostrophe():
    assert _dates("the theme of this years festival") == [("this years", "2015", "year", "relative")]


def test_day_phrases_next_to_a_day_take_its_date_and_so_do_their_repetitions():
    text = (
        "I went on Saturday night, the opening night, and again later. "
        "Crowds came to the opening night of the show.\n"
        "Yesterday, day five of the 2018 World Cup, Sweden won. Day five ended late."
    )
    assert _dates(text) == [
        ("Saturday", "2015-05-02", "day", "relative"),
        ("the opening night", "2015-05-02", "day", "event"),
        ("the opening night", "2015-05-02", "day", "event"),
        ("Yesterday", "2015-05-06", "day", "relative"),
        ("day five of the 2018 World Cup", "2015-05-06", "day", "event"),
        ("Day five", "2015-05-06", "day", "event"),
    ]


def test_a_day_phrase_that_cuts_through_a_date_is_no_apposition():
    assert _dates("Yesterday, the anniversary of June 25, 2014, passed.") == [
        ("Yesterday", "2015-05-06", "day", "relative"),
        ("June 25, 2014", "2014-06-25", "day", "month_day"),
    ]


def test_a_day_phrase_before_a_date_opening_its_sentence():
    assert _dates("Opening night, January 23, 2014, of the exhibit.") == [
        ("Opening night", "2014-01-23", "day", "event"),
        ("January 23, 2014", "2014-01-23", "day", "month_day"),
    ]


def test_decades_and_centuries():
    assert _dates("back in the sixties, the '90s and the 20th century; the past century") == [
        ("the sixties", "1960-01-01/1969-12-31", "decade", "decade"),
        ("the '90s", "1990-01-01/1999-12-31", "decade", "decade"),
        ("the 20th century", "1900-01-01/1999-12-31", "century", "century"),
        ("the past century", "1900-01-01/1999-12-31", "century", "century"),
    ]


def test_named_days_but_not_a_surname():
    assert _dates("during 9/11 and on Christmas Eve, with illustrator Johnnie Christmas") == [
        ("9/11", "2001-09-11", "day", "named_day"),
        ("Christmas Eve", "2014-12-24", "day", "named_day"),
    ]


def test_ago_with_number_words_decades_and_brackets():
    assert _dates('"Seventeen years ago", a decade ago, "[Ten] years ago" and 3 days ago') == [
        ("Seventeen years ago", "1998", "year", "relative"),
        ("a decade ago", "2005", "year", "relative"),
        ("[Ten] years ago", "2005", "year", "relative"),
        ("3 days ago", "2015-05-04", "day", "relative"),
    ]


def test_last_n_years_up_to_the_anchor_but_not_of_a_life():
    assert _dates("for the last 30 years, in the last five months of her life") == [
        ("the last 30 years", "1985/2015", "year", "relative"),
    ]


def test_end_of_the_year_and_the_weekend_use_the_anchor():
    assert _dates("by the end of the year; it ran throughout the weekend") == [
        ("the end of the year", "2015-12-31", "day", "relative"),
        ("the weekend", "2015-05-02/2015-05-03", "week", "relative"),
    ]


def test_relative_spans_need_an_anchor():
    assert _dates("by year end, over the weekend, 20 years ago", None) == []


def test_a_year_followed_by_years_is_a_quantity():
    assert _dates("a 2000 year old tradition, revived in 1990") == [("1990", "1990", "year", "year")]


def test_weekday_after_an_indefinite_article_is_not_a_date():
    assert _dates("ideas on a Monday; we met on Monday") == [("Monday", "2015-05-04", "day", "relative")]


def test_split_patterns_find_what_the_single_pattern_finds():
    text = (
        "On Tuesday, July 21, 2017, late September and the summer of 2012; 9/11 and Christmas Eve; "
        "the '90s, '84, the sixties, the 20th century; Reagan in 80 and 84, ten years ago, the last 30 years, "
        "by the end of the year, over the weekend, in 2001, last week, on Monday and in May."
    )
    split = [match.span() for _, match, _ in _matches(text)]
    assert split == [match.span() for match in DATE_PATTERN.finditer(text)]


# words and separators that start, end or break core matches, including look-alikes inside words
_PIECES = [
    "May",
    "March",
    "Marchand",
    "Sept.",
    "Tuesday",
    "Mondays",
    "the",
    "The",
    "last",
    "Last",
    "this",
    "next",
    "past",
    "year",
    "week",
    "month",
    "weekend",
    "today",
    "Tomorrow",
    "yesterday",
    "tonight",
    "in",
    "within",
    "In",
    "since",
    "until",
    "by",
    "early",
    "late",
    "from",
    "of",
    "to",
    "into",
    "2015",
    "1990s",
    "21",
    "3rd",
    "A380",
    "$2015",
    "1,2015",
    "25-26",
    "and",
    "to",
    ",",
    ".",
    " ",
    "  ",
    "\n",
    "-",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_core_matches_are_the_core_pattern_matches(text):
    assert [m.span() for m in _core_matches(text)] == [m.span() for m in CORE_PATTERN.finditer(text)]


def test_recent_and_coming_spans_are_open_at_one_end():
    found = find_dates("in recent years, and in the coming weeks", ANCHOR)
    assert [(d.text, d.value, d.date_start, d.date_end) for d in found] == [
        ("recent years", "../2015", None, date(2015, 12, 31)),
        ("the coming weeks", "2015-05-07/..", ANCHOR, None),
    ]


def test_the_past_decade_is_ten_years_up_to_the_anchor():
    assert _dates("over the past decade and the last two decades, not the past decades of war") == [
        ("the past decade", "2005/2015", "year", "relative"),
        ("the last two decades", "1995/2015", "year", "relative"),
    ]


def test_this_morning_and_last_night():
    assert _dates("This morning the minister said that last night was calm.") == [
        ("This morning", "2015-05-07", "day", "relative"),
        ("last night", "2015-05-06", "day", "relative"),
    ]


def test_quarters_need_a_year():
    assert _dates("Q3 2024 sales beat the third quarter of 2023; in the third quarter he scored; an Audi Q3") == [
        ("Q3 2024", "2024-07/2024-09", "month", "quarter"),
        ("the third quarter of 2023", "2023-07/2023-09", "month", "quarter"),
    ]


def test_the_end_of_a_range_of_weekdays_comes_after_its_start():
    assert _dates("open from Monday to Friday; shut on Monday and Friday") == [
        ("Monday", "2015-05-04", "day", "relative"),
        ("Friday", "2015-05-08", "day", "relative"),
        ("Monday", "2015-05-04", "day", "relative"),
        ("Friday", "2015-05-01", "day", "relative"),
    ]


def test_an_iso_calendar_date_is_a_day_and_an_impossible_one_is_no_date():
    assert _dates("The hearing on 2025-08-01 was moved.") == [("2025-08-01", "2025-08-01", "day", "iso")]
    assert _dates("Filed as 2025-02-30 by mistake.") == []
    # no anchor needed: the text gives the whole date
    assert _dates("Due 1999-12-31.", None) == [("1999-12-31", "1999-12-31", "day", "iso")]


def test_all_digit_dates_are_days_when_day_and_month_can_be_told_apart():
    assert _dates("Signed on 8/14/2025 in Ohio.") == [("8/14/2025", "2025-08-14", "day", "numeric")]
    assert _dates("Signed on 14.08.2025.") == [("14.08.2025", "2025-08-14", "day", "numeric")]
    # March 4 or 3 April: only the year is sure
    assert _dates("Signed on 3/4/2025.") == [("3/4/2025", "2025", "year", "numeric")]
    assert _dates("Signed on 31/02/2025.") == []


def test_the_past_n_weeks_runs_up_to_the_anchor():
    assert _dates("Prices rose over the past two weeks.") == [
        ("the past two weeks", "2015-04-23/2015-05-07", "day", "relative")
    ]


def test_a_weekday_takes_the_date_in_brackets_after_it():
    # the anchor is a Thursday: "Friday" alone would be the Friday before it; the bracket names the next day
    assert _dates("On Friday (May 8) the talks open.") == [
        ("Friday", "2015-05-08", "day", "relative"),
        ("May 8", "2015-05-08", "day", "month_day"),
    ]
