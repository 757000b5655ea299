"""Hand polars frames to DuckDB as views over Parquet files, so an open transaction holds no Python object."""

from __future__ import annotations

import atexit
import functools
import itertools
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import polars as pl


def stage_view(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame, folder: Path | None = None) -> None:
    """Make ``frame`` readable as the view ``name``: written to ``folder/<name>.parquet``, read by DuckDB.

    Not ``con.register``: DuckDB keeps every Python object that a query of an open transaction
    scanned alive until the transaction ends, and the load is one transaction, so registered frames
    would pile up batch after batch (measured: ~150 MB per 4,000 pages for the paragraph band rows
    alone, linear in the run's size; the link stage's registered lookups held ~360 MB more). A view
    over a Parquet file holds no Python object, and writing the file (lz4) costs ~10 ms per 100,000
    rows. ``folder``: default, a temporary folder of this process.
    Drop the view with ``con.unregister(name)``.

    Every call writes a new file (``<name>-<n>.parquet``) and removes the one the view read before.
    Rewriting one path in place gave wrong rows: tests/test_dask.py (one-page batches) loaded a
    page with another batch's counts, twice in a row, and passes with new files. The mechanism was
    not pinned down (a small loop rewriting one file 400 times read no stale row); a path is never
    reused now, so no reader can see an older file under it.
    """
    path = (folder or _process_scratch()) / f"{name}-{next(_FILE_NUMBERS)}.parquet"
    frame.write_parquet(path, compression="lz4")
    con.read_parquet(str(path)).create_view(name, replace=True)
    previous = _VIEW_FILES.get((id(con), name))
    _VIEW_FILES[(id(con), name)] = path
    if previous is not None:
        previous.unlink(missing_ok=True)


#: Numbers for the files :func:`stage_view` writes, unique within the process.
_FILE_NUMBERS = itertools.count()
#: The file each (connection, view name) reads now, removed when the view gets a new one.
_VIEW_FILES: dict[tuple[int, str], Path] = {}


#: Prefix of the per-process scratch folders; the process id follows it.
SCRATCH_PREFIX = "newsdesk-views-"


@functools.cache
def _process_scratch() -> Path:
    """This process's scratch folder in the system's temporary folder, removed at exit.

    A process killed with SIGKILL (or lost with its machine) never runs its exit handlers, so the
    folder name carries the process id, and the first scratch folder of a later process removes the
    folders of processes that no longer exist (:func:`sweep_stale_scratch`).
    """
    parent = Path(tempfile.gettempdir())
    sweep_stale_scratch(parent)
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def sweep_stale_scratch(parent: Path) -> list[Path]:
    """Remove ``parent``'s scratch folders whose process is gone; returns the folders removed.

    A folder whose process id is alive is kept, even when the id was reused by another program:
    it is removed by a later sweep. Folders without a process id in their name are left alone.
    """
    removed = []
    for folder in parent.glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
