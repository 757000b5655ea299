"""Scale-out: the pipeline on a real local Dask cluster (two workers, loopback) against a real Prefect
server gives the same warehouse as a plain run, and leaves no process behind."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from bench.cluster import dask_cluster, group_alive, prefect_server
from flows.cli import main
from tests.conftest import SEEDS

pytest.importorskip("prefect_dask")

#: Columns that differ between two runs of the same input by design.
RUN_COLUMNS = {"run_id", "ingested_at"}
TABLES = ["pages", "removed_lines", "articles", "paragraphs", "quarantine"]


def warehouse_rows(path) -> dict[str, list[tuple]]:
    """Every table's rows without run ids and timestamps, sorted."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = {}
        for table in TABLES:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns"
                    " where table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if c not in RUN_COLUMNS
            ]
            relation = con.table(table).select(*columns)
            rows[table] = sorted(relation.fetchall(), key=repr)
        return rows


def newsdesk(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "import sys; from flows.cli import main; sys.exit(main())", "run", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "input"
    shutil.copytree(SEEDS, folder)
    records = [
        json.dumps({"id": "wire", "raw_text": (SEEDS / "001_fc1b865f5b0c57cf.txt").read_text() + "\nMore."}),
        "{not json",
        json.dumps({"text": "Headline of a record page\nBody of the record page."}),
    ]
    with gzip.open(folder / "crawl.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(records) + "\n")
    return folder


def test_dask_run_matches_a_plain_run_and_leaves_no_process(inputs, tmp_path):
    started: list[int] = []
    with prefect_server(tmp_path / "prefect", pids=started) as env:
        common = ["--input", str(inputs), "--fetched-at", "2025-08-16T12:00:00Z", "--batch-size", "1"]
        plain = newsdesk(
            [*common, "--warehouse", str(tmp_path / "plain.duckdb"), "--exports", str(tmp_path / "plain")],
            env,
        )
        assert plain.returncode == 0, plain.stderr
        with dask_cluster(2, env, tmp_path / "dask", pids=started) as address:
            from distributed import Client

            scaled = newsdesk(
                [
                    *common,
                    "--dask",
                    address,
                    "--warehouse",
                    str(tmp_path / "dask.duckdb"),
                    "--exports",
                    str(tmp_path / "dask"),
                ],
                env,
            )
            assert scaled.returncode == 0, scaled.stderr
            with Client(address) as client:
                # the workers imported the transform: the batches ran there, not in the flow process
                executed = client.run(_has_run_transforms)
                workers = client.run(os.getpid)
            assert len(executed) == 2 and any(executed.values())
            # on an existing cluster the load starts with the first batch, beside the transform
            # (overlap_load); the plain run waits for the transform to end
            assert _stage(scaled.stdout, "load_start") < _stage(scaled.stdout, "transform")
            assert _stage(plain.stdout, "load_start") >= _stage(plain.stdout, "transform")
    assert warehouse_rows(tmp_path / "dask.duckdb") == warehouse_rows(tmp_path / "plain.duckdb")
    quarantined = {row[1]: row[5] for row in warehouse_rows(tmp_path / "plain.duckdb")["pages"]}
    assert quarantined["crawl.jsonl.gz#L2"] == "malformed_record"
    assert len(started) == 4 and not any(group_alive(pid) for pid in started)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers.values())


def _has_run_transforms() -> bool:
    return "flows.transform" in sys.modules


def test_dask_options_need_a_prefect_server(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    code = main(["run", "--input", str(SEEDS), "--warehouse", str(tmp_path / "w.duckdb"), "--workers", "2"])
    assert code == 2
    assert "need a running Prefect server" in capsys.readouterr().err


def _stage(summary: str, name: str) -> float:
    """One stage's seconds from the summary ``newsdesk run`` prints ("stages (s): read_plan 0.40, ...")."""
    found = re.search(rf"\b{name} ([\d.]+)", summary)
    assert found, summary
    return float(found.group(1))
