"""Hostile input files (hypothesis strategies) and the invariants the read -> validate path keeps on them.

Shared by ``tests/test_hostile.py`` (a few hundred examples per run) and ``bench/fuzz.py`` (10,000+).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from hypothesis import strategies as st

from flows.read import list_input_files, read_pages
from flows.transform import transform_pages

FETCHED_AT = datetime(2025, 8, 16, 12, 0, tzinfo=UTC)
CHROME = [
    "Comments", "No comments yet...", "Related Articles", "Hashtags", "Try Our AI Features", "Advertisement",
    "Read more", "Share this article", "Times of Oman", "14 hours ago", "- Times of Oman", "(ANI)", "",
]
RTL = [
    "مرحبا بالعالم، هذا خبر عاجل", "שלום עולם, חדשות היום", "\u202eevil override\u202c text", "\u200fمرحبا",
]
EMOJI = ["😀", "🇺🇦 flag", "👩\u200d👩\u200d👧\u200d👦 family", "🔥 Breaking news 🔥", "\ufe0f\u20e3"]
#: Every reason a quarantined page may carry (read.py and transform.py docstrings).
QUARANTINE_REASONS = {
    "empty_file", "oversized_file", "binary_content", "undecodable_text", "blank_text", "outside_input_dir",
    "unreadable_file", "not_a_file", "duplicate_content", "boilerplate_only", "no_articles",
    "invalid_page_row",
}
LOADED_NOTES = {None, "truncated_utf8"}

_line = st.one_of(
    st.sampled_from(CHROME),
    st.sampled_from(RTL),
    st.sampled_from(EMOJI),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), max_size=80),
)
_page = st.lists(_line, max_size=30).map("\n".join)


def _with_nul(pair: tuple[str, int]) -> bytes:
    data = pair[0].encode()
    at = pair[1] % (len(data) + 1)
    return data[:at] + b"\x00" + data[at:]


def _joined(lines: list[str]) -> bytes:
    return "\n".join(lines).encode()


#: One hostile file's bytes, of every kind the issue names (the 50 MB line and 100,000 lines are
#: fixed cases in the tests, too large to draw hundreds of).
hostile_bytes = st.one_of(
    st.binary(max_size=3000),  # random bytes
    _page.map(lambda t: t.encode("utf-8")),
    st.tuples(_page, st.integers(1, 3)).map(lambda p: p[0].encode("utf-8")[: -p[1]]),  # truncated UTF-8
    st.tuples(_page, _page).map(lambda p: p[0].encode("utf-8") + p[1].encode("cp1252", "replace")),  # mixed
    _page.map(lambda t: t.encode("utf-16")),
    _page.map(lambda t: t.encode("cp1252", "replace")),
    st.tuples(_page, st.integers(0, 10_000)).map(_with_nul),  # NUL bytes
    # only chrome
    st.lists(st.sampled_from(CHROME), min_size=1, max_size=25).map(lambda ls: "\n".join(ls).encode()),
    st.text(alphabet=" \t\r\n\f\v\u00a0\u2003\u3000", max_size=300).map(str.encode),  # only whitespace
    st.tuples(_line, st.integers(2, 2000)).map(lambda p: ((p[0] + "\n") * p[1]).encode()),  # repeated lines
    # many tiny lines
    st.lists(st.sampled_from(["a", "b", "1", ".", "", "é"]), max_size=3000).map(_joined),
    st.lists(st.sampled_from(RTL + EMOJI), min_size=1, max_size=20).map(lambda ls: "\n".join(ls).encode()),
)
hostile_folder = st.lists(hostile_bytes, min_size=1, max_size=12)


def check_folder(folder: Path, files: list[bytes], *, max_bytes: int = 20 * 1024 * 1024) -> pl.DataFrame:
    """Write ``files`` into ``folder``, run read -> clean -> split -> extract -> validate, check the
    invariants and return the pages frame.

    Invariants: one pages row per file; loaded, or quarantined with a known specific reason; every
    line of a loaded page is kept or removed exactly once; no article has an empty body; a loaded
    page has at least one article. Files with the same bytes as an earlier one are marked
    ``duplicate_content`` as the flow's plan does.
    """
    folder.mkdir(parents=True, exist_ok=True)
    names, owners, duplicates = [], {}, {}
    for i, data in enumerate(files):
        name = f"f{i:05d}.txt"
        (folder / name).write_bytes(data)
        names.append(name)
        digest = hashlib.sha256(data).hexdigest()
        if digest in owners:
            duplicates[name] = owners[digest]
        owners.setdefault(digest, name)
    read = read_pages(folder, list_input_files(folder), fetched_at=FETCHED_AT, max_bytes=max_bytes)
    batch = transform_pages(read, run_id="fuzz", ingested_at=FETCHED_AT, duplicates=duplicates)
    pages = batch.pages
    assert pages["source_path"].to_list() == names
    loaded = pages.filter(pl.col("status") == "loaded")
    quarantined = pages.filter(pl.col("status") == "quarantined")
    assert loaded.height + quarantined.height == len(names)
    reasons = set(quarantined["reason"].to_list())
    assert reasons <= QUARANTINE_REASONS, reasons
    assert set(loaded["reason"].to_list()) <= LOADED_NOTES
    lines = read.filter(pl.col("text").is_not_null()).select(
        "source_path", pl.col("text").str.split("\n").list.len().cast(pl.Int32).alias("n_text_lines")
    )
    removed = batch.removed_lines.group_by("page_id").agg(pl.len().cast(pl.Int32).alias("n_found"))
    counted = loaded.join(lines, on="source_path").join(removed, on="page_id", how="left")
    assert counted.height == loaded.height
    assert (counted["n_lines"] == counted["n_text_lines"]).all()
    assert (counted["n_removed_lines"] == counted["n_found"].fill_null(0)).all()
    assert (counted["n_removed_lines"] < counted["n_lines"]).all()  # something was kept
    assert (loaded["n_articles"] > 0).all()
    assert (batch.articles["body"].str.strip_chars().str.len_chars() > 0).all()
    assert batch.articles["page_id"].is_in(loaded["page_id"].implode()).all()
    return pages
