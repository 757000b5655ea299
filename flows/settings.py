"""Defaults for paths and limits, in one place; they run the whole pipeline on seeds/ unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

#: The project root: the folder holding seeds/, warehouse/ and this package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Files larger than this are quarantined as ``oversized_file`` without being decoded.
#: 20 MiB is ~1000x a typical news page (median ~17 KB in the cleaning benchmark).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: Pages per transform task. A batch of 500 seed-sized pages is ~10 MB of text: large enough that
#: Prefect's ~10 ms per task is noise, small enough to keep memory flat.
DEFAULT_BATCH_SIZE = 500

#: Seconds a run waits for another run (or a DuckDB session) holding the warehouse before giving up.
#: 30 s covers a seed-sized run finishing; a scheduled run that still finds it busy fails and retries.
DEFAULT_LOCK_TIMEOUT = 30.0


#: Batches per commit in a run of more batches than this: such a run loads into a copy of the
#: warehouse, commits every this many batches and renames the copy over the warehouse at the end
#: (flows/load.loading_copy); a smaller run loads in one transaction in place. DuckDB holds an open
#: transaction's new rows and undo in memory it cannot spill; at ~15 MB per batch of 500 pages,
#: 20 batches (10,000 pages) stay below its 768 MB limit (bench/BENCHMARKS.md). 0: always in place.
DEFAULT_COMMIT_EVERY = 20


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; the defaults process seeds/ into warehouse/."""

    input_dir: Path = PROJECT_ROOT / "seeds"
    warehouse: Path = PROJECT_ROOT / "warehouse" / "newsdesk.duckdb"
    exports_dir: Path = PROJECT_ROOT / "warehouse" / "exports"
    fetched_at: datetime | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = DEFAULT_BATCH_SIZE
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    commit_every: int = DEFAULT_COMMIT_EVERY
    #: Folder for the run's staged Parquet (default: beside the warehouse). Under Dask it must be
    #: storage that every worker and the flow process see at the same path.
    staging_dir: Path | None = None
    #: Transform tasks on an existing Dask scheduler (``tcp://host:port``), or on ``workers`` local
    #: Dask worker processes; neither: a pool of ``threads`` threads (default: one per core).
    dask_address: str | None = None
    workers: int | None = None
    threads: int | None = None
    #: Rewrite the changed Parquet exports at the end of the run (off: ``newsdesk export`` later).
    export: bool = True


#: Folder of the SQL files (DDL, load statements, views, checks).
SQL_DIR = PROJECT_ROOT / "warehouse"
