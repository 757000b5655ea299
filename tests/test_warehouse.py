"""Load and export against a real DuckDB file: one transaction, replacement of changed pages, checks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import duckdb
import polars as pl
import pytest

from flows import export, load
from flows.transform import Batch, transform_pages
from tests.conftest import FETCHED_AT, SEEDS
from tests.helpers import batch_of, page_frame

SEED_LIKE = (
    "Headline of the first story\nFirst body line.\nComments\nTimes of Oman\na day ago\nTeaser title here\n"
    "Teaser body."
)


def run_row(run_id: str, batch: Batch) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "run_id": [run_id], "started_at": [FETCHED_AT], "finished_at": [FETCHED_AT], "status": ["completed"],
            "n_pages": [batch.pages.height], "n_new": [batch.pages.height], "n_changed": [0], "n_unchanged": [0],
            "n_articles": [batch.articles.height], "n_quarantined": [batch.quarantine.height], "error": [None],
        },
        schema_overrides={c: pl.Int32 for c in ["n_pages", "n_new", "n_changed", "n_unchanged", "n_articles",
                                                 "n_quarantined"]} | {"error": pl.String},
    )


def load_batch(path, batch: Batch, run_id: str = "r1") -> dict[str, int]:
    with load.connect(path) as con:
        load.install_fts(con)
        load.apply_ddl(con)
        load.load_tables(con, {**batch.tables(), "runs": run_row(run_id, batch)})
        return load.run_checks(con)


def snapshot(path) -> dict[str, list[tuple]]:
    with load.connect(path, read_only=True) as con:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in load.TABLES}


def test_load_writes_every_table_and_checks_pass(tmp_path):
    db = tmp_path / "w.duckdb"
    checks = load_batch(db, batch_of({"a.txt": SEED_LIKE, "b.txt": "Comments\nAdvertisement"}, FETCHED_AT))
    assert checks and set(checks.values()) == {0}
    with load.connect(db, read_only=True) as con:
        pages = con.execute("select source_path, status, reason, n_articles from pages order by 1").fetchall()
        assert pages == [("a.txt", "loaded", None, 2), ("b.txt", "quarantined", "boilerplate_only", 0)]
        assert con.execute("select count(*) from articles").fetchone() == (2,)
        assert con.execute("select rule, n_lines from removed_by_rule order by 1").fetchall() == [
            ("advertisement", 1), ("comments_widget", 2)
        ]
        assert con.execute("select table_name, row_key, check_name from quarantine").fetchall() == [
            ("pages", "b.txt", "boilerplate_only")
        ]


def test_loading_the_same_batch_twice_changes_nothing(tmp_path):
    # The same run loaded again is what a retried load task does after its commit went through;
    # the quarantined page must not be recorded twice.
    db = tmp_path / "w.duckdb"
    batch = batch_of({"a.txt": SEED_LIKE, "b.txt": "Comments\nAdvertisement"}, FETCHED_AT)
    load_batch(db, batch, "r1")
    first = snapshot(db)
    assert len(first["quarantine"]) == 1
    load_batch(db, batch, "r1")
    assert snapshot(db) == first


def test_changed_bytes_replace_the_old_rows(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT), "r1")
    changed = batch_of({"a.txt": "A different headline today\nNew body only."}, FETCHED_AT)
    changed.pages = changed.pages.with_columns(pl.lit("f" * 64).alias("page_id"))
    changed.articles = changed.articles.with_columns(
        pl.lit("f" * 64).alias("page_id"), pl.lit("ffffffffffffffff-000").alias("article_id")
    )
    changed.paragraphs = changed.paragraphs.with_columns(pl.lit("ffffffffffffffff-000").alias("article_id"))
    load_batch(db, changed, "r2")
    with load.connect(db, read_only=True) as con:
        assert con.execute("select page_id from pages").fetchall() == [("f" * 64,)]
        assert con.execute("select title from articles").fetchall() == [("A different headline today",)]
        assert con.execute("select count(*) from paragraphs").fetchone() == (1,)
        assert con.execute("select count(*) from removed_lines").fetchone() == (0,)


def test_a_failing_load_leaves_the_warehouse_as_it_was(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT), "r1")
    before = snapshot(db)
    bad = batch_of({"b.txt": "Another headline for today\nBody."}, FETCHED_AT)
    # fails mid-transaction, after the deletes: in the link stage (reads paragraph text) or insert_paragraphs
    bad.paragraphs = bad.paragraphs.rename({"text": "wrong_column"})
    with pytest.raises((duckdb.Error, pl.exceptions.ColumnNotFoundError)):
        load_batch(db, bad, "r2")
    assert snapshot(db) == before


def test_failed_run_is_recorded_with_its_error(tmp_path):
    db = tmp_path / "w.duckdb"
    batch = batch_of({"a.txt": SEED_LIKE}, FETCHED_AT)
    with load.connect(db) as con:
        load.apply_ddl(con)
        load.record_failed_run(
            con, run_row("r9", batch).with_columns(pl.lit("failed").alias("status"), pl.lit("boom").alias("error"))
        )
        assert con.execute("select status, error from runs").fetchall() == [("failed", "boom")]


def test_full_text_search_finds_articles(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT))
    with load.connect(db, read_only=True) as con:
        hits = load.search_articles(con, "teaser")
        assert [h[1] for h in hits] == ["Teaser title here"]


def test_exports_are_byte_identical_for_the_same_warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE, "b.txt": ""}, FETCHED_AT))
    with load.connect(db, read_only=True) as con:
        first = {t: p.read_bytes() for t, p in export.export_tables(con, tmp_path / "e1").items()}
        second = {t: p.read_bytes() for t, p in export.export_tables(con, tmp_path / "e2").items()}
    assert first == second
    assert set(first) == set(export.EXPORT_KEYS)
    with load.connect(db, read_only=True) as con:  # every export can be skipped when its table is unchanged
        assert set(export.table_signatures(con)) == set(export.EXPORT_KEYS)
    articles = pl.read_parquet(tmp_path / "e1" / "articles.parquet")
    assert articles["article_id"].is_sorted()
    assert articles.schema["published_at"] == pl.Datetime("us", "UTC")
    assert not (tmp_path / "e1" / ".staging").exists()


def test_exports_run_at_half_of_duckdbs_cap_and_give_it_back(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT))
    with load.connect(db, read_only=True) as con:
        before = load.memory_cap(con)
        during: list[float] = []
        export.stage_exports(
            con, tmp_path / "e", ["pages", "articles"], after_each=lambda _: during.append(load.memory_cap(con))
        )
        assert during == [pytest.approx(before * export.EXPORT_CAP_SHARE, rel=0.01)] * 2
        assert load.memory_cap(con) == pytest.approx(before, rel=0.001)
        with pytest.raises(KeyError):  # a failed export gives the cap back too
            export.stage_exports(con, tmp_path / "f", ["no_such_table"])
        assert load.memory_cap(con) == pytest.approx(before, rel=0.001)


def test_an_export_sorted_in_many_key_ranges_equals_one_sort(tmp_path):
    """Ranges far smaller than the table (one row of text each, or so) give the same file."""
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}, FETCHED_AT))
    with load.connect(db, read_only=True) as con:
        for table in ["removed_lines", "articles", "paragraphs", "mentions"]:
            keys = export._key_columns(table)
            ranged = tmp_path / f"ranged-{table}.parquet"
            whole = tmp_path / f"whole-{table}.parquet"
            n_rows = export.write_sorted_parquet(con, table, ranged, range_bytes=1, sample_every=1)
            assert n_rows == export.write_sorted_parquet(con, table, whole, range_bytes=2**40) > 1
            assert export._range_starts(con, table, keys, 1, 1)[0]  # many ranges
            assert pl.read_parquet(ranged).equals(pl.read_parquet(whole))
            expected = con.execute(f"select * from {table} order by {', '.join(keys)}").pl()
            assert pl.read_parquet(ranged).select(keys).equals(expected.select(keys))


def test_a_second_writer_gets_a_clear_message(tmp_path):
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(db)!r})
            print("locked", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(load.WarehouseBusy, match="locked by another process"), load.connect(db, lock_timeout=0.5):
            pass
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()


def test_an_older_warehouse_loses_the_unused_keys_and_keeps_its_rows(tmp_path):
    """A warehouse made while removed_lines, paragraphs and the band tables had primary keys gets them
    dropped on the next prepare (rows and not-null columns kept), and so do the keys that grow with the
    warehouse (articles) and the paragraph_id index; a duplicate key in one of them then shows in the
    checks."""
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:  # the old tables, with their keys
        con.execute(
            "create table removed_lines (page_id varchar not null, line_no integer not null,"
            " text varchar not null, rule varchar not null, primary key (page_id, line_no))"
        )
        con.execute("insert into removed_lines values ('p1', 1, 'Comments', 'comments_widget')")
        con.execute(
            "create table paragraph_bands (paragraph_id varchar not null, band smallint not null,"
            " bucket ubigint not null, primary key (paragraph_id, band))"
        )
        con.execute(
            "create table paragraphs (article_id varchar not null, paragraph_no integer not null,"
            " text varchar not null, primary key (article_id, paragraph_no))"
        )
        con.execute("create index paragraphs_paragraph_id on paragraphs (text)")
        ddl = (load.SQL_DIR / "ddl" / "04_articles.sql").read_text(encoding="utf-8")
        con.execute(ddl.replace("article_id varchar not null", "article_id varchar primary key"))
        con.execute(
            "insert into articles (article_id, page_id, position, is_main, body, n_paragraphs, n_words,"
            " content_hash) values ('a1', 'p1', 0, true, 'Body.', 1, 1, 'h1')"
        )
    load.prepare_warehouse(db)
    with load.connect(db) as con:
        keyed = con.execute(load.sql("queries/select_keyed_tables"), {"tables": load.UNKEYED_TABLES}).fetchall()
        assert keyed == []
        assert con.execute("select * from removed_lines").fetchall() == [("p1", 1, "Comments", "comments_widget")]
        with pytest.raises(duckdb.ConstraintException):
            con.execute("insert into removed_lines values (null, 2, 'x', 'promo')")
        assert con.execute("select count(*) from duckdb_indexes()").fetchone() == (0,)
        assert con.execute("select article_id, body from articles").fetchall() == [("a1", "Body.")]
        with pytest.raises(duckdb.ConstraintException):
            con.execute("update articles set body = null")
        assert load.run_checks(con)["assert_keys_unique"] == 0
        con.execute("insert into removed_lines values ('p1', 1, 'Comments', 'comments_widget')")
        assert load.run_checks(con)["assert_keys_unique"] == 1
        con.execute("insert into articles select * from articles")
        assert load.run_checks(con)["assert_keys_unique"] == 2
    load.prepare_warehouse(db)  # idempotent



def test_an_older_warehouse_gets_paragraph_band_roots_filled_once(tmp_path):
    """paragraph_bands.is_root came after the table: a warehouse without it gets the column, and its
    band rows are filled from paragraphs.duplicate_of on the next prepare."""
    db = tmp_path / "w.duckdb"
    load.prepare_warehouse(db)
    with load.connect(db) as con:
        con.execute("alter table paragraph_bands drop column is_root")
        con.execute(
            "insert into paragraphs (article_id, paragraph_no, text, paragraph_id, duplicate_of) values"
            " ('a1', 1, 'First.', 'a1-001', null), ('a2', 1, 'First.', 'a2-001', 'a1-001')"
        )
        con.execute("insert into paragraph_bands values ('a1-001', 0, 7), ('a2-001', 0, 7), ('a2-001', 1, 9)")
    load.prepare_warehouse(db)
    with load.connect(db) as con:
        assert con.execute("select paragraph_id, band, is_root from paragraph_bands order by 1, 2").fetchall() == [
            ("a1-001", 0, True),
            ("a2-001", 0, False),
            ("a2-001", 1, False),
        ]
        missing = con.execute(load.sql("queries/select_missing_columns"), {"columns": list(load.BACKFILLS)})
        assert missing.fetchall() == []


def one_page(name: str, text: str, number: int) -> dict[str, pl.DataFrame]:
    """One file's staged tables (no runs row), its page_id made from ``number``."""
    frame = page_frame({name: text}, FETCHED_AT).with_columns(pl.lit(f"{number:016x}" + "0" * 48).alias("page_id"))
    tables = transform_pages(frame, run_id="test-run", ingested_at=FETCHED_AT).tables()
    return {table: rows for table, rows in tables.items() if table != "runs"}


def test_a_key_loaded_twice_in_one_run_fails_it_and_changes_nothing(tmp_path):
    # Keyed tables take plain inserts (an upsert would keep every uncommitted row in memory): the
    # same article id from two files of one run is a bug upstream, and the run must fail whole.
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT), "r1")
    before = snapshot(db)
    text = "Another headline for today\nBody."
    batches = [one_page("b.txt", text, 7), one_page("c.txt", text, 7)]
    run = run_row("r2", batch_of({"b.txt": text}, FETCHED_AT))
    with load.connect(db) as con, pytest.raises(duckdb.ConstraintException, match="0{15}7-000") as failed:
        load.load_batches(con, pl.DataFrame({"source_path": ["b.txt", "c.txt"]}), batches, run)
    assert failed.value.__notes__ == ["newsdesk: the load failed at: key check"]
    assert snapshot(db) == before


def test_each_batch_reports_progress_with_duckdbs_memory(tmp_path):
    db = tmp_path / "w.duckdb"
    names = ["one", "two", "three"]
    batches = [one_page(f"{name}.txt", f"Headline number {name} today\nBody {name}.", number)
               for number, name in enumerate(names, start=1)]
    reports: list[tuple[int, dict[str, int]]] = []
    with load.connect(db) as con:
        load.install_fts(con)
        load.apply_ddl(con)
        load.load_batches(
            con,
            pl.DataFrame({"source_path": [f"{name}.txt" for name in names]}),
            batches,
            run_row("r1", batch_of({"one.txt": "x"}, FETCHED_AT)),
            on_progress=lambda number, memory: reports.append((number, memory)),
        )
        assert con.execute("select count(*) from pages").fetchone() == (3,)
    # each batch, then each warehouse-wide step as it starts
    assert [progress for progress, _ in reports] == [1, 2, 3, *load.FINAL_STEPS]
    tags = {tag for (tag,) in duckdb.sql("select tag from duckdb_memory()").fetchall()}
    for _, memory in reports:
        assert memory and set(memory) <= tags
        assert all(isinstance(size, int) and size > 0 for size in memory.values())


def load_in_copy(
    db, batches, run, *, fail_after: int | None = None, commit_every: int = 1
) -> dict[int | str, object]:
    """Load ``batches`` as a large run does: into a copy of ``db``, a commit after every
    ``commit_every`` batches, the database closed and opened again at each commit. Returns the
    connection each batch and step was reported on (kept, so that no two are ever the same object)."""
    connections: dict[int | str, object] = {}

    def on_progress(number: int | str, _memory: dict[str, int]) -> None:
        connections[number] = con.con
        if number == fail_after:
            raise RuntimeError(f"failed after batch {number}")

    names = [b["pages"]["source_path"][0] for b in batches]
    with load.loading_copy(db) as path, load.connect(path, reopening=True) as con:
        load.install_fts(con)
        first = con.con
        load.load_batches(
            con,
            pl.DataFrame({"source_path": names}),
            batches,
            run,
            commit_every=commit_every,
            on_progress=on_progress,
        )
        assert con.con is not first
    return connections


@pytest.mark.parametrize(("share", "same_connection"), [(-1.0, [False, False]), (2.0, [True, True])])
def test_a_load_in_a_copy_commits_early_when_duckdb_holds_too_much(tmp_path, monkeypatch, share, same_connection):
    # commit_every far above the run's batches: only the memory rule commits after a batch. A share
    # below zero is always passed (a commit after every batch), one of 2 never.
    monkeypatch.setattr(load, "PINNED_COMMIT_SHARE", share)
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT), "r1")
    batches = [one_page(f"{name}.txt", f"Headline {name} for today\nBody.", n)
               for n, name in enumerate(["b", "c", "d"], start=7)]
    connections = load_in_copy(db, batches, run_row("r2", batch_of({"b.txt": "x"}, FETCHED_AT)), commit_every=100)
    # each batch is reported after its commit, if any: on a new connection after a commit
    assert [connections[n] is connections[n + 1] for n in (1, 2)] == same_connection
    assert len(snapshot(db)["articles"]) == 5


def test_the_batches_to_the_next_commit_count_from_the_last_commit(tmp_path, monkeypatch):
    # an early commit after batch 1 (memory), then commit_every=2 counts batches 2 and 3: the next
    # commit is after batch 3, not after batch 2
    shares = iter([1.0, 0.0, 0.0])
    monkeypatch.setattr(load, "_pinned_share", lambda _memory, _cap: next(shares))
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT), "r1")
    batches = [one_page(f"{name}.txt", f"Headline {name} for today\nBody.", n)
               for n, name in enumerate(["b", "c", "d"], start=7)]
    connections = load_in_copy(db, batches, run_row("r2", batch_of({"b.txt": "x"}, FETCHED_AT)), commit_every=2)
    assert [connections[n] is connections[n + 1] for n in (1, 2)] == [True, False]


def test_duckdb_memory_sizes_are_read_in_bytes(tmp_path):
    with load.connect(tmp_path / "w.duckdb") as con:
        assert load.memory_cap(con) == pytest.approx(load._bytes(load.DUCKDB_MEMORY_LIMIT), rel=0.01)
    assert load._bytes("953.6 MiB") == pytest.approx(953.6 * 2**20)
    assert load._bytes("1GB") == 1e9
    assert load._bytes("512 bytes") == 512
    with pytest.raises(ValueError, match="not a DuckDB memory size"):
        load._bytes("lots")


def test_a_run_loaded_in_a_copy_with_commits_equals_one_transaction_in_place(tmp_path):
    texts = {"b.txt": "Another headline for today\nBody of b.", "c.txt": "Third headline here today\nBody of c."}
    run = run_row("r2", batch_of({"b.txt": "x"}, FETCHED_AT))
    got, want = tmp_path / "copy" / "w.duckdb", tmp_path / "place" / "w.duckdb"
    for db in (got, want):
        db.parent.mkdir()
        load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT), "r1")
    batches = [one_page(name, text, n) for n, (name, text) in enumerate(sorted(texts.items()), start=7)]
    connections = load_in_copy(got, batches, run)
    # every warehouse-wide step starts on a freshly opened database, the exports too (after the
    # full-text index, whose uncommitted rows would otherwise stay in memory while they are sorted)
    assert list(connections) == [1, 2, *load.FINAL_STEPS]
    steps = [connections[step] for step in load.FINAL_STEPS]
    assert all(a is not b for a, b in zip(steps, steps[1:], strict=False))
    with load.connect(want) as con:
        load.load_batches(con, pl.DataFrame({"source_path": sorted(texts)}), batches, run)
    assert snapshot(got) == snapshot(want)
    assert len(snapshot(got)["articles"]) == 4
    assert sorted(p.name for p in got.parent.iterdir()) == ["w.duckdb"]


def test_a_failed_load_in_a_copy_leaves_the_warehouse_as_it_was_and_no_copy(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT), "r1")
    before = snapshot(db)
    batches = [one_page(f"{name}.txt", f"Headline {name} for today\nBody.", n)
               for n, name in enumerate(["b", "c", "d"], start=7)]
    # the copy has committed batches 1 and 2 when the load fails
    with pytest.raises(RuntimeError, match="after batch 2"):
        load_in_copy(db, batches, run_row("r2", batch_of({"b.txt": "x"}, FETCHED_AT)), fail_after=2)
    assert snapshot(db) == before
    assert not load.copy_path(db).exists()
    # a crashed run's copy is cleared by the next load into a copy
    load.copy_path(db).write_bytes(b"left by a killed run")
    load_in_copy(db, batches, run_row("r3", batch_of({"b.txt": "x"}, FETCHED_AT)))
    assert len(snapshot(db)["articles"]) == 5
    assert not load.copy_path(db).exists()


def test_the_warehouse_stays_readable_while_a_copy_loads(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SEED_LIKE}, FETCHED_AT), "r1")
    other_process = textwrap.dedent(f"""
        import duckdb
        print(duckdb.connect({str(db)!r}, read_only=True).execute("select count(*) from articles").fetchone()[0])
        try:
            duckdb.connect({str(db)!r})
            print("wrote")
        except duckdb.IOException as err:
            print("lock" in str(err).lower())
    """)
    with load.loading_copy(db) as path:
        with load.connect(path) as con:
            con.execute("delete from articles")
        seen = subprocess.run([sys.executable, "-c", other_process], capture_output=True, text=True, check=True)
    # an analyst's session reads the warehouse as it was; a writer is kept out until the copy is in
    assert seen.stdout.split() == ["2", "True"]
    assert snapshot(db)["articles"] == []


def test_frames_kept_across_batches_are_detached_copies():
    # strings straight from a DuckDB result, as the link stage's are
    frame = duckdb.sql(
        "select 'story-' || range::varchar as story_id, range::int as n from range(3)"
    ).pl().select("story_id").unique(maintain_order=True)
    kept = load._detached(frame)
    assert kept.schema == frame.schema
    assert kept.equals(frame)
    empty = pl.DataFrame(schema={"merged_story_id": pl.String, "into_story_id": pl.String})
    assert load._detached(empty).schema == empty.schema


def test_the_load_task_retries_only_errors_that_can_pass():
    from prefect.states import Failed

    from flows.pipeline import _retry_load

    def retried(err: BaseException) -> bool:
        return _retry_load(None, None, Failed(data=err))

    assert retried(load.WarehouseBusy("busy")) and retried(duckdb.IOException("disk")) and retried(OSError(28, "full"))
    assert not retried(duckdb.OutOfMemoryException("out of memory"))
    assert not retried(duckdb.ConstraintException("duplicate key"))
    assert not retried(ValueError("a bug"))
