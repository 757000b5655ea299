"""Invariants of cleaning and the whole pure path, on generated pages (hypothesis)."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flows.clean import clean_text
from flows.read import decode_bytes
from flows.transform import transform_pages
from tests.conftest import FETCHED_AT
from tests.helpers import classify, page_frame

CHROME = [
    "Comments", "No comments yet...", "Related Articles", "Hashtags", "Try Our AI Features",
    "Advertisement", "Read more", "Share this article", "Times of Oman", "14 hours ago", "- Times of Oman",
    "(ANI)", "St. Petersburg [Russia], June 28 (ANI): The army said.", "",
]
line = st.one_of(
    st.sampled_from(CHROME),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), max_size=80),
)
page_text = st.lists(line, max_size=40).map("\n".join)


@given(page_text)
@settings(max_examples=200, deadline=None)
def test_kept_and_removed_lines_account_for_every_line(text):
    lines = classify(text)
    original = text.split("\n")
    assert lines["line_no"].to_list() == list(range(1, len(original) + 1))
    assert lines["text"].to_list() == original
    kept = lines.filter(pl.col("rule").is_null())
    removed = lines.filter(pl.col("rule").is_not_null())
    assert kept.height + removed.height == len(original)


@given(page_text)
# "A" four times: three put back between the datelines (repeated_line inside the block) split it
# once there were only three (found by this test; tests/unit/test_clean.py has it too).
@example(
    "St. Petersburg [Russia], June 28 (ANI): The army said.\nA\nA\nA\n"
    "St. Petersburg [Russia], June 28 (ANI): The army said.\nA"
)
@settings(max_examples=200, deadline=None)
def test_cleaning_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.lists(page_text, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_page_gets_one_outcome_and_no_article_is_empty(texts):
    pages = page_frame({f"p{i}.txt": t for i, t in enumerate(texts)}, FETCHED_AT)
    batch = transform_pages(pages, run_id="prop", ingested_at=FETCHED_AT)
    assert batch.pages["source_path"].to_list() == sorted(f"p{i}.txt" for i in range(len(texts)))
    assert set(batch.pages["status"]) <= {"loaded", "quarantined"}
    assert batch.pages.filter(pl.col("status") == "quarantined")["reason"].null_count() == 0
    assert (batch.articles["body"].str.strip_chars().str.len_chars() > 0).all()
    loaded = batch.pages.filter(pl.col("status") == "loaded")
    assert (loaded["n_articles"] > 0).all()


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_any_bytes_decode_or_get_a_reason(data):
    decoded = decode_bytes(data, max_bytes=1500)
    assert (decoded.text is None) != (decoded.reason is None)
    if decoded.text is not None:
        assert "\r" not in decoded.text and decoded.text.strip()


removed_line_rows = st.lists(
    st.tuples(
        st.sampled_from(["", "a", "a-1", "b", "ß", "Z", "a\u0000b", None]),  # page_id: shared first keys, odd text
        st.none() | st.integers(min_value=-3, max_value=40),  # line_no; nulls sort last, as in quarantine.failure
        st.text(max_size=300),  # text: rows of very different widths
    ),
    max_size=120,
    unique_by=lambda row: row[:2],
)


@given(removed_line_rows, st.integers(min_value=1, max_value=4_000), st.sampled_from([1, 2, 64]))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_an_export_in_key_ranges_holds_every_row_once_in_key_order(tmp_path_factory, rows, range_bytes, every):
    """However small the ranges, the file is the table sorted by (page_id, line_no) as DuckDB's ORDER BY
    sorts it (nulls last), each row once."""
    import duckdb

    from flows.export import write_sorted_parquet

    path = tmp_path_factory.mktemp("export") / "removed_lines.parquet"
    con = duckdb.connect()
    con.execute("create table removed_lines (page_id varchar, line_no integer, text varchar)")
    if rows:
        con.executemany("insert into removed_lines values (?, ?, ?)", rows)
    assert write_sorted_parquet(con, "removed_lines", path, range_bytes=range_bytes, sample_every=every) == len(rows)
    got = pl.read_parquet(path)
    expected = con.execute("select * from removed_lines order by page_id, line_no").fetchall()
    assert list(got.iter_rows()) == expected
    assert got.columns == ["page_id", "line_no", "text"]


key3 = st.tuples(*[st.sampled_from(["a", "b", None])] * 3)


@given(st.lists(key3, min_size=1, max_size=27, unique=True), key3)
@settings(max_examples=150, deadline=None)
def test_a_range_bound_splits_rows_as_order_by_does_with_nulls_last(rows, start):
    """The SQL that sends a row to a range before ``start`` agrees with ORDER BY's order (nulls last)
    for nulls in any key column, of the row or of the bound."""
    import duckdb

    from flows.export import _key_less

    con = duckdb.connect()
    con.execute("create table t (a varchar, b varchar, c varchar)")
    con.executemany("insert into t values (?, ?, ?)", rows)
    params = {f"s{i}": value for i, value in enumerate(start) if value is not None}
    less = _key_less(["a", "b", "c"], "s", start)
    got = con.execute(f"select a, b, c, coalesce({less}, false) from t", params)

    def nulls_last(key):
        return tuple((value is None, value or "") for value in key)

    assert {row[:3]: row[3] for row in got.fetchall()} == {row: nulls_last(row) < nulls_last(start) for row in rows}
