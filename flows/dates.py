"""Date stage core: one text and its anchor date -> normalised date mentions (pure).

Rules, in the order they run (one alternation, earlier alternatives win at a position):

1. ``month_day``: "August 15", "June 25 to 26" (a range), "Tuesday, July 21, 2017", "Aug. 3rd".
2. ``day_month``: "15 August 2025", "25-26 June".
3. ``month_year``: "November 2013" (precision month).
4. ``year``: a year 1800-2099 standing alone ("in 2001", "the 2025 chair"; precision year).
5. ``relative``: "today", "tomorrow", "yesterday", "on Thursday" -> resolved against the article's own
   date (``anchor``: published_at or the dateline date), never the clock; a weekday is the latest one
   on or before the anchor, or the next one when the sentence speaks of the future ("will", "next").
   Also "last week", "the weekend", "ten years ago", "24 hours ago", "a decade ago", "the last 30 years"
   (a range of years up to the anchor's; not "the last five months of her life"), "after an 11-year
   lull" (the same, as "11-year"), "by the end of the year" / "year end" (the anchor year's last day),
   "this years" (a missing apostrophe). Vague spans ("a few months ago", "several years back", "the
   past few days", "in recent years") are open ranges up to the anchor at the unit's precision,
   written as ISO 8601-2 writes an open start: "../2012-03"; "in the coming weeks" and "the next few
   days" are open at the end ("2012-03-15/.."). "The past decade" is ten years up to the anchor's;
   "this morning" the anchor's day and "last night" the day before. The second weekday of a range
   ("from Monday to Friday") comes on or after the first.
6. ``named_day``: "9/11" (2001-09-11), "Christmas Day", "New Year's Eve", "Halloween" (not a bare
   "Christmas": a surname as often as a day).
7. ``month_part``: "late September" (15th to the month's end), "early May" (1st to 15th), "mid-June"
   (10th to 20th).
8. ``season``: "summer of 2012", "last winter" -> months, solstice to equinox as the gold marks them
   ("2012-06/2012-09"); a season with no year and no "last"/"this"/"next" is every such season
   ("--12/--03") when capitalised ("the Winter Olympics") or after "in"/"during" ("in summer"), and
   no date at all as a lower-case modifier ("winter wheat", "summer school").
9. ``decade`` / ``century``: "the 1980s", "the '60s", "the sixties"; "the 20th century", "the past
   century" (1900-01-01/1999-12-31).
10. ``two_digit_year``: "'84"; bare two-digit numbers only in a list after "in" that ends the clause
   ("Reagan in 80 and 84, Bush in 88 and 92"): the century that keeps the year on or before the anchor.
11. ``relative`` again for "the year before", "the following day", "two days later", "the next day":
   counted from the last date the text gave before them (the narrative's own time), else from the
   anchor; not "the day before the vote" (counted from an event).
12. ``event``: a day noun phrase set off by commas next to a day ("Saturday night, the opening night,";
   "Opening night, January 23, 2014,"; "Yesterday, day five of the World Cup,") takes that day, and so
   do its repetitions in the text ("USI's opening night").
13. ``quarter``: "Q3 2024", "the third quarter of 2024" (2024-07/2024-09); not without a year (a
   game's third quarter, an Audi Q3).

A bare month that is the subject of "is" ("October is National Magic Month") is every such month: no
year ("--10"). A missing year is otherwise the one that puts the date nearest the anchor, or the first
one on or after it when the sentence speaks of the future ("is to be held from November 20"); with no
anchor the value keeps no year ("--08-15").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import ahocorasick

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
DECADE_WORDS = {
    "twenties": 1920,
    "thirties": 1930,
    "forties": 1940,
    "fifties": 1950,
    "sixties": 1960,
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
}
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4}
ORDINAL_WORDS = {
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}
#: Seasons as (first month, last month), solstice to equinox, the way the GUM gold normalises them
#: ("summer of 2012" -> 2012-06/2012-09); winter runs into the next year.
SEASONS = {"spring": (3, 6), "summer": (6, 9), "autumn": (9, 12), "fall": (9, 12), "winter": (12, 3)}
#: Part of a month -> (first day, last day or None for the month's end).
MONTH_PARTS = {"early": (1, 15), "mid": (10, 20), "late": (15, None)}
#: Named days -> (year or None for "the one nearest the anchor", month, day).
NAMED_DAYS = {
    "9/11": (2001, 9, 11),
    "christmas day": (None, 12, 25),
    "christmas eve": (None, 12, 24),
    "new year's day": (None, 1, 1),
    "new year's eve": (None, 12, 31),
    "halloween": (None, 10, 31),
    "valentine's day": (None, 2, 14),
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_TO = r"\s*(?:to|-|–|—|and|until|through)\s*"
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_ORDINAL = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
# "the day before" ends there; "the day before the vote" counts from an event, not from a date
# ("day after day": a repetition, no date)
_NO_OBJECT = r"(?!\s+(?:(?:the|a|an|his|her|its|their|this|that|he|she|it|they|we|I|day|week|month|year)\b|[A-Z0-9]))"
#: The alternatives of the date pattern, in order (earlier ones win at a position), each with the family
#: of rules it belongs to; ``None`` for the core rules that every text is scanned for.
_ALTERNATIVES = (
    (
        None,
        rf"(?:(?P<wd1>{_WEEKDAY}),?\s+)?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?!\d)(?:{_TO}(?P<d1b>{_DAY})(?!\d))?(?:,?\s+(?P<y1>{_YEAR}))?(?!\d)",
    ),
    (
        None,
        rf"(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?P<d2>{_DAY})(?:{_TO}(?P<d2b>{_DAY}))?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?(?!\d)",
    ),
    (None, rf"(?P<m3>{_MONTH}),?\s+(?:of\s+)?(?P<y3>{_YEAR})(?!\d)"),
    (
        "named",
        r"(?P<named>9/11(?![/\d])|Christmas\s+(?:Day|Eve)|New\s+Year['’]s\s+(?:Day|Eve)|Halloween|Valentine['’]s\s+Day)",
    ),
    (
        "month_part",
        rf"(?P<mpart>early|Early|mid|Mid|late|Late)[\s-]+(?P<m8>{_MONTH_NAME})(?:,?\s+(?P<y8>{_YEAR}))?(?![\w-]|,?\s+\d)",
    ),
    (
        "season",
        r"(?P<season>spring|Spring|summer|Summer|autumn|Autumn|fall|Fall|winter|Winter)"
        rf"(?:\s+(?:of\s+)?(?P<ys>{_YEAR})|\s+of\s+(?P<ys_old>\d{{3,4}}))?(?!\w)",
    ),
    (None, r"(?P<decade>(?:1[89]|20)\d0)['’]?s\b"),
    # "the '90s" (a decade) or "'84" (a year)
    ("apostrophe", r"['’](?:(?P<dec2>\d0)s\b|(?P<yy>\d\d)(?![\w'’%]))"),
    (
        "decade_word",
        r"(?P<decword2>[Tt]he\s+(?:nineteen[\s-])?(?P<decname>twenties|thirties|forties|fifties|sixties|seventies"
        r"|eighties|nineties))\b",
    ),
    (
        "century",
        rf"(?P<century>(?:[Tt]he\s+)?(?:(?P<cn>1\d|2[01])(?:st|nd|rd|th)|(?P<cw>{_ORDINAL})"
        r"|(?P<crel>past|last|previous|this|current|next))[\s-]+century)\b",
    ),
    ("year_list", r"(?:in|In)\s+(?P<yychain>\d\d(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+)\d\d)*)(?=[,.;:)](?!\d)|\s*$)"),
    (
        "span",
        rf"(?P<span>(?:last|Last|past|Past)\s+(?:(?P<sn>\d{{1,3}}|{_NUMBER})\s+(?P<sunit>years|months|weeks|days|decades)"
        r"|(?P<sdecade>decade)))\b(?!\s+of\b)",
    ),
    ("year_end", r"\b(?P<yend>(?:[Tt]he\s+)?end\s+of\s+(?:the|this)\s+(?P<yeunit>year|month)|year[\s-]end)\b"),
    # all-digit dates with slashes or dots ("8/14/2025", "14.08.2025"): day and month told apart when
    # one of them is over 12 or both are equal; else the order depends on the writer's country
    (
        None,
        r"(?<![\d/.-])(?P<num>(?P<na>\d{1,2})(?P<nsep>[/.])(?P<nb>\d{1,2})(?P=nsep)(?P<ny>(?:1[89]|20)\d\d))(?![\d/-]|[/.]\d)",
    ),
    # ISO 8601 calendar dates ("2025-08-01"): the one all-digit form whose order no locale changes
    (
        None,
        r"(?<![\d/.-])(?P<iso>(?P<isoy>(?:1[89]|20)\d\d)-(?P<isom>0[1-9]|1[0-2])-(?P<isod>0[1-9]|[12]\d|3[01]))(?![\d-])",
    ),
    (
        None,
        rf"(?<![\d$£€.,])(?P<y4>{_YEAR})(?![\d%]|,\d|\.\d|\s*(?:per\s?cent|percent|people|km|kg|m\b)|[\s-]years?\b)",
    ),
    (
        None,
        r"\b(?P<relunit>(?:[Tt]he\s+)?(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+(?P<unit>[Yy]ear|[Mm]onth|[Ww]eek|[Ww]eekend))\b",
    ),
    ("weekend", r"\b(?P<wkend>[Tt]he\s+weekend)\b"),
    # "a few months ago", "several years back", "the past few days": open ranges up to the anchor
    (
        "vague",
        r"(?P<vague>(?:(?:[Aa]\s+few|[Ss]everal|[Aa]\s+couple\s+of|[Ss]ome|[Mm]any)\s+(?P<vunit>hours|days|weeks|months|years)"
        r"\s+(?:ago|back))|(?:[Tt]he\s+)?(?:[Pp]ast|[Ll]ast)\s+(?:few|several|couple\s+of)\s+(?P<vunit2>hours|days|weeks|months|years)"
        r"|[Rr]ecent\s+(?P<vunit3>days|weeks|months|years)"
        r"|(?:[Tt]he\s+)?(?:coming|next\s+few|next\s+several)\s+(?P<vnext>days|weeks|months|years))\b",
    ),
    # "the year before", "the following day", "two days later": from the last date the text gave
    (
        "reference",
        rf"(?P<ref>(?:[Tt]he\s+)?(?:(?:[Ff]ollowing|[Pp]revious|[Pp]receding)\s+(?P<ru1>day|week|month|year)"
        rf"|(?P<ru2>day|week|month|year)\s+(?P<rdir2>before|after){_NO_OBJECT}|[Nn]ext\s+(?P<ru4>day|morning))"
        rf"|(?P<rn>\d{{1,2}}|{_NUMBER}|[Aa])\s+(?P<ru3>days?|weeks?|months?|years?)\s+"
        rf"(?P<rdir>later|earlier|(?:before|after){_NO_OBJECT}))\b",
    ),
    # "after an 11-year lull": the years up to the anchor; the mention is "11-year"
    (
        "pause",
        rf"(?:[Aa]fter|[Ee]nding)\s+an?\s+(?P<pause>(?P<pn>\d{{1,3}}|{_NUMBER})-year)\s+"
        r"(?:lull|hiatus|break|absence|gap|pause|drought|ban|freeze|moratorium|suspension)\b",
    ),
    # "this years lantern festival": "this year's" without its apostrophe
    ("this_years", r"(?P<thisyears>[Tt]his\s+years)(?=\s+[a-z])"),
    # "this morning", "last night": the anchor's day, or the day before it
    ("day_part", r"(?P<daypart>(?P<dpword>[Tt]his|[Ll]ast)\s+(?:morning|afternoon|evening|night))\b"),
    # "Q3 2024", "the third quarter of 2024"; not without a year (a game's third quarter, an Audi Q3)
    (
        "quarter",
        rf"(?P<quarter>(?:Q(?P<qn>[1-4])|(?:[Tt]he\s+)?(?P<qw>first|second|third|fourth|final)[\s-]+quarter(?:\s+of)?)"
        rf",?\s+(?P<qy>{_YEAR}))(?!\d)",
    ),
    # any word as the number, checked against NUMBER_WORDS after the match: a list of words in the
    # pattern is tried at every word start and made this the slowest alternative
    (
        "ago",
        r"(?P<ago>\[?(?P<n>\d{1,3}|[A-Za-z]+)\]?\s+(?P<agounit>years?|decades?|months?|weeks?|days?|hours?)\s+ago)\b",
    ),
    (None, r"\b(?P<rel>[Tt]oday|[Tt]omorrow|[Yy]esterday|[Tt]onight)\b"),
    (
        None,
        r"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Ff]rom|[Oo]f|[Tt]o)\s"
        r"(?P<m6>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!,?\s+\d)",
    ),
    (None, r"\b(?P<m7>January|February|March|April|June|July|August|September|October|November|December)\b"),
    (None, rf"\b(?P<wd5>{_WEEKDAY})\b"),
)
#: A family's pattern runs only near these substrings, each inside every match of it (families not
#: listed: over the whole text). Families whose first word is common keep the word-start look-behind
#: (``_LOOK_BEHIND``); the others start with a literal word ("summer", "late", "in") that the engine
#: finds without trying every position. Measured on the dev texts: every new alternative inside the one
#: core pattern made ``find_dates`` 2.5x slower; split and gated like this, 1.4x (the whole extraction
#: stage about 1.1x).
_FAMILY_GATES: dict[str, tuple[str, ...]] = {
    "named": ("9/11", "Christmas", "New Year", "Halloween", "Valentine"),
    "month_part": ("early", "Early", "mid", "Mid", "late", "Late"),
    "season": ("pring", "ummer", "utumn", "inter", "Fall", "fall"),
    "span": ("years", "months", "weeks", "days", "decade"),
    "decade_word": ("ties",),
    "century": ("century",),
    "year_end": ("end of th", "year end", "year-end"),
    "weekend": ("weekend",),
    "vague": (" ago", " back", "few ", "several ", "couple of ", "ecent ", "coming "),
    "reference": ("before", "after", "earlier", "later", "ollowing", "revious", "receding", "ext day", "ext morning"),
    "pause": ("-year ",),
    "this_years": ("his years",),
    "day_part": ("is morning", "is afternoon", "is evening", "ast night", "ast evening"),
    "quarter": ("quarter", "Q"),
    # an apostrophe and a digit: "'84", "the ’90s"
    "apostrophe": tuple(mark + digit for mark in "'’" for digit in "0123456789"),
    "ago": (" ago",),
}
#: A gated family is searched only within ``_WINDOW`` characters of its gate words (``_windowed``;
#: every match holds one). Scanned whole, a family whose pattern starts with an optional common word
#: ("the", a number) tries every word start: "vague" and "reference" each made ``find_dates`` about
#: 10% slower that way.
_WINDOW = 40
_LOOK_BEHIND = frozenset(["decade_word", "century", "year_end", "weekend", "ago", "vague", "reference", "quarter"])
#: Words before a family's match that belong to the date expression ("last summer", "the 1990s").
_LEAD_WORDS = {
    "season": re.compile(r"(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+$"),
    "apostrophe": re.compile(r"[Tt]he\s+$"),
    "span": re.compile(r"[Tt]he\s+$"),
}


def _compile(alternatives: list[str] | str) -> re.Pattern:
    alternatives = [alternatives] if isinstance(alternatives, str) else alternatives
    # Every alternative starts a word; the leading look-behind lets the engine skip other positions
    # at once (8x faster on the dev articles than the bare alternation).
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


#: The core rules in one pattern; one pattern per family, the ungated ones without the look-behind (it
#: would hide their literal first word from the engine): ``_matches`` checks that a match starts a word.
CORE_PATTERN = _compile([alt for family, alt in _ALTERNATIVES if family is None])
FAMILY_PATTERNS = {
    # families that start with a common word ("the", a number) keep the look-behind
    name: (_compile if name in _LOOK_BEHIND else re.compile)(
        "|".join(alt for family, alt in _ALTERNATIVES if family == name)
    )
    for name in dict.fromkeys(family for family, _ in _ALTERNATIVES if family is not None)
}
#: All alternatives in one pattern (its group names are the ones every match is read with).
DATE_PATTERN = _compile([alt for _, alt in _ALTERNATIVES])
_NO_GROUPS = dict.fromkeys(DATE_PATTERN.groupindex)


#: Where a core match can start: each core alternative opens with a month, a weekday, a relative word
#: or a digit, or with "the" or a preposition right before a month name or last/this/next/past
#: (``_CORE_LEAD``; no core alternative opens with one of those words before anything else).
#: ``CORE_PATTERN.finditer`` has no literal to skip to and tries every position (about 5x slower on
#: the dev texts); these words, the digits and the gate words of the families are found in one
#: Aho-Corasick pass (``_scan``; a digit after no other digit starts a run).
_CORE_WORDS = (  # noqa: SIM905
    "Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    " Today Tomorrow Yesterday Tonight today tomorrow tonight yesterday"
).split()
#: Core words that "the" or a preposition may come before in the same match ("in March", "the next week").
_LEAD_CORE_WORDS = (  # noqa: SIM905
    "January February March April May June July August September October November December"
    " Last This Next Past last this next past"
).split()
_DIGITS = "0123456789"
_CORE_LEAD = re.compile(r"(?:[Tt]he|[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Ff]rom|[Oo]f|[Tt]o)\s+$")
_GATE, _CORE, _LEAD_CORE, _DIGIT = 0, 1, 2, 3


def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    # each word -> (the word, what it is: a family's gate word, a core word, a core word with lead
    # words, a digit)
    for words in _FAMILY_GATES.values():
        for word in words:
            automaton.add_word(word, (word, _GATE))
    for kind, words in ((_CORE, _CORE_WORDS), (_LEAD_CORE, _LEAD_CORE_WORDS), (_DIGIT, list(_DIGITS))):
        for word in words:
            if word in automaton:
                raise ValueError(f"{word!r} is a core word and a gate word")
            automaton.add_word(word, (word, kind))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _automaton()


def _scan(text: str) -> tuple[set[int], dict[str, list[int]]]:
    """(where a core match can start, gate word -> the starts of its occurrences in text order), from
    one Aho-Corasick pass over the text (overlapping occurrences included)."""
    core: set[int] = set()
    leads: set[int] = set()
    hits: dict[str, list[int]] = {}
    for last, (word, kind) in _AUTOMATON.iter(text):
        start = last - len(word) + 1
        if kind == _GATE:
            found = hits.get(word)
            if found is None:
                hits[word] = [start]
            else:
                found.append(start)
        elif kind == _DIGIT:
            if start == 0 or text[start - 1] not in _DIGITS:
                core.add(start)
        elif kind == _CORE:
            core.add(start)
        else:
            leads.add(start)
    for at in leads:
        lead = _CORE_LEAD.search(text, max(0, at - 8), at)
        if lead:
            core.add(lead.start())
    core |= leads
    return core, hits


def _core_matches(text: str, starts: set[int] | None = None) -> list[re.Match]:
    """``CORE_PATTERN.finditer(text)``, tried only where a core match can start (``starts``, from
    ``_scan``)."""
    if starts is None:
        starts = _scan(text)[0]
    out: list[re.Match] = []
    end = 0
    for at in sorted(starts):
        if at >= end:
            found = CORE_PATTERN.match(text, at)
            if found:
                out.append(found)
                end = found.end()
    return out


def _windowed(pattern: re.Pattern, text: str, keywords: tuple[str, ...], hits: dict[str, list[int]]) -> list[re.Match]:
    """A family's matches, searched only around its gate words (``hits``: where each occurs, from
    ``_scan``): the same matches as ``finditer`` for families whose match holds a gate word
    within ``_WINDOW`` characters of either end."""
    spans: dict[tuple[int, int], re.Match] = {}
    for word in keywords:
        for at in hits.get(word, ()):
            found = pattern.search(text, max(0, at - _WINDOW), at + len(word) + _WINDOW)
            while found and found.start() <= at:
                if found.end() > at:
                    spans[found.span()] = found
                    break
                found = pattern.search(text, found.end(), at + len(word) + _WINDOW)
    return [spans[span] for span in sorted(spans)]


def _matches(text: str) -> list[tuple[int, re.Match, str | None]]:
    """(start, match, family) in text order, as one pass of ``DATE_PATTERN`` would find them: the core
    pattern plus the families, leftmost first, a family's match ahead of a core one at the same start
    ("late September": month part, not month), then skipping whatever overlaps an accepted match. The
    start takes in a family's lead words ("last summer")."""
    core_starts, hits = _scan(text)
    found: list[tuple[int, int, re.Match, str | None]] = [
        (m.start(), 99, m, None) for m in _core_matches(text, core_starts)
    ]
    for rank, (name, pattern) in enumerate(FAMILY_PATTERNS.items()):
        gate = _FAMILY_GATES.get(name)
        if gate is not None and hits.keys().isdisjoint(gate):
            continue
        for m in pattern.finditer(text) if gate is None else _windowed(pattern, text, gate, hits):
            start = m.start()
            before = text[start - 1 : start]
            if before.isalnum() or before == "_" or (name == "apostrophe" and before in "'’"):
                continue
            lead = _LEAD_WORDS.get(name)
            found_lead = lead.search(text, max(0, start - 6), start) if lead else None
            found.append((found_lead.start() if found_lead else start, rank, m, name))
    if all(family is None for *_, family in found):
        return [(start, m, None) for start, _, m, _ in found]
    found.sort(key=lambda x: (x[0], x[1]))
    out: list[tuple[int, re.Match, str | None]] = []
    for start, _, match, family in found:
        if not out or start >= out[-1][1].end():
            out.append((start, match, family))
    return out


# "on a Monday": any Monday, a habit, not a date
_INDEFINITE = re.compile(r"(?<!\w)[Aa]\s$")
_WEEKDAY_RANGE = re.compile(rf"{_WEEKDAY}(?:\s+(?:night|morning|evening))?\s*(?:to|until|till|through|-|–|—)\s*$")
_SEASON_CUE = re.compile(r"\b(?:[Ii]n|[Dd]uring)\s+(?:the\s+)?$")
_FUTURE = re.compile(r"\b(?:will|'ll|next|scheduled|expected|plans?|to be|upcoming|tomorrow)\b")


@dataclass
class DateMention:
    """One date expression: offsets into the text, normalised start and end, precision."""

    start: int
    end: int
    text: str
    value: str  # ISO 8601, possibly truncated ("2001", "2013-11") or yearless ("--08-15")
    date_start: date | None
    date_end: date | None
    precision: str  # day, month, year
    rule: str


def _month(text: str) -> int:
    return MONTHS[text[:3].lower()]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _make(year: int | None, month: int, day: int | None) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day or 1)
    except ValueError:
        return None


def _iso(year: int | None, month: int, day: int | None) -> str:
    if year is None:
        return f"--{month:02d}" if day is None else f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _nearest_year(anchor: date | None, month: int, day: int | None, *, future: bool = False) -> int | None:
    """The year that puts month/day closest to the anchor (a schedule can run into next year); in a
    sentence about the future, the first year that puts it on or after the anchor (its month, when no day)."""
    if anchor is None:
        return None
    if future:
        for year in (anchor.year, anchor.year + 1):
            when = _make(year, month, day) if day else _shift_month(date(year, month, 1), 1) - timedelta(days=1)
            if when is not None and when >= anchor:
                return year
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        when = _make(year, month, day or 15)
        if when is not None and (best is None or abs((when - anchor).days) < abs((best - anchor).days)):
            best = when
    return best.year if best else anchor.year


def _future(text: str, start: int) -> bool:
    """The words before ``start``, back to the sentence or quote boundary, speak of the future."""
    boundary = max(text.rfind(ch, 0, start) for ch in '.!?"“”\n')
    return bool(_FUTURE.search(text[boundary + 1 : start]))


def _span(begin: date, finish: date) -> str:
    return f"{begin.isoformat()}/{finish.isoformat()}"


def _month_end(year: int, month: int) -> date:
    return _shift_month(date(year, month, 1), 1) - timedelta(days=1)


def _full_year(two_digits: int, anchor: date | None) -> int:
    """'84 -> 1984, '08 -> 2008: the latest century that keeps the year on or before the anchor."""
    latest = anchor.year if anchor else 2030
    year = latest // 100 * 100 + two_digits
    return year if year <= latest else year - 100


def _shift_month(anchor: date, months: int) -> date:
    index = anchor.year * 12 + anchor.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _relative_unit(anchor: date, word: str, unit: str, *, future: bool) -> tuple[str, date, date, str]:
    """A relative unit ("last year", "next week", "this weekend") -> (value, start, end, precision)."""
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[word]
    if unit == "year":
        year = anchor.year + step
        return str(year), date(year, 1, 1), date(year, 12, 31), "year"
    if unit == "month":
        first = _shift_month(anchor, step)
        last = _shift_month(first, 1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}", first, last, "month"
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    if unit == "weekend":
        if word == "this" and anchor.weekday() < 5 and not future:
            # a news story written on a weekday says "this weekend" of the one just past
            monday -= timedelta(weeks=1)
        begin, finish = monday + timedelta(days=5), monday + timedelta(days=6)
    else:
        begin, finish = monday, monday + timedelta(days=6)
    return f"{begin.isoformat()}/{finish.isoformat()}", begin, finish, "week"


def _extra_rule(text: str, match: re.Match, anchor: date | None, start: int) -> list[DateMention] | None:
    """Rules 6-10 of the module docstring and the relative spans of rule 5 for one match (``start``
    taking in its lead words), else None."""
    g = {**_NO_GROUPS, **match.groupdict()}
    end = match.end()
    surface = text[start:end]
    g["sword"] = surface.split()[0] if g["season"] and start < match.start() else None
    if g["named"]:
        year, month, day = NAMED_DAYS[" ".join(g["named"].lower().replace("’", "'").split())]
        year = year or _nearest_year(anchor, month, day, future=_future(text, start))
        when = _make(year, month, day)
        return [DateMention(start, end, surface, _iso(year, month, day), when, when, "day", "named_day")]
    if g["mpart"]:
        month = _month(g["m8"])
        year = int(g["y8"]) if g["y8"] else _nearest_year(anchor, month, None, future=_future(text, start))
        first, last = MONTH_PARTS[g["mpart"].lower()]
        last = last or (_month_end(year, month).day if year else {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31))
        value = f"{_iso(year, month, first)}/{_iso(year, month, last)}"
        return [
            DateMention(
                start, end, surface, value, _make(year, month, first), _make(year, month, last), "day", "month_part"
            )
        ]
    if g["season"]:
        first, last = SEASONS[g["season"].lower()]
        g["ys"] = g["ys"] or g["ys_old"]  # "the summer of 1075"
        if not g["ys"] and not g["sword"]:
            # a season of no stated year: every such season, when capitalised in a name ("the Winter
            # Olympics") or after "in" / "during" ("in summer"); not a lower-case modifier ("winter
            # wheat", "summer school"), nor after a year ("the 2012 Summer Paralympics": the year is the date)
            if g["season"].islower() and not _SEASON_CUE.search(text, max(0, start - 12), start):
                return []
            if re.search(r"\d\s+$", text[max(0, start - 3) : start]):
                return []
            value = f"--{first:02d}/--{last:02d}"
            return [DateMention(start, end, surface, value, None, None, "month", "season")]
        if not g["ys"] and anchor is None:
            return []
        if g["ys"]:
            year = int(g["ys"])
        else:
            # the season of the anchor's year, or the last / next one around it
            year = anchor.year - (1 if first == 12 and anchor.month <= 3 else 0)
            begin = date(year, first, 1)
            word = g["sword"].lower()
            if word in ("last", "past") and begin >= anchor.replace(day=1):
                year -= 1
            elif word == "next" and begin <= anchor:
                year += 1
        end_year = year + 1 if last < first else year
        begin, finish = date(year, first, 1), _month_end(end_year, last)
        value = f"{year:04d}-{first:02d}/{end_year:04d}-{last:02d}"
        return [DateMention(start, end, surface, value, begin, finish, "month", "season")]
    if g["dec2"] or g["decword2"]:
        first_year = _full_year(int(g["dec2"]), anchor) // 10 * 10 if g["dec2"] else DECADE_WORDS[g["decname"].lower()]
        begin, finish = date(first_year, 1, 1), date(first_year + 9, 12, 31)
        return [DateMention(start, end, surface, _span(begin, finish), begin, finish, "decade", "decade")]
    if g["century"]:
        if g["cn"] or g["cw"]:
            number = int(g["cn"]) if g["cn"] else ORDINAL_WORDS[g["cw"].lower()]
        elif anchor is not None:
            number = anchor.year // 100 + 1 + {"next": 1, "this": 0, "current": 0}.get(g["crel"].lower(), -1)
        else:
            return []
        # "the 20th century" -> 1900-1999, as the gold and everyday usage count it
        begin, finish = date((number - 1) * 100, 1, 1), date((number - 1) * 100 + 99, 12, 31)
        return [DateMention(start, end, surface, _span(begin, finish), begin, finish, "century", "century")]
    if g["yy"]:
        year = _full_year(int(g["yy"]), anchor)
        return [
            DateMention(start, end, surface, str(year), date(year, 1, 1), date(year, 12, 31), "year", "two_digit_year")
        ]
    if g["yychain"]:
        offset = match.start("yychain")
        out = []
        for number in re.finditer(r"\d\d", g["yychain"]):
            year = _full_year(int(number.group()), anchor)
            begin, finish = date(year, 1, 1), date(year, 12, 31)
            out.append(
                DateMention(
                    offset + number.start(),
                    offset + number.end(),
                    number.group(),
                    str(year),
                    begin,
                    finish,
                    "year",
                    "two_digit_year",
                )
            )
        return out
    if g["quarter"]:
        number = int(g["qn"]) if g["qn"] else QUARTER_WORDS[g["qw"].lower()]
        year, first = int(g["qy"]), 3 * number - 2
        begin, finish = date(year, first, 1), _month_end(year, first + 2)
        value = f"{year:04d}-{first:02d}/{year:04d}-{first + 2:02d}"
        return [DateMention(start, end, surface, value, begin, finish, "month", "quarter")]
    if anchor is None:
        anchored = ("span", "yend", "wkend", "vague", "pause", "thisyears", "daypart")
        return [] if any(g[name] for name in anchored) else None
    if g["vague"]:
        # an open range up to the anchor, at the unit's precision ("a few months ago" -> "../2012-03"),
        # or from it ("in the coming weeks" -> "2012-03-15/..")
        unit = (g["vunit"] or g["vunit2"] or g["vunit3"] or g["vnext"]).lower()
        if unit == "years":
            bound, precision = f"{anchor.year:04d}", "year"
            begin, finish = date(anchor.year, 1, 1), date(anchor.year, 12, 31)
        elif unit == "months":
            bound, precision = f"{anchor.year:04d}-{anchor.month:02d}", "month"
            begin, finish = anchor.replace(day=1), _month_end(anchor.year, anchor.month)
        else:
            bound, precision, begin, finish = anchor.isoformat(), "day", anchor, anchor
        if g["vnext"]:
            return [DateMention(start, end, surface, f"{bound}/..", begin, None, precision, "relative")]
        return [DateMention(start, end, surface, f"../{bound}", None, finish, precision, "relative")]
    if g["pause"]:
        n = g["pn"].lower()
        count = int(n) if n.isdigit() else NUMBER_WORDS[n]
        begin, finish = date(anchor.year - count, 1, 1), anchor
        value = f"{anchor.year - count}/{anchor.year}"
        pause_start, pause_end = match.span("pause")
        return [DateMention(pause_start, pause_end, g["pause"], value, begin, finish, "year", "relative")]
    if g["daypart"]:
        day = anchor - timedelta(days=1 if g["dpword"].lower() == "last" else 0)
        return [DateMention(start, end, surface, day.isoformat(), day, day, "day", "relative")]
    if g["thisyears"]:
        year = anchor.year
        return [DateMention(start, end, surface, str(year), date(year, 1, 1), date(year, 12, 31), "year", "relative")]
    if g["span"]:
        n = (g["sn"] or "one").lower()
        count = int(n) if n.isdigit() else NUMBER_WORDS[n]
        unit = (g["sunit"] or "decades").lower()
        if unit == "decades":  # "the past decade": ten years up to the anchor's, as "the last 10 years"
            unit, count = "years", count * 10
        if unit == "years":
            begin, finish = date(anchor.year - count, 1, 1), anchor
            value, precision = f"{anchor.year - count}/{anchor.year}", "year"
        elif unit == "months":
            begin, finish = _shift_month(anchor, -count), anchor
            value, precision = f"{begin.year:04d}-{begin.month:02d}/{anchor.year:04d}-{anchor.month:02d}", "month"
        else:
            begin, finish = anchor - timedelta(days=count * (7 if unit == "weeks" else 1)), anchor
            value, precision = _span(begin, finish), "day"
        return [DateMention(start, end, surface, value, begin, finish, precision, "relative")]
    if g["yend"]:
        month_end = (g["yeunit"] or "").lower() == "month"
        when = _month_end(anchor.year, anchor.month) if month_end else date(anchor.year, 12, 31)
        return [DateMention(start, end, surface, when.isoformat(), when, when, "day", "relative")]
    if g["wkend"]:
        value, begin, finish, precision = _relative_unit(anchor, "this", "weekend", future=_future(text, start))
        return [DateMention(start, end, surface, value, begin, finish, precision, "relative")]
    return None


#: The head words of a noun phrase that names a day ("the opening night", "day five", "the anniversary").
_DAY_HEAD = r"(?:day|night|evening|morning|afternoon|eve|anniversary)"
# "Saturday night, the opening night," / "Yesterday, day five of the World Cup,": a day noun phrase
# set off by commas right after a date names that date
_APPOSITION_AFTER = re.compile(
    r"(?:\s+(?:night|morning|evening|afternoon))?,\s+"
    rf"(?P<np>(?:the\s+(?:[a-z0-9]+[\s-]+){{0,2}}{_DAY_HEAD}|{_DAY_HEAD}\s+(?:\d{{1,2}}|{_NUMBER}))"
    r"(?:\s+of\s+[^,.;:!?\n]{1,60}?)?)(?=,)"
)
# "Opening night, January 23, 2014, of the exhibit": the same, before the date, opening its sentence
_APPOSITION_BEFORE = re.compile(
    rf"(?:^|[.!?]\s+)(?P<np>(?:[Tt]he\s+)?(?:[A-Za-z0-9]+[\s-]+){{0,2}}{_DAY_HEAD}),\s+$", re.MULTILINE
)


def _event_dates(text: str, found: list[DateMention]) -> list[DateMention]:
    """Day noun phrases in apposition to a day-precision date take its date ("the opening night"), and
    so do their repetitions elsewhere in the text ("USI's opening night"); mentions inside the new
    spans give way to them ("2018" in "day five of the 2018 FIFA World Cup")."""
    events: list[DateMention] = []
    for m in found:
        if m.precision != "day" or m.date_start is None or m.date_start != m.date_end:
            continue
        after = _APPOSITION_AFTER.match(text, m.end)
        if after:
            np_start, np_end = after.span("np")
            events.append(DateMention(np_start, np_end, after["np"], m.value, m.date_start, m.date_end, "day", "event"))
        line_start = text.rfind("\n", 0, m.start) + 1
        before = _APPOSITION_BEFORE.search(text, max(line_start, m.start - 60), m.start)
        if before and before.start() >= line_start:
            np_start, np_end = before.span("np")
            events.append(
                DateMention(np_start, np_end, before["np"], m.value, m.date_start, m.date_end, "day", "event")
            )
    # a phrase that cuts through another mention ("the anniversary of June 25" in "June 25, 2018") is
    # no clean apposition: the mention stays and the phrase goes
    events = [
        e
        for e in events
        if not any(m.start < e.end and e.start < m.end and not (e.start <= m.start and m.end <= e.end) for m in found)
    ]
    if not events:
        return found
    taken = [(e.start, e.end) for e in events]
    for e in list(events):
        # the phrase without its article and "of ..." tail, found again anywhere in the text
        key = re.sub(r"^(?:[Tt]he)\s+|\s+of\s.*$", "", e.text)
        if " " not in key:  # "the day", "the anniversary": too common to carry a date elsewhere
            continue
        for again in re.finditer(rf"(?<!\w)(?:[Tt]he\s+)?{re.escape(key)}(?!\w)", text, flags=re.IGNORECASE):
            overlaps = [(m.start, m.end) for m in found] + taken
            if not any(a < again.end() and again.start() < b for a, b in overlaps):
                taken.append(again.span())
                events.append(
                    DateMention(*again.span(), again.group(), e.value, e.date_start, e.date_end, "day", "event")
                )
    kept = [m for m in found if not any(a <= m.start and m.end <= b for a, b in taken)]
    return sorted(kept + events, key=lambda m: m.start)


def _reference_rule(text: str, match: re.Match, anchor: date | None, found: list[DateMention]) -> list[DateMention]:
    """ "the year before", "the following day", "two days later" -> counted from the last date the text
    gave before them (a day for days and weeks, a day or a month for months, any date for years), else
    from the anchor."""
    g = match.groupdict()
    unit = (g["ru1"] or g["ru2"] or g["ru3"] or "day").lower().rstrip("s")
    fine_enough = {"day": ("day",), "week": ("day",), "month": ("day", "month")}.get(unit)
    reference = next(
        (
            m.date_start
            for m in reversed(found)
            if m.date_start is not None and (fine_enough is None or m.precision in fine_enough)
        ),
        anchor,
    )
    if reference is None:
        return []
    if g["rn"]:
        n = g["rn"].lower()
        step = int(n) if n.isdigit() else NUMBER_WORDS[n]
        step = step if g["rdir"].startswith(("later", "after")) else -step
    elif g["ru1"]:
        step = 1 if g["ref"].lower().split()[-2] == "following" else -1
    elif g["ru2"]:
        step = 1 if g["rdir2"] == "after" else -1
    else:  # "the next day", "next morning"
        step = 1
    start, end = match.span()
    surface = text[start:end]
    if unit == "year":
        year = reference.year + step
        return [DateMention(start, end, surface, str(year), date(year, 1, 1), date(year, 12, 31), "year", "relative")]
    if unit == "month":
        first = _shift_month(reference, step)
        finish = _month_end(first.year, first.month)
        return [
            DateMention(start, end, surface, _iso(first.year, first.month, None), first, finish, "month", "relative")
        ]
    if unit == "week":
        begin = reference - timedelta(days=reference.weekday()) + timedelta(weeks=step)
        finish = begin + timedelta(days=6)
        return [DateMention(start, end, surface, _span(begin, finish), begin, finish, "week", "relative")]
    day = reference + timedelta(days=step)
    return [DateMention(start, end, surface, day.isoformat(), day, day, "day", "relative")]


def find_dates(text: str, anchor: date | None) -> list[DateMention]:
    """Text + the article's own date -> date mentions (rules 1-10 of the module docstring)."""
    out: list[DateMention] = []
    # One regex pass; each match needs calendar arithmetic (weekday offsets, month lengths) that
    # polars has no expression for when the anchor differs per row.
    for lead_start, match, _family in _matches(text):
        g = {**_NO_GROUPS, **match.groupdict()}
        start, end = match.span("m6") if g["m6"] else match.span()
        for m, d, d_b, y, rule in (
            ("m1", "d1", "d1b", "y1", "month_day"),
            ("m2", "d2", "d2b", "y2", "day_month"),
        ):
            if g[m]:
                month, first = _month(g[m]), _day(g[d])
                year = int(g[y]) if g[y] else _nearest_year(anchor, month, first, future=_future(text, start))
                last = _day(g[d_b]) if g[d_b] else None
                begin, finish = _make(year, month, first), _make(year, month, last or first)
                value = _iso(year, month, first)
                if last:
                    value = f"{value}/{_iso(year, month, last)}"
                out.append(DateMention(start, end, text[start:end], value, begin, finish, "day", rule))
                break
        else:
            found = (
                _reference_rule(text, match, anchor, out) if g["ref"] else _extra_rule(text, match, anchor, lead_start)
            )
            if found is not None:
                out.extend(found)
            elif g["m3"]:
                year, month = int(g["y3"]), _month(g["m3"])
                begin = date(year, month, 1)
                finish = (begin + timedelta(days=31)).replace(day=1) - timedelta(days=1)
                out.append(
                    DateMention(
                        start,
                        end,
                        text[start:end],
                        _iso(year, month, None),
                        begin,
                        finish,
                        "month",
                        "month_year",
                    )
                )
            elif g["decade"]:
                first_year = int(g["decade"])
                begin, finish = date(first_year, 1, 1), date(first_year + 9, 12, 31)
                value = f"{begin.isoformat()}/{finish.isoformat()}"
                out.append(DateMention(start, end, text[start:end], value, begin, finish, "decade", "decade"))
            elif (g["m6"] or g["m7"]) and text.startswith(" is ", end):
                # "October is National Magic Month": every October, no year
                month = _month(g["m6"] or g["m7"])
                out.append(
                    DateMention(start, end, text[start:end], _iso(None, month, None), None, None, "month", "month_year")
                )
            elif (g["m6"] or g["m7"]) and anchor is not None:
                month = _month(g["m6"] or g["m7"])
                year = _nearest_year(anchor, month, None, future=_future(text, start))
                begin = date(year, month, 1)
                finish = _shift_month(begin, 1) - timedelta(days=1)
                out.append(
                    DateMention(
                        start,
                        end,
                        text[start:end],
                        _iso(year, month, None),
                        begin,
                        finish,
                        "month",
                        "month_year",
                    )
                )
            elif g["relunit"] and anchor is not None:
                word = g["relunit"].split()[-2].lower()
                boundary = max(text.rfind(ch, 0, start) for ch in '.!?"“”\n')
                future = bool(_FUTURE.search(text[boundary + 1 : start]))
                value, begin, finish, precision = _relative_unit(anchor, word, g["unit"].lower(), future=future)
                out.append(DateMention(start, end, text[start:end], value, begin, finish, precision, "relative"))
            elif g["ago"] and anchor is not None and (g["n"].isdigit() or g["n"].lower() in NUMBER_WORDS):
                n = g["n"].lower()
                count = int(n) if n.isdigit() else NUMBER_WORDS[n]
                unit = g["agounit"].lower().rstrip("s")
                if unit in ("year", "decade"):
                    year = anchor.year - count * (10 if unit == "decade" else 1)
                    value, begin, finish, precision = str(year), date(year, 1, 1), date(year, 12, 31), "year"
                elif unit == "month":
                    begin = _shift_month(anchor, -count)
                    finish = _month_end(begin.year, begin.month)
                    value, precision = f"{begin.year:04d}-{begin.month:02d}", "month"
                elif unit == "week":
                    begin = anchor - timedelta(days=anchor.weekday(), weeks=count)
                    finish = begin + timedelta(days=6)
                    value, precision = _span(begin, finish), "week"
                elif unit == "hour":
                    # "24 hours ago" from a story dated by its day: the day that many hours back
                    begin = finish = anchor - timedelta(days=round(count / 24))
                    value, precision = begin.isoformat(), "day"
                else:
                    begin = finish = anchor - timedelta(days=count)
                    value, precision = begin.isoformat(), "day"
                out.append(DateMention(start, end, text[start:end], value, begin, finish, precision, "relative"))
            elif g["num"]:
                lead, second, year = int(g["na"]), int(g["nb"]), int(g["ny"])
                if lead == second or max(lead, second) > 12:
                    day_no, month_no = (lead, second) if lead > 12 else (second, lead)
                    try:
                        day = date(year, month_no, day_no)
                    except ValueError:  # "31/02/2025": no such day
                        continue
                    out.append(DateMention(start, end, text[start:end], day.isoformat(), day, day, "day", "numeric"))
                elif g["nsep"] == "/":
                    # "3/4/2025": March 4 or 3 April, the year either way ("1.2.2025" may be a version number)
                    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
                    out.append(DateMention(start, end, text[start:end], str(year), jan1, dec31, "year", "numeric"))
            elif g["iso"]:
                try:
                    day = date(int(g["isoy"]), int(g["isom"]), int(g["isod"]))
                except ValueError:  # "2025-02-30": no such day
                    continue
                out.append(DateMention(start, end, text[start:end], day.isoformat(), day, day, "day", "iso"))
            elif g["y4"]:
                year = int(g["y4"])
                out.append(
                    DateMention(
                        start,
                        end,
                        text[start:end],
                        str(year),
                        date(year, 1, 1),
                        date(year, 12, 31),
                        "year",
                        "year",
                    )
                )
            elif anchor is not None and (
                g["rel"] or (g["wd5"] and not _INDEFINITE.search(text, max(0, start - 3), start))
            ):
                if g["rel"]:
                    shift = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[g["rel"].lower()]
                    day = anchor + timedelta(days=shift)
                else:
                    target = WEEKDAYS.index(g["wd5"].lower())
                    # only the words before the weekday, back to the sentence or quote boundary
                    boundary = max(text.rfind(ch, 0, start) for ch in '.!?"“”\n')
                    previous = out[-1] if out and out[-1].rule == "relative" and out[-1].precision == "day" else None
                    if previous and _WEEKDAY_RANGE.search(text, max(0, start - 24), start):
                        # "from Monday to Friday": the end of a range of days comes after its start
                        day = previous.date_start + timedelta(days=(target - previous.date_start.weekday()) % 7)
                    elif _FUTURE.search(text[boundary + 1 : start]):
                        day = anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
                    else:
                        day = anchor - timedelta(days=(anchor.weekday() - target) % 7)
                out.append(DateMention(start, end, text[start:end], day.isoformat(), day, day, "day", "relative"))
    _bracketed_days(text, out)
    return _event_dates(text, out)


_OPEN_BRACKET = re.compile(r"\s*\(\s*")


def _bracketed_days(text: str, mentions: list[DateMention]) -> None:
    """A weekday followed by its date in brackets takes that date ("on Friday (Aug 15)"), in place of the
    one counted from the anchor, when the date falls on that weekday."""
    for weekday, dated in zip(mentions, mentions[1:], strict=False):
        if (
            weekday.rule == "relative"
            and weekday.text.lower() in WEEKDAYS
            and dated.precision == "day"
            and dated.date_start is not None
            and dated.date_start.weekday() == WEEKDAYS.index(weekday.text.lower())
            and _OPEN_BRACKET.fullmatch(text, weekday.end, dated.start)
        ):
            weekday.value, weekday.date_start, weekday.date_end = dated.value, dated.date_start, dated.date_end
