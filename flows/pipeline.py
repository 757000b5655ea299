"""Prefect orchestration: the ingest flow and its batch tasks. The only module that imports prefect."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from flows import export, load, read, stage
from flows.settings import Settings
from flows.stage import StagedBatch
from flows.transform import transform_pages


@dataclass
class BatchInput:
    """What one transform task reads: page files (relative to the input folder), or a staged record
    chunk restricted to the source paths in ``only`` (``None``: all of it); ``duplicates`` maps its
    source paths whose bytes another path owns to that path."""

    files: list[str] = field(default_factory=list)
    chunk: str | None = None
    only: list[str] | None = None
    duplicates: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    """Which input files this run processes, and what it already knows about the rest."""

    to_process: list[str]
    duplicates: dict[str, str]
    batches: list[BatchInput]
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
    stage_seconds: dict[str, float] = field(default_factory=dict)
    n_batches: int = 0
    n_bytes: int = 0


def _input_root(input_path: Path) -> tuple[Path, list[str]]:
    """``--input`` (a folder, or one file) -> (the folder paths are relative to, the input files)."""
    if input_path.is_file():
        return input_path.parent, [input_path.name]
    return input_path, read.list_input_files(input_path)


@task(cache_policy=NONE)
def stage_records(
    input_dir: Path, rel: str, staging: Path, *, chunk_rows: int, fetched_at: datetime | None, max_bytes: int
) -> list[str]:
    """Read one JSON Lines or Parquet file into staged page chunks of ``chunk_rows`` records."""
    return stage.stage_records(
        input_dir, rel, staging / "records", chunk_rows=chunk_rows, fetched_at=fetched_at, max_bytes=max_bytes
    )


@task(cache_policy=NONE)
def plan_run(input_dir: Path, files: list[str], chunks: list[str], warehouse: Path, batch_size: int) -> Plan:
    """Fingerprint the page files, add the staged records, keep the new and changed ones, and batch them."""
    known = load.known_pages(warehouse)
    from_files = pl.DataFrame(
        {"source_path": files, "page_id": [read.fingerprint(input_dir, p) for p in files]},
        schema={"source_path": pl.String, "page_id": pl.String},
    ).with_columns(pl.lit(None, dtype=pl.String).alias("chunk"))
    from_records = (
        pl.scan_parquet(chunks, include_file_paths="chunk")
        .select("source_path", "page_id", "chunk")
        .collect()
        if chunks
        else from_files.clear()
    )
    current = pl.concat([from_files, from_records])
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
        batches=_batches(to_process, from_records, dupes, batch_size),
        n_files=current.height,
        n_new=new.height,
        n_changed=changed.height,
        n_unchanged=unchanged.height,
    )


def _batches(
    to_process: pl.DataFrame, records: pl.DataFrame, dupes: pl.DataFrame, batch_size: int
) -> list[BatchInput]:
    """Page files in groups of ``batch_size``; each staged record chunk (``batch_size`` records) whole."""
    owner = dict(zip(dupes["source_path"], dupes["owner"], strict=True))
    files = to_process.filter(pl.col("chunk").is_null())["source_path"].to_list()
    batches = [
        BatchInput(files=group, duplicates={p: owner[p] for p in group if p in owner})
        for group in (files[i : i + batch_size] for i in range(0, len(files), batch_size))
    ]
    wanted = (
        to_process.filter(pl.col("chunk").is_not_null()).group_by("chunk").agg("source_path").sort("chunk")
    )
    sizes = dict(records.group_by("chunk").len().iter_rows())
    for chunk, paths in wanted.iter_rows():
        batches.append(
            BatchInput(
                chunk=chunk,
                only=None if len(paths) == sizes[chunk] else paths,
                duplicates={p: owner[p] for p in paths if p in owner},
            )
        )
    return batches


@task(cache_policy=NONE)
def transform_batch(
    input_dir: Path,
    source: BatchInput,
    *,
    fetched_at: datetime | None,
    max_bytes: int,
    run_id: str,
    ingested_at: datetime,
    duplicates: dict[str, str],
    staging: Path,
    index: int,
) -> StagedBatch:
    """Read, clean, split, extract and validate one batch; write its tables to the staging folder."""
    clock = time.perf_counter()
    if source.chunk is not None:
        pages = stage.read_chunk(source.chunk, source.only)
    else:
        pages = read.read_pages(input_dir, source.files, fetched_at=fetched_at, max_bytes=max_bytes)
    batch = transform_pages(pages, run_id=run_id, ingested_at=ingested_at, duplicates=duplicates)
    return stage.write_batch(batch, staging, index, seconds=time.perf_counter() - clock)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def load_warehouse(
    warehouse: Path, replaced: list[str], batches: list[StagedBatch], run: pl.DataFrame
) -> dict[str, float]:
    """Load every staged batch and the run row in one transaction; returns the checks' row counts
    and, under ``seconds:<part>`` keys, the time of each part of the load."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with load.connect(warehouse) as con:
        load.install_fts(con)
        load.apply_ddl(con)
        try:
            source_paths = pl.DataFrame({"source_path": replaced}, schema={"source_path": pl.String})
            seconds = load.load_batches(con, source_paths, stage.read_batches(batches), run)
        except Exception as err:
            load.record_failed_run(
                con,
                run.with_columns(
                    pl.lit("failed").alias("status"),
                    pl.lit(f"{type(err).__name__}: {err}"[:2000]).alias("error"),
                ),
            )
            raise
        return {**load.run_checks(con), **{f"seconds:{k}": v for k, v in seconds.items()}}


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def export_warehouse(warehouse: Path, exports_dir: Path) -> None:
    """Rewrite the Parquet exports from the warehouse."""
    with load.connect(warehouse, read_only=True) as con:
        export.export_tables(con, exports_dir)


def _run_row(run_id: str, started_at: datetime, plan: Plan, rows: dict[str, int]) -> pl.DataFrame:
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
            "n_articles": [rows["articles"]],
            "n_quarantined": [rows["quarantine"]],
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
    staging_dir: Path | None = None,
) -> RunSummary:
    """Input -> DuckDB warehouse + Parquet exports: stage records, plan, transform batches, load, export."""
    logger = get_run_logger()
    clock = time.perf_counter()
    started_at = datetime.now(UTC)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    staging = (staging_dir or warehouse.parent / f".{warehouse.name}.staging") / run_id
    stages: dict[str, float] = {}
    try:
        root, files = _input_root(input_dir)
        record_files = [f for f in files if read.is_record_file(f)]
        chunks = [
            path
            for future in [
                stage_records.submit(
                    root, rel, staging, chunk_rows=batch_size, fetched_at=fetched_at, max_bytes=max_bytes
                )
                for rel in record_files
            ]
            for path in future.result()
        ]
        page_files = [f for f in files if not read.is_record_file(f)]
        plan = plan_run(root, page_files, chunks, warehouse, batch_size)
        stages["read_plan"] = time.perf_counter() - clock
        logger.info(
            "%d pages (%d record files): %d new, %d changed, %d unchanged; %d batches",
            plan.n_files,
            len(record_files),
            plan.n_new,
            plan.n_changed,
            plan.n_unchanged,
            len(plan.batches),
        )
        futures = [
            transform_batch.submit(
                root,
                source,
                fetched_at=fetched_at,
                max_bytes=max_bytes,
                run_id=run_id,
                ingested_at=started_at,
                duplicates=source.duplicates,
                staging=staging,
                index=index,
            )
            for index, source in enumerate(plan.batches)
        ]
        batches: list[StagedBatch] = []
        done = 0
        for future in as_completed(futures):
            batch = future.result()
            batches.append(batch)
            done += batch.rows["pages"]
            rate = done / max(time.perf_counter() - clock, 1e-9)
            logger.info("pages %d/%d done (%.0f pages/s)", done, len(plan.to_process), rate)
        batches.sort(key=lambda b: b.index)
        stages["transform"] = time.perf_counter() - clock - sum(stages.values())
        stages["transform_task_sum"] = sum(b.seconds for b in batches)
        rows = {t: sum(b.rows[t] for b in batches) for t in ["pages", "articles", "quarantine"]}
        mark = time.perf_counter()
        checks = load_warehouse(warehouse, plan.to_process, batches, _run_row(run_id, started_at, plan, rows))
        stages["load"] = time.perf_counter() - mark
        stages.update({k.split(":", 1)[1]: v for k, v in checks.items() if k.startswith("seconds:")})
        checks = {k: v for k, v in checks.items() if not k.startswith("seconds:")}
        mark = time.perf_counter()
        export_warehouse(warehouse, exports_dir)
        stages["export"] = time.perf_counter() - mark
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if staging_dir is None:
            with contextlib.suppress(OSError):
                staging.parent.rmdir()  # only when no other run is staging there
    removed: dict[str, int] = {}
    for batch in batches:
        for rule, count in batch.removed_by_rule.items():
            removed[rule] = removed.get(rule, 0) + count
    summary = RunSummary(
        run_id=run_id,
        status="completed",
        n_pages=plan.n_files,
        n_new=plan.n_new,
        n_changed=plan.n_changed,
        n_unchanged=plan.n_unchanged,
        n_articles=rows["articles"],
        n_quarantined=rows["quarantine"],
        removed_by_rule=dict(sorted(removed.items(), key=lambda item: (-item[1], item[0]))),
        seconds=round(time.perf_counter() - clock, 2),
        checks=checks,
        stage_seconds={name: round(value, 3) for name, value in stages.items()},
        n_batches=len(batches),
        n_bytes=sum(b.n_bytes for b in batches),
    )
    logger.info("run %s: %d articles loaded, %d rows quarantined", run_id, summary.n_articles, summary.n_quarantined)
    return summary


def task_runner(settings: Settings):
    """The runner for transform tasks: a Dask cluster (existing, or ``workers`` local processes) or a
    thread pool of one thread per core. The load task always runs in this, the flow's, process.

    A bounded pool matters: Prefect's default pool has no limit, so every batch would run at once.
    """
    if settings.dask_address or settings.workers:
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": settings.workers,
                "threads_per_worker": 1,
                "host": "127.0.0.1",
                "dashboard_address": None,
            }
        )
    return ThreadPoolTaskRunner(max_workers=settings.threads or os.cpu_count() or 1)


def run_ingest(settings: Settings, *, heartbeat: bool = False) -> RunSummary:
    """Run :func:`ingest` by hand. Heartbeats only matter for deployment runs (zombie detection);
    off, they save ~1 s per run."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    updates = {} if heartbeat else {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    with temporary_settings(updates=updates):
        return ingest.with_options(task_runner=task_runner(settings))(
            input_dir=settings.input_dir,
            warehouse=settings.warehouse,
            exports_dir=settings.exports_dir,
            fetched_at=settings.fetched_at,
            max_bytes=settings.max_bytes,
            batch_size=settings.batch_size,
            staging_dir=settings.staging_dir,
        )
