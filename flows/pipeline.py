"""Prefect orchestration: the ingest flow and its batch tasks. The only module that imports prefect."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.futures import as_completed

from flows import export, load, read
from flows.transform import Batch, transform_pages
from flows.settings import Settings


@dataclass
class Plan:
    """Which input files this run processes, and what it already knows about the rest."""

    to_process: list[str]
    duplicates: dict[str, str]
    n_files: int
    n_new: int
    n_changed: int
    n_unchanged: int


@dataclass
class RunSummary:
    run_id: str
    status: str
    n_pages: int
    n_new: int
    n_changed: int
    n_unchanged: int
    n_articles: int
    n_quarantined: int
    removed_by_rule: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    checks: dict[str, int] = field(default_factory=dict)


@task(cache_policy=NONE)
def plan_run(input_dir: Path, warehouse: Path) -> Plan:
    """List the input files, fingerprint them, and keep the new and changed ones."""
    paths = read.list_input_files(input_dir)
    known = load.known_pages(warehouse)
    current = pl.DataFrame(
        {"source_path": paths, "page_id": [read.fingerprint(input_dir, p) for p in paths]},
        schema={"source_path": pl.String, "page_id": pl.String},
    )
    compared = current.join(known, on="source_path", how="left", suffix="_known")
    unchanged = compared.filter(pl.col("page_id") == pl.col("page_id_known"))
    new = compared.filter(pl.col("page_id_known").is_null())
    changed = compared.filter(pl.col("page_id_known").is_not_null() & (pl.col("page_id") != pl.col("page_id_known")))
    to_process = pl.concat([new, changed]).sort("source_path")
    # The first path (in sort order) holding given bytes owns them; loaded owners win over new ones.
    owners = (
        pl.concat(
            [
                known.filter(pl.col("status") == "loaded").join(to_process, on="source_path", how="anti")
                .select("page_id", "source_path", pl.lit(0).alias("_rank")),
                to_process.select("page_id", "source_path", pl.lit(1).alias("_rank")),
            ]
        )
        .sort("_rank", "source_path")
        .unique(subset="page_id", keep="first", maintain_order=True)
        .rename({"source_path": "owner"})
    )
    dupes = to_process.join(owners, on="page_id").filter(pl.col("owner") != pl.col("source_path"))
    return Plan(
        to_process=to_process["source_path"].to_list(),
        duplicates=dict(zip(dupes["source_path"], dupes["owner"], strict=True)),
        n_files=len(paths),
        n_new=new.height,
        n_changed=changed.height,
        n_unchanged=unchanged.height,
    )


@task(cache_policy=NONE)
def transform_batch(
    input_dir: Path,
    paths: list[str],
    *,
    fetched_at: datetime | None,
    max_bytes: int,
    run_id: str,
    ingested_at: datetime,
    duplicates: dict[str, str],
) -> Batch:
    """Read, clean, split, extract and validate one batch of files."""
    pages = read.read_pages(input_dir, paths, fetched_at=fetched_at, max_bytes=max_bytes)
    return transform_pages(pages, run_id=run_id, ingested_at=ingested_at, duplicates=duplicates)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def load_warehouse(warehouse: Path, tables: dict[str, pl.DataFrame], run: pl.DataFrame) -> dict[str, int]:
    """Load every staged table and the run row in one transaction; returns the checks' row counts."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with load.connect(warehouse) as con:
        load.install_fts(con)
        load.apply_ddl(con)
        try:
            load.load_tables(con, {**tables, "runs": run})
        except Exception as err:
            load.record_failed_run(
                con,
                run.with_columns(
                    pl.lit("failed").alias("status"),
                    pl.lit(f"{type(err).__name__}: {err}"[:2000]).alias("error"),
                ),
            )
            raise
        return load.run_checks(con)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def export_warehouse(warehouse: Path, exports_dir: Path) -> None:
    """Rewrite the Parquet exports from the warehouse."""
    with load.connect(warehouse, read_only=True) as con:
        export.export_tables(con, exports_dir)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _concat(batches: list[Batch]) -> dict[str, pl.DataFrame]:
    empty = transform_pages(
        read.read_pages(Path("."), [], fetched_at=None, max_bytes=1), run_id="-", ingested_at=datetime.now(UTC)
    )
    parts = [b.tables() for b in batches] or [empty.tables()]
    return {name: pl.concat([p[name] for p in parts], how="vertical") for name in parts[0]}


def _run_row(run_id: str, started_at: datetime, plan: Plan, tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "run_id": [run_id],
            "started_at": [started_at],
            "finished_at": [datetime.now(UTC)],
            "status": ["completed"],
            "n_pages": [plan.n_files],
            "n_new": [plan.n_new],
            "n_changed": [plan.n_changed],
            "n_unchanged": [plan.n_unchanged],
            "n_articles": [tables["articles"].height],
            "n_quarantined": [tables["quarantine"].height],
            "error": [None],
        },
        schema={
            "run_id": pl.String,
            "started_at": pl.Datetime("us", "UTC"),
            "finished_at": pl.Datetime("us", "UTC"),
            "status": pl.String,
            "n_pages": pl.Int32,
            "n_new": pl.Int32,
            "n_changed": pl.Int32,
            "n_unchanged": pl.Int32,
            "n_articles": pl.Int32,
            "n_quarantined": pl.Int32,
            "error": pl.String,
        },
    )


@flow
def ingest(
    input_dir: Path,
    warehouse: Path,
    exports_dir: Path,
    fetched_at: datetime | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    batch_size: int = 500,
) -> RunSummary:
    """Input folder -> DuckDB warehouse + Parquet exports: plan, transform in batches, load, export."""
    logger = get_run_logger()
    clock = time.perf_counter()
    started_at = datetime.now(UTC)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    plan = plan_run(input_dir, warehouse)
    logger.info(
        "%d files: %d new, %d changed, %d unchanged", plan.n_files, plan.n_new, plan.n_changed, plan.n_unchanged
    )
    futures = [
        transform_batch.submit(
            input_dir,
            paths,
            fetched_at=fetched_at,
            max_bytes=max_bytes,
            run_id=run_id,
            ingested_at=started_at,
            duplicates={p: plan.duplicates[p] for p in paths if p in plan.duplicates},
        )
        for paths in _chunks(plan.to_process, batch_size)
    ]
    batches, done = [], 0
    for future in as_completed(futures):
        batch = future.result()
        batches.append(batch)
        done += batch.pages.height
        rate = done / max(time.perf_counter() - clock, 1e-9)
        logger.info("pages %d/%d done (%.0f pages/s)", done, len(plan.to_process), rate)
    batches.sort(key=lambda b: b.pages["source_path"].min() or "")
    tables = _concat(batches)
    checks = load_warehouse(warehouse, tables, _run_row(run_id, started_at, plan, tables))
    export_warehouse(warehouse, exports_dir)
    removed = tables["removed_lines"]["rule"].value_counts(sort=True)
    summary = RunSummary(
        run_id=run_id,
        status="completed",
        n_pages=plan.n_files,
        n_new=plan.n_new,
        n_changed=plan.n_changed,
        n_unchanged=plan.n_unchanged,
        n_articles=tables["articles"].height,
        n_quarantined=tables["quarantine"].height,
        removed_by_rule=dict(zip(removed["rule"].to_list(), removed["count"].to_list(), strict=True)),
        seconds=round(time.perf_counter() - clock, 2),
        checks=checks,
    )
    logger.info("run %s: %d articles loaded, %d rows quarantined", run_id, summary.n_articles, summary.n_quarantined)
    return summary


def run_ingest(settings: Settings, *, heartbeat: bool = False) -> RunSummary:
    """Run :func:`ingest` by hand. Heartbeats only matter for deployment runs (zombie detection);
    off, they save ~1 s per run."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    updates = {} if heartbeat else {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    with temporary_settings(updates=updates):
        return ingest(
            input_dir=settings.input_dir,
            warehouse=settings.warehouse,
            exports_dir=settings.exports_dir,
            fetched_at=settings.fetched_at,
            max_bytes=settings.max_bytes,
            batch_size=settings.batch_size,
        )
