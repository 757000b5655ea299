"""Unit tests for the extraction rules (issue 4): one small input and the exact expected output per rule."""

from __future__ import annotations

from datetime import date

from flows.annotate import annotate_text
from flows.dates import find_dates
from flows.entities import find_mentions
from flows.gazetteers import entity_id, entity_key
from flows.quotes import find_quotes


def _mentions(text: str) -> list[tuple[str, str, str, str | None, str]]:
    return [(m.type, m.text, m.name, m.role, m.rule) for m in find_mentions(text)]


def test_gazetteer_gives_country_codes_and_city_coordinates():
    found = {m.text: m for m in find_mentions("Talks were held in Qingdao, China, and in Russia.")}
    assert (found["China"].type, found["China"].country_code, found["China"].rule) == (
        "LOC",
        "CN",
        "gazetteer",
    )
    assert found["Qingdao"].country_code == "CN" and found["Qingdao"].latitude is not None
    assert found["Russia"].name == "Russia"


def test_role_is_the_title_before_the_name():
    assert _mentions("He met Chinese Defence Minister Admiral Dong Jun on the sidelines.") == [
        ("PERSON", "Dong Jun", "Dong Jun", "Chinese Defence Minister Admiral", "person_name")
    ]


def test_role_extends_over_a_possessive_and_keeps_its_place():
    found = _mentions("according to DW's Washington Bureau Chief Ines Pohl today.")
    assert ("PERSON", "Ines Pohl", "Ines Pohl", "DW's Washington Bureau Chief", "person_name") in found
    assert ("LOC", "Washington", "Washington", None, "gazetteer") in found


def test_short_forms_take_the_full_name():
    found = _mentions(
        "Defence Minister Rajnath Singh arrived. Singh was received by Admiral Dong Jun. Admiral Dong smiled."
    )
    assert [(t, s, n) for t, s, n, _, _ in found] == [
        ("PERSON", "Rajnath Singh", "Rajnath Singh"),
        ("PERSON", "Singh", "Rajnath Singh"),
        ("PERSON", "Dong Jun", "Dong Jun"),
        ("PERSON", "Dong", "Dong Jun"),
    ]


def test_acronym_in_brackets_links_to_its_expansion():
    found = _mentions("the Shanghai Cooperation Organisation (SCO) met. The SCO is large.")
    assert [(t, s, n) for t, s, n, _, _ in found] == [
        ("ORG", "Shanghai Cooperation Organisation", "Shanghai Cooperation Organisation"),
        ("ORG", "SCO", "Shanghai Cooperation Organisation"),
        ("ORG", "SCO", "Shanghai Cooperation Organisation"),
    ]


def test_organisation_patterns():
    found = {
        m.text: m.type
        for m in find_mentions(
            "the Ministry of Defence and the Indian Army visited Mikhailovskaya Artillery Academy."
        )
    }
    assert found == {
        "Ministry of Defence": "ORG",
        "Indian Army": "ORG",
        "Mikhailovskaya Artillery Academy": "ORG",
    }


def test_runs_split_at_and_unless_an_organisation():
    assert [m.text for m in find_mentions("So Donald Trump and Joe Biden met.")] == [
        "Donald Trump",
        "Joe Biden",
    ]


def test_demonyms_events_and_quoted_terms_are_not_entities():
    assert find_mentions('The Russian side and the Paris Agreement, a T-shirt written "CCCP".') == []


def test_spelling_variants_share_a_key_and_an_id():
    assert entity_key("Zelenskyy") == entity_key("Zelensky") == "zelensky"
    assert entity_id("PERSON", "Volodymyr Zelenskyy") == entity_id("PERSON", "Volodymyr Zelensky")
    assert entity_id("PERSON", "Donald Trump") == "1c666708bac6d95a"


def test_quote_with_cue_after_and_pronoun_takes_the_last_speaker():
    text = 'US President Donald Trump spoke. "We will win," Trump told reporters. "It is big," he added.'
    quotes = find_quotes(text, find_mentions(text))
    assert [(q.speaker_name, q.cue, q.rule) for q in quotes] == [
        ("Donald Trump", "told", "cue_after"),
        ("Donald Trump", "added", "pronoun"),
    ]


def test_quote_with_cue_before_and_appositive():
    text = 'Russian Foreign Minister Sergey Lavrov, speaking in Alaska, said, "We never guess."'
    quotes = find_quotes(text, find_mentions(text))
    assert [(q.text, q.speaker_name, q.cue) for q in quotes] == [
        ('"We never guess."', "Sergey Lavrov", "said")
    ]


def test_scare_quotes_and_named_words_are_not_quotes():
    text = 'the theme "Upholding the Shanghai Spirit: SCO on the Move." and a "productive" day'
    assert find_quotes(text, find_mentions(text)) == []


def test_dates_ranges_years_and_relative_days_use_the_article_date():
    text = "held from June 25 to 26, established in 2001. He arrived on Thursday and meets tomorrow."
    found = [(d.text, d.value, d.precision) for d in find_dates(text, date(2025, 8, 15))]
    assert found == [
        ("June 25 to 26", "2025-06-25/2025-06-26", "day"),
        ("2001", "2001", "year"),
        ("Thursday", "2025-08-14", "day"),
        ("tomorrow", "2025-08-16", "day"),
    ]


def test_dates_without_an_anchor_keep_no_year():
    assert [(d.value, d.date_start) for d in find_dates("on August 15", None)] == [("--08-15", None)]


def test_relative_units():
    found = [
        (d.text, d.value)
        for d in find_dates("last year, next month, this weekend, two years ago", date(2013, 10, 20))
    ]
    assert found == [
        ("last year", "2012"),
        ("next month", "2013-11"),
        ("this weekend", "2013-10-19/2013-10-20"),
        ("two years ago", "2011"),
    ]


def test_annotate_offsets_index_the_text():
    text = 'Lavrov said, "Yes we can." Sergey Lavrov left on August 15.'
    out = annotate_text(text, date(2025, 8, 14))
    for part in ("entities", "quotes", "dates"):
        for item in out[part]:
            assert text[item["start"] : item["end"]] == item["text"]
    assert out["quotes"][0]["speaker"] == "Sergey Lavrov"


def test_annotate_command_writes_offsets_into_each_text(tmp_path):
    import json

    from flows.cli import main

    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    record = {"id": "a", "text": 'Lavrov said, "We will see." He left on Thursday.', "date": "2025-08-15"}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["annotate", str(source), str(target)]) == 0
    out = json.loads(target.read_text(encoding="utf-8"))
    assert out["id"] == "a"
    assert [(e["text"], e["type"]) for e in out["entities"]] == [("Lavrov", "PERSON")]
    assert [(q["text"], q["speaker"], q["cue"]) for q in out["quotes"]] == [
        ('"We will see."', "Lavrov", "said")
    ]
    assert [(d["text"], d["value"]) for d in out["dates"]] == [("Thursday", "2025-08-14")]
    assert main(["annotate", str(tmp_path / "missing.jsonl"), str(target)]) == 2
