"""Incremental runs through the real flow: stat pre-check, deleted files, prune, failed runs, paths."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from flows import read
from flows.export import EXPORT_KEYS
from flows.pipeline import ingest, plan_run, run_ingest
from flows.settings import Settings
from tests.conftest import FETCHED_AT, SEED_MAIN, SEED_WIRE, SEEDS

pytestmark = pytest.mark.usefixtures("prefect_server")


@pytest.fixture
def local(tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    return Settings(input_dir=inputs, warehouse=tmp_path / "w.duckdb", exports_dir=tmp_path / "exports",
                    fetched_at=FETCHED_AT)


def rows(settings, sql, params=None):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def plan_of(settings: Settings):
    """The run plan of a folder of page files (no record files), as the flow makes it."""
    files = read.list_input_files(settings.input_dir)
    return plan_run.fn(settings.input_dir, files, [], settings.warehouse, settings.batch_size)


def test_unchanged_files_cost_a_stat_and_a_touched_one_a_hash(local):
    run_ingest(local)
    assert plan_of(local).n_hashed == 0
    seed = local.input_dir / SEED_WIRE
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns + 10**9))
    plan = plan_of(local)
    assert (plan.n_hashed, plan.n_unchanged, plan.to_process) == (1, 2, [])
    summary = run_ingest(local)  # records the new mtime
    assert (summary.n_new, summary.n_changed, summary.n_unchanged) == (0, 0, 2)
    assert plan_of(local).n_hashed == 0


def test_a_changed_file_with_the_same_size_and_mtime_is_still_unchanged_by_stat(local):
    """The documented limit of the pre-check (as in rsync and git): same size and mtime means same bytes."""
    run_ingest(local)
    seed = local.input_dir / SEED_WIRE
    stat = seed.stat()
    data = seed.read_bytes()
    seed.write_bytes(data[:-1] + (b"X" if data[-1:] != b"X" else b"Y"))
    os.utime(seed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert plan_of(local).to_process == []


def test_a_deleted_file_keeps_its_rows_marked_until_a_prune(local):
    first = run_ingest(local)
    (local.input_dir / SEED_MAIN).unlink()
    new_page = "Ferry terminal opens in the harbour\nBody text."
    (local.input_dir / "new.txt").write_text(new_page, encoding="utf-8")
    summary = run_ingest(local)
    assert (summary.n_new, summary.n_unchanged, summary.n_deleted, summary.n_pruned) == (1, 1, 1, 0)
    assert rows(local, "select source_path, is_deleted, deleted_at is not null from pages order by 1") == [
        (SEED_MAIN, True, True), (SEED_WIRE, False, False), ("new.txt", False, False)
    ]
    assert rows(local, "select count(*) from articles") == [(first.n_articles + 1,)]
    assert rows(local, "select n_deleted, n_new from runs order by started_at desc limit 1") == [(1, 1)]
    again = run_ingest(local)  # a file already marked is not counted again
    assert again.n_deleted == 0

    pruned = run_ingest(local, prune=True)
    assert pruned.n_pruned == 1
    assert rows(local, "select source_path from pages order by 1") == [(SEED_WIRE,), ("new.txt",)]
    assert rows(local, "select count(*) from articles") == [(2,)]
    with duckdb.connect(str(local.warehouse), read_only=True) as con:
        from flows import load
        assert set(load.run_checks(con).values()) == {0}


def test_a_file_that_comes_back_is_loaded_again(local):
    run_ingest(local)
    saved = (local.input_dir / SEED_WIRE).read_bytes()
    (local.input_dir / SEED_WIRE).unlink()
    run_ingest(local)
    (local.input_dir / SEED_WIRE).write_bytes(saved)
    summary = run_ingest(local)
    assert (summary.n_new, summary.n_deleted) == (1, 0)
    assert rows(local, "select is_deleted from pages where source_path = ?", [SEED_WIRE]) == [(False,)]


def test_a_failed_run_is_failed_in_prefect_and_in_runs_with_its_error(local):
    local.exports_dir.parent.mkdir(parents=True, exist_ok=True)
    local.exports_dir.write_text("a file where the exports folder should be", encoding="utf-8")
    flow = ingest.with_options(retries=1, retry_delay_seconds=0)
    state = flow(input_dir=local.input_dir, warehouse=local.warehouse, exports_dir=local.exports_dir,
                 fetched_at=FETCHED_AT, return_state=True)
    assert state.is_failed()
    failed = rows(local, "select status, n_pages, n_new, error from runs order by started_at")
    assert [r[:3] for r in failed] == [("failed", 2, 2)] * 2  # the first attempt and its retry
    assert all("FileExistsError" in r[3] and "exports" in r[3] for r in failed)
    assert rows(local, "select count(*) from pages") == [(0,)]  # the load rolled back


def test_a_link_leaving_the_input_folder_is_refused_through_the_flow(local, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret headline outside\nSecret body.", encoding="utf-8")
    os.symlink(secret, local.input_dir / "link.txt")
    run_ingest(local)
    assert rows(local, "select status, reason from pages where source_path = ?", ["link.txt"]) == [
        ("quarantined", "outside_input_dir")
    ]
    assert rows(local, "select count(*) from articles where body like ?", ["%Secret%"]) == [(0,)]


def test_exports_never_write_through_a_link_out_of_the_exports_folder(local, tmp_path):
    outside = tmp_path / "outside.parquet"
    outside.write_bytes(b"not yours")
    local.exports_dir.mkdir()
    os.symlink(outside, local.exports_dir / "articles.parquet")
    os.symlink(tmp_path, local.exports_dir / ".staging-planted")
    run_ingest(local)
    assert outside.read_bytes() == b"not yours"
    assert not (local.exports_dir / "articles.parquet").is_symlink()
    assert (tmp_path / "in").is_dir()  # the planted link was not followed when staging was cleaned
    assert sorted(p.name for p in local.exports_dir.glob("*.parquet")) == sorted(
        f"{table}.parquet" for table in EXPORT_KEYS
    )


def test_runs_count_quarantined_pages(local):
    (local.input_dir / "empty.txt").write_bytes(b"")
    summary = run_ingest(local)
    assert summary.n_quarantined_pages == 1
    assert rows(local, "select n_quarantined_pages from runs") == [(1,)]


def test_stored_pages_and_runs_rows_match_their_schemas(local):
    from flows.pipeline import _run_row
    from schemas.pages import WarehousePages
    from schemas.runs import Runs

    run_ingest(local)
    columns = rows(
        local, "select column_name from information_schema.columns where table_name = ?", ["pages"]
    )
    assert sorted(c for (c,) in columns) == sorted(WarehousePages.to_schema().columns)
    failed = _run_row("r1", FETCHED_AT, None, None, error=OSError("disk gone"))
    assert Runs.validate(failed).select("status", "error").row(0) == ("failed", "OSError: disk gone")


def test_a_transform_crash_while_the_load_runs_fails_the_run_and_leaves_the_warehouse(local, monkeypatch):
    # one page per batch, and the second batch's transform raises. With the load beside the
    # transform (overlap_load) the open load rolls back; without, it never starts. Either way the
    # run is failed and the warehouse is as it was
    from flows import pipeline

    run_ingest(local)
    before = rows(local, "select source_path, page_id from pages order by 1")
    (local.input_dir / "new.txt").write_text("A new headline today\nA new body.", encoding="utf-8")
    (local.input_dir / "newer.txt").write_text("Another headline today\nAnother body.", encoding="utf-8")
    real = pipeline.transform_pages
    calls = []

    def crash_on_second(pages, **kwargs):
        calls.append(pages["source_path"].to_list())
        if pages["source_path"].to_list() == ["newer.txt"]:
            raise MemoryError("simulated: the transform of a batch died")
        return real(pages, **kwargs)

    monkeypatch.setattr(pipeline, "transform_pages", crash_on_second)
    once = ingest.with_options(retries=0)
    errors = []
    for overlap in (True, False):
        calls.clear()
        state = once(input_dir=local.input_dir, warehouse=local.warehouse, exports_dir=local.exports_dir,
                     fetched_at=FETCHED_AT, batch_size=1, overlap_load=overlap, return_state=True)
        assert state.is_failed()
        assert sorted(calls) == [["new.txt"], ["newer.txt"]]  # not retried: a load retry would not redo a transform
        assert rows(local, "select source_path, page_id from pages order by 1") == before
        errors.append(rows(local, "select error from runs where status = 'failed' order by started_at")[-1][0])
    assert all("TransformFailed: transform of batch 2 failed: MemoryError: simulated" in e for e in errors)
    # beside the transform, the load had loaded batch 1 and failed reading batch 2; after it, no load ran
    assert "failed at: batch 2" in errors[0] and "failed at" not in errors[1]


def _crawl(folder, name="crawl.jsonl.gz"):
    """A JSON Lines crawl of the two seed pages and one broken line, in ``folder``."""
    import gzip
    import json

    records = [{"id": p.name, "raw_text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]
    lines = [json.dumps(r) for r in records] + ["{broken"]
    path = folder / name
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
    return path


@pytest.fixture
def crawl_input(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _crawl(inputs)
    return Settings(input_dir=inputs, warehouse=tmp_path / "w.duckdb", exports_dir=tmp_path / "exports",
                    fetched_at=FETCHED_AT)


@pytest.fixture
def reads(monkeypatch):
    """The record files the flow reads (flows.read.iter_records calls), in order."""
    seen: list[str] = []
    real = read.iter_records

    def counting(root, rel, **kwargs):
        seen.append(rel)
        return real(root, rel, **kwargs)

    monkeypatch.setattr(read, "iter_records", counting)
    return seen


def test_a_record_file_unchanged_on_its_stat_is_not_read_again(crawl_input, reads):
    first = run_ingest(crawl_input)
    assert (first.n_new, reads) == (3, ["crawl.jsonl.gz"])
    assert rows(crawl_input, "select source_path, n_records from record_files") == [("crawl.jsonl.gz", 3)]
    again = run_ingest(crawl_input)
    assert (again.n_pages, again.n_new, again.n_unchanged, again.n_deleted, reads) == (3, 0, 3, 0, ["crawl.jsonl.gz"])
    assert rows(crawl_input, "select count(*) from pages where is_deleted") == [(0,)]
    crawl = crawl_input.input_dir / "crawl.jsonl.gz"
    os.utime(crawl, ns=(crawl.stat().st_atime_ns, crawl.stat().st_mtime_ns + 10**9))  # touched: read again
    touched = run_ingest(crawl_input)
    assert (touched.n_new, touched.n_unchanged, reads) == (0, 3, ["crawl.jsonl.gz", "crawl.jsonl.gz"])
    run_ingest(crawl_input)
    assert len(reads) == 2  # the new mtime was recorded


def test_a_record_file_taken_away_and_brought_back_is_read_again(crawl_input, reads, tmp_path):
    run_ingest(crawl_input)
    crawl = crawl_input.input_dir / "crawl.jsonl.gz"
    stat = crawl.stat()
    aside = tmp_path / "aside.jsonl.gz"
    shutil.move(crawl, aside)
    gone = run_ingest(crawl_input)
    assert gone.n_deleted == 3
    shutil.move(aside, crawl)
    os.utime(crawl, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the very same size and mtime
    back = run_ingest(crawl_input)
    assert reads == ["crawl.jsonl.gz", "crawl.jsonl.gz"]
    assert (back.n_new, back.n_unchanged) == (3, 0)  # as a page file that comes back
    assert rows(crawl_input, "select count(*) from pages where is_deleted") == [(0,)]


def test_unchanged_record_files_need_the_same_stat_and_every_record_live():
    import polars as pl

    from flows.pipeline import unchanged_record_files

    stats = pl.DataFrame(
        {"source_path": ["a.jsonl", "b.jsonl", "c.jsonl", "d.jsonl"], "size": [10, 10, 10, 10],
         "mtime_ns": [5, 5, 6, 5]}
    )
    known = pl.DataFrame(
        {"source_path": ["a.jsonl", "b.jsonl", "c.jsonl"], "bytes": [10, 10, 10], "file_mtime_ns": [5, 5, 5],
         "n_records": [3, 3, 3], "n_live": [3, 2, 3]}
    )
    # b: a record gone from the warehouse; c: another mtime; d: never read whole
    assert unchanged_record_files(stats, known) == ["a.jsonl"]


def test_a_run_without_exports_leaves_them_and_the_export_command_catches_up(local, capsys):
    from dataclasses import replace

    import polars as pl

    from flows.cli import main

    first = run_ingest(replace(local, export=False))
    assert first.n_new == 2 and not list(local.exports_dir.glob("*.parquet"))
    argv = ["export", "--warehouse", str(local.warehouse), "--exports", str(local.exports_dir)]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == "exports rewritten: " + ", ".join(sorted(EXPORT_KEYS))
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == "exports rewritten: none (all current)"
    with duckdb.connect(str(local.warehouse), read_only=True) as con:
        n_articles = con.execute("select count(*) from articles").fetchone()[0]
    assert pl.read_parquet(local.exports_dir / "articles.parquet").height == n_articles
    (local.input_dir / "new.txt").write_text("Ferry terminal opens in the harbour\nBody text.", encoding="utf-8")
    run_ingest(replace(local, export=False))  # a new article the exports do not have yet
    assert main(argv) == 0
    rewritten = capsys.readouterr().out
    assert "articles" in rewritten and "runs" in rewritten
    assert pl.read_parquet(local.exports_dir / "articles.parquet").height == n_articles + 1
    assert main(["export", "--warehouse", str(local.warehouse.with_name("none.duckdb"))]) == 2


def test_no_export_reaches_the_flow_parameters_of_runs_and_scheduled_runs():
    from flows.cli import build_parser
    from flows.pipeline import _flow_parameters

    for argv in (["run", "--no-export"], ["serve", "--interval", "60", "--no-export"]):
        args = build_parser().parse_args(argv)
        assert args.export is False
        assert _flow_parameters(Settings(export=args.export), prune=False)["export"] is False
    assert build_parser().parse_args(["run"]).export is True
