"""Date stage core: one text and its anchor date -> normalised date mentions (pure).

Rules, in the order they run (one alternation, earlier alternatives win at a position):

1. ``month_day``: "August 15", "June 25 to 26" (a range), "Tuesday, July 21, 2017", "Aug. 3rd".
2. ``day_month``: "15 August 2025", "25-26 June".
3. ``month_year``: "November 2013" (precision month).
4. ``year``: a year 1800-2099 standing alone ("in 2001", "the 2025 chair"; precision year).
5. ``relative``: "today", "tomorrow", "yesterday", "on Thursday" -> resolved against the article's own
   date (``anchor``: published_at or the dateline date), never the clock; a weekday is the latest one
   on or before the anchor, or the next one when the sentence speaks of the future ("will", "next").

A missing year is the anchor's year; with no anchor the value keeps no year ("--08-15").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

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
    "fifteen": 15,
    "twenty": 20,
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
# Every alternative starts a word; the leading look-behind lets the engine skip other positions
# at once (8x faster on the dev articles than the bare alternation).
DATE_PATTERN = re.compile(
    rf"(?<!\w)(?:"
    rf"(?:(?P<wd1>{_WEEKDAY}),?\s+)?(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?!\d)(?:{_TO}(?P<d1b>{_DAY})(?!\d))?(?:,?\s+(?P<y1>{_YEAR}))?(?!\d)"
    rf"|(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?P<d2>{_DAY})(?:{_TO}(?P<d2b>{_DAY}))?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?(?!\d)"
    rf"|(?P<m3>{_MONTH}),?\s+(?:of\s+)?(?P<y3>{_YEAR})(?!\d)"
    rf"|(?P<decade>(?:1[89]|20)\d0)['’]?s\b"
    rf"|(?<![\d$£€.,])(?P<y4>{_YEAR})(?![\d%]|,\d|\.\d|\s*(?:per\s?cent|percent|people|km|kg|m\b))"
    rf"|\b(?P<relunit>(?:[Tt]he\s+)?(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+(?P<unit>[Yy]ear|[Mm]onth|[Ww]eek|[Ww]eekend))\b"
    rf"|\b(?P<ago>(?P<n>\d{{1,2}}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
    rf"\s+years?\s+ago)\b"
    rf"|\b(?P<rel>[Tt]oday|[Tt]omorrow|[Yy]esterday|[Tt]onight)\b"
    rf"|\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Ff]rom|[Oo]f|[Tt]o)\s"
    rf"(?P<m6>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!,?\s+\d)"
    rf"|\b(?P<m7>January|February|March|April|June|July|August|September|October|November|December)\b"
    rf"|\b(?P<wd5>{_WEEKDAY})\b"
    rf")"
)
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


def _nearest_year(anchor: date | None, month: int, day: int | None) -> int | None:
    """The year that puts month/day closest to the anchor (a schedule can run into next year)."""
    if anchor is None:
        return None
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        when = _make(year, month, day or 15)
        if when is not None and (best is None or abs((when - anchor).days) < abs((best - anchor).days)):
            best = when
    return best.year if best else anchor.year


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


def find_dates(text: str, anchor: date | None) -> list[DateMention]:
    """Text + the article's own date -> date mentions (rules 1-5 of the module docstring)."""
    out: list[DateMention] = []
    # One regex pass; each match needs calendar arithmetic (weekday offsets, month lengths) that
    # polars has no expression for when the anchor differs per row.
    for match in DATE_PATTERN.finditer(text):
        g = match.groupdict()
        start, end = match.span("m6") if g["m6"] else match.span()
        for m, d, d_b, y, rule in (
            ("m1", "d1", "d1b", "y1", "month_day"),
            ("m2", "d2", "d2b", "y2", "day_month"),
        ):
            if g[m]:
                month, first = _month(g[m]), _day(g[d])
                year = int(g[y]) if g[y] else _nearest_year(anchor, month, first)
                last = _day(g[d_b]) if g[d_b] else None
                begin, finish = _make(year, month, first), _make(year, month, last or first)
                value = _iso(year, month, first)
                if last:
                    value = f"{value}/{_iso(year, month, last)}"
                out.append(DateMention(start, end, text[start:end], value, begin, finish, "day", rule))
                break
        else:
            if g["m3"]:
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
            elif (g["m6"] or g["m7"]) and anchor is not None:
                month = _month(g["m6"] or g["m7"])
                year = _nearest_year(anchor, month, None)
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
                value, begin, finish, precision = _relative_unit(
                    anchor, word, g["unit"].lower(), future=future
                )
                out.append(
                    DateMention(start, end, text[start:end], value, begin, finish, precision, "relative")
                )
            elif g["ago"] and anchor is not None:
                n = g["n"].lower()
                year = anchor.year - (int(n) if n.isdigit() else NUMBER_WORDS[n])
                out.append(
                    DateMention(
                        start,
                        end,
                        text[start:end],
                        str(year),
                        date(year, 1, 1),
                        date(year, 12, 31),
                        "year",
                        "relative",
                    )
                )
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
            elif anchor is not None and (g["rel"] or g["wd5"]):
                if g["rel"]:
                    shift = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[g["rel"].lower()]
                    day = anchor + timedelta(days=shift)
                else:
                    target = WEEKDAYS.index(g["wd5"].lower())
                    # only the words before the weekday, back to the sentence or quote boundary
                    boundary = max(text.rfind(ch, 0, start) for ch in '.!?"“”\n')
                    if _FUTURE.search(text[boundary + 1 : start]):
                        day = anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
                    else:
                        day = anchor - timedelta(days=(anchor.weekday() - target) % 7)
                out.append(
                    DateMention(start, end, text[start:end], day.isoformat(), day, day, "day", "relative")
                )
    return out
