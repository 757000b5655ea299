"""Unit tests for the entity rules added with the batch path: one small input and the exact expected
mentions (type, surface, rule) per rule, and the one-word frame path checked against the per-run path."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import entities
from flows.entities import find_mentions, find_mentions_batch


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(m.type, m.text, m.rule) for m in find_mentions(text)]


def _roles(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.type, m.text, m.role) for m in find_mentions(text)]


def test_a_lower_case_occupation_before_a_name_makes_a_person():
    assert _found("I asked whether I knew the writer Günter de Bruyn.") == [
        ("PERSON", "Günter de Bruyn", "person_name")
    ]


def test_a_reporting_verb_before_a_name_makes_a_person():
    assert _found('"It has a political dimension," says Tarlo.') == [("PERSON", "Tarlo", "single_word")]


def test_a_relative_who_after_a_name_makes_a_person():
    assert _found("Gomery, who led the inquiry, resigned.") == [("PERSON", "Gomery", "single_word")]


def test_organisation_cue_words_before_and_after_a_name():
    assert _found("Leaders of companies such as Spotify will attend.") == [("ORG", "Spotify", "org_cue")]
    assert _found("A Harley-Davidson spokeswoman said so.") == [("ORG", "Harley-Davidson", "org_cue")]


def test_a_well_known_organisation_stays_one_after_the():
    assert _found("They kept within the Senate rules.") == [("ORG", "Senate", "org_pattern")]


def test_an_unknown_name_after_a_preposition_of_place_is_a_place():
    assert _found("She moved to a farm in Merdingen last year.") == [("LOC", "Merdingen", "locative")]


def test_a_lone_name_after_an_article_is_no_person():
    assert _found("Nobody had read the Bible in their language.") == []


def test_an_unknown_word_coordinated_with_a_person_is_a_person():
    assert _found("The deal between Hariri and Donald Trump held.") == [
        ("PERSON", "Hariri", "coordination"),
        ("PERSON", "Donald Trump", "person_name"),
    ]


def test_a_small_town_is_a_place_only_after_a_preposition_of_place():
    assert _found('"They cannot handle the codes," Obama mocked.') == []
    assert _found("The lakes near Husum had frozen.") == [("LOC", "Husum", "gazetteer")]


def test_place_heads_borrowed_from_romance_languages():
    assert _found("He lives at Casa Santa Marta now.") == [("LOC", "Casa Santa Marta", "org_pattern")]


def test_a_plain_two_word_name_is_a_person_but_not_after_the():
    assert _found("Andy Murray played Benoît Paire in April.") == [
        ("PERSON", "Andy Murray", "person_name"),
        ("PERSON", "Benoît Paire", "person_name"),
    ]
    assert _found("In the Middle Ages, few could read.") == []


def test_a_common_word_opening_a_single_quoted_sentence_is_no_name():
    for quote in ["'", "‘"]:
        text = f"Someone in the office was like, {quote}Hey, by the way, did you guys notice this?"
        assert [m for m in _found(text) if m[1] == "Hey"] == []


def test_a_census_surname_ending_a_run_after_the_makes_no_person_but_a_first_name_does():
    # "Powers" and "States" are census surnames; "Donald" is a census first name
    assert _found("In 1913 the Great Powers realized they had to change their decision.") == []
    assert _found("Finland, Poland and the Baltic States won their independence.")[-1][1] != "Baltic States"
    assert ("PERSON", "Donald Trump") in [m[:2] for m in _found("Critics of the Donald Trump administration spoke.")]


def test_a_plain_run_ending_like_an_english_term_is_no_person():
    assert _found("They shared technologies such as Drones and Electronic Warfare.") == []


def test_a_middle_initial_stays_inside_a_person_name():
    assert _found("John F. Kennedy and George W. Bush were presidents.") == [
        ("PERSON", "John F. Kennedy", "person_name"),
        ("PERSON", "George W. Bush", "person_name"),
    ]
    # an acronym of several capitals is still no name part ("U.S. Army" stays an organisation)
    assert _found("He served in the U.S. Army for years.") == [("ORG", "U.S. Army", "org_pattern")]


def test_a_hyphen_joined_particle_stays_inside_a_name_and_the_surname_alone_resolves():
    mentions = find_mentions("Bashar al-Assad met Abdel Fattah el-Sisi in Cairo. Later, Assad said so.")
    assert [(m.type, m.text, m.name) for m in mentions] == [
        ("PERSON", "Bashar al-Assad", "Bashar al-Assad"),
        ("PERSON", "Abdel Fattah el-Sisi", "Abdel Fattah el-Sisi"),
        ("LOC", "Cairo", "Cairo"),
        ("PERSON", "Assad", "Bashar al-Assad"),
    ]
    # a run never starts with the particle
    assert _found("They prayed at al-Aqsa on Friday.") == []


def test_for_stays_inside_an_organisation_named_for_its_purpose():
    assert _found("A report by the Institute for Fiscal Studies said so.") == [
        ("ORG", "Institute for Fiscal Studies", "org_pattern")
    ]
    assert _found("The Committee for the Protection of Journalists said.") == [
        ("ORG", "Committee for the Protection of Journalists", "org_pattern")
    ]
    # "for" after a word that is no organisation noun still cuts the run
    assert _found("Vote for Trump") == [("PERSON", "Trump", "single_word")]


def test_a_title_of_something_is_a_role_and_what_it_names_a_mention():
    assert _roles("Secretary of State Antony Blinken flew to Tokyo.") == [
        ("PERSON", "Antony Blinken", "Secretary of State"),
        ("LOC", "Tokyo", None),
    ]
    assert _roles("Chief of Staff Mark Meadows left.") == [("PERSON", "Mark Meadows", "Chief of Staff")]
    assert _roles("Minister of Foreign Affairs Sergey Lavrov said.") == [
        ("PERSON", "Sergey Lavrov", "Minister of Foreign Affairs")
    ]
    assert _roles("Governor of Texas Greg Abbott said.") == [
        ("LOC", "Texas", None),
        ("PERSON", "Greg Abbott", "Governor of Texas"),
    ]
    # a role with no name after it: only the organisation or place it names
    assert _roles("Ursula von der Leyen, President of the European Commission, spoke.") == [
        ("PERSON", "Ursula von der Leyen", None),
        ("ORG", "European Commission", None),
    ]
    assert _roles("Yuan Shikai, the President of the Republic of China, agreed.") == [
        ("PERSON", "Yuan Shikai", None),
        ("LOC", "Republic of China", None),
    ]


def test_and_the_joins_two_names_and_a_company_suffix_with_a_full_stop_is_an_organisation_tail():
    assert _found("Fighting spread in the Gaza Strip and the West Bank.") == [
        ("LOC", "Gaza Strip", "org_pattern"),
        ("LOC", "West Bank", "gazetteer"),
    ]
    assert _found("He sold Goldman Sachs Group Inc. and Apple Inc. shares.") == [
        ("ORG", "Goldman Sachs Group Inc.", "org_pattern"),
        ("ORG", "Apple Inc.", "org_pattern"),
    ]


def test_a_title_written_short_ends_no_sentence():
    assert _roles("Rep. Alexandria Ocasio-Cortez (D-N.Y.) said.") == [
        ("PERSON", "Alexandria Ocasio-Cortez", "Rep.")
    ]
    assert [(m.text, m.role) for m in find_mentions("Lt. Col. Alexander Vindman testified.")] == [
        ("Alexander Vindman", "Lt. Col.")
    ]


def test_clubs_and_the_united_nations_are_organisations():
    assert _found("Manchester United beat Liverpool at Old Trafford.") == [
        ("ORG", "Manchester United", "org_pattern"),
        ("LOC", "Liverpool", "gazetteer"),
        ("LOC", "Old Trafford", "gazetteer"),
    ]
    # before "Nations" was an organisation tail this was a plain two-word name: a person
    assert _found("He spoke at the United Nations on Monday.") == [("ORG", "United Nations", "org_pattern")]


def test_a_body_named_for_two_subjects_stays_one_organisation():
    assert _found("The Department of Health and Human Services said.") == [
        ("ORG", "Department of Health and Human Services", "org_pattern")
    ]
    # a person after "and" is a second party
    assert _found("The Department of Justice and Merrick Garland agreed.")[0] == (
        "ORG",
        "Department of Justice",
        "org_pattern",
    )


def test_a_common_word_capitalised_by_its_sentence_is_no_name():
    # census surnames that are common English words, opening their sentences
    assert _found("Fast food is cheap. Sand covered the road.") == []
    assert _found("Let's see. Researchers disagree.") == []
    # the same word written capitalised inside a sentence, or followed by a reporting verb, is a name
    assert _found("Prior was right. We asked Prior again.") == [
        ("PERSON", "Prior", "single_word"),
        ("PERSON", "Prior", "single_word"),
    ]
    assert _found("Low said the vote was close.") == [("PERSON", "Low", "single_word")]
    # census first names and common surnames keep their benefit of the doubt
    assert _found("Wright arrived late. Wright left early.") == [
        ("PERSON", "Wright", "single_word"),
        ("PERSON", "Wright", "single_word"),
    ]


def test_a_title_case_phrase_of_common_words_is_no_person():
    assert _found("Read the Neighborly User Guide and the Adjusted Median Income table.") == []
    assert _found("He wrote Salmon Fishing years ago.") == []
    # a plain two-word name with an uncommon word stays a person
    assert _found("Benoît Paire won.") == [("PERSON", "Benoît Paire", "person_name")]


def test_a_plural_or_gerund_before_a_reporting_verb_is_no_name():
    assert _found("Officials said the plan was dead.") == []
    assert _found("Fighting continued in the region.") == []
    # surnames and names before a reporting verb stay
    assert _found("Williams said so. Trump said no.") == [
        ("PERSON", "Williams", "single_word"),
        ("PERSON", "Trump", "single_word"),
    ]


def test_more_organisation_heads_and_tails():
    assert _found("The Federal Bureau of Investigation (FBI) arrested him.") == [
        ("ORG", "Federal Bureau of Investigation", "org_pattern"),
        ("ORG", "FBI", "coreference"),
    ]
    assert _found("Amnesty International condemned the move.") == [
        ("ORG", "Amnesty International", "org_pattern")
    ]


def test_hyphen_joined_titles_make_a_role():
    assert _roles("UN Secretary-General Antonio Guterres warned.") == [
        ("ORG", "UN", None),
        ("PERSON", "Antonio Guterres", "UN Secretary-General"),
    ]
    assert [(m.text, m.role) for m in find_mentions("Vice-President Kamala Harris spoke.")] == [
        ("Kamala Harris", "Vice-President")
    ]


def test_short_titles_and_parliaments_of_other_countries():
    assert _roles("Union Home Minister Amit Shah met PM Modi.") == [
        ("PERSON", "Amit Shah", "Union Home Minister"),
        ("PERSON", "Modi", "PM"),
    ]
    assert _found("The Knesset and the State Duma voted. Lok Sabha passed it.") == [
        ("ORG", "Knesset", "org_pattern"),
        ("ORG", "State Duma", "org_pattern"),
        ("ORG", "Lok Sabha", "org_pattern"),
    ]


def test_news_agencies_and_broadcasters_without_an_organisation_word():
    assert _found("He told Al Jazeera and Sky News.") == [
        ("ORG", "Al Jazeera", "org_pattern"),
        ("ORG", "Sky News", "org_pattern"),
    ]
    assert _found("Deutsche Welle and Yonhap reported.") == [
        ("ORG", "Deutsche Welle", "org_pattern"),
        ("ORG", "Yonhap", "org_pattern"),
    ]


def test_a_word_opening_many_sentences_has_its_occurrences_read_once(monkeypatch):
    # a 50 MB line of one repeated sentence made this quadratic: every mention re-read every occurrence
    calls = []
    real = entities._written_inside_a_sentence
    monkeypatch.setattr(
        entities, "_written_inside_a_sentence", lambda text, word: calls.append(word) or real(text, word)
    )
    assert _found("Fifty lines of one text, no newline. " * 500) == []
    assert calls == ["Fifty"]


def test_a_very_long_capitalised_run_costs_a_bounded_number_of_place_lookups(monkeypatch):
    # the longest-country prefix and the "<title> of" search tried every prefix of a run: quadratic
    calls = []
    real = entities._place
    monkeypatch.setattr(entities, "_place", lambda name: calls.append(name) or real(name))
    for lead in ("He met", "President of"):
        calls.clear()
        find_mentions(lead + " " + " ".join(["Alpha"] * 5000) + " said.")
        assert len(calls) < 200, (lead, len(calls))


def test_an_empty_batch_finds_nothing():
    assert find_mentions_batch([]) == []
    assert find_mentions_batch([""]) == [[]]


def test_a_batch_finds_what_each_text_finds_alone():
    texts = ["Mr Trump met Putin in Moscow.", "", "The SCO met in Qingdao, China. Lavrov said so."]
    assert find_mentions_batch(texts) == [find_mentions(text) for text in texts]


SAMPLES = [
    "Mr Trump said Putin met Lavrov in Moscow (SCO). NATO, the Senate and Reuters were told.",
    "The Bible, the Maya and Snowman: Fast forward to 2016. Researchers say U.S. stocks rose.",
    'In Husum, Obama mocked "Zettel" and the Army; Russia-Ukraine talks. Winstone said. Winstone left.',
    "Students like Rai met Seagal's friends at Addenbrooke's. Gomery, who led it, met Hariri and Aoun.",
    "I'm told the University and the Government (EU) met the CIA's staff near Kamchatka.",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_one_word_frame_path_classifies_as_the_per_run_path(text):
    """``_classify_single_words`` (polars) and ``_run_mentions`` (Python) implement the same rules for
    a one-word run; this keeps the two in step."""
    vocabulary = entities._lower_words(text)
    rows: dict[str, list] = {"text_id": [], "start": [], "run": [], "before": [], "after": []}
    per_run = []
    for run in entities.CAPITALISED_RUN.finditer(text):
        if " " in run.group():
            continue
        start, end = run.span()
        per_run += [
            (m.start, m.end, m.type, m.text, m.name, m.country_code, m.rule)
            for m in entities._run_mentions(text, start, end, vocabulary)
        ]
        rows["text_id"].append(0)
        rows["start"].append(start)
        rows["run"].append(run.group())
        rows["before"].append(text[max(0, start - entities._BEFORE) : start])
        rows["after"].append(text[end : end + entities._AFTER])
    words = pl.DataFrame(
        rows,
        schema={"text_id": pl.Int64, "start": pl.Int64, "run": pl.String, "before": pl.String, "after": pl.String},
    )
    lower = pl.DataFrame(
        {"text_id": [0] * len(vocabulary), "_lower": sorted(vocabulary)},
        schema={"text_id": pl.Int64, "_lower": pl.String},
    )
    frame = entities._classify_single_words(words, lower)
    by_frame = [(r[1], r[2], r[3], r[4], r[5], r[6], r[9]) for r in frame.iter_rows()]
    assert per_run, "the sample has one-word runs"
    assert sorted(by_frame) == sorted(per_run)


_LOWER_PIECES = ["a", "b", "ab", "xy", "'", "’", "-", " ", "A", "Z", "1", "_", "é", "\u0301", "\n", ".", "ß", "ab-c"]


@given(st.lists(st.sampled_from(_LOWER_PIECES), max_size=12).map("".join))
@settings(max_examples=400, deadline=None)
def test_lower_words_membership_is_findall_membership(text):
    """``_LowerWords`` answers ``word in`` without ``findall``: the same answer for every substring."""
    listed = entities._lower_words(text)
    asked = entities._LowerWords(text)
    words = {text[i:j] for i in range(len(text)) for j in range(i + 1, min(len(text), i + 10) + 1)} | listed
    assert {w for w in words if w in asked} == {w for w in words if w in listed}
