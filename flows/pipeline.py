"""Prefect orchestration: the ingest flow and its batch tasks. The only module that imports prefect."""

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner

from flows import export as export_stage
from flows import load, read, stage
from flows.settings import DEFAULT_COMMIT_EVERY, Settings
from flows.stage import StagedBatch
from flows.transform import transform_pages

#: Test hook for the crash tests: with ``NEWSDESK_TEST_HALT_AT`` set to one of these stages and
#: ``NEWSDESK_TEST_HALT_FILE`` to a path, a run that reaches the stage writes its name to that file
#: and waits while the file exists, so that a test can SIGKILL it there, or delete the file to let
#: it go on. Without both variables (production) each stage costs one environment lookup.
HALT_STAGES = ("plan", "read", "transform", "load_batch", "load", "export", "publish")

#: Flow-level retries of a failed run (transient I/O: a network folder, a warehouse held past the
#: lock timeout). Runs of a deployment use them; ``newsdesk run`` runs once unless asked.
FLOW_RETRIES = 2
FLOW_RETRY_DELAY_SECONDS = 30


#: Files whose size and mtime the load records: (source_path, file_mtime_ns).
PAGE_FILES_SCHEMA = {"source_path": pl.String, "file_mtime_ns": pl.Int64}
#: Record files read whole, as the load records them in record_files.
RECORD_FINGERPRINTS_SCHEMA = {
    "source_path": pl.String, "bytes": pl.Int64, "file_mtime_ns": pl.Int64, "n_records": pl.Int32,
}


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
    page_files: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=PAGE_FILES_SCHEMA))
    deleted: list[str] = field(default_factory=list)
    n_hashed: int = 0
    #: Record files read whole this run, to record (``RECORD_FINGERPRINTS_SCHEMA``), and those not read.
    record_files: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=RECORD_FINGERPRINTS_SCHEMA))
    n_record_files_skipped: int = 0


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
    n_quarantined_pages: int = 0
    n_deleted: int = 0
    n_pruned: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    n_batches: int = 0
    n_bytes: int = 0


def _halt(stage: str) -> None:
    """The crash tests' hook (see :data:`HALT_STAGES`); a no-op unless both variables are set."""
    if os.environ.get("NEWSDESK_TEST_HALT_AT") != stage or "NEWSDESK_TEST_HALT_FILE" not in os.environ:
        return
    if os.environ.pop("NEWSDESK_TEST_HALT_AT", None) != stage:  # another batch thread halted first
        return
    marker = Path(os.environ["NEWSDESK_TEST_HALT_FILE"])
    marker.write_text(stage, encoding="utf-8")
    while marker.exists():
        time.sleep(0.05)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def prepare_warehouse(warehouse: Path, lock_timeout: float) -> None:
    """Create the warehouse, its tables and any column added since it was made."""
    load.prepare_warehouse(warehouse, lock_timeout=lock_timeout)


def _input_root(input_path: Path) -> tuple[Path, list[str]]:
    """``--input`` (a folder, or one file) -> (the folder paths are relative to, the input files)."""
    if input_path.is_file():
        return input_path.parent, [input_path.name]
    return input_path, read.list_input_files(input_path)


@task(cache_policy=NONE)
def plan_run(
    input_dir: Path,
    files: list[str],
    chunks: list[str],
    warehouse: Path,
    batch_size: int,
    lock_timeout: float = load.DEFAULT_LOCK_TIMEOUT,
    detect_deleted: bool = True,
    record_stats: pl.DataFrame | None = None,
    unread_record_files: list[str] | None = None,
) -> Plan:
    """Keep the new and changed page files and records; find the files that are gone; batch the rest.

    A page file whose size and mtime equal the ones recorded when it was loaded is unchanged on a
    stat alone; any other file is hashed and compared by content. Records (from JSON Lines or
    Parquet files, staged in ``chunks``) are compared by the hash of their text; the records of
    ``unread_record_files`` (unchanged on their stat, :func:`unchanged_record_files`) are unchanged
    without a read. ``record_stats`` (source_path, size, mtime_ns): the stat of each staged record
    file before its read, recorded with its record count.
    """
    known = load.known_pages(warehouse, lock_timeout=lock_timeout).filter(~pl.col("is_deleted"))
    compared = read.stat_files(input_dir, files).join(
        known.select(
            "source_path",
            pl.col("page_id").alias("page_id_known"),
            pl.col("bytes").alias("bytes_known"),
            "file_mtime_ns",
        ),
        on="source_path",
        how="left",
    ).with_columns(
        ((pl.col("size") == pl.col("bytes_known")) & (pl.col("mtime_ns") == pl.col("file_mtime_ns")))
        .fill_null(False)
        .alias("same_stat")
    )
    to_hash = compared.filter(~pl.col("same_stat"))["source_path"].to_list()
    hashed = pl.DataFrame(
        {"source_path": to_hash, "page_id_now": [read.fingerprint(input_dir, p) for p in to_hash]},
        schema={"source_path": pl.String, "page_id_now": pl.String},
    )
    compared = compared.join(hashed, on="source_path", how="left").with_columns(
        pl.coalesce("page_id_now", "page_id_known").alias("page_id"),
        pl.lit(None, dtype=pl.String).alias("chunk"),
    )
    records = (
        pl.scan_parquet(chunks, include_file_paths="chunk").select("source_path", "page_id", "chunk").collect()
        if chunks
        else pl.DataFrame(schema={"source_path": pl.String, "page_id": pl.String, "chunk": pl.String})
    )
    if records.height:
        compared = pl.concat(
            [
                compared,
                records.join(
                    known.select("source_path", pl.col("page_id").alias("page_id_known")),
                    on="source_path",
                    how="left",
                ).with_columns(pl.lit(False).alias("same_stat")),
            ],
            how="diagonal_relaxed",
        )
    if unread_record_files:
        compared = pl.concat(
            [
                compared,
                known.filter(_record_file(pl.col("source_path")).is_in(unread_record_files)).select(
                    "source_path", "page_id", pl.col("page_id").alias("page_id_known"), pl.lit(True).alias("same_stat")
                ),
            ],
            how="diagonal_relaxed",
        )
    unchanged = compared.filter(pl.col("page_id") == pl.col("page_id_known"))
    new = compared.filter(pl.col("page_id_known").is_null())
    changed = compared.filter(pl.col("page_id") != pl.col("page_id_known"))
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
    # Fingerprints to record: every file read this run, and unchanged files whose mtime moved.
    page_files = compared.filter(
        ~pl.col("same_stat") & pl.col("mtime_ns").is_not_null() & pl.col("chunk").is_null()
    ).select(
        "source_path", pl.col("mtime_ns").alias("file_mtime_ns")
    )
    deleted = (
        known.join(compared, on="source_path", how="anti")["source_path"].sort().to_list()
        if detect_deleted
        else []
    )
    record_files = (
        records.group_by(_record_file(pl.col("source_path")).alias("source_path"))
        .agg(pl.len().cast(pl.Int32).alias("n_records"))
        .join(record_stats if record_stats is not None else read.stat_files(input_dir, []), on="source_path")
        .filter(pl.col("size").is_not_null() & pl.col("mtime_ns").is_not_null())
        .select("source_path", pl.col("size").alias("bytes"), pl.col("mtime_ns").alias("file_mtime_ns"), "n_records")
        .sort("source_path")
    )
    _halt("plan")
    return Plan(
        to_process=to_process["source_path"].to_list(),
        duplicates=dict(zip(dupes["source_path"], dupes["owner"], strict=True)),
        batches=_batches(to_process, records, dupes, batch_size),
        n_files=compared.height,
        n_new=new.height,
        n_changed=changed.height,
        n_unchanged=unchanged.height,
        page_files=page_files,
        deleted=deleted,
        n_hashed=len(to_hash),
        record_files=record_files,
        n_record_files_skipped=len(unread_record_files or []),
    )


def _record_file(source_path: pl.Expr) -> pl.Expr:
    """A record's source_path ('<file>#<id>') -> its file (up to the first '#', as
    warehouse/queries/select_record_files.sql counts them)."""
    return source_path.str.split("#").list.first()


def unchanged_record_files(stats: pl.DataFrame, known: pl.DataFrame) -> list[str]:
    """Record files that need no read: the same size and modification time as when a run last read
    them whole, and every record that read found still in the warehouse and not marked deleted (a
    file taken away and brought back is read again). ``stats``: (source_path, size, mtime_ns);
    ``known``: :func:`flows.load.known_record_files`."""
    same = stats.join(known, on="source_path").filter(
        (pl.col("size") == pl.col("bytes"))
        & (pl.col("mtime_ns") == pl.col("file_mtime_ns"))
        & (pl.col("n_live") == pl.col("n_records"))
    )
    return same["source_path"].sort().to_list()


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
def stage_records(
    input_dir: Path, rel: str, staging: Path, *, chunk_rows: int, fetched_at: datetime | None, max_bytes: int
) -> list[str]:
    """Read one JSON Lines or Parquet file into staged page chunks of ``chunk_rows`` records."""
    return stage.stage_records(
        input_dir, rel, staging / "records", chunk_rows=chunk_rows, fetched_at=fetched_at, max_bytes=max_bytes
    )


@task(cache_policy=NONE)
def transform_batch(
    input_dir: Path,
    source: BatchInput,
    *,
    fetched_at: datetime | None,
    max_bytes: int,
    run_id: str,
    ingested_at: datetime,
    staging: Path,
    index: int,
) -> StagedBatch:
    """Read, clean, split, extract and validate one batch; write its tables to the staging folder."""
    clock = time.perf_counter()
    if source.chunk is not None:
        pages = stage.read_chunk(source.chunk, source.only)
    else:
        pages = read.read_pages(input_dir, source.files, fetched_at=fetched_at, max_bytes=max_bytes)
    _halt("read")
    batch = transform_pages(pages, run_id=run_id, ingested_at=ingested_at, duplicates=source.duplicates)
    _halt("transform")
    return stage.write_batch(batch, staging, index, seconds=time.perf_counter() - clock)


class TransformFailed(RuntimeError):
    """A transform task raised (a bug, or the machine: bad input is quarantined, never raised)."""


class TransformedBatches:
    """The run's transform tasks as the load reads them: each batch's :class:`StagedBatch` in plan
    order, waiting for its task where it has not finished yet.

    With ``overlap_load`` (:func:`ingest`) the load starts as soon as the plan is made and links
    batch 1 while the task runner's workers still transform later batches; without, the flow reads
    the whole sequence first and the load finds every batch done. Iterating again (a retried load)
    reads the same batches without waiting. ``on_done`` is called once per batch, when it is first
    read.
    """

    def __init__(self, futures: list, on_done: Callable[[StagedBatch], None] | None = None) -> None:
        self._futures = futures
        self._done: dict[int, StagedBatch] = {}
        self._on_done = on_done

    def __len__(self) -> int:
        return len(self._futures)

    def __iter__(self) -> Iterator[StagedBatch]:
        for number, future in enumerate(self._futures):
            if number not in self._done:
                try:
                    batch = future.result()
                except Exception as err:
                    raise TransformFailed(f"transform of batch {number + 1} failed: {_describe(err)}") from err
                self._done[number] = batch
                if self._on_done is not None:
                    self._on_done(batch)
            yield self._done[number]

    @property
    def finished(self) -> list[StagedBatch]:
        """The batches the load has read so far, in plan order."""
        return [self._done[number] for number in sorted(self._done)]


@dataclass
class LoadResult:
    checks: dict[str, int]
    n_pruned: int
    exported: list[str]
    seconds: dict[str, float] = field(default_factory=dict)


def _retry_load(_task, _task_run, state) -> bool:
    """Retry the load task only after an error that can pass by itself: the warehouse busy, or an
    I/O error (a full disk freed, a network folder back). Not after what a second try repeats (out
    of memory, a key clash, a bug): that would redo the whole load, an hour at 100,000 pages."""
    err = state.data if isinstance(state.data, BaseException) else None
    return isinstance(err, (load.WarehouseBusy, duckdb.IOException, OSError))


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_load)
def load_warehouse(
    warehouse: Path,
    exports_dir: Path,
    replaced: list[str],
    batches: TransformedBatches | list[StagedBatch],
    run: pl.DataFrame | Callable[[], pl.DataFrame],
    extras: dict[str, pl.DataFrame],
    *,
    prune: bool = False,
    lock_timeout: float = load.DEFAULT_LOCK_TIMEOUT,
    scratch: Path | None = None,
    commit_every: int = 0,
    export: bool = True,
) -> LoadResult:
    """Load every staged batch (one at a time), the run row and ``extras`` in one transaction, then
    swap in the exports.

    ``batches``: staged batches, or the run's :class:`TransformedBatches`, read as their tasks
    finish. ``run``: the run row, or a function making it once the last batch is in (its counts).

    ``scratch``: where the load writes the frames it hands DuckDB (the run's staging folder).
    ``commit_every``: with more batches than this (and not 0), load into a copy of the warehouse
    with a commit every that many batches, the copy renamed over the warehouse at the end
    (:func:`flows.load.loading_copy`): memory stays flat and the run is still all or nothing.
    The exports that changed are written inside the transaction (from its uncommitted rows) and
    renamed into place after the commit: a run killed before the commit leaves the warehouse and the
    exports as they were; one killed after it leaves exports that the next run brings up to date.
    """
    staging: dict[str, object] = {}

    def stage_exports(con) -> None:
        _halt("load")
        staging["dir"], staging["signatures"] = export_stage.stage_changed_exports(
            con, exports_dir, after_each=lambda _: _halt("export")
        )

    logger = get_run_logger()

    def report(progress: int | str, memory: dict[str, int]) -> None:
        held = ", ".join(f"{tag} {size / 1e6:.0f}" for tag, size in list(memory.items())[:4])
        if isinstance(progress, str):
            done = f"step {progress!r} starts"
        else:
            _halt("load_batch")
            done = f"batch {progress}/{len(batches)} linked and inserted"
        logger.info(
            "load: %s; DuckDB holds %.0f MB (%s), process RSS %.0f MB",
            done, sum(memory.values()) / 1e6, held, _rss() / 1e6,
        )

    in_copy = 0 < commit_every < len(batches)
    if in_copy:
        logger.info(
            "load: %d batches, more than %d: loading into a copy of the warehouse with a commit every %d"
            " batches; the copy replaces the warehouse when the load succeeds", len(batches), commit_every,
            commit_every,
        )
    target = (
        load.loading_copy(warehouse, lock_timeout=lock_timeout) if in_copy else contextlib.nullcontext(warehouse)
    )
    with target as path, load.connect(path, lock_timeout=lock_timeout, reopening=in_copy) as con:
        load.install_fts(con)
        n_pruned, seconds = load.load_batches(
            con,
            pl.DataFrame({"source_path": replaced}, schema={"source_path": pl.String}),
            stage.read_batches(batches),
            run,
            extras=extras,
            prune=prune,
            before_commit=(lambda: stage_exports(con)) if export else None,
            scratch=scratch,
            on_progress=report,
            commit_every=commit_every if in_copy else None,
        )
        checks = load.run_checks(con)
    written = (
        export_stage.publish_exports(
            exports_dir, staging["dir"], staging["signatures"], after_each=lambda _: _halt("publish")
        )
        if export
        else {}
    )
    return LoadResult(checks=checks, n_pruned=n_pruned, exported=sorted(written), seconds=seconds)


def _describe(error: BaseException) -> str:
    """``Type: message``, then its notes (the load adds the step it failed at), for ``runs.error``."""
    return "; ".join([f"{type(error).__name__}: {error}", *getattr(error, "__notes__", [])])


def _rss() -> int:
    """This process's resident memory in bytes (Linux; 0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@task(cache_policy=NONE)
def record_failed_run(warehouse: Path, run: pl.DataFrame) -> None:
    """Record a failed run in ``runs``, if the warehouse opens within a few seconds."""
    try:
        with load.connect(warehouse, lock_timeout=5) as con:
            load.apply_ddl(con)
            load.record_failed_run(con, run)
    except Exception as err:  # best effort: the run's own error is what gets raised
        get_run_logger().warning("could not record failed run %s in runs: %s", run["run_id"].item(), err)


def _run_row(
    run_id: str,
    started_at: datetime,
    plan: Plan | None,
    rows: dict[str, int] | None,
    *,
    error: BaseException | None = None,
) -> pl.DataFrame:
    """The ``runs`` row of a run; a failed run keeps the counts it got to (zero before the plan)."""
    rows = rows or {}
    return pl.DataFrame(
        {
            "run_id": [run_id],
            "started_at": [started_at],
            "finished_at": [datetime.now(UTC)],
            "status": ["failed" if error else "completed"],
            "n_pages": [plan.n_files if plan else 0],
            "n_new": [plan.n_new if plan else 0],
            "n_changed": [plan.n_changed if plan else 0],
            "n_unchanged": [plan.n_unchanged if plan else 0],
            "n_articles": [rows.get("articles", 0)],
            "n_quarantined": [rows.get("quarantine", 0)],
            "error": [_describe(error)[:2000] if error else None],
            "n_quarantined_pages": [rows.get("quarantined_pages", 0)],
            "n_deleted": [len(plan.deleted) if plan else 0],
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
            "n_quarantined_pages": pl.Int32,
            "n_deleted": pl.Int32,
        },
    )


def _totals(batches: list[StagedBatch]) -> dict[str, int]:
    """The run's counts over its staged batches, for the run row and the summary."""
    return {
        name: sum(b.rows.get(name, 0) for b in batches)
        for name in ["pages", "articles", "quarantine", "quarantined_pages"]
    }


def _file_frames(plan: Plan, found_missing_at: datetime) -> dict[str, pl.DataFrame]:
    """The plan's extra staged frames: fingerprints to record and files found missing."""
    return {
        "page_files": plan.page_files,
        "record_files": plan.record_files,
        "deleted_pages": pl.DataFrame(
            {"source_path": plan.deleted, "deleted_at": [found_missing_at] * len(plan.deleted)},
            schema={"source_path": pl.String, "deleted_at": pl.Datetime("us", "UTC")},
        ),
    }


@flow(retries=FLOW_RETRIES, retry_delay_seconds=FLOW_RETRY_DELAY_SECONDS)
def ingest(
    input_dir: Path,
    warehouse: Path,
    exports_dir: Path,
    fetched_at: datetime | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    batch_size: int = 500,
    prune: bool = False,
    lock_timeout: float = load.DEFAULT_LOCK_TIMEOUT,
    staging_dir: Path | None = None,
    commit_every: int = DEFAULT_COMMIT_EVERY,
    overlap_load: bool = False,
    export: bool = True,
) -> RunSummary:
    """Input folder or record file -> DuckDB warehouse + Parquet exports: stage records, plan,
    transform in batches (each staged as Parquet), load batch by batch in one transaction (a large
    run: into a copy of the warehouse that replaces it at the end), export.

    ``export`` False: leave the Parquet exports as they are (each changed table is rewritten whole,
    the part of a run that grows with the warehouse); :func:`update_exports` (``newsdesk export``)
    brings them up to date later.

    ``overlap_load``: start the load with the first transformed batch, beside the transform of the
    later ones (:class:`TransformedBatches`), instead of after the last. Worth it when the transform
    does not run on this machine's cores (``--dask`` with an existing cluster): on a 2-core machine
    with the transform on both cores it measured no faster (bench/BENCHMARKS.md, "The load beside
    the transform"), so it is off for thread pools and local clusters (:func:`_flow_parameters`).

    One run at a time per warehouse (the run lock); a failed run is recorded in ``runs`` with its
    error and raised, so that Prefect marks it failed (and retries it, see :data:`FLOW_RETRIES`).
    """
    logger = get_run_logger()
    clock = time.perf_counter()
    started_at = datetime.now(UTC)
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    staging_root = staging_dir or warehouse.parent / f".{warehouse.name}.staging"
    staging = staging_root / run_id
    plan: Plan | None = None
    rows: dict[str, int] | None = None
    stages: dict[str, float] = {}
    batches: list[StagedBatch] = []
    stream: TransformedBatches | None = None
    with load.run_lock(warehouse, run_id=run_id, lock_timeout=lock_timeout):
        try:
            if not input_dir.exists():
                # An unmounted or mistyped folder must not mark every page deleted.
                raise FileNotFoundError(f"input not found: {input_dir}")
            prepare_warehouse(warehouse, lock_timeout)
            root, files = _input_root(input_dir)
            record_files = [f for f in files if read.is_record_file(f)]
            # a record file unchanged since a run read it whole is not read (its stat is taken first,
            # so one that changes during the read is read again next time)
            record_stats = read.stat_files(root, record_files)
            unread = unchanged_record_files(record_stats, load.known_record_files(warehouse, lock_timeout=lock_timeout))
            chunks = [
                path
                for future in [
                    stage_records.submit(
                        root, rel, staging, chunk_rows=batch_size, fetched_at=fetched_at, max_bytes=max_bytes
                    )
                    for rel in record_files
                    if rel not in unread
                ]
                for path in future.result()
            ]
            page_files = [f for f in files if not read.is_record_file(f)]
            plan = plan_run(
                root, page_files, chunks, warehouse, batch_size, lock_timeout, detect_deleted=input_dir.is_dir(),
                record_stats=record_stats, unread_record_files=unread,
            )
            stages["read_plan"] = time.perf_counter() - clock
            logger.info(
                "%d pages (%d record files, %d unchanged and not read): %d new, %d changed, %d unchanged"
                " (%d hashed); %d gone; %d batches",
                plan.n_files, len(record_files), plan.n_record_files_skipped, plan.n_new, plan.n_changed,
                plan.n_unchanged, plan.n_hashed, len(plan.deleted), len(plan.batches),
            )
            futures = [
                transform_batch.submit(
                    root,
                    source,
                    fetched_at=fetched_at,
                    max_bytes=max_bytes,
                    run_id=run_id,
                    ingested_at=started_at,
                    staging=staging,
                    index=index,
                )
                for index, source in enumerate(plan.batches)
            ]
            transform_start = time.time()
            done = 0

            def transformed(batch: StagedBatch) -> None:
                nonlocal done
                done += batch.rows["pages"]
                logger.info(
                    "pages %d/%d transformed (batch %d: %.1f s in its task, done %.0f s into the transform),"
                    " process RSS %d MB",
                    *(done, len(plan.to_process), batch.index + 1, batch.seconds,
                      batch.finished_at - transform_start, _rss() // 10**6),
                )

            stream = TransformedBatches(futures, on_done=transformed)
            if not overlap_load:
                list(stream)  # every batch transformed before the load starts
            mark = time.perf_counter()
            # seconds from the plan to the load's start (0 when the load runs beside the transform)
            stages["load_start"] = time.time() - transform_start
            # the run row, with the run's counts, is made after the last batch: with overlap_load
            # the load reads the batches as their tasks finish
            loaded = load_warehouse(
                warehouse,
                exports_dir,
                plan.to_process,
                stream,
                lambda: _run_row(run_id, started_at, plan, _totals(stream.finished)),
                _file_frames(plan, started_at),
                prune=prune,
                lock_timeout=lock_timeout,
                scratch=staging,
                commit_every=commit_every,
                export=export,
            )
            batches = stream.finished
            rows = _totals(batches)
            # wall seconds from the plan to the last transform task's end (beside the load)
            stages["transform"] = max([transform_start, *(b.finished_at for b in batches)]) - transform_start
            stages["transform_task_sum"] = sum(b.seconds for b in batches)
            stages["load_export"] = time.perf_counter() - mark
            stages.update(loaded.seconds)
        except Exception as err:
            if rows is None and stream is not None:
                rows = _totals(stream.finished)  # what the batches loaded before the failure counted
            record_failed_run(warehouse, _run_row(run_id, started_at, plan, rows, error=err))
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if staging_dir is None:
                with contextlib.suppress(OSError):  # other runs' staging folders may be in it
                    staging_root.rmdir()
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
        checks=loaded.checks,
        n_quarantined_pages=rows["quarantined_pages"],
        n_deleted=len(plan.deleted),
        n_pruned=loaded.n_pruned,
        stage_seconds={name: round(value, 3) for name, value in stages.items()},
        n_batches=len(batches),
        n_bytes=sum(b.n_bytes for b in batches),
    )
    logger.info(
        "run %s: %d articles loaded, %d pages and %d rows quarantined, %d deleted pages marked, %d pruned;"
        " exports rewritten: %s",
        run_id, summary.n_articles, summary.n_quarantined_pages, summary.n_quarantined, summary.n_deleted,
        summary.n_pruned, ", ".join(loaded.exported) or ("none" if export else "none (export off)"),
    )
    return summary


def update_exports(warehouse: Path, exports_dir: Path, *, lock_timeout: float = load.DEFAULT_LOCK_TIMEOUT) -> list[str]:
    """Rewrite the exports of the tables whose contents changed since they were written (all of them
    into a new folder), under the run lock so that no run loads meanwhile; returns the tables
    rewritten. What a run does after its commit, for runs made with ``export=False``."""
    with load.run_lock(warehouse, run_id="export", lock_timeout=lock_timeout):
        with load.connect(warehouse, read_only=True, lock_timeout=lock_timeout) as con:
            folder, signatures = export_stage.stage_changed_exports(con, exports_dir)
        return sorted(export_stage.publish_exports(exports_dir, folder, signatures))


def _flow_parameters(settings: Settings, *, prune: bool) -> dict:
    return {
        "input_dir": settings.input_dir,
        "warehouse": settings.warehouse,
        "exports_dir": settings.exports_dir,
        "fetched_at": settings.fetched_at,
        "max_bytes": settings.max_bytes,
        "batch_size": settings.batch_size,
        "prune": prune,
        "lock_timeout": settings.lock_timeout,
        "staging_dir": settings.staging_dir,
        "commit_every": settings.commit_every,
        "export": settings.export,
        # the load beside the transform only when the transform runs on other machines' cores
        "overlap_load": settings.dask_address is not None,
    }


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


def run_ingest(
    settings: Settings,
    *,
    heartbeat: bool = False,
    prune: bool = False,
    retries: int = 0,
    retry_delay_seconds: float = FLOW_RETRY_DELAY_SECONDS,
) -> RunSummary:
    """Run :func:`ingest` by hand, once unless ``retries``. Heartbeats only matter for deployment
    runs (zombie detection); off, they save ~1 s per run."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    updates = {} if heartbeat else {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    flow_once = ingest.with_options(
        retries=retries, retry_delay_seconds=retry_delay_seconds, task_runner=task_runner(settings)
    )
    with temporary_settings(updates=updates):
        return flow_once(**_flow_parameters(settings, prune=prune))


def serve_ingest(
    settings: Settings,
    *,
    name: str = "scheduled",
    cron: str | None = None,
    interval: float | None = None,
    prune: bool = False,
) -> None:
    """Serve :func:`ingest` as the deployment ``ingest/<name>`` on a cron or interval schedule.

    Blocks, polling the Prefect server for due runs and running each in a subprocess (one at a
    time), until SIGTERM; then pauses the schedule and returns. The deployment's entrypoint is the
    module path ``flows.pipeline.ingest``, so runs do not depend on the working folder.
    """
    from prefect.deployments.runner import EntrypointType

    parameters = {  # JSON for the deployment; the flow's type hints turn them back into paths
        key: str(value) if isinstance(value, Path) else value
        for key, value in _flow_parameters(settings, prune=prune).items()
        if value is not None
    }
    ingest.serve(
        name=name,
        cron=cron,
        interval=interval,
        parameters=parameters,
        limit=1,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
