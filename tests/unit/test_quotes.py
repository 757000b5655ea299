"""Unit tests for the quote rules of flows/quotes.py: one small input and the exact expected quotes per rule."""

from __future__ import annotations

from flows.entities import find_mentions
from flows.quotes import find_quotes


def _quotes(text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(q.text, q.speaker_name or q.speaker_text, q.cue, q.rule) for q in find_quotes(text, find_mentions(text))]


def test_short_fragment_in_a_sentence_without_reporting_word_is_a_scare_quote():
    text = 'As far as I can tell, the site features "free as in beer" content, which is fine.'
    assert _quotes(text) == []


def test_short_fragment_with_a_reporting_word_in_its_sentence_is_kept():
    text = 'Donald Trump has vowed to "end the war quickly," while others wait.'
    assert [q[0] for q in _quotes(text)] == ['"end the war quickly,"']


def test_title_after_a_preposition_is_dropped_even_with_a_cue():
    text = '"It is time to say goodbye," Microsoft says on "The Internet Explorer 6 Countdown".'
    assert [q[0] for q in _quotes(text)] == ['"It is time to say goodbye,"']


def test_title_case_ignores_small_words():
    text = 'I wanted to be a pilot and at the "Top of the Spear." It was all or nothing.'
    assert _quotes(text) == []


def test_reference_list_line_is_not_a_quote():
    text = 'Sources\n"Document found on street not secret, say feds" — The Canadian Press, August 15, 2008\n'
    assert _quotes(text) == []


def test_adage_and_dubbed_name_are_mentioned_not_quoted():
    text = (
        "What about the adage, “Those who forget history are doomed to repeat it”?\n"
        'Matthew Ingram dubbed the conflict: "Scientology vs. the Internet, part XVII".'
    )
    assert _quotes(text) == []


def test_span_opened_by_a_closing_mark_is_dropped():
    text = 'It would be used to "discover" the small samples the capsule collected. The project is big.'
    assert _quotes(text) == []


def test_span_opened_after_a_cue_with_a_stray_space_is_kept():
    text = 'Professor Andrew Burrows also said," For example, schools can run their own flag votes".'
    assert _quotes(text) == [
        ('" For example, schools can run their own flag votes"', "Andrew Burrows", "said", "cue_before")
    ]


def test_pull_quote_signed_after_a_dash():
    text = "\"So far, it's the Internet: 1, Scientology: 0. But it's a long game.\" - Matthew Ingram\nMore text."
    assert _quotes(text) == [
        ("\"So far, it's the Internet: 1, Scientology: 0. But it's a long game.\"", "Matthew Ingram", None, "cue_dash")
    ]


def test_typewriter_quotes_open_with_backticks():
    text = '`` I say brains is the greater producer of wealth, not oil. We have brains." — Peres, on oil.'
    assert [(q[0][:12], q[1], q[3]) for q in _quotes(text)] == [("`` I say bra", "Peres", "cue_dash")]


def test_according_to_takes_the_person_named_after_it():
    text = 'In the words of the Crown prosecutor, Mark Tedeschi, QC, "Gloria spent a lot of time crying."'
    assert _quotes(text) == [
        ('"Gloria spent a lot of time crying."', "Mark Tedeschi", "in the words of", "cue_according")
    ]


def test_quote_opening_its_sentence_takes_the_last_reporting_clause_of_the_paragraph():
    text = (
        "Colette Heald noted the findings show pollution reduction is also important. "
        '"An air-quality cleanup would improve crop yields."'
    )
    assert _quotes(text) == [
        ('"An air-quality cleanup would improve crop yields."', "Colette Heald", None, "cue_prior")
    ]


def test_reporting_clause_before_the_last_attributed_quote_is_not_used():
    text = 'Colette Heald noted the findings. "It matters," Donald Trump told reporters. "We will see what happens."'
    assert [q[1] for q in _quotes(text)] == ["Donald Trump", "Donald Trump"]


def test_lower_case_role_words_before_the_name_after_a_quote():
    text = '"We are so interested," team member Rodaba Noori told the press.'
    assert _quotes(text) == [('"We are so interested,"', "Rodaba Noori", "told", "cue_after")]


def test_pronoun_takes_the_person_named_earlier_in_its_sentence():
    text = (
        "Prosecutor Mark Tedeschi told the court. Allegedly, Thomas Sam's sister pleaded with him, "
        'but he replied "I am not able to do that".'
    )
    assert [(q[1], q[3]) for q in _quotes(text)][-1] == ("Thomas Sam", "pronoun")


def test_pronoun_opening_a_paragraph_looks_at_the_paragraph_before():
    text = (
        '"It is stuff that could be available," Minister John Baird said.\n'
        "Environment Canada spokeswoman Sujata Raisinghani told CBC News the department will look into it.\n"
        '"We take document security seriously," she said.'
    )
    assert [(q[1], q[3]) for q in _quotes(text)][-1] == ("Sujata Raisinghani", "pronoun")


def test_abbreviations_do_not_end_the_sentence_before_a_quote():
    text = 'The U.S. Department of Agriculture notes, "Ground-level ozone causes more damage to plants."'
    assert [q[1] for q in _quotes(text)] == ["U.S. Department of Agriculture"]


def test_auxiliary_verbs_and_a_comma_between_speaker_and_cue():
    text = 'The secretary general, Nunzio Galantino, has called the sentence "dangerous".'
    assert _quotes(text) == [('"dangerous"', "Nunzio Galantino", "called", "cue_before")]


def test_single_marks_open_a_quote_only_after_a_reporting_verb():
    text = "People come up to me and say, 'Hey Frank, I don't know you,' and laugh. It's the parents' car."
    assert [q[0] for q in _quotes(text)] == ["'Hey Frank, I don't know you,'"]


def test_first_person_speaker_is_not_the_last_person_mentioned():
    text = "Even though I'm not Michael Jackson, I say, 'Hey John, my name is Frank' and they laugh."
    assert [(q[1], q[3]) for q in _quotes(text)] == [("I", "pronoun")]


def test_owner_of_a_possessive_subject_is_the_speaker():
    text = 'PC World\'s analysis of its own traffic concluded, "Internet Explorer is the #2 browser."'
    assert [(q[1], q[2], q[3]) for q in _quotes(text)] == [("PC World", "concluded", "cue_before")]


def test_a_speaker_described_by_a_common_noun_keeps_the_cue_and_its_organisation():
    # a two-word quote is kept once a reporting verb attributes it
    assert _quotes('"No comment," a Pentagon spokesman said.') == [('"No comment,"', "Pentagon", "said", "cue_after")]
    assert _quotes('"We are ready," officials said.') == [('"We are ready,"', "officials", "said", "cue_after")]
    assert _quotes('"We are ready," said a senior official.') == [
        ('"We are ready,"', "senior official", "said", "cue_after")
    ]
    # "the ministry" is the organisation named with that word earlier
    text = 'The Ministry of Defence denied it. "It is over," the ministry said.'
    assert _quotes(text) == [('"It is over,"', "Ministry of Defence", "said", "cue_after")]
    # a person named in the apposition speaks
    text = '"It is over," the minister, Sergey Lavrov, said.'
    assert _quotes(text) == [('"It is over,"', "Sergey Lavrov", "said", "cue_after")]


def test_a_described_speaker_before_the_quote_and_lower_case_particles_in_a_speaker():
    assert _quotes('In a statement, the company said: "We take these concerns seriously."') == [
        ('"We take these concerns seriously."', "the company", "said", "cue_before")
    ]
    # "called" names something: no comma or colon before the quote, so no cue and a short quote is dropped
    assert _quotes('a comet called Wild 2 (pronounced "Vilt-two" - the discoverer was German)') == []
    assert _quotes('"It is a historic day," said Ursula von der Leyen, the Commission president.') == [
        ('"It is a historic day,"', "Ursula von der Leyen", "said", "cue_after")
    ]
    # a particle inside a word is no name ("people" ends in "le")
    assert _quotes('Many people say "never again" but forget.') == []


def test_single_quotes_followed_by_their_attribution_as_british_papers_write_them():
    text = "‘It is a disgrace,’ said Labour leader Keir Starmer. ‘They should resign.’"
    assert _quotes(text) == [
        ("‘It is a disgrace,’", "Keir Starmer", "said", "cue_after"),
        ("‘They should resign.’", "Keir Starmer", None, "continuation"),
    ]
    assert _quotes("'We will win this fight,' Mr Johnson told the BBC.") == [
        ("'We will win this fight,'", "Johnson", "told", "cue_after")
    ]
    # apostrophes and scare quotes with no attribution after them are no quotes
    assert _quotes("It's the workers' rights that matter, and Boris' plan isn't.") == []
    assert _quotes("The so-called ‘red wall’ seats fell. Voters said no.") == []


def test_a_single_quoted_passage_inside_a_double_quoted_one_is_part_of_it():
    text = "\"He told me, 'Hey John, my name is Frank,' and left,\" Tom said."
    assert [q[0] for q in _quotes(text)] == ["\"He told me, 'Hey John, my name is Frank,' and left,\""]
