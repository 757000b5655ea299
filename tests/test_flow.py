"""The real Prefect flow and the CLI, into a DuckDB file in a temp folder (one Prefect server per session)."""

from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest

from flows.cli import main
from flows.load import search_articles
from flows.pipeline import run_ingest
from flows.settings import Settings
from tests.conftest import FETCHED_AT, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_server")

BAD_FILES = {
    "bad/empty.txt": b"",
    "bad/binary.bin": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "bad/undecodable.txt": b"Words \x81\x8d\x8f\x90\x9d words",
    "bad/chrome_only.txt": b"Comments\nNo comments yet...\nRelated Articles\n\nAdvertisement\n",
    "bad/huge.txt": b"Long page. " * 2000,
    "bad/copy_of_wire.txt": (SEEDS / "001_fc1b865f5b0c57cf.txt").read_bytes(),
    "ok/cp1252.txt": "Caf\u00e9 owners protest in Z\u00fcrich\nThe owners said \u201cno\u201d.".encode("cp1252"),
    "ok/utf16.txt": "Headline in a UTF-16 file\r\nBody of the UTF-16 page.".encode("utf-16"),
    "ok/truncated.txt": "Headline of a cut page\nThe text stops in the middle of a caf\u00e9".encode()[:-1],
}
EXPECTED_REASONS = {
    "000_cdefc875d2486ed4.txt": None,
    "001_fc1b865f5b0c57cf.txt": None,
    "bad/binary.bin": "binary_content",
    "bad/chrome_only.txt": "boilerplate_only",
    "bad/copy_of_wire.txt": "duplicate_content",
    "bad/empty.txt": "empty_file",
    "bad/huge.txt": "oversized_file",
    "bad/undecodable.txt": "undecodable_text",
    "ok/cp1252.txt": None,
    "ok/truncated.txt": "truncated_utf8",
    "ok/utf16.txt": None,
}


def table_rows(db) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)
            for t in ["pages", "removed_lines", "articles", "paragraphs", "quarantine"]
        }


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("flow")
    inputs = root / "input"
    shutil.copytree(SEEDS, inputs)
    for name, data in BAD_FILES.items():
        (inputs / name).parent.mkdir(parents=True, exist_ok=True)
        (inputs / name).write_bytes(data)
    settings = Settings(
        input_dir=inputs, warehouse=root / "w.duckdb", exports_dir=root / "exports",
        fetched_at=FETCHED_AT, max_bytes=15_000,
    )
    summary = run_ingest(settings)
    return settings, summary, table_rows(settings.warehouse)


def test_every_input_file_is_loaded_or_quarantined_with_its_reason(first_run):
    settings, summary, _ = first_run
    assert summary.status == "completed"
    assert (summary.n_pages, summary.n_new) == (11, 11)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        outcomes = dict(con.execute("select source_path, reason from page_outcomes").fetchall())
        assert outcomes == EXPECTED_REASONS
        quarantined = con.execute(
            "select row_key, check_name from quarantine where table_name = 'pages' order by 1"
        ).fetchall()
        assert quarantined == sorted((k, v) for k, v in EXPECTED_REASONS.items() if v and v != "truncated_utf8")
        runs = con.execute("select status, n_pages, n_new, n_articles from runs").fetchall()
        assert runs == [("completed", 11, 11, summary.n_articles)]


def test_seed_articles_land_and_full_text_search_finds_lavrov(first_run):
    settings, summary, _ = first_run
    assert not {k: v for k, v in summary.checks.items() if v}
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        titles = con.execute(
            "select title from articles where publisher = ? order by position", ["Times of Oman"]
        ).fetchall()
        assert len(titles) == 3
        hits = search_articles(con, "Lavrov")
        assert hits[0][1].startswith("Lavrov's choice of attire") and hits[0][2] == "Times of Oman"
        cp1252 = con.execute(
            "select a.title from articles a join pages p using (page_id) where p.source_path = ?", ["ok/cp1252.txt"]
        ).fetchone()
        assert cp1252 == ("Caf\u00e9 owners protest in Z\u00fcrich",)


def test_exports_hold_every_table_sorted(first_run):
    settings, _, rows = first_run
    articles = pl.read_parquet(settings.exports_dir / "articles.parquet")
    assert articles.height == len(rows["articles"])
    assert articles["article_id"].to_list() == sorted(articles["article_id"].to_list())
    assert pl.read_parquet(settings.exports_dir / "pages.parquet").height == 11


def test_second_run_adds_no_rows_and_keeps_ids(first_run):
    settings, _, rows = first_run
    before = {path.name: path.stat().st_mtime_ns for path in settings.exports_dir.glob("*.parquet")}
    summary = run_ingest(settings)
    assert (summary.n_new, summary.n_changed, summary.n_unchanged, summary.n_articles) == (0, 0, 11, 0)
    assert table_rows(settings.warehouse) == rows
    after = {path.name: path.stat().st_mtime_ns for path in settings.exports_dir.glob("*.parquet")}
    # only the runs table changed, so only its export is rewritten
    assert {name for name in before if after[name] != before[name]} == {"runs.parquet"}


def test_cli_prints_the_summary(first_run, capsys, tmp_path):
    settings, _, _ = first_run
    page = tmp_path / "in"
    page.mkdir()
    (page / "one.txt").write_text("A headline for the CLI test\nBody.\nComments\n", encoding="utf-8")
    code = main([
        "run", "--input", str(page), "--warehouse", str(tmp_path / "w.duckdb"),
        "--exports", str(tmp_path / "exp"), "--fetched-at", "2025-08-16T12:00:00Z",
    ])
    out = capsys.readouterr().out
    assert code == 0
    assert "pages read        1 (1 new, 0 changed, 0 unchanged)" in out
    assert "articles loaded   1" in out
    assert "comments_widget   1" in out


def test_changed_file_replaces_its_rows(first_run, tmp_path):
    settings, _, _ = first_run
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    local = Settings(input_dir=inputs, warehouse=tmp_path / "w.duckdb", exports_dir=tmp_path / "e",
                     fetched_at=FETCHED_AT)
    run_ingest(local)
    (inputs / "001_fc1b865f5b0c57cf.txt").write_text("Updated headline for the wire\nNew body.", encoding="utf-8")
    summary = run_ingest(local)
    assert (summary.n_new, summary.n_changed, summary.n_unchanged) == (0, 1, 1)
    with duckdb.connect(str(local.warehouse), read_only=True) as con:
        titles = con.execute(
            "select a.title from articles a join pages p using (page_id) where p.source_path = ?",
            ["001_fc1b865f5b0c57cf.txt"],
        ).fetchall()
        assert titles == [("Updated headline for the wire",)]
        assert con.execute("select count(*) from articles").fetchone() == (5,)


def test_seed_stories_and_shared_paragraphs_are_in_the_warehouse(first_run):
    settings, _, _ = first_run
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        stories = dict(con.execute("select article_id, story_id from story_articles").fetchall())
        assert stories["fce4b349e40d5ffa-000"] == stories["96a303936ad594d1-000"] == "story-96a303936ad594d1-000"
        assert con.execute(
            "select paragraph_id, overlaps_paragraph_id from paragraph_overlaps where n_shared_shingles > 100"
        ).fetchall() == [("96a303936ad594d1-003-001", "96a303936ad594d1-002-001")]
        assert con.execute("select n_articles, n_independent from stories where story_id = ?",
                           ["story-96a303936ad594d1-000"]).fetchone() == (2, 2)


def test_a_jsonl_file_loads_like_page_files_and_reruns_add_nothing(first_run, tmp_path):
    import gzip
    import json

    crawl = tmp_path / "crawl.jsonl.gz"
    records = [{"id": name, "raw_text": (SEEDS / name).read_text(encoding="utf-8")}
               for name in ["000_cdefc875d2486ed4.txt", "001_fc1b865f5b0c57cf.txt"]]
    lines = [json.dumps(r) for r in records] + ["{broken"]
    crawl.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    settings = Settings(input_dir=crawl, warehouse=tmp_path / "w.duckdb", exports_dir=tmp_path / "e",
                        fetched_at=FETCHED_AT, batch_size=1)
    summary = run_ingest(settings)
    assert (summary.n_pages, summary.n_batches) == (3, 3)
    _, seeds_summary, seed_rows = first_run
    rows = table_rows(settings.warehouse)
    assert len(rows["articles"]) == len([r for r in seed_rows["articles"] if r[1] in {p[0] for p in rows["pages"]}])
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        outcomes = dict(con.execute("select source_path, reason from page_outcomes").fetchall())
    assert outcomes == {"crawl.jsonl.gz#000_cdefc875d2486ed4.txt": None,
                        "crawl.jsonl.gz#001_fc1b865f5b0c57cf.txt": None,
                        "crawl.jsonl.gz#L3": "malformed_record"}
    again = run_ingest(settings)
    assert (again.n_new, again.n_unchanged, again.n_articles) == (0, 3, 0)
    assert table_rows(settings.warehouse) == rows
