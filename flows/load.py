"""Load stage: staged frames -> DuckDB tables, in one transaction, with SQL read from warehouse/*.sql.

DuckDB allows one writing process. A run opens the warehouse only to read what it already holds
and, later, to load; a second writer meets a clear :class:`WarehouseBusy` instead of a lock trace.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from flows.load_stories import link_staged, refresh_stories
from flows.settings import SQL_DIR

#: Tables in load order; their staged frames are registered as ``staged_<table>``.
TABLES = ["pages", "removed_lines", "articles", "paragraphs", "quarantine", "runs"]

#: Tables written by the link stage (flows/stories.py), loaded after ``TABLES``' rows.
LINK_TABLES = ["article_bands", "paragraph_bands", "paragraph_overlaps", "story_evidence", "story_merges"]

#: Deletes that clear the old version of re-loaded files, children first.
DELETES = [
    "delete_paragraph_overlaps", "delete_paragraph_bands", "delete_article_bands", "delete_story_evidence",
    "delete_paragraphs", "delete_articles", "delete_removed_lines", "delete_pages",
]

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
            con = duckdb.connect(str(path), read_only=read_only)
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
    con.begin()
    try:
        for table in TABLES:
            con.register(f"staged_{table}", staged[table].to_arrow())
        touched = con.sql(sql("queries/select_replaced_story_ids")).pl()
        for name in DELETES:
            con.execute(sql(f"load/{name}"))
        staged = {**staged, **link_staged(con, staged)}
        for table in TABLES + LINK_TABLES:
            con.register(f"staged_{table}", staged[table].to_arrow())
        for table in TABLES + LINK_TABLES:
            if table != "quarantine":
                con.execute(sql(f"load/insert_{table}"))
        con.execute(sql("load/update_merged_story_articles"))
        con.execute(sql("load/update_merged_story_evidence"))
        bad_stories = refresh_stories(con, staged, touched)
        con.register("staged_quarantine", pl.concat([staged["quarantine"], bad_stories]).to_arrow())
        con.execute(sql("load/insert_quarantine"))
        con.execute(sql("load/rebuild_fts"))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        for table in TABLES + LINK_TABLES + ["matching_article_bands", "matching_paragraph_bands"]:
            con.unregister(f"staged_{table}")
        for name in ["staged_touched_stories", "staged_stories"]:
            con.unregister(name)


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
