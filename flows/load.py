"""Load stage: staged frames -> DuckDB tables, in one transaction, with SQL read from warehouse/*.sql.

DuckDB allows one writing process. A run opens the warehouse only to read what it already holds
and, later, to load; a second writer meets a clear :class:`WarehouseBusy` instead of a lock trace.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from flows.settings import SQL_DIR

#: Tables in load order; their staged frames are registered as ``staged_<table>``.
TABLES = ["pages", "removed_lines", "articles", "paragraphs", "quarantine", "runs"]

#: Deletes that clear the old version of re-loaded files, children first.
DELETES = ["delete_paragraphs", "delete_articles", "delete_removed_lines", "delete_pages"]

#: DuckDB's working-memory cap per connection (its default is 80 % of RAM). Past it DuckDB spills
#: sorts and joins to a temp folder beside the warehouse; 1 GB keeps a run's process under the
#: 2 GB RSS goal of bench/BENCHMARKS.md with room for one batch of frames.
DUCKDB_MEMORY_LIMIT = "1GB"

#: Seconds to keep retrying when another process holds the warehouse lock.
DEFAULT_LOCK_TIMEOUT = 30.0


class WarehouseBusy(RuntimeError):
    """Another process holds the DuckDB file's write lock."""


def sql(name: str) -> str:
    """The text of one SQL file under warehouse/, by relative name without extension."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def install_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Install DuckDB's fts extension from the pinned ``duckdb-extension-fts`` package and load it.

    Installing copies it into DuckDB's per-user extension folder, so analysts' own DuckDB sessions
    (same DuckDB version) autoload it for ``match_bm25`` without any network.
    """
    import duckdb_extension_fts

    version = duckdb.__version__
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{version}" / "fts.duckdb_extension"
    con.install_extension(str(path))
    con.load_extension("fts")


@contextmanager
def connect(path: Path, *, read_only: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[
    duckdb.DuckDBPyConnection
]:
    """Open the warehouse, waiting up to ``lock_timeout`` seconds for another writer to finish."""
    deadline = time.monotonic() + lock_timeout
    delay = 0.1
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": DUCKDB_MEMORY_LIMIT})
            break
        except duckdb.IOException as err:
            if "lock" not in str(err).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"the warehouse {path.name} is locked by another process; {_holder(err)}"
                    f" (waited {lock_timeout:.0f} s). Let that run finish, or close that session."
                ) from err
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
    try:
        yield con
    finally:
        con.close()


def _holder(err: Exception) -> str:
    text = str(err)
    marker = "Conflicting lock is held in"
    if marker in text:
        return "held by " + text.split(marker, 1)[1].split(".", 1)[0].strip()
    return "holder unknown"


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table (warehouse/ddl, name order) and view (warehouse/views) that is missing."""
    for path in sorted((SQL_DIR / "ddl").glob("*.sql")) + sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def known_pages(path: Path) -> pl.DataFrame:
    """(source_path, page_id, status) of every file already loaded; empty when there is no warehouse."""
    schema = {"source_path": pl.String, "page_id": pl.String, "status": pl.String}
    if not path.exists():
        return pl.DataFrame(schema=schema)
    with connect(path, read_only=True) as con:
        tables = con.execute(
            "select table_name from information_schema.tables where table_name = ?", ["pages"]
        ).fetchall()
        if not tables:
            return pl.DataFrame(schema=schema)
        return con.sql(sql("queries/select_known_pages")).pl().cast(schema)


def load_tables(con: duckdb.DuckDBPyConnection, staged: dict[str, pl.DataFrame]) -> None:
    """Replace the rows of re-loaded files and insert the staged rows, all in one transaction.

    A failure anywhere rolls everything back: the warehouse is as it was before the run.
    """
    missing = set(TABLES) - set(staged)
    if missing:
        raise ValueError(f"no staged frame for {sorted(missing)}")
    batch = {table: staged[table] for table in TABLES if table != "runs"}
    load_batches(con, staged["pages"].select("source_path"), [batch], staged["runs"])


def load_batches(
    con: duckdb.DuckDBPyConnection,
    replaced: pl.DataFrame,
    batches: Iterable[dict[str, pl.DataFrame]],
    run: pl.DataFrame,
) -> dict[str, float]:
    """Clear the old rows of ``replaced`` source paths, insert each batch's tables, then the run row
    and the full-text index: one transaction, so a failure anywhere leaves the warehouse as it was.

    Batches are consumed one at a time, so memory holds one batch whatever the run's size. Returns
    the seconds spent inserting (``load_insert``), indexing (``load_fts``) and committing.
    """
    seconds = {}
    clock = time.perf_counter()
    con.begin()
    try:
        _with_staged(con, "pages", replaced.select("source_path"), [f"load/{name}" for name in DELETES])
        for batch in batches:
            missing = set(TABLES) - {"runs"} - set(batch)
            if missing:
                raise ValueError(f"no staged frame for {sorted(missing)}")
            for table in TABLES:
                if table != "runs":
                    _with_staged(con, table, batch[table], [f"load/insert_{table}"])
        _with_staged(con, "runs", run, ["load/insert_runs"])
        seconds["load_insert"] = time.perf_counter() - clock
        con.execute(sql("load/rebuild_fts"))
        seconds["load_fts"] = time.perf_counter() - clock - seconds["load_insert"]
        con.commit()
        seconds["load_commit"] = time.perf_counter() - clock - seconds["load_insert"] - seconds["load_fts"]
    except BaseException:
        con.rollback()
        raise
    return seconds


def _with_staged(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, statements: list[str]
) -> None:
    """Run SQL files that read ``staged_<table>``, with ``frame`` registered under that name."""
    con.register(f"staged_{table}", frame.to_arrow())
    try:
        for name in statements:
            con.execute(sql(name))
    finally:
        con.unregister(f"staged_{table}")


def record_failed_run(con: duckdb.DuckDBPyConnection, run: pl.DataFrame) -> None:
    """Record a failed run (its own small transaction, after the data transaction rolled back)."""
    con.register("staged_runs", run.to_arrow())
    try:
        con.execute(sql("load/insert_runs"))
    finally:
        con.unregister("staged_runs")


def run_checks(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows returned by each warehouse/checks/assert_*.sql (zero everywhere when consistent)."""
    return {
        path.stem: len(con.execute(path.read_text(encoding="utf-8")).fetchall())
        for path in sorted((SQL_DIR / "checks").glob("assert_*.sql"))
    }


def search_articles(con: duckdb.DuckDBPyConnection, text: str) -> list[tuple]:
    """(article_id, title, publisher, score) of articles matching ``text``, best first."""
    return con.execute(sql("queries/search_articles"), [text]).fetchall()
