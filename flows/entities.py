"""Entity stage core: one text -> person, organisation and place mentions with roles (pure).

Rules, in the order they run:

1. ``capitalised_run``: runs of capitalised words, joined by connectors ("Ministry of Defence") and
   holding middle initials ("John F. Kennedy") and hyphen-joined particles ("Bashar al-Assad");
   split at possessives ("DW's"), connectors of runs that are not organisations ("Trump and Putin",
   "the Gaza Strip and the West Bank"), and leading common words ("The", "When"); short titles
   ("Rep.", "Lt.") end no sentence.
2. ``role``: the run's words up to its last title word (``entity_rules.TITLE_WORDS``, hyphen-joined ones
   too: "Secretary-General") are the role ("Chinese Defence Minister Admiral" Dong Jun), extended left
   over an adjacent possessive run ("DW's Washington Bureau Chief"); a title followed by "of" takes
   what it is the title of ("Secretary of State" Antony Blinken, "President of the European
   Commission"); a place or organisation inside the role is still a mention ("US", "European Commission").
3. ``gazetteer``: whole-run match against ``gazetteers.places()`` -> LOC with country and coordinates
   (a one-word town under ``gazetteers.SMALL_TOWN_POPULATION`` only after a preposition of place);
   ``locative``: an unknown name-shaped word after a preposition of place -> LOC.
4. ``org_pattern``: organisation words at the end or head ("... Organisation", "Ministry of ...",
   "Institute for ...", "Department of Health and Human Services"), well-known names (agencies,
   parliaments), acronyms -> ORG; place words at the end or head ("... Base", "Casa ...") -> LOC.
5. ``person_name``: a title before the name, a census first name, a census surname at the end
   of a two-to-four word name, or a plain name-shaped run with no article before it -> PERSON.
6. ``coreference``: a one-word name (or a title plus one word) that equals the last or first word of a
   person named in full in the same text takes that person ("Singh" -> "Rajnath Singh",
   "Admiral Dong" -> "Dong Jun"); an acronym in brackets after an organisation, or made of its
   initials, takes that organisation ("SCO" -> "Shanghai Cooperation Organisation").
7. Context cues for names no list knows, per text after rule 6: ``org_cue`` ("companies such as
   Spotify", "a Harley-Davidson spokeswoman") -> ORG; a person cue word before ("writer ...", "says
   ...") or "who" after -> PERSON; a lone name after an article ("the Bible") is dropped;
   ``coordination``: an unknown word joined by "and", "or" or a list comma to a found name takes its type;
   a one-word name found only by the name lists or by repetition that opens its sentence and is a
   common English word (wordfreq) is dropped ("Fast", "Officials said"), as is a plain run of common
   English words ("Child Labor").

Rules 1-5 run for all texts of a batch at once: one-word runs in one polars frame
(``_classify_single_words``), longer runs per run (``_run_mentions``); rules 6-7 run per text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

import polars as pl

from flows import entity_rules as er
from flows import gazetteers as gz

# A capitalised word: "Putin", "U.S.", "Elmendorf-Richardson", "O'Brien", "C-UAS", "Trump's".
_WORD = r"[A-Z\u00C0-\u00DE][\w\u00C0-\u024F]*(?:[-'’.][\w\u00C0-\u024F]+)*\.?(?:['’]s\b)?"
_CONNECT = "|".join(sorted(er.RUN_CONNECTORS - {"&"}, key=len, reverse=True))
#: A hyphen-joined name particle ("al-" of "Bashar al-Assad", ``entity_rules.HYPHEN_PARTICLES``); a run
#: does not start with one.
_HYPHEN_PARTICLE = "(?:" + "|".join(sorted(er.HYPHEN_PARTICLES, key=len, reverse=True)) + ")-"
# "Ministry of Defence", "Shanghai Cooperation Organisation", "US President Donald Trump"
# The leading lookahead names the characters a run can start with, so the engine skips every other
# position with one character-class test instead of trying the whole pattern there (half the scan time).
CAPITALISED_RUN = re.compile(
    rf"(?=[\dA-Z\u00C0-\u00DE])(?:\d+(?:st|nd|rd|th)[ ](?={_WORD}))?{_WORD}"
    rf"(?:[ ](?:(?:{_CONNECT}|&)[ ])*(?:{_HYPHEN_PARTICLE})?{_WORD})*"
)
# "Shanghai Cooperation Organisation (SCO)"
_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(([A-Z][A-Za-z-]{1,9})\)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,7}s?$")
#: Words whose full stop ends no sentence: company suffixes and the titles written short before a name
#: ("Rep. Alexandria Ocasio-Cortez", "Gov. Tim Walz", "Lt. Col. ...").
_ABBREVIATIONS = frozenset(
    """St. Jr. Sr. Inc. Co. Corp. Ltd. Mr. Mrs. Ms. Dr. Rep. Sen. Gov. Gen. Col. Lt. Sgt. Capt. Prof. Rev.
    Adm. Maj. Cmdr. Supt. Insp. Det. Amb. Pres. Rt. Hon. Fr.""".split()  # noqa: SIM905
)
#: Times a one-word unknown name must occur in a text to count as a person; 2 chosen on ner-dev
#: (3 loses most of the gain).
_REPEATS_FOR_NAME = 2
_ROMAN = frozenset(["II", "III", "IV", "Jr", "Sr"])
_ROMAN_NUMERALS = frozenset("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI".split())  # noqa: SIM905


@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    """Lower case without accents, for the ASCII census lists ("Fátima" -> "fatima").
    Cached, bounded: a run of any length keeps at most 65,536 words in memory."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii").lower()


_LOCATIVE = frozenset(["in", "at", "from", "to", "near", "of", "across", "into", "outside", "inside", "visit", "via"])
#: Prepositions of place after which an unknown name-shaped word is a place ("in Merdingen"); "to" and
#: "of" are left out: they come before people as often ("wrote to Oswald", "the wife of Pilate").
_PLACE_PREPOSITIONS = frozenset(["in", "at", "from", "near", "into", "across", "outside", "inside", "visit", "via"])
#: One word shaped like a name: a capital, then lower-case letters ("Kamchatka", not "MahaNakhon").
_NAME_SHAPED = re.compile(r"^[A-Z\u00C0-\u00DE][a-z\u00DF-\u024F]+$")
#: ``_NAME_SHAPED`` with apostrophes ("O'Neill"), for the common-word test of coreference.
_NAME_SHAPED_WORD = re.compile(r"[A-Z\u00C0-\u00DE][a-z\u00DF-\u024F'’]+")
_CONTRACTION = re.compile(r"['’](?:m|re|ve|ll|d|t)$")
_INITIALS_SPLIT = re.compile(r"[\s-]+")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”'‘’(\n—–-]\s*|\n)$")


@dataclass(slots=True)
class Mention:
    """One entity mention: offsets into the text, type, surface, canonical name, role."""

    start: int
    end: int
    type: str
    text: str
    name: str
    role: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    rule: str = ""


_START = attrgetter("start")
_SPAN = attrgetter("start", "end")


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    text: str
    possessive: bool = False
    stop: bool = False


def _words(text: str, start: int, end: int) -> list[_Word]:
    """The words of a run: ``CAPITALISED_RUN`` joins them with single spaces, so a split on " " finds
    them, with their offsets from the running position."""
    out = []
    begin = start
    for word in text[start:end].split(" "):
        finish = begin + len(word)
        following = finish + 1
        possessive = stop = False
        if word.endswith(("'s", "’s")) and len(word) > 2:
            word, finish, possessive = word[:-2], finish - 2, True
        if word.endswith(".") and word not in _ABBREVIATIONS and word.count(".") == 1 and len(word) > 2:
            word, finish, stop = word[:-1], finish - 1, True
        if word:
            out.append(_Word(begin, finish, word, possessive, stop))
        begin = following
    return out


def _is_initial(word: str) -> bool:
    """A middle initial: one capital and a full stop ("F." in "John F. Kennedy")."""
    return len(word) == 2 and word[1] == "." and word[0].isupper()


def _is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word)) and sum(ch.isupper() for ch in word) >= 2


def _split_segments(words: list[_Word]) -> list[list[_Word]]:
    """A run -> segments, cut after possessives and sentence-final full stops."""
    segments, current = [], []
    for word in words:
        current.append(word)
        if word.possessive or word.stop:
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    return segments


def _is_org_words(words: list[str]) -> bool:
    # the last capitalised word; a loop, not next() over a generator: this runs for every run and role
    for last_capital in reversed(words):
        if last_capital[:1].isupper():
            break
    else:
        return False
    if last_capital in er.ORG_TAILS or last_capital.rstrip(".") in er.ORG_TAILS:
        return True
    return _has_org_head(words)


def _has_org_head(words: list[str]) -> bool:
    """An organisation's head word before its "of" or "for" ("Ministry of ...", "Institute for ...")."""
    if "of" not in words and "for" not in words:
        return False
    return any(
        (nxt == "of" and w in er.ORG_HEADS) or (nxt == "for" and w in er.ORG_FOR_HEADS)
        for w, nxt in zip(words, words[1:], strict=False)
    )


def _place(name: str) -> gz.Place | None:
    found = _places_get(name)
    if found is None and name.startswith("the "):
        found = _places_get(name[4:])
    return found


def _places_get(name: str) -> gz.Place | None:
    """``gazetteers.places().get``, bound on first use: ``_place`` runs several times per run."""
    global _places_get
    _places_get = gz.places().get
    return _places_get(name)


def _small_town(place: gz.Place, texts: list[str]) -> bool:
    """A one-word town below ``gazetteers.SMALL_TOWN_POPULATION``: a place only after a preposition."""
    return len(texts) == 1 and place.kind == "city" and (place.population or 0) < gz.SMALL_TOWN_POPULATION


def _trim(words: list[_Word], text: str) -> list[_Word]:
    """Drop connectors at the edges and common words capitalised only by position."""
    while words and (words[0].text in er.RUN_CONNECTORS or words[0].text.lower() in er.COMMON_WORDS):
        if words[0].text.lower() in er.COMMON_WORDS and words[0].text.isupper() and len(words[0].text) > 1:
            break
        words = words[1:]
    while words and words[-1].text in er.RUN_CONNECTORS:
        words = words[:-1]
    return words


def _split_connectors(words: list[_Word]) -> list[list[_Word]]:
    """Cut a run at its connectors unless it is an organisation or a known place as a whole.

    "of" stays after a head word of organisations or places ("Ministry of Defence", "Republic of
    China"); "and", "in", "on" always cut unless the whole run is an organisation by its last word.
    """
    texts = [w.text for w in words]
    if er.RUN_CONNECTORS.isdisjoint(texts):
        return [words]
    joined = " ".join(texts)
    if "and" in texts and not _place(joined):
        cut = texts.index("and")
        left = _trim_particles(words[:cut])
        left_texts = [w.text for w in left]
        subject = _second_subject(words, cut)
        if subject and _is_org_words(left_texts):
            # "Department of Health and Human Services": one body named for two subjects
            rest = words[subject:]
            while rest and rest[0].text in er.RUN_CONNECTORS:
                rest = rest[1:]
            return [words[:subject]] + (_split_connectors(rest) if rest else [])
        # "Ministry of Defence and the Indian Army": the left side is a whole organisation or place;
        # "the Gaza Strip and the West Bank": "and the" joins two names
        if left and (
            _is_org_words(left_texts)
            or _place(" ".join(left_texts))
            or " ".join(left_texts) in er.KNOWN_ORGS
            or texts[cut + 1 : cut + 2] == ["the"]
        ):
            right = words[cut + 1 :]
            while right and right[0].text in er.RUN_CONNECTORS:
                right = right[1:]
            return _split_connectors(left) + (_split_connectors(right) if right else [])
    capital = [t for t in texts if t[:1].isupper()]
    if (capital and capital[-1].rstrip(".") in er.ORG_TAILS) or _place(joined):
        return [words]
    keep_of = {
        i + 1
        for i, t in enumerate(texts[:-1])
        if (
            texts[i + 1] == "of"
            and (t in er.ORG_HEADS or t in er.LOC_HEADS or t in er.LOC_TAILS or t.rstrip(".") in er.PERSON_TITLES)
        )
        or (texts[i + 1] == "for" and t in er.ORG_FOR_HEADS)
    }
    parts, current = [], []
    # inside an organisation's name opened by "<head> for", a later "of" stays too ("Committee for
    # the Protection of Journalists")
    purpose = False
    for i, word in enumerate(words):
        if i in keep_of or (word.text == "the" and i - 1 in keep_of) or (purpose and word.text == "of"):
            purpose = purpose or word.text == "for"
            current.append(word)
            continue
        if word.text in er.RUN_CONNECTORS:
            if word.text in er.NAME_PARTICLES and current:
                current.append(word)
                continue
            if current:
                parts.append(current)
            current, purpose = [], False
        else:
            current.append(word)
    if current:
        parts.append(current)
    return [_trim_particles(p) for p in parts if p]


def _second_subject(words: list[_Word], cut: int) -> int:
    """End of a second subject after "and" at ``cut`` in a "<head> of" organisation's name ("Health and
    Human Services", "Allergy and Infectious Diseases"), or 0: two or more capitalised words up to the
    next connector, with no "the" before them, that are no place and hold no census first name."""
    if not _has_org_head([w.text for w in words[:cut]]):
        return 0
    end = cut + 1
    while end < len(words) and words[end].text not in er.RUN_CONNECTORS:
        end += 1
    subject = [w.text for w in words[cut + 1 : end]]
    if len(subject) < 2 or _place(" ".join(subject)):
        return 0
    # a person's name is a second party, not a subject ("the Department of Justice and Merrick Garland")
    if any(_fold(t) in gz.first_names() for t in subject):
        return 0
    return end


def _trim_particles(words: list[_Word]) -> list[_Word]:
    while words and words[-1].text in er.RUN_CONNECTORS:
        words = words[:-1]
    return words


def _classify(
    words: list[_Word], text: str, vocabulary: Container[str], *, has_role: bool, person_title: bool
) -> Mention | None:
    """A name-part of a run -> a mention with a provisional type, or None."""
    texts = [w.text for w in words]
    surface = text[words[0].start : words[-1].end]
    start, end = words[0].start, words[-1].end
    if surface in er.DEMONYMS:
        return None
    place = _place(surface)
    # the word before the run, read only by the place rule and the one-word rules
    before = text[max(0, start - 12) : start].split() if place or len(texts) == 1 else None
    after_locative = bool(before) and before[-1].lower() in _LOCATIVE
    if place and not person_title and (after_locative or not _small_town(place, texts)):
        return Mention(
            start,
            end,
            "LOC",
            surface,
            place.name,
            None,
            place.country_code,
            place.latitude,
            place.longitude,
            "gazetteer",
        )
    if surface in er.KNOWN_ORGS or (
        len(texts) == 2 and texts[0] in er.KNOWN_ORGS and _place(texts[0]) is None and texts[1] not in er.TITLE_WORDS
    ):
        # "UN Environment", "Sony Australia": a known organisation's unit is an organisation
        return Mention(start, end, "ORG", surface, surface, rule="org_pattern")
    if texts[0][:1].isdigit() and texts[-1] not in er.ORDINAL_UNITS:
        return (
            _classify(words[1:], text, vocabulary, has_role=has_role, person_title=person_title)
            if len(words) > 1
            else None
        )
    if text[start - 1 : start] in '"“' and text[end : end + 1] in '"”' and start > 0:
        return None
    if (
        len(texts) >= 2
        and texts[-1] in _ROMAN_NUMERALS
        and texts[-2] not in er.OTHER_TAILS
        and _place(texts[0]) is None
    ):
        # "Ramesses II", "Amyntas I": a regnal number makes a person
        return Mention(start, end, "PERSON", surface, surface, rule="person_name")
    if texts[-1] in er.NUMBER_WORDS:
        return None
    if texts[-1] in er.OTHER_TAILS or surface in er.DEMONYMS or texts[-1] in er.NOT_ENTITY_ACRONYMS:
        return None
    if texts[-1].endswith("s") and _is_acronym(texts[-1][:-1]):
        return None
    if (
        len(texts) > 1
        and texts[0] in er.LOC_HEADS
        and texts[0] not in er.ORG_HEADS
        and _place(" ".join(texts[1:]).removeprefix("of "))
        or (len(texts) > 1 and texts[0] in er.PLACE_HEADS)
    ):
        return Mention(start, end, "LOC", surface, surface, rule="org_pattern")
    if _is_org_words(texts):
        if len(texts) == 1:
            # "the Government", "the Bank": a generic noun unless it points back to a named one
            prior = text[max(0, start - 4) : start].lower() == "the "
            return Mention(start, end, "ORG" if prior else "UNKNOWN", surface, surface, rule="org_pattern")
        return Mention(start, end, "ORG", surface, surface, rule="org_pattern")
    capital = [t for t in texts if t[:1].isupper()]
    if capital and capital[-1] in er.LOC_TAILS and len(capital) > 1:
        return Mention(start, end, "LOC", surface, surface, rule="org_pattern")
    if len(capital) > 2 and any(t in er.LOC_TAILS for t in capital[1:-1]) and not _is_org_words(texts):
        return Mention(start, end, "LOC", surface, surface, rule="org_pattern")
    if len(texts) > 1 and not er.ORG_TAILS.isdisjoint(texts[1:]) and not person_title:
        return Mention(start, end, "ORG", surface, surface, rule="org_pattern")
    if len(texts) == 1 and _is_acronym(texts[0]) and "-" not in texts[0]:
        return Mention(start, end, "ORG", surface, surface, rule="acronym")
    first, last = _fold(texts[0]), _fold(_without_particle(texts[-1]))
    if person_title:
        return Mention(start, end, "PERSON", surface, surface, rule="person_name")
    capitals_only = any(t.isupper() and len(t) > 1 and t not in _ROMAN and not _is_initial(t) for t in texts)
    if 2 <= len(texts) <= 4 and not capitals_only:
        plain = _plain(texts, vocabulary)
        # "the Great Powers", "the Baltic States": after "the", a surname at the end makes no person
        # (a first name still does: "the Donald Trump administration")
        after_the = text[max(0, start - 4) : start] == "the "
        if plain and (first in gz.first_names() or (last in gz.surnames() and not after_the)):
            return Mention(start, end, "PERSON", surface, surface, rule="person_name")
        # after a census first name, later words may be title words or places by spelling
        # ("Jeffrey Dean Morgan", "Christopher Columbus")
        later_plain = not any(t in _NOT_LATER_PLAIN or t.lower() in vocabulary for t in texts[1:])
        if first in gz.first_names() and later_plain and _place(texts[0]) is None and texts[0] not in er.TITLE_WORDS:
            return Mention(start, end, "PERSON", surface, surface, rule="person_name")
        if plain and len(texts) <= 3:
            # kept only if the text also uses its last word alone as a person ("Lavrov said")
            return Mention(start, end, "NAME?", surface, surface, rule="person_name")
    if len(texts) == 1 and (
        texts[0] in er.TITLE_WORDS
        or texts[0].rstrip("s") in er.TITLE_WORDS
        or _CONTRACTION.search(texts[0])
    ):
        # "Minister", "Emperors", "I’m": a title or a contraction on its own is no name
        return None
    if len(texts) == 1:
        follow = text[end : end + 12].lstrip(" ,").split(" ", 1)[0].strip(",.;:")
        cue = follow in er.CUE_VERBS or text[end : end + 2] in ("'s", "’s")
        census = first in gz.surnames() or first in gz.first_names()
        # a census word the text also writes in lower case is a common word ("Spring", "Fast")
        common = first in vocabulary
        kind = "NAME?" if (cue or (census and not common)) and first not in er.DEMONYMS else "UNKNOWN"
        if after_locative and kind == "UNKNOWN":
            if before[-1].lower() in _PLACE_PREPOSITIONS and _NAME_SHAPED.fullmatch(surface):
                # "visited Kamchatka", "in Merdingen": an unknown name after a preposition of place
                return Mention(start, end, "LOC", surface, surface, rule="locative")
            return None
        if text[start - 1 : start] == "(" and text[end : end + 1] == ")" and not cue:
            return None
        return Mention(start, end, kind, surface, surface, rule="single_word")
    return None


def _plain(texts: list[str], vocabulary: Container[str]) -> bool:
    """No word of a name part is a title, organisation, place or demonym word, a word the text writes
    in lower case (name particles aside) or a place (a loop: this runs for most runs)."""
    for t in texts:
        if (
            t in _NOT_PLAIN
            or (t.lower() in vocabulary and t not in er.NAME_PARTICLES)
            or t.rstrip("s") in er.DEMONYMS
            or _place(t)
        ):
            return False
    return True


#: Words that make a name part no plain name (``_classify``): one set for the lists it tests each word against.
_NOT_PLAIN = frozenset(
    er.TITLE_WORDS | er.ORG_TAILS | er.DEMONYMS.keys() | er.LOC_TAILS | er.LOC_HEADS | er.OTHER_TAILS | er.KNOWN_ORGS
)
#: The same for the words after a census first name ("Jeffrey Dean Morgan").
_NOT_LATER_PLAIN = frozenset(
    er.PERSON_TITLES | er.ORG_TAILS | er.DEMONYMS.keys() | er.LOC_TAILS | er.OTHER_TAILS | er.KNOWN_ORGS
)


def _lower_words(text: str) -> frozenset[str]:
    """Words the text itself writes in lower case: evidence that a capitalised one is a common word."""
    return frozenset(_LOWER_WORD_SCAN.findall(text))


class _LowerWords:
    """``word in _LowerWords(text)`` is ``word in _lower_words(text)``, found for the few words asked
    about (about seven per text) instead of listing every lower-case word of the text (``findall``
    was a tenth of the entity stage).

    What ``_LOWER_WORD.findall`` returns: within each maximal run of ``[a-z'’-]`` characters at most one
    word, from the run's first position that can start a match (a letter a-z after a non-word
    character or the text's start) to the run's last word boundary, if that is two characters on or
    more (the pattern is greedy, then backs off to a boundary; every later start in the run would end
    at the same boundary). ``tests/unit/test_entities.py`` checks this against ``findall``."""

    __slots__ = ("text", "known")

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        found = self.known.get(word)  # type: ignore[call-overload]
        if found is None:
            found = self.known[word] = _is_lower_word(self.text, word)  # type: ignore[index, arg-type]
        return found


_LOWER_TOKEN = re.compile(r"[a-z][a-z'’-]+")
_RUN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz'’-")


def _is_word_char(ch: str) -> bool:
    """``\\w`` of Python's ``re`` on ``str`` patterns."""
    return ch.isalnum() or ch == "_"


def _boundary(text: str, at: int) -> bool:
    """``\\b`` at ``at``."""
    left = at > 0 and _is_word_char(text[at - 1])
    right = at < len(text) and _is_word_char(text[at])
    return left != right


def _is_lower_word(text: str, word: str) -> bool:
    """Whether ``_LOWER_WORD.findall(text)`` holds ``word`` (see ``_LowerWords``)."""
    if not isinstance(word, str) or _LOWER_TOKEN.fullmatch(word) is None:
        return False
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (
            (at == 0 or not _is_word_char(text[at - 1]))
            and _boundary(text, end)
            and _first_start_of_run(text, at)
            and _last_boundary_of_run(text, end)
        ):
            return True
        at = text.find(word, at + 1)
    return False


def _first_start_of_run(text: str, at: int) -> bool:
    """No position before ``at`` in its run of ``[a-z'’-]`` could start a ``_LOWER_WORD`` match."""
    i = at - 1
    while i >= 0 and text[i] in _RUN_CHARS:
        if "a" <= text[i] <= "z" and (i == 0 or not _is_word_char(text[i - 1])):
            return False
        i -= 1
    return True


def _last_boundary_of_run(text: str, end: int) -> bool:
    """No word boundary after ``end`` up to the end of its run of ``[a-z'’-]``."""
    run_end = end
    while run_end < len(text) and text[run_end] in _RUN_CHARS:
        run_end += 1
    return not any(_boundary(text, q) for q in range(end + 1, run_end + 1))


_NAME_SHAPED_RUN = re.compile(
    rf"[A-Z\u00C0-\u00DE][a-z\u00DF-\u024F]+(?: (?:{_HYPHEN_PARTICLE})?[A-Z\u00C0-\u00DE][a-z\u00DF-\u024F]+){{1,2}}"
)
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
#: ``_LOWER_WORD`` for Python's engine: the look-ahead for the first letter lets it skip other positions
#: with one class test (a third faster); polars' engine has no look-around, so it keeps ``_LOWER_WORD``.
_LOWER_WORD_SCAN = re.compile(r"(?=[a-z])\b[a-z][a-z'’-]+\b")


def _role_split(words: list[_Word]) -> tuple[list[_Word], list[_Word]]:
    """(role words, name words) of a segment: the role ends at the last title word before a name.

    A person title followed by "of" takes what it is the title of into the role ("Secretary of State"
    Antony Blinken, "Governor of Texas" Greg Abbott, "President of the European Commission")."""
    last_title = -1
    skip_to = 0
    for i, word in enumerate(words[:-1]):
        if i < skip_to:
            continue
        bare = word.text.rstrip(".")
        if words[i + 1].text == "of" and bare in er.PERSON_TITLES and bare not in er.ORG_HEADS and i + 2 < len(words):
            last_title = skip_to = _title_of_end(words, i + 2)
            last_title -= 1
            continue
        if words[i + 1].text in er.RUN_CONNECTORS:
            continue
        if _is_title_word(bare) and not _is_org_words([w.text for w in words[: i + 1]]):
            last_title = i
    if last_title < 0 or not any(_is_person_title(w.text.rstrip(".")) for w in words[: last_title + 1]):
        return [], words
    if all(w.text.rstrip("s") in er.TITLE_WORDS or w.text in er.TITLE_WORDS for w in words[last_title + 1 :]):
        return words, []
    return words[: last_title + 1], words[last_title + 1 :]


def _is_title_word(word: str) -> bool:
    """A title word, or title words joined by hyphens ("Secretary-General", "Vice-President")."""
    return word in er.TITLE_WORDS or ("-" in word and all(part in er.TITLE_WORDS for part in word.split("-")))


def _is_person_title(word: str) -> bool:
    """A title only a person holds, alone or hyphen-joined to others ("Secretary-General", "Lt-Gen")."""
    return word in er.PERSON_TITLES or (
        "-" in word and all(part in er.TITLE_WORDS for part in word.split("-"))
        and any(part in er.PERSON_TITLES for part in word.split("-"))
    )


#: Most words a place or organisation after "<title> of" is looked up with ("the National Institute of
#: Allergy and Infectious Diseases" has seven).
_LONGEST_NAME = 8


def _title_of_end(words: list[_Word], start: int) -> int:
    """End (exclusive) of what a title is the title of, from ``start`` (just after its "of"): the
    longest words that are a place or an organisation ("Texas", "the European Commission"), else
    portfolio and title words ("State", "Foreign Affairs"), else one word."""
    if words[start].text == "the" and start + 1 < len(words):
        start += 1
    # at most _LONGEST_NAME words: a run of any length costs a bounded number of lookups
    for end in range(min(len(words), start + _LONGEST_NAME), start, -1):
        texts = [w.text for w in words[start:end]]
        if _place(" ".join(texts)) or (len(texts) > 1 and _is_org_words(texts)):
            break
    else:
        end = start
        while end < len(words) and (words[end].text in er.PORTFOLIO_WORDS or words[end].text in er.TITLE_WORDS):
            end += 1
        end = max(end, start + 1)
    # a connector never starts the name after a role: "the Republic" of China runs on
    while end + 1 < len(words) and words[end].text in er.RUN_CONNECTORS:
        end += 2
    return end


def _role_places(role: list[_Word], text: str, vocabulary: Container[str]) -> list[Mention]:
    """Places and organisations named inside a role ("US" President, "Indian Army" Chief, President of
    "the European Commission")."""
    out = []
    lead = []
    for word in role:
        if word.text.rstrip(".") in er.TITLE_WORDS or word.text in er.DEMONYMS:
            break
        lead.append(word)
    if lead:
        found = _classify(lead, text, vocabulary, has_role=False, person_title=False)
        if found and found.type in ("LOC", "ORG"):
            out.append(found)
    texts = [w.text for w in role]
    if "of" in texts:
        after = role[texts.index("of") + 1 :]
        if after and after[0].text == "the":
            after = after[1:]
        if after and not all(w.text in er.PORTFOLIO_WORDS or w.text in er.TITLE_WORDS for w in after):
            found = _classify(after, text, vocabulary, has_role=False, person_title=False)
            if found and found.type in ("LOC", "ORG"):
                out.append(found)
    return out


def find_mentions(text: str) -> list[Mention]:
    """Text -> entity mentions (rules 1-7 of the module docstring), in text order."""
    return find_mentions_batch([text])[0]


def find_mentions_batch(texts: list[str]) -> list[list[Mention]]:
    """Texts -> entity mentions of each (rules 1-7 of the module docstring), in text order.

    One regex pass per text finds the candidate runs. One-word runs (three in four) are classified
    together in one polars frame (``_classify_single_words``: joins against the gazetteer frames,
    one ``when/then`` chain); runs of several words go through ``_run_mentions``; coreference
    (``_resolve``) then runs per text on its mentions.
    """
    raw: list[list[Mention]] = [[] for _ in texts]
    vocabularies: list[Container[str] | None] = [None] * len(texts)
    single: dict[str, list] = {"text_id": [], "start": [], "run": [], "before": [], "after": []}
    ids, starts, runs, befores, afters = single.values()
    for text_id, text in enumerate(texts):
        # runs are words joined by single spaces: a space in the run means several words
        several: list[tuple[int, int]] = []
        find = text.find
        for run in CAPITALISED_RUN.finditer(text):
            start, end = run.span()
            if find(" ", start, end) >= 0:
                several.append((start, end))
            else:
                ids.append(text_id)
                starts.append(start)
                runs.append(run.group())
                befores.append(text[max(0, start - _BEFORE) : start])
                afters.append(text[end : end + _AFTER])
        if several:
            # Runs of several words: roles, connectors and segments are cut by rules that look
            # at each word's neighbours and at dictionary sets in a loop of variable length;
            # written as expressions they would need a frame per cut, so they stay in Python.
            vocabulary = vocabularies[text_id] = _LowerWords(text)
            mentions = raw[text_id]
            for start, end in several:
                mentions.extend(_run_mentions(text, start, end, vocabulary))
    words = pl.DataFrame(
        single,
        schema={"text_id": pl.Int64, "start": pl.Int64, "run": pl.String, "before": pl.String, "after": pl.String},
    )
    vocabulary = (
        pl.DataFrame(
            {"text_id": list(range(len(texts))), "text": texts}, schema={"text_id": pl.Int64, "text": pl.String}
        )
        .join(words.select("text_id").unique(), on="text_id", how="semi")
        .select("text_id", pl.col("text").str.extract_all(_LOWER_WORD.pattern).alias("_lower"))
        .explode("_lower")
        .drop_nulls()
        .unique()
    )
    found = _classify_single_words(words, vocabulary)
    for text_id, start, end, kind, surface, name, code, lat, lon, rule in found.iter_rows():
        raw[text_id].append(Mention(start, end, kind, surface, name, None, code, lat, lon, rule))
    out = []
    for text, mentions, vocabulary in zip(texts, raw, vocabularies, strict=True):
        mentions.sort(key=_START)
        acronyms: dict[str, Mention] = {}
        for m in mentions:
            if m.type == "ORG":
                bracket = _ACRONYM_IN_BRACKETS.match(text, m.end)
                if bracket:
                    acronyms[bracket.group(1)] = m
        out.append(_resolve(mentions, acronyms, text, vocabulary))
    return out


#: Characters of context kept around a one-word candidate: enough for "the " and a locative word
#: before it (12, as ``_classify`` reads), and a reporting verb or a bracketed acronym after it.
_BEFORE, _AFTER = 12, 24


def _classify_single_words(words: pl.DataFrame, vocabulary: pl.DataFrame) -> pl.DataFrame:
    """One-word runs (text_id, start, run, before, after) -> mentions (text_id, start, end, type,
    text, name, country_code, latitude, longitude, rule): ``_classify`` for one word, as expressions."""
    run = pl.col("run")
    possessive = run.str.contains(r"['’]s$") & (run.str.len_chars() > 2)
    word = pl.when(possessive).then(run.str.slice(0, run.str.len_chars() - 2)).otherwise(run)
    w = pl.col("word")
    stop = (
        w.str.ends_with(".")
        & ~w.is_in(list(_ABBREVIATIONS))
        & (w.str.count_matches(".", literal=True) == 1)
        & (w.str.len_chars() > 2)
    )
    lower = w.str.to_lowercase()
    upper = (w == w.str.to_uppercase()) & (w != lower)
    common_start = lower.is_in(list(er.COMMON_WORDS)) & ~(upper & (w.str.len_chars() > 1))
    after = pl.col("after_word")
    cue = (
        (
            after.str.slice(0, 12)
            .str.strip_chars_start(" ,")
            .str.split(" ")
            .list.first()
            .str.strip_chars(",.;:")
            .is_in(list(er.CUE_VERBS))
        )
        | after.str.starts_with("'s")
        | after.str.starts_with("’s")
    )
    before_last = pl.col("before").str.extract(r"(\S+)\s*$").str.to_lowercase()
    acronym = w.str.contains(r"^[A-Z][A-Z0-9&-]{1,7}s?$") & (w.str.count_matches("[A-Z]") >= 2)
    plural_acronym = w.str.ends_with("s") & w.str.slice(0, w.str.len_chars() - 1).pipe(
        lambda stem: stem.str.contains(r"^[A-Z][A-Z0-9&-]{1,7}s?$") & (stem.str.count_matches("[A-Z]") >= 2)
    )
    title = (
        w.is_in(list(er.TITLE_WORDS))
        | w.str.strip_chars_end("s").is_in(list(er.TITLE_WORDS))
        | w.str.contains(r"['’](?:m|re|ve|ll|d|t)$")
    )
    quoted = (
        (pl.col("start") > 0)
        & pl.col("before").str.contains(r"[\"“]$")
        & (after.str.contains(r"^[\"”]") | (after == ""))
    )
    bracketed = pl.col("before").str.ends_with("(") & after.str.starts_with(")")
    name_kind = pl.when(cue | (pl.col("census") & ~pl.col("common"))).then(pl.lit("NAME?")).otherwise(pl.lit("UNKNOWN"))
    small_town = (pl.col("place_kind") == "city") & (pl.col("population") < gz.SMALL_TOWN_POPULATION)
    place = pl.col("place_name").is_not_null() & (before_last.is_in(list(_LOCATIVE)) | ~small_town)
    kind = (
        pl.when(w.is_in(list(er.DEMONYMS)))
        .then(None)
        .when(place)
        .then(pl.lit("LOC"))
        .when(w.is_in(list(er.KNOWN_ORGS)))
        .then(pl.lit("ORG"))
        .when(quoted)
        .then(None)
        .when(
            w.is_in(list(er.NUMBER_WORDS))
            | w.is_in(list(er.OTHER_TAILS))
            | w.is_in(list(er.NOT_ENTITY_ACRONYMS))
            | plural_acronym
        )
        .then(None)
        .when(w.is_in(list(er.ORG_TAILS)))
        .then(
            pl.when(pl.col("before").str.to_lowercase().str.ends_with("the "))
            .then(pl.lit("ORG"))
            .otherwise(pl.lit("UNKNOWN"))
        )
        .when(acronym & ~w.str.contains("-", literal=True))
        .then(pl.lit("ORG"))
        .when(title)
        .then(None)
        .when(before_last.is_in(list(_LOCATIVE)) & (name_kind == "UNKNOWN"))
        .then(
            pl.when(before_last.is_in(list(_PLACE_PREPOSITIONS)) & w.str.contains(_NAME_SHAPED.pattern))
            .then(pl.lit("LOC"))
            .otherwise(None)
        )
        .when(bracketed & ~cue)
        .then(None)
        .otherwise(name_kind)
    )
    kind_found = pl.col("type")
    rule = (
        pl.when(place)
        .then(pl.lit("gazetteer"))
        .when(kind_found.is_in(["ORG", "UNKNOWN"]) & (w.is_in(list(er.KNOWN_ORGS)) | w.is_in(list(er.ORG_TAILS))))
        .then(pl.lit("org_pattern"))
        .when(kind_found == "ORG")
        .then(pl.lit("acronym"))
        .when(kind_found == "LOC")
        .then(pl.lit("locative"))
        .otherwise(pl.lit("single_word"))
    )
    folded = w.str.normalize("NFKD").str.replace_all(r"[^\x00-\x7F]", "").str.to_lowercase()
    places = gz.places_frame().lazy()
    candidates = (
        words.lazy()
        .with_columns(word.alias("word"), possessive.alias("possessive"))
        .with_columns(pl.when(stop).then(w.str.slice(0, w.str.len_chars() - 1)).otherwise(w).alias("word"))
        .with_columns(
            (pl.col("start") + w.str.len_chars()).alias("end"),
            (run.str.slice(w.str.len_chars()) + pl.col("after")).alias("after_word"),
            folded.alias("folded"),
        )
        .filter(~common_start & ~w.is_in(list(er.RUN_CONNECTORS)))
        .with_columns(pl.col("folded").is_in(gz.census_names().implode()).alias("census"))
        .join(
            vocabulary.lazy(), left_on=["text_id", "folded"], right_on=["text_id", "_lower"], how="left", coalesce=False
        )
        .with_columns(pl.col("_lower").is_not_null().alias("common"))
        .join(places, left_on="word", right_on="surface", how="left")
        .with_columns(kind.alias("type"))
        .with_columns(rule.alias("rule"))
    )
    named = candidates.filter(pl.col("type").is_not_null()).select(
        "text_id",
        "start",
        "end",
        "type",
        w.alias("text"),
        pl.when(place).then(pl.col("place_name")).otherwise(w).alias("name"),
        pl.when(pl.col("type") == "LOC").then(pl.col("country_code")),
        pl.when(pl.col("type") == "LOC").then(pl.col("latitude")),
        pl.when(pl.col("type") == "LOC").then(pl.col("longitude")),
        "rule",
    )
    # "Russia-Ukraine": a word that is no mention may still join country names with hyphens
    pieces = (
        candidates.filter(pl.col("type").is_null() & w.str.contains("-", literal=True))
        .select("text_id", "start", w.str.split("-").alias("piece"))
        .with_row_index("_run")
        .explode("piece")
        .with_columns(
            (
                pl.col("start")
                + (pl.col("piece").str.len_chars() + 1).cum_sum().over("_run")
                - pl.col("piece").str.len_chars()
                - 1
            ).alias("start")
        )
        .join(places.filter(pl.col("place_kind") == "country"), left_on="piece", right_on="surface", how="inner")
        .select(
            "text_id",
            "start",
            (pl.col("start") + pl.col("piece").str.len_chars()).alias("end"),
            pl.lit("LOC").alias("type"),
            pl.col("piece").alias("text"),
            pl.col("place_name").alias("name"),
            "country_code",
            "latitude",
            "longitude",
            pl.lit("gazetteer").alias("rule"),
        )
    )
    return pl.concat([named, pieces]).sort("text_id", "start").collect()


def _run_mentions(text: str, run_start: int, run_end: int, vocabulary: Container[str]) -> list[Mention]:
    """A capitalised run of several words -> its mentions: role places and names (rules 1-5)."""
    raw: list[Mention] = []
    words = _words(text, run_start, run_end)
    segments = _split_segments(words)
    prev_possessive: list[_Word] | None = None
    for seg in segments:
        seg = _trim(seg, text) if seg is segments[0] else seg
        if not seg:
            prev_possessive = None
            continue
        name_words: list[_Word] = []
        for piece_no, piece in enumerate(_split_connectors(seg)):
            role_words, part = _role_split(piece)
            role = None
            if role_words:
                role_start = role_words[0].start
                if prev_possessive and piece_no == 0:
                    role_start = prev_possessive[0].start
                role = text[role_start : role_words[-1].end]
                raw.extend(_role_places(role_words, text, vocabulary))
            else:
                part = _trim(part, text)
            name_words += part
            if part:
                raw.extend(_name_mentions(part, text, role, vocabulary))
        prev_possessive = seg if seg[-1].possessive else None
        if not name_words:
            prev_possessive = None
    return raw


def _name_mentions(part: list[_Word], text: str, role: str | None, vocabulary: Container[str]) -> list[Mention]:
    """The name part of a run (after any role) -> its mention, or the places hyphen-joined in it."""
    mention = _classify(part, text, vocabulary, has_role=role is not None, person_title=role is not None)
    if mention is None and len(part) > 1:
        # "a USSR T-shirt": the longest leading words that name a country
        for cut in range(min(len(part) - 1, _LONGEST_NAME), 0, -1):
            place = _place(text[part[0].start : part[cut - 1].end])
            if place is not None and place.kind == "country":
                lead = part[:cut]
                return [
                    Mention(
                        lead[0].start,
                        lead[-1].end,
                        "LOC",
                        text[lead[0].start : lead[-1].end],
                        place.name,
                        None,
                        place.country_code,
                        place.latitude,
                        place.longitude,
                        "gazetteer",
                    )
                ]
    if mention is None:
        return _hyphen_places(part, text)
    mention.role = role
    return [mention]


def _hyphen_places(words: list[_Word], text: str) -> list[Mention]:
    """ "Russia-Ukraine", "US-Russia": each hyphen-joined part that is a place."""
    out = []
    for word in words:
        if "-" not in word.text:
            continue
        offset = word.start
        for piece in word.text.split("-"):
            place = _place(piece)
            if place and place.kind == "country":
                out.append(
                    Mention(
                        offset,
                        offset + len(piece),
                        "LOC",
                        piece,
                        place.name,
                        None,
                        place.country_code,
                        place.latitude,
                        place.longitude,
                        "gazetteer",
                    )
                )
            offset += len(piece) + 1
    return out


def _without_particle(word: str) -> str:
    """A name's word without a hyphen-joined particle ("al-Assad" -> "Assad")."""
    head, hyphen, rest = word.partition("-")
    return rest if hyphen and head in er.HYPHEN_PARTICLES else word


def _surname_key(word: str) -> str:
    """``entity_key`` of a name's last word without its particle, so that the surname alone later
    in the text finds the full name ("Assad" -> "Bashar al-Assad")."""
    return gz.entity_key(_without_particle(word))


def _initials(name: str) -> str:
    return "".join(w[0] for w in _INITIALS_SPLIT.split(name) if w and w[0].isupper())


_CUE_BEFORE = re.compile(r"(?:^|[^\w])([a-z]+)(?: by)?[ ,]*$")


def _person_cue_before(m: Mention, text: str) -> bool:
    """A lower-case word that introduces a person just before the name ("writer Günter de Bruyn",
    "says Tarlo", "directed by Yannis Smaragdis"): ``entity_rules.PERSON_CUES``."""
    window = max(0, m.start - 30)
    # a match ends in a lower-case letter and spaces or commas (then "$": the end or a newline before
    # it); most names have no such word before them
    before = text[window : m.start]
    if not ("a" <= before.rstrip(" ,")[-1:] <= "z") and not (
        before.endswith("\n") and "a" <= before[:-1].rstrip(" ,")[-1:] <= "z"
    ):
        return False
    found = _CUE_BEFORE.search(text, window, m.start)
    if found is None:
        return False
    word = found.group(1)
    if found.group(0).rstrip(" ,").endswith(" by"):
        return word in er.PERSON_BY_CUES
    return word in er.PERSON_CUES


_ORG_CUE_AFTER = re.compile(r"[ ]+([a-z]+)\b")


def _org_cue(m: Mention, text: str) -> bool:
    """A lower-case word that marks a name as an organisation, just before it ("the newspaper Die
    Zeit", "companies such as Spotify") or just after it ("a Harley-Davidson spokeswoman", "Tesco
    accounts"): ``entity_rules.ORG_CUES_BEFORE`` and ``ORG_CUES_AFTER``."""
    after = _ORG_CUE_AFTER.match(text, m.end)
    if after is not None and after.group(1) in er.ORG_CUES_AFTER:
        return True
    before = text[max(0, m.start - 30) : m.start].rstrip(" ,\"“'‘").removesuffix(" such as")
    return before.rsplit(" ", 1)[-1] in er.ORG_CUES_BEFORE


_ARTICLE_BEFORE = re.compile(r"(?:^|\W)(?:the|The|a|an|A|An)[ ]+$")


def _not_a_lone_name(m: Mention, text: str) -> bool:
    """A one-word name with no other evidence after an article is a title or a common word
    ("the Bible", "the Maya", "a Wing"), not a person."""
    return _ARTICLE_BEFORE.search(text, max(0, m.start - 5), m.start) is not None


#: "Gomery, who led the commission": a relative "who" after a name makes it a person.
_WHO_AFTER = re.compile(r",? (?:who|whose|whom)\b")


_COORDINATION = frozenset([" and ", " or ", ", ", " & "])
_COORDINATED_TYPES = ("PERSON", "ORG", "LOC")


def _coordinated(
    unknown: list[Mention], found: list[Mention], text: str, common: Callable[[Mention], bool]
) -> list[Mention]:
    """Unknown one-word names joined by "and", "or" or a comma to a found name take its type
    ("Sulla and Trump", "Seychelles and Tioman", "Reddit, Twitter and Spotify")."""
    by_end = {m.end: m for m in found if m.type in _COORDINATED_TYPES}
    by_start = {m.start: m for m in found if m.type in _COORDINATED_TYPES}
    out = []
    for m in unknown:
        if " " in m.text:
            continue
        for sep in _COORDINATION:
            other = by_end.get(m.start - len(sep))
            if other is None or text[other.end : m.start] != sep:
                # a comma after a lone word is too often an adverb or a vocative ("Thematically, Jasmine")
                other = by_start.get(m.end + len(sep)) if sep != ", " else None
                if other is None or text[m.end : other.start] != sep:
                    continue
            # asked only now: most unknown words have no name beside them
            if common(m):
                break
            m.type, m.rule = other.type, "coordination"
            if other.type == "LOC":
                m.name = m.text
            out.append(m)
            break
    return out


#: Endings of English adjectives and abstract nouns, rare at the end of a personal name: a plain
#: run with such a word is a term ("Electronic Warfare", "Truth Social"), not a person.
_WORD_SUFFIXES = (
    "ic",
    "al",
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ive",
    "ous",
    "ful",
    "less",
    "ance",
    "ence",
    "ism",
    "ary",
    "ory",
)


#: What comes just before a sentence's first word: the text's start, a stop, a colon or semicolon, a
#: quotation mark, a bracket, a line break or a dash (then spaces), or a single quotation mark that
#: opens ("like, 'Hey, ..."; a straight one only after a space, where it cannot be an apostrophe).
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\"“”‘(\n—–]\s*|\s')$")


def _sentence_word(m: Mention, text: str, inside: dict[str, bool]) -> bool:
    """A one-word name found only by the name lists or by repetition that opens its sentence, is a common
    English word ("Let", "Check", "Fast", "Researchers") but no census first name or common surname, and
    that the text never writes capitalised inside a sentence, with no reporting verb after it (unless it
    is a plural or a gerund no census list holds: "Officials said"): a word capitalised by its position,
    not a name. ``inside`` caches, per word, whether the text writes it capitalised inside a sentence:
    each word's occurrences are read once per text, however often it opens a sentence."""
    if _SENTENCE_OPENING.search(text, max(0, m.start - 3), m.start) is None:
        return False
    word = m.text.lower()
    if word not in gz.english_words() or word in gz.first_names() or word in gz.common_surnames():
        # a census first name or a common surname is as often the name as the word ("George", "Brown")
        return False
    follow = text[m.end : m.end + 12].lstrip(" ,").split(" ", 1)[0].strip(",.;:")
    if follow in er.CUE_VERBS and (word in gz.surnames() or not word.endswith(("s", "ing"))):
        # "Trump said" stays a name; a plural or a gerund that is no surname does not ("Officials said",
        # "Critics argued", "Fighting continued")
        return False
    found = inside.get(m.text)
    if found is None:
        found = inside[m.text] = _written_inside_a_sentence(text, m.text)
    return not found


def _written_inside_a_sentence(text: str, word: str) -> bool:
    """Whether ``text`` has ``word`` as a whole word anywhere but at a sentence's opening."""
    at = text.find(word)
    while at >= 0:
        if _SENTENCE_OPENING.search(text, max(0, at - 3), at) is None and _is_word_at(text, at, len(word)):
            return True
        at = text.find(word, at + 1)
    return False


def _is_word_at(text: str, at: int, length: int) -> bool:
    return (at == 0 or not _is_word_char(text[at - 1])) and (
        at + length >= len(text) or not _is_word_char(text[at + length])
    )


def _unconfirmed_name(m: Mention, text: str) -> bool:
    """A plain run of two or three name-shaped words that no rule confirmed: a person unless an
    article comes before it ("the Middle Ages", "a Harley-Davidson") or it ends in a plural."""
    if not _NAME_SHAPED_RUN.fullmatch(m.text) or m.text.endswith("s"):
        return False
    if any(word.endswith(_WORD_SUFFIXES) for word in m.text.split()):
        return False
    words = m.text.lower().split()
    if all(w in gz.english_words() and w not in gz.first_names() for w in words):
        # every word a common English word and none a first name: a title-case phrase ("Adjusted Median
        # Income", "User Guide"), not a person
        return False
    before = text[max(0, m.start - 4) : m.start].lower()
    return not before.endswith(("the ", " a ", "an ")) and before not in ("a ",)


def _resolve(
    raw: list[Mention], acronyms: dict[str, Mention], text: str, vocabulary: Container[str] | None
) -> list[Mention]:
    """Coreference inside one text: short person names, acronyms; drop what stays unknown."""
    # a mention's surface is words joined by single spaces: " " in it means two words or more
    people = [m for m in raw if m.type == "PERSON" and " " in m.text]
    by_last: dict[str, Mention] = {}
    by_first: dict[str, Mention] = {}
    for person in people:
        tokens = person.text.split()
        by_last.setdefault(_surname_key(tokens[-1]), person)
        by_first.setdefault(gz.entity_key(tokens[0]), person)
    # a plain multi-word name whose last word stands alone as a person elsewhere is a person
    alone = {gz.entity_key(m.text) for m in raw if m.type in ("NAME?", "PERSON") and " " not in m.text}
    for m in raw:
        if m.type == "NAME?" and " " in m.text:
            m.type = "PERSON" if _surname_key(m.text.split()[-1]) in alone or _unconfirmed_name(m, text) else "UNKNOWN"
            if m.type == "PERSON":
                people.append(m)
                tokens = m.text.split()
                by_last.setdefault(_surname_key(tokens[-1]), m)
                by_first.setdefault(gz.entity_key(tokens[0]), m)
    orgs = [m for m in raw if m.type == "ORG" and " " in m.text]
    for m in orgs:
        acronyms.setdefault(_initials(m.text), m)
    full_orgs = {o.text for o in orgs}
    for m in orgs:
        head, _, rest = m.text.rpartition(" ")
        # "Defence Ministry" is "Ministry of Defence" when the text also writes it that way
        if rest in er.ORG_HEADS and f"{rest} of {head}" in full_orgs:
            m.name = f"{rest} of {head}"
    unknown_counts: dict[str, int] = {}
    for m in raw:
        if m.type == "UNKNOWN" and " " not in m.text:
            unknown_counts[m.text] = unknown_counts.get(m.text, 0) + 1

    def common(m: Mention) -> bool:
        nonlocal vocabulary
        # a name-shaped word: capital then lower-case letters ("Seagal", not "T-shirt" or "iPhone")
        shaped = _NAME_SHAPED_WORD.fullmatch(m.text) is not None
        # adjectives of peoples and periods ("Macedonian", "Mycenaean") are not names either
        adjective = m.text.endswith(("ian", "ean", "ese", "ish", "ic", "id"))
        if not shaped or adjective or m.text.lower() in er.COMMON_WORDS:
            return True
        if vocabulary is None:
            vocabulary = _LowerWords(text)
        return _fold(m.text) in vocabulary

    out: list[Mention] = []
    unknown: list[Mention] = []
    inside: dict[str, bool] = {}  # _sentence_word's cache for this text
    for m in raw:
        single = " " not in m.text
        if single and m.type in ("PERSON", "NAME?", "UNKNOWN", "LOC") and (by_last or by_first):
            key = gz.entity_key(m.text)
            full = by_last.get(key) or by_first.get(key)
            if full is not None and (m.type != "LOC" or key in by_last):
                m.type, m.name, m.rule = "PERSON", full.name, "coreference"
                m.country_code = m.latitude = m.longitude = None
        if m.type == "ORG" and m.text in acronyms and acronyms[m.text] is not m:
            m.name, m.rule = acronyms[m.text].name, "coreference"
        elif m.type == "ORG" and single and text[max(0, m.start - 4) : m.start].lower() == "the ":
            # "the Ministry" -> the last organisation named in full with that word ("Ministry of Defence")
            earlier = [o for o in orgs if o.end <= m.start and m.text in o.text.split()]
            if earlier:
                m.name, m.rule = earlier[-1].name, "coreference"
            elif (m.text in er.ORG_TAILS or m.text in er.ORG_HEADS) and m.text not in er.KNOWN_ORGS:
                m.type = "UNKNOWN"
        if m.type in ("UNKNOWN", "NAME?") and _org_cue(m, text):
            m.type, m.rule = "ORG", "org_cue"
        if m.type == "NAME?" or (
            m.type == "UNKNOWN" and (_person_cue_before(m, text) or _WHO_AFTER.match(text, m.end))
        ):
            m.type = "PERSON"
        if m.type == "UNKNOWN" and single and unknown_counts.get(m.text, 0) >= _REPEATS_FOR_NAME and not common(m):
            # a capitalised word the text repeats and never writes in lower case, found in no
            # gazetteer: most often a surname ("Seagal", "Winstone")
            m.type, m.rule = "PERSON", "single_word"
        if m.type == "PERSON" and single and m.rule == "single_word" and _not_a_lone_name(m, text):
            continue
        if m.type == "PERSON" and single and m.rule == "single_word" and _sentence_word(m, text, inside):
            continue
        if m.type == "UNKNOWN":
            unknown.append(m)
            continue
        out.append(m)
    out += _coordinated(unknown, out, text, common)
    for m in out:
        if m.type == "PERSON" and len(m.name.split()) >= 2:
            full = by_last.get(_surname_key(m.name.split()[-1]))
            if full is not None and gz.entity_key(full.name) == gz.entity_key(m.name):
                m.name = full.name
    out.sort(key=_SPAN)
    dedup, last_end = [], -1
    for m in out:
        if m.start >= last_end:
            dedup.append(m)
            last_end = m.end
    return _place_spans(dedup, text)


def _place_spans(mentions: list[Mention], text: str) -> list[Mention]:
    """Place spans as news writes them: "Denver, Colorado" is one place (a city and its state or
    province), and "the" belongs to plural place names ("the Netherlands", "the Alps")."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and m.type == prev.type == "LOC"
            and text[prev.end : m.start] == ", "
            and _place(m.text) is not None
            and _place(m.text).kind == "subdivision"
            and (_place(prev.text) is None or _place(prev.text).kind == "city")
            and (prev.country_code in (None, m.country_code))
        ):
            prev.end, prev.text = m.end, text[prev.start : m.end]
            prev.country_code = m.country_code
            continue
        if (
            m.type == "LOC"
            and " " not in m.text
            and m.text.endswith("s")
            and not m.text.endswith(("is", "us", "ss"))
            and text[max(0, m.start - 4) : m.start] in ("the ", "The ")
        ):
            m.start, m.text = m.start - 4, text[m.start - 4 : m.end]
        out.append(m)
    return out
