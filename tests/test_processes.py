"""Real processes against one warehouse: a served schedule, two runs at once, and runs killed with SIGKILL.

Every process runs in its own session and is stopped with its whole group; the Prefect server is the
session's ``prefect_api`` (a real ``prefect server start`` on a free loopback port).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess

import duckdb
import pytest

from flows import export, load, staging
from tests.conftest import SEED_MAIN, SEED_WIRE, SEEDS
from tests.procs import api, group_alive, newsdesk, start, stop, wait_for

pytestmark = pytest.mark.slow

NEW_PAGE = (
    "Harbour authority opens the new ferry terminal\nThe terminal handles 4,000 passengers a day.\nComments\n"
)
#: Liveness bound for one newsdesk process (start-up imports alone take 5-10 s here).
RUN_TIMEOUT = 180


def query(db, sql: str, params: list | None = None):
    """Rows of ``sql`` on a read-only connection, or None while a run holds the file."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()
    except (duckdb.IOException, duckdb.CatalogException):
        return None


def state(db) -> dict[str, str]:
    """Row count and order-independent row hash of every table."""
    with load.connect(db, read_only=True) as con:
        return export.table_signatures(con)


def folder_hashes(folder) -> dict[str, str]:
    """The published exports (a killed run's hidden staging folder is not part of them)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".staging")
    }


def run(env, *args: str, log) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        newsdesk("run", *args), env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )
    log.write_text(proc.stdout + proc.stderr)
    return proc


@pytest.fixture
def corpus(tmp_path):
    inputs = tmp_path / "input"
    shutil.copytree(SEEDS, inputs)
    args = ["--input", str(inputs), "--warehouse", str(tmp_path / "w.duckdb"),
            "--exports", str(tmp_path / "exports"), "--fetched-at", "2025-08-16T12:00:00Z"]
    return tmp_path, inputs, args


def test_served_schedule_picks_up_a_dropped_page(prefect_api, corpus):
    url, env = prefect_api
    root, inputs, args = corpus
    db = root / "w.duckdb"
    serve = start(
        newsdesk("serve", "--interval", "10", "--name", "test-schedule", *args[:6]),
        env | {"PREFECT_RUNNER_POLL_FREQUENCY": "2", "PREFECT_LOGGING_LEVEL": "INFO"},
        root / "serve.log",
    )
    try:
        first_run = "select 1 from runs where status = 'completed'"
        wait_for(lambda: query(db, first_run), RUN_TIMEOUT, "a first run")
        (inputs / "dropped.txt").write_text(NEW_PAGE, encoding="utf-8")
        titles = wait_for(
            lambda: query(
                db,
                "select articles.title from articles inner join pages using (page_id)"
                " where pages.source_path = ?",
                ["dropped.txt"],
            ),
            2 * RUN_TIMEOUT,  # the run that was going when the page landed may not have seen it
            "the dropped page's articles",
        )
        assert titles == [("Harbour authority opens the new ferry terminal",)]
        deployment = api(url, "/deployments/name/ingest/test-schedule")
        completed = {
            "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
            "deployments": {"id": {"any_": [deployment["id"]]}},
        }
        # The run reports Completed to Prefect just after its load commits: wait for both runs' states.
        wait_for(lambda: len(api(url, "/flow_runs/filter", completed)) >= 2, RUN_TIMEOUT,
                 "two completed flow runs")
    finally:
        stop(serve)
    assert serve.returncode is not None
    assert not group_alive(serve.pid)


def test_a_second_run_waits_then_names_the_running_one(prefect_api, corpus):
    _, env = prefect_api
    root, inputs, args = corpus
    marker = root / "halt"
    first = start(newsdesk("run", *args),
                  env | {"NEWSDESK_TEST_HALT_AT": "transform", "NEWSDESK_TEST_HALT_FILE": str(marker)},
                  root / "first.log")
    try:
        wait_for(marker.exists, RUN_TIMEOUT, "the first run to reach its transform stage")
        second = run(env, *args, "--lock-timeout", "2", log=root / "second.log")
        assert second.returncode == 3, second.stderr
        assert "is busy" in second.stderr and f"pid {first.pid}" in second.stderr
        marker.unlink()
        assert first.wait(timeout=RUN_TIMEOUT) == 0
    finally:
        stop(first)
    assert query(root / "w.duckdb", "select status, n_new from runs") == [("completed", 2)]


def test_two_runs_started_at_once_never_corrupt_the_warehouse(prefect_api, corpus):
    _, env = prefect_api
    root, inputs, args = corpus
    procs = [start(newsdesk("run", *args), env, root / f"run{i}.log") for i in range(2)]
    try:
        codes = [p.wait(timeout=RUN_TIMEOUT) for p in procs]
    finally:
        for p in procs:
            stop(p)
    assert codes == [0, 0], [(root / f"run{i}.log").read_text()[-2000:] for i in range(2)]
    db = root / "w.duckdb"
    assert sorted(query(db, "select n_new, n_unchanged from runs")) == [(0, 2), (2, 0)]
    assert query(db, "select count(*) from articles") == [(5,)]
    with load.connect(db, read_only=True) as con:
        assert set(load.run_checks(con).values()) == {0}


def kill_at(stage: str, env, args: list[str], root) -> None:
    """Start ``newsdesk run`` halted at ``stage`` (pipeline.HALT_STAGES), SIGKILL it there, reap it."""
    marker = root / f"halt-{stage}"
    proc = start(newsdesk("run", *args),
                 env | {"NEWSDESK_TEST_HALT_AT": stage, "NEWSDESK_TEST_HALT_FILE": str(marker)},
                 root / f"killed-{stage}.log")
    try:
        wait_for(marker.exists, RUN_TIMEOUT, f"the run to reach {stage}", poll=0.1)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=RUN_TIMEOUT)
    finally:
        stop(proc)


def test_a_run_killed_at_any_stage_leaves_the_warehouse_as_before(prefect_api, corpus):
    _, env = prefect_api
    root, inputs, args = corpus
    db, exports = root / "w.duckdb", root / "exports"
    assert run(env, *args, log=root / "base.log").returncode == 0
    reference = root / "reference"
    reference.mkdir()
    shutil.copy2(db, reference / "w.duckdb")
    # The interrupted run has work of every kind: a new page, a changed one, a deleted one.
    (inputs / "new.txt").write_text(NEW_PAGE, encoding="utf-8")
    (inputs / SEED_WIRE).write_text("Updated wire headline today\nNew body.", encoding="utf-8")
    (inputs / SEED_MAIN).unlink()
    before, exports_before = state(db), folder_hashes(exports)
    found = {}
    for stage in ["plan", "read", "transform", "load", "export"]:
        kill_at(stage, env, args, root)
        found[stage] = (state(db) == before, folder_hashes(exports) == exports_before)
    assert found == {stage: (True, True) for stage in found}

    # The next run completes the work, the same as an uninterrupted run from the same state.
    finished = run(env, *args, log=root / "after.log")
    assert finished.returncode == 0, finished.stderr
    assert "(1 new, 1 changed, 0 unchanged)" in finished.stdout
    ref_args = ["--input", str(inputs), "--warehouse", str(reference / "w.duckdb"), "--exports",
                str(reference / "exports"), "--fetched-at", "2025-08-16T12:00:00Z"]
    assert run(env, *ref_args, log=root / "reference.log").returncode == 0
    got, want = state(db), state(reference / "w.duckdb")
    for table in ["removed_lines", "articles", "paragraphs"]:
        assert got[table] == want[table], table
    outcome = "select source_path, page_id, status, reason, is_deleted from pages order by 1"
    assert query(db, outcome) == query(reference / "w.duckdb", outcome)
    assert query(db, "select status, count(*) from runs group by 1") == [("completed", 2)]
    assert not list(exports.glob(".staging*"))


def test_a_large_run_killed_after_a_commit_in_its_copy_leaves_the_warehouse_as_before(prefect_api, corpus):
    # One page per batch and a commit after each: the run loads into a copy of the warehouse and is
    # killed after its first commit there. The warehouse must not show that commit.
    _, env = prefect_api
    root, inputs, args = corpus
    db, exports = root / "w.duckdb", root / "exports"
    assert run(env, *args, log=root / "base.log").returncode == 0
    (inputs / "new.txt").write_text(NEW_PAGE, encoding="utf-8")
    (inputs / SEED_WIRE).write_text("Updated wire headline today\nNew body.", encoding="utf-8")
    before, exports_before = state(db), folder_hashes(exports)
    large = [*args, "--batch-size", "1", "--commit-every", "1"]
    temp = root / "temp"  # the runs' temporary folder, where the link stage keeps its scratch files
    temp.mkdir()
    env = env | {"TMPDIR": str(temp)}
    kill_at("load_batch", env, large, root)  # halted after batch 1 and its commit
    copy = load.copy_path(db)
    assert copy.exists()  # a kill leaves it for the next run to clear
    assert list(temp.glob(f"{staging.SCRATCH_PREFIX}*"))  # and its scratch folder too
    assert (state(db), folder_hashes(exports)) == (before, exports_before)

    finished = run(env, *large, log=root / "after.log")
    assert finished.returncode == 0, finished.stderr
    assert "(1 new, 1 changed, 1 unchanged)" in finished.stdout
    assert not copy.exists()
    assert not list(temp.glob(f"{staging.SCRATCH_PREFIX}*"))  # the killed run's, swept; its own, removed at exit
    assert query(db, "select count(*) from pages where source_path = ?", ["new.txt"]) == [(1,)]
    assert query(db, "select status, count(*) from runs group by 1") == [("completed", 2)]
    with load.connect(db, read_only=True) as con:
        assert set(load.run_checks(con).values()) == {0}


def test_a_run_killed_while_swapping_exports_is_caught_up_by_the_next(prefect_api, corpus, tmp_path):
    _, env = prefect_api
    root, inputs, args = corpus
    db, exports = root / "w.duckdb", root / "exports"
    assert run(env, *args, log=root / "base.log").returncode == 0
    (inputs / "new.txt").write_text(NEW_PAGE, encoding="utf-8")
    kill_at("publish", env, args, root)
    # The load had committed: the page is in; some exports are new, the rest still the old ones.
    assert query(db, "select count(*) from pages where source_path = ?", ["new.txt"]) == [(1,)]
    fresh = tmp_path / "fresh"
    with load.connect(db, read_only=True) as con:
        export.export_tables(con, fresh)
    assert folder_hashes(exports) != folder_hashes(fresh)

    after = run(env, *args, log=root / "after.log")
    assert after.returncode == 0 and "(0 new, 0 changed, 3 unchanged)" in after.stdout
    with load.connect(db, read_only=True) as con:
        export.export_tables(con, fresh)
    assert folder_hashes(exports) == folder_hashes(fresh)
    assert not list(exports.glob(".staging*"))
