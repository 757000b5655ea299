"""Quote stage core: one text and its entity mentions -> direct quotes with speakers and cues (pure).

Rules, in the order they run:

1. ``quote_span``: text between double quotation marks (straight, curly or typewriter ``...'') inside
   one paragraph; a quote still open at the paragraph's end runs to it. Single marks open a quote only
   right after a reporting verb and a comma or colon (`I say, 'Hey John, my name is Frank'`), or when
   the passage opens a sentence, closes with punctuation and is followed by its attribution, as
   British and Indian papers write quotes (`‘We will win,’ Mr Johnson told the BBC.`), with the
   whole sentences single-quoted after it in the same paragraph.
2. ``scare_quote``: quotes that name words rather than quote a source are dropped: one- or two-word
   quotes with no reporting verb next to them ("the "CCCP" T-shirt"); short lower-case fragments inside
   a sentence that has no reporting word at all ("podiobooks.com features "free as in beer" content");
   titles (most content words capitalised) with no cue or right after a preposition ("says on "The
   Internet Explorer 6 Countdown""); words introduced as a term, adage or nickname; reference-list
   lines (a quoted headline, a dash, a source and a year: `"Document found on street" — CBC.ca, August
   15, 2008`); and spans whose opening straight mark is followed by a space or punctuation (a closing
   mark paired with the next opening one) unless a reporting verb introduces them (`said," For ...`).
3. ``cue_after``: `"...," Trump told reporters` / `"...," said Lavrov` / `"...," he added`; failing a
   name, a speaker described by a common noun (`"...," a Pentagon spokesman said` / `officials said` /
   `said the ministry`): the speaker text is the description, its entity a person named in an apposition
   (`the minister, Sergey Lavrov, said`), else a name inside it ("Pentagon"), else the organisation named
   earlier with its head word ("the ministry" -> "Ministry of Defence");
   ``cue_dash``: a pull quote signed after a dash (`"..." - Matthew Ingram`).
4. ``cue_before``: `Lavrov said, "..."` / `the Ministry of Defence stated, "..."` (same sentence);
   the owner of a possessive subject (`PC World's analysis concluded, "..."`);
   ``cue_according``: `according to X, "..."` / `in the words of X, "..."` / `attributed to X — "..."`.
5. ``pronoun``: "he"/"she" as the speaker -> the first person named earlier in the same sentence, else
   the last person who opens this or the previous sentence (a role before the name allowed: "Environment
   Canada spokeswoman Sujata Raisinghani told CBC News. "...," she said"), looking into the previous
   paragraph when the pronoun's sentence opens its own, else the last named speaker; "I" / "we" take
   only the last named speaker, never merely the last person mentioned.
6. ``cue_prior``: a quote that opens its sentence with no cue of its own takes the speaker of the last
   reporting clause earlier in its paragraph ("Heald noted the findings show ... "An air-quality ..."",
   "Cornyn issued a statement ... "Like many Texans ...""), or of a previous paragraph ending in ":" or
   ";", when that clause comes after the last attributed quote.
7. ``continuation``: a quote with no cue in the same paragraph as an attributed one, or opening
   the paragraph after one, takes that quote's speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import ahocorasick

from flows import entity_rules as er
from flows.entities import Mention

# "..." or “...” or ``...'' (typewriter style, closed by '' or "); an unclosed quote runs to the end of the line.
QUOTE_SPAN = re.compile(r"“[^”\n]*(?:”|$)|``[^\"\n]*?(?:''|\"|$)|\"[^\"\n]*(?:\"|$)", re.MULTILINE)
_CUE = "|".join(sorted(er.CUE_VERBS | er.CUE_PARTICIPLES, key=len, reverse=True))
# 'Hey Frank, my name is John,': single marks open a quote only right after a reporting verb and a comma
# or colon (elsewhere they are too often apostrophes); inside, an apostrophe sits between letters ("don't").
SINGLE_QUOTE_SPAN = re.compile(r"['‘](?=[A-Z])(?:[^'‘’\n]|(?<=\w)['’](?=\w))*?(?<=\S)['’](?!\w)")
_SINGLE_QUOTE_CUE = re.compile(rf"\b(?:{_CUE})[,:] $")
_SINGLE_QUOTE_LEADS = (", '", ", ‘", ": '", ": ‘")
# a capitalised word, or a name particle written in lower case ("Ursula von der Leyen", "Bashar al-Assad")
_HYPHENED = "|".join(sorted(er.HYPHEN_PARTICLES, key=len, reverse=True))
_PARTICLES = "|".join(sorted(er.NAME_PARTICLES | {"ibn", "den"}, key=len, reverse=True))
_NAME_WORD = rf"(?:[A-Z][\w’'.-]*|\b(?:(?:{_HYPHENED})-\w+|{_PARTICLES})\b)"
_WHO = (
    rf"(?P<who>(?:[Tt]he\s+)?(?:{_NAME_WORD}\s+(?:of\s+|for\s+)?){{0,5}}{_NAME_WORD}|he|she|they|He|She|They)"
)
# `Trump also said` / `Galantino has called` / `Lavrov had earlier told`: words between speaker and verb
_AUX = r"(?:(?:also|then|later|has|have|had|earlier|again|once)\s+){0,2}"
# `, team member Rodaba Noori told`: lower-case role words before a name, left out of the speaker
_ROLE_WORDS = r"(?:(?:[a-z][\w-]*\s+){1,3}(?=[A-Z]))?"
# ", editor at large at the Saudi Gazette," between a speaker and the verb
_APPOSITIVE = r"(?:(?:,\s[^,\"“”\n]{1,80}){1,3},)?"
# `, Trump told reporters` / `, he added` / `, the Ministry added` (right after the closing mark)
CUE_AFTER_WHO = re.compile(
    rf"^[\s,]*{_ROLE_WORDS}{_WHO}{_APPOSITIVE}\s+{_AUX}(?P<cue>{_CUE})\b"
)
# `, said Lavrov` / `, added the Ministry`
CUE_AFTER_VERB = re.compile(rf"^[\s,]*(?P<cue>{_CUE})(?:\s+to)?\s+{_WHO}")
# `Lavrov said, ` / `Trump replied, ` / `the Ministry of Defence stated, ` / `Lavrov replied with a smile, `
CUE_BEFORE = re.compile(
    rf"{_WHO}{_APPOSITIVE},?\s+{_AUX}(?P<cue>{_CUE})\b[^.!?\"“”]{{0,80}}?[,:]?\s*$"
)
# `..., saying, "` / `... account:` -> the subject of the sentence (rule ``cue_subject``)
_PART = "|".join(sorted(er.CUE_PARTICIPLES, key=len, reverse=True))
CUE_SUBJECT = re.compile(rf"(?:,\s*(?P<cue>{_PART})\b[^.!?\"“”]{{0,40}}?[,:]?|:)\s*$")
_NOUN = "|".join(sorted(er.CUE_NOUNS, key=len, reverse=True))
# `Trump's remark that there is a "` (rule ``cue_noun``)
CUE_NOUN = re.compile(rf"{_WHO}['’]s\s+(?P<cue>{_NOUN})\b[^\"“”.]{{0,80}}$")
# `" - Matthew Ingram` / `" — Peres, on ...`: a pull quote signed after a dash (rule ``cue_dash``)
CUE_DASH = re.compile(rf"^ ?(?:[—–]|--?) ?(?P<who>(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD})(?P<cue>)(?=\s*(?:,|$))")
# `according to X, "` / `in the words of the Crown prosecutor, Mark Tedeschi, QC, "` / `a quote attributed to
# Einstein — "`: the speaker is the last person or organisation named after the phrase (rule ``cue_according``)
CUE_ACCORDING = re.compile(
    r"\b(?P<cue>according to|in the words of|attributed to|quoting)\s[^.!?\"“”]{1,100}?[,:—–-]?\s*$", re.IGNORECASE
)
# `Heald noted the findings ...` / `Cornyn ... issued a statement` / `he was quoted by ...`: a reporting
# clause in an earlier sentence (rule ``cue_prior``)
CUE_PRIOR = re.compile(
    rf"{_WHO}{_APPOSITIVE},?\s+{_AUX}"
    rf"(?P<cue>{_CUE}|issued\s+a\s+statement|was\s+quoted)\b"
)
# `PC World's recent analysis of its own web traffic statistics concluded, "`: the owner of the subject
CUE_POSSESSIVE = re.compile(
    rf"{_WHO}['’]s\s+[^.!?\"“”,]{{1,80}}?\s+(?P<cue>{_CUE})\b[^.!?\"“”]{{0,80}}?[,:]?\s*$"
)
# `, a Pentagon spokesman said` / `, officials said` / `, said the ministry`: a speaker described by a
# common noun, after its determiner or as a bare plural (rule ``cue_after``, tried after the named forms)
_DESCRIBED = (
    r"(?P<who>(?:[Tt]he|[Aa]n?|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ne)\s+(?:[\w’'-]+\s+){0,3}[a-z][\w-]*"
    r"|[a-z][\w-]*s|police)"
)
CUE_AFTER_DESCRIBED = re.compile(rf"^[\s,]*{_DESCRIBED}{_APPOSITIVE}\s+{_AUX}(?P<cue>{_CUE})\b")
CUE_AFTER_VERB_DESCRIBED = re.compile(rf"^[\s,]*(?P<cue>{_CUE})(?:\s+to)?\s+{_DESCRIBED}\b")
# `the company said: "` / `officials told reporters, "`: the same before the quote (rule ``cue_before``)
# (a comma or colon right before the quote, at most a short "on Monday" / "in a statement" between)
CUE_BEFORE_DESCRIBED = re.compile(
    rf"(?:^|[,;]\s+){_DESCRIBED}{_APPOSITIVE},?\s+{_AUX}(?P<cue>{_CUE})\b"
    r"(?:\s+(?:on|in|at|to)\s+[^.!?\"“”,:]{1,30})?[,:]\s*$"
)
#: What may follow a single-quoted passage for it to be a quote (`’ Mr Johnson told`, `’ said Keir Starmer`)
_POSSESSIVE_PATTERNS = (CUE_NOUN, CUE_POSSESSIVE)
# lower-case role words between an organisation and its person (`Labour leader `, `party spokesman `)
_ROLE_GAP = re.compile(r"(?:\s+[a-z][\w-]*){1,3}\s+")
_SINGLE_QUOTE_ATTRIBUTIONS = (CUE_AFTER_WHO, CUE_AFTER_VERB, CUE_AFTER_DESCRIBED, CUE_AFTER_VERB_DESCRIBED)
#: Patterns that match only where a reporting verb (``_CUE``) is written: before trying one of them on
#: the words before a quote, one Aho-Corasick pass checks that one is there (most quotes have none).
_CUE_WORD_PATTERNS = (CUE_BEFORE, CUE_POSSESSIVE)


def _cue_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in er.CUE_VERBS | er.CUE_PARTICIPLES:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


_CUE_WORDS = _cue_automaton()


def _has_cue_word(context: str) -> bool:
    """Whether any reporting verb of ``_CUE`` occurs in ``context`` (as a substring)."""
    return next(_CUE_WORDS.iter(context), None) is not None
_CUE_PATTERNS = (
    (CUE_AFTER_WHO, "after"),
    (CUE_AFTER_VERB, "after"),
    (CUE_BEFORE, "before"),
    (CUE_NOUN, "before"),
    (CUE_POSSESSIVE, "before"),
    (CUE_AFTER_DESCRIBED, "after"),
    (CUE_AFTER_VERB_DESCRIBED, "after"),
    (CUE_BEFORE_DESCRIBED, "before"),
)
# A sentence ends at ". ", "? ", "! ", also after a closing mark or bracket (`end." He said`) ...
_BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+")
# ... but not after these abbreviations (nor after a single capital: "U.S.", "George H. W. Bush").
_ABBREVIATIONS = frozenset(
    ["Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "Jr", "Sr"]
    + ["Inc", "Co", "Corp", "Ltd", "No", "vs", "Rev", "Hon", "Mt", "Ft", "Sept"]
)
_SHORT_QUOTE_WORDS = 2
#: A person named this close (characters) to the start of an attributing sentence is its subject, ahead of
#: an organisation named first ("The secretary general of CEI (...), Nunzio Galantino, has called ...").
_SUBJECT_CHARS = 100
#: Longest lower-case fragment (words) taken for a scare quote when its sentence has no reporting word
#: ("a "quasi-state of war"", "the "right to leave.""); partial quotes of a source are longer or carry a
#: reporting word ("say iodine deficiency is "the sleeper health issue in Australia"").
_FRAGMENT_WORDS = 6
# Words that attribute speech anywhere in a sentence (rule ``scare_quote`` keeps fragments near them).
_REPORTING = re.compile(
    r"\b(?:"
    + "|".join(sorted(er.CUE_VERBS | er.CUE_PARTICIPLES | er.CUE_NOUNS, key=len, reverse=True))
    + r"|according|quoted|quoting|recommend\w*|call\w* for|demand\w*|describ\w*|report\w*"
    r"|vow\w*|promis\w*|pledg\w*|threat\w*|accus\w*|brand\w*|label\w*)\b",
    re.IGNORECASE,
)
# Function words left out when deciding whether a quote is title-cased ("Top of the Spear").
_TITLE_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "vs", "with"]
)
# `says on "The ... Countdown"`, `wrote in "The Times"`: a quote right after a preposition names a work.
_PREPOSITION_BEFORE = re.compile(r"\b(?:on|in|at|from)\s*$")
# `"Document found on street" — CBC.ca, August 15, 2008`: a reference list line (rule ``scare_quote``)
_CITATION_AFTER = re.compile(r"[^\S\n]*(?:[—–]|--?)[^\n]*\b(?:1[89]|20)\d\d\W*$", re.MULTILINE)
#: Share of capitalised words above which an unattributed quote is a title (rule ``scare_quote``);
#: 0.6 keeps title-case headlines out and sentences with a few names in.
_TITLE_CAPITALS = 0.6
# `under the theme "..."`, `a T-shirt written "..."`: words named, not quoted (rule ``scare_quote``)
_MENTIONED = re.compile(
    r"\b(?:theme|titled|entitled|named|dubbed|nicknamed|slogan|hashtag|written|called|word|words|term|phrase"
    r"|adage|proverb|maxim|motto)\s*[,:]?\s*$"
    # `dubbed the ongoing conflict ...: "Scientology vs. the Internet, part XVII"`
    r"|\b(?:dubbed|titled|entitled|nicknamed)\b[^.!?\"“”\n]{0,120}:\s*$"
)


@dataclass(slots=True)
class Quote:
    """One direct quote: offsets include the quotation marks."""

    start: int
    end: int
    text: str
    speaker_text: str | None
    speaker_name: str | None
    speaker_type: str | None
    cue: str | None
    rule: str


def _mention_in(mentions: list[Mention], start: int, end: int) -> Mention | None:
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    people = [m for m in inside if m.type == "PERSON"]
    return (people or inside or [None])[-1]


_ROLE_PREFIX = re.compile(r"^(?:[A-Z][\w'’.-]*\s+|[a-z][\w-]*\s+){0,5}$")


def _opens_sentence(text: str, mention: Mention) -> bool:
    """The mention starts its sentence, after at most a capitalised role ("US President ...")."""
    floor = text.rfind("\n", 0, mention.start) + 1
    prefix = text[_sentence_start(text, floor, mention.start) : mention.start]
    # lower-case role words ("spokeswoman") may come before the name; function words may not ("after the")
    return bool(_ROLE_PREFIX.match(prefix)) and not any(
        w in er.COMMON_WORDS for w in prefix.split() if w[:1].islower()
    )


def _quoted(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start < end for start, end in spans)


def _is_title(inner: str) -> bool:
    """Most content words capitalised and no sentence punctuation inside: the name of a work or headline."""
    words = [w for w in inner.rstrip(".!?").split() if w.lower() not in _TITLE_SMALL_WORDS]
    if any(ch in inner.rstrip('.!?"”') for ch in ".!?;"):
        return False
    capital = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return len(words) >= 2 and capital / len(words) >= _TITLE_CAPITALS


def _is_fragment(inner: str, before: str, sentence: str) -> bool:
    """A short lower-case phrase inside a sentence with no reporting word: words used, not quoted."""
    return (
        inner[:1].islower()
        and len(inner.split()) <= _FRAGMENT_WORDS
        and bool(before.strip())
        and not before.rstrip().endswith((",", ":", ";"))
        and _REPORTING.search(sentence) is None
    )


def _abbreviation(text: str, dot: int) -> bool:
    """The full stop at ``dot`` ends an abbreviation ("U.S.", "H. W.", "Mr.", "Gen."), not a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[max(0, dot - 12) : dot]).group()
    return (len(word) >= 1 and word[-1].isupper() and (len(word) == 1 or word[-2] == ".")) or (
        word in _ABBREVIATIONS
    )


def _sentence_end(text: str, start: int, para_end: int) -> int:
    """End of the sentence holding ``start``: the next sentence boundary before ``para_end``, else ``para_end``."""
    for found in _BOUNDARY.finditer(text, start, para_end):
        if not _abbreviation(text, found.start()):
            return found.start() + 1
    return para_end


def _sentence_start(text: str, floor: int, end: int) -> int:
    """Start of the sentence holding ``end``: after the last sentence boundary since ``floor``, else ``floor``."""
    start = floor
    for found in _BOUNDARY.finditer(text, floor, end):
        if not _abbreviation(text, found.start()):
            start = found.end()
    return start


def _attribution(
    text: str, pattern: re.Pattern, offset: int, context: str
) -> tuple[tuple[int, int], str] | None:
    """(speaker span, cue verb) that ``pattern`` finds in ``context`` (which starts at ``offset``)."""
    pos = 0
    while (found := pattern.search(context, pos)) is not None:
        words = text[offset + found.start("who") : offset + found.end("who")].split()
        # "When asked ...": drop common words capitalised by position; nothing left -> try further on
        while words and words[0].lower() in er.COMMON_WORDS and words[0] not in er.SPEAKER_PRONOUNS:
            if words[0].lower() == "the" and len(words) > 1:
                break
            words = words[1:]
        if words:
            who_end = offset + found.end("who")
            return (who_end - len(" ".join(words)), who_end), found.group("cue")
        pos = found.start() + 1
    return None


def _prior_attribution(text: str, floor: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Speaker span of the last reporting clause between ``floor`` and ``end``, outside quotes."""
    best = None
    for found in CUE_PRIOR.finditer(text, floor, end):
        if any(s <= found.start() < e for s, e in spans):
            continue
        hit = _attribution(text, CUE_PRIOR, found.start(), text[found.start() : found.end()])
        if hit:
            best = hit[0]
    return best


def _candidate_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Double-quoted spans plus single-quoted ones (outside the double-quoted ones, in text order):
    right after a reporting verb and a comma or colon (`I say, 'Hey John, my name is Frank'`), or, as
    British and Indian papers write them, followed by their attribution (`‘We will win,’ Mr Johnson
    told the BBC.`) and the sentences quoted after it in the same paragraph (`‘They should resign.’`)."""
    lead = any(mark in text for mark in _SINGLE_QUOTE_LEADS)
    closed = _closes_after_punctuation(text)
    if not lead and not closed:
        # every single-quoted span kept below follows ", " or ": " or closes after punctuation
        return spans
    single = []
    attributed_in: int | None = None  # start of the paragraph of the last attributed single quote
    starts = [s for s, _ in spans]  # QUOTE_SPAN's spans: in text order, not overlapping
    for m in SINGLE_QUOTE_SPAN.finditer(text):
        start, end = m.span()
        inside = bisect_right(starts, start) - 1
        if inside >= 0 and start < spans[inside][1]:
            continue
        # the mark first in the pattern lets the engine jump to it; the ", " before it is checked here
        if text[start - 2 : start] in (", ", ": ") and _SINGLE_QUOTE_CUE.search(text, max(0, start - 40), start):
            single.append((start, end))
            continue
        if not closed or text[end - 2 : end - 1] not in _SENTENCE_MARKS or not _opens_clause(text, start):
            continue
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", end)
        after = text[end : len(text) if para_end < 0 else min(para_end, end + 120)]
        if any(pattern.match(after) for pattern in _SINGLE_QUOTE_ATTRIBUTIONS):
            single.append((start, end))
            attributed_in = para_start
        elif attributed_in == para_start and text[end - 2] != ",":
            # a whole sentence quoted after an attributed one in the same paragraph
            single.append((start, end))
    return sorted(spans + single) if single else spans


_SENTENCE_MARKS = frozenset(",.?!")


def _closes_after_punctuation(text: str) -> bool:
    """Whether a single mark follows punctuation and ends a word (`,’ ` / `.'` at a line's end): the only
    kind of single-quoted passage taken without a reporting verb before it, and only with one after it
    (elsewhere marks are too often apostrophes: "the workers' rights", "Boris' plan"). One ``find`` per
    mark and a check per apostrophe: cheaper than a substring test for each closing form."""
    for mark in ("'", "’"):
        at = text.find(mark)
        while at >= 0:
            if text[at - 1 : at] in _SENTENCE_MARKS and (at + 1 == len(text) or text[at + 1].isspace()):
                return True
            at = text.find(mark, at + 1)
    return False


def _opens_clause(text: str, start: int) -> bool:
    """The mark at ``start`` opens the text, a paragraph or a sentence (after whitespace that follows a
    sentence end or a line break)."""
    before = text[max(0, start - 3) : start]
    return start == 0 or before.endswith("\n") or (before[-1:] == " " and before[-2:-1] in ".!?”’\"\n")


def find_quotes(text: str, mentions: list[Mention]) -> list[Quote]:
    """Text + its mentions -> quotes (rules 1-6 of the module docstring), in text order."""
    out: list[Quote] = []
    last_speaker: Quote | None = None
    # every span opens with one of these marks; most texts have none, and ``in`` finds that faster than the scan
    has_marks = '"' in text or "“" in text or "``" in text
    spans = [m.span() for m in QUOTE_SPAN.finditer(text)] if has_marks else []
    # One regex pass finds the quotes; attributing each needs the previous quote's speaker, a
    # sequential dependency that a column expression cannot carry.
    for start, end in _candidate_spans(text, spans):
        quoted = text[start:end]
        inner = quoted.strip('"“”`\' ‘’')
        if not inner:
            continue
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", end)
        para_end = len(text) if para_end < 0 else para_end
        after = text[end : min(para_end, end + 120)]
        sentence_start = _sentence_start(text, para_start, start)
        before = text[sentence_start:start]
        who_span = cue = None
        rule = ""
        if _MENTIONED.search(text[max(para_start, start - 160) : start]):
            continue
        if _CITATION_AFTER.match(text, end):
            continue
        # a quote closed after a full stop ends its sentence: what follows is a new sentence
        closed_sentence = inner.endswith(".")
        signed = _attribution(text, CUE_DASH, end, after)
        if signed:
            who_span, rule = signed[0], "cue_dash"
        for pattern, where in _CUE_PATTERNS if who_span is None else ():
            if where == "after" and closed_sentence:
                continue
            if pattern in _POSSESSIVE_PATTERNS and "'s" not in before and "’s" not in before:
                # both patterns need a possessive ("Trump's remark", "PC World's analysis")
                continue
            if pattern in _CUE_WORD_PATTERNS and not _has_cue_word(before):
                continue
            found = _attribution(
                text,
                pattern,
                end if where == "after" else sentence_start,
                after if where == "after" else before,
            )
            if found:
                who_span, cue = found
                rule = f"cue_{where}"
                if pattern is CUE_AFTER_VERB and text[who_span[1] : who_span[1] + 2].lstrip()[:1].islower():
                    # `said Labour leader Keir Starmer`: a person right after lower-case role words
                    named = [
                        m
                        for m in mentions
                        if m.type == "PERSON" and _ROLE_GAP.fullmatch(text, who_span[1], m.start) is not None
                    ]
                    if named:
                        who_span = (named[0].start, named[0].end)
                if pattern is CUE_AFTER_DESCRIBED:
                    # `, the minister, Sergey Lavrov, said`: a person named in the apposition is the speaker
                    clause = pattern.match(after)
                    named = [
                        m
                        for m in mentions
                        if m.type == "PERSON" and end + clause.end("who") <= m.start < end + clause.start("cue")
                    ]
                    if named:
                        who_span = (named[0].start, named[0].end)
                break
        if who_span is None and not before.strip() and para_start > 0:
            # a quote opening its paragraph, introduced by the previous one ("Rathbun stated,")
            prev_start = text.rfind("\n", 0, para_start - 1) + 1
            if text[prev_start : para_start - 1].rstrip().endswith((":", ",")):
                sentence_start = _sentence_start(text, prev_start, para_start - 1)
                before = text[sentence_start : para_start - 1]
                found = _attribution(text, CUE_BEFORE, sentence_start, before)
                if found:
                    who_span, cue = found
                    rule = "cue_before"
        if who_span is None:
            subject = CUE_SUBJECT.search(before)
            first = [m for m in mentions if sentence_start <= m.start < start and m.type in ("PERSON", "ORG")]
            # "The secretary general of CEI, Nunzio Galantino, has called ...:": the person, not the body
            people = [m for m in first if m.type == "PERSON" and m.start - sentence_start <= _SUBJECT_CHARS]
            first = people or first
            if subject and first:
                who_span, cue, rule = (first[0].start, first[0].end), subject.group("cue"), "cue_before"
        if who_span is None:
            according = CUE_ACCORDING.search(before)
            named = [
                m
                for m in mentions
                if according
                and sentence_start + according.end("cue") <= m.start < start
                and m.type in ("PERSON", "ORG")
            ]
            named = [m for m in named if m.type == "PERSON"] or named
            if named:
                who_span, cue, rule = (named[-1].start, named[-1].end), according.group("cue").lower(), "cue_according"
        if who_span is None and not before.strip():
            # the last reporting clause before this sentence, in this paragraph or one ending in ":" / ";"
            floor = para_start
            prev_start = text.rfind("\n", 0, max(para_start - 1, 0)) + 1
            if sentence_start == para_start and text[prev_start : max(para_start - 1, 0)].rstrip().endswith((":", ";")):
                floor = prev_start
            if last_speaker is not None:
                floor = max(floor, last_speaker.end)
            prior_span = _prior_attribution(text, floor, sentence_start, spans)
            if prior_span is not None:
                who_span, rule = prior_span, "cue_prior"
        opened_by_closing_mark = quoted.startswith('"') and quoted[1:2] in tuple(" ,;:!?)")
        if opened_by_closing_mark and rule != "cue_before":
            # `"discover" the samples ... "`: the opening mark closes a quote; keep `said," For ...` only
            continue
        if len(inner.split()) <= _SHORT_QUOTE_WORDS and cue is None:
            continue
        if _is_title(inner) and (cue is None or _PREPOSITION_BEFORE.search(text[para_start:start])):
            # "Scarne on Card Tricks", `says on "The Internet Explorer 6 Countdown"`: a title, not speech
            continue
        sentence = text[sentence_start : _sentence_end(text, end, para_end)]
        if cue is None and rule != "cue_dash" and _is_fragment(inner, before, sentence):
            continue
        speaker_text = speaker_name = speaker_type = None
        if who_span is not None:
            speaker_text = text[who_span[0] : who_span[1]]
            if speaker_text in er.SPEAKER_PRONOUNS:
                prior = last_speaker if last_speaker and last_speaker.speaker_type == "PERSON" else None
                # the last person who opens a sentence (the subject) in this or the previous sentence,
                # outside quotes, else the last named speaker ("Harry Kane won the award. He said, ...")
                who_para = text.rfind("\n", 0, who_span[0]) + 1
                own_start = _sentence_start(text, who_para, who_span[0])
                if own_start == who_para and who_para > 0:
                    # the pronoun's sentence opens its paragraph: its antecedent is in the paragraph before
                    floor = text.rfind("\n", 0, who_para - 1) + 1
                    window = _sentence_start(text, floor, who_para - 1)
                else:
                    floor = who_para
                    window = _sentence_start(text, who_para, max(own_start - 2, who_para))
                near = [
                    m
                    for m in mentions
                    if m.type == "PERSON" and floor <= m.start < who_span[0] and not _quoted(m, spans)
                ]
                same = [m for m in near if m.start >= own_start]
                subjects = [m for m in near if m.start >= window and _opens_sentence(text, m)]
                clause = _prior_attribution(text, window, own_start, spans) if not subjects else None
                if clause is not None and text[clause[0] : clause[1]] in er.SPEAKER_PRONOUNS:
                    clause = None
                if speaker_text.lower() in ("he", "she") and same:
                    # "Thomas' sister pleaded with him ..., but he replied": named earlier in the sentence
                    speaker_name, speaker_type = same[0].name, "PERSON"
                elif speaker_text.lower() in ("he", "she") and subjects:
                    speaker_name, speaker_type = subjects[-1].name, "PERSON"
                elif speaker_text.lower() in ("he", "she") and clause is not None:
                    # "Sujata Raisinghani told CBC News ... "...," she said": the subject of a reporting clause
                    named = _mention_in(mentions, *clause)
                    if named is not None:
                        speaker_name, speaker_type = named.name, named.type
                    else:
                        # no entity to link: keep the name as the speaker text, no invented entity id
                        speaker_text = text[clause[0] : clause[1]]
                elif prior is not None:
                    speaker_name, speaker_type = prior.speaker_name, prior.speaker_type
                elif speaker_text.lower() not in ("i", "we"):
                    # "I" / "we" with no speaker before them is the writer or the interviewee, not the
                    # last person named ("Even though I'm not Michael Jackson ... I say, 'Hey John'")
                    person = [m for m in mentions if m.type == "PERSON" and m.end <= start]
                    if person:
                        speaker_name, speaker_type = person[-1].name, "PERSON"
                rule = "pronoun"
            else:
                mention = _mention_in(mentions, *who_span)
                if mention is None:
                    head = speaker_text.split()[-1]
                    # "the ministry said" after "the Ministry of Defence": the organisation named with that word
                    title = head.capitalize() if head.islower() else None
                    earlier = [
                        m
                        for m in mentions
                        if m.end <= who_span[0]
                        and (head in m.text.split() or (title and m.type == "ORG" and title in m.text.split()))
                    ]
                    mention = earlier[-1] if earlier else None
                if mention is not None:
                    speaker_name, speaker_type = mention.name, mention.type
        elif last_speaker is not None and last_speaker.end >= text.rfind("\n", 0, para_start - 1):
            speaker_text, speaker_name = last_speaker.speaker_text, last_speaker.speaker_name
            speaker_type, rule = last_speaker.speaker_type, "continuation"
        quote = Quote(
            start, end, quoted, speaker_text, speaker_name, speaker_type, cue or None, rule or "quote_span"
        )
        out.append(quote)
        if speaker_name is not None or speaker_text is not None:
            last_speaker = quote
    return out
