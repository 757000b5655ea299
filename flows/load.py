"""Load stage: staged frames -> DuckDB tables, all or nothing, with SQL read from warehouse/*.sql.

All or nothing is one transaction, or for a large run a copy of the warehouse with commits along
the way that replaces the warehouse at the end (:func:`loading_copy`).

DuckDB allows one writing process. A run opens the warehouse only to read what it already holds
and, later, to load; a second writer meets a clear :class:`WarehouseBusy` instead of a lock trace.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from flows import stories
from flows.load_stories import NO_ALIASES, link_staged, refresh_stories, uncount_articles
from flows.search_stopwords import STOPWORDS
from flows.settings import DEFAULT_LOCK_TIMEOUT, SQL_DIR
from flows.staging import stage_view

#: Tables in load order; their staged frames are registered as ``staged_<table>``.
TABLES = ["pages", "removed_lines", "articles", "paragraphs", "quarantine", "runs"]
TABLES += ["entities", "mentions", "quotes", "date_mentions"]  # issue 4: who, where, when, who said what
TABLES += ["search_terms", "search_documents"]  # the full-text search index, made by the transform (flows/search.py)

#: Tables written by the link stage (flows/stories.py), loaded after ``TABLES``' rows.
LINK_TABLES = ["article_bands", "paragraph_bands", "paragraph_overlaps", "story_evidence", "story_merges"]
LINK_TABLES += ["term_counts"]  # added to per term, not replaced: insert_term_counts is an upsert
LINK_TABLES += ["article_features"]

#: Deletes that clear the old version of re-loaded files, children first.
DELETES = [
    "delete_search_terms", "delete_search_documents",
    "delete_paragraph_overlaps", "delete_paragraph_bands", "delete_article_bands", "delete_article_features",
    "delete_story_evidence",
    "delete_paragraphs", "delete_articles", "delete_removed_lines", "delete_pages",
]

#: Optional staged frames besides the tables: file fingerprints to record, and files found missing.
#: ``page_files``: source_path, file_mtime_ns. ``deleted_pages``: source_path, deleted_at.
#: ``record_files``: source_path, bytes, file_mtime_ns, n_records of the record files read whole.
EXTRAS = ["page_files", "deleted_pages", "record_files"]

#: Deletes that drop the rows of deleted pages on a prune, children first.
PRUNES = [
    "prune_search_terms", "prune_search_documents",
    "prune_paragraph_overlaps", "prune_paragraph_bands", "prune_article_bands", "prune_article_features",
    "prune_story_evidence",
    "prune_mentions", "prune_quotes", "prune_date_mentions",
    "prune_paragraphs", "prune_articles", "prune_removed_lines", "prune_pages",
]

#: Issue 4's children of articles are deleted first, like paragraphs; before every delete, the view
#: of the page versions being replaced that they all read.
DELETES = ["create_replaced_page_ids", "delete_mentions", "delete_quotes", "delete_date_mentions", *DELETES]

#: Warehouse-wide entity merges run after the inserts ("Putin" -> "Vladimir Putin").
MERGES = ["merge_surname_mentions", "merge_surname_quotes"]

#: Columns of the quarantine table, for quarantine rows made during the load.
QUARANTINE_COLUMNS = ["run_id", "table_name", "row_key", "check_name", "failure"]

#: DuckDB's working-memory cap per connection (its default is 80 % of RAM). Past it DuckDB spills
#: sorts and joins to a temp folder beside the warehouse and evicts cached blocks of the file. The
#: process itself holds ~0.7 GB after the transform (libraries, gazetteers, allocator pools) and a
#: batch's frames take ~0.25 GB more: with 768 MB a run peaked at 1.83 GB RSS at 100k pages and
#: 2.01 GB at 300k, with 1 GB at 2.1 and 2.4 GB. The environment variable ``NEWSDESK_DUCKDB_MEMORY``
#: (any DuckDB memory size, e.g. "512MB" or "2GB") sets another (figures in bench/BENCHMARKS.md,
#: "A 768 MB cap and a faster link stage").
DUCKDB_MEMORY_LIMIT = os.environ.get("NEWSDESK_DUCKDB_MEMORY", "").strip() or "768MB"
#: In a load into a copy, a commit also comes early when what DuckDB holds and cannot evict (all but
#: the cached blocks of files: the open transaction's new rows, the undo of its updates, hash tables
#: and indexes) passes this share of its memory cap. What one batch pins grew with the warehouse (the
#: story merges rewrote more rows after each batch, before they moved to the end of the load), so a
#: fixed ``commit_every`` ran out of memory at batch 259 of a 300k-page run (bench/BENCHMARKS.md, "A
#: bound on the rows of a band key").
PINNED_COMMIT_SHARE = 0.4
#: ``duckdb_memory()`` tags DuckDB can give back on demand (cached blocks of the database and of files).
EVICTABLE_TAGS = frozenset({"BASE_TABLE", "EXTERNAL_FILE_CACHE"})
#: A hash join whose build side has at most this many distinct keys hands them to the probe side's
#: table scan as an IN filter, so the scan drops the other rows before the join (DuckDB's default is
#: 50). The link stage's candidate reads have a few thousand ids per batch (select_candidate_*.sql).
#: With no index to answer it, the filter is checked row by row; measured against the plain hash
#: join in replays of 10 batches, the two cost the same at 10k pages (1.57-1.61 s against 1.59-1.65
#: s a batch) and the filter saves a little at 100k (2.01 against 2.08 s).
DYNAMIC_FILTER_KEYS = 4096
#: DuckDB settings of every warehouse connection.
DUCKDB_CONFIG = {
    "memory_limit": DUCKDB_MEMORY_LIMIT,
    "dynamic_or_filter_threshold": DYNAMIC_FILTER_KEYS,
}


class WarehouseBusy(RuntimeError):
    """Another process holds the DuckDB file's write lock."""


def sql(name: str) -> str:
    """The text of one SQL file under warehouse/, by relative name without extension."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def install_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Install DuckDB's fts extension from the pinned ``duckdb-extension-fts`` package and load it.

    Installing copies it into DuckDB's per-user extension folder, so analysts' own DuckDB sessions
    (same DuckDB version) autoload it for the ``search_articles`` macro's ``stem`` without any network.
    """
    import duckdb_extension_fts

    version = duckdb.__version__
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{version}" / "fts.duckdb_extension"
    con.install_extension(str(path))
    con.load_extension("fts")


@contextmanager
def connect(
    path: Path, *, read_only: bool = False, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, reopening: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, waiting up to ``lock_timeout`` seconds for another writer to finish.

    ``reopening``: yield a :class:`Reopening` connection, which a load in a copy closes and opens
    again at its commits.
    """
    con = Reopening(path, lock_timeout) if reopening else _open(path, read_only, lock_timeout)
    try:
        yield con  # type: ignore[misc]
    finally:
        con.close()


def _open(path: Path, read_only: bool, lock_timeout: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + lock_timeout
    delay = 0.1
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=DUCKDB_CONFIG)
            # no progress bar on the terminal for a long statement (a backfill, an export's sort);
            # a setting of the connection, not of the database
            con.execute("set enable_progress_bar = false")
            return con
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


class Reopening:
    """A warehouse connection that a load in a copy closes and opens again at each of its commits.

    Closing the database gives back memory that DuckDB keeps for it outside its own accounting
    (``duckdb_memory()``) and does not give back at a commit: measured on 6,000 generated pages in
    12 batches with a commit every 4, RSS fell from 700-750 MB to 465-491 MB at each reopen, and by
    ~350 MB when the database closed after the load. Everything else goes to the connection open
    now, so the load's helpers take it as a connection. Its temporary views go with it: the load
    makes them again for each batch and each step.
    """

    def __init__(self, path: Path, lock_timeout: float) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self.con = _open(path, False, lock_timeout)

    def __getattr__(self, name: str):
        return getattr(self.con, name)

    def reopen(self) -> None:
        """Close the database and open it again (no transaction may be open)."""
        self.con.close()
        self.con = _open(self.path, False, self.lock_timeout)
        self.con.load_extension("fts")

    def close(self) -> None:
        self.con.close()


def lock_path(warehouse: Path) -> Path:
    """The run lock file beside the warehouse: ``<warehouse>.lock``."""
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def run_lock(warehouse: Path, *, run_id: str, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the warehouse's run lock for a whole run, waiting up to ``lock_timeout`` seconds for it.

    DuckDB's own file lock is taken only while a connection is open, so two runs could both plan
    and transform the same pages before one waits for the other's load. This ``flock`` on
    ``<warehouse>.lock`` serialises whole runs; the kernel releases it when the holder exits, even on
    SIGKILL, so a crashed run never leaves a stale lock. The holder writes its run id, pid and start
    time into the file, and a waiting run names them when it gives up.
    """
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        deadline = time.monotonic() + lock_timeout
        delay = 0.1
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"the warehouse {warehouse.name} is busy: {_lock_holder(path)} is writing it"
                        f" (waited {lock_timeout:.0f} s). Let that run finish, or stop it."
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        started_at = datetime.now(UTC).isoformat(timespec="seconds")
        holder = {"run_id": run_id, "pid": os.getpid(), "started_at": started_at}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def _lock_holder(path: Path) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        return f"newsdesk run {holder['run_id']} (pid {holder['pid']}, started {holder['started_at']})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another newsdesk run"


def copy_path(warehouse: Path) -> Path:
    """Where :func:`loading_copy` builds the next version of the warehouse: ``<warehouse>.loading``."""
    return warehouse.with_name(warehouse.name + ".loading")


@contextmanager
def loading_copy(warehouse: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[Path]:
    """A copy of the warehouse to load into, which replaces the warehouse when the block succeeds.

    For runs too large for one transaction (:func:`load_batches`' ``commit_every``): the copy can
    take commits along the way while the warehouse stays as it was, so the run stays all or nothing.
    The warehouse is checkpointed (no write-ahead log left beside it), copied to
    :func:`copy_path`, and held open read-only for the whole load: analysts' sessions can read it,
    no other process can write it. On success (the caller has closed its connection to the copy)
    the copy is flushed to disk and renamed over the warehouse, an atomic step; on any failure, or
    after a crash (the next run clears it), the copy is deleted and the warehouse is untouched. Needs
    free disk for one more warehouse file.
    """
    copy = copy_path(warehouse)
    _remove_database(copy)  # a crashed run's leftover
    with connect(warehouse, lock_timeout=lock_timeout) as con:
        con.execute("checkpoint")
    try:
        shutil.copyfile(warehouse, copy)
        with connect(warehouse, read_only=True, lock_timeout=lock_timeout):
            yield copy
            log = copy.with_name(copy.name + ".wal")
            if log.exists():
                raise RuntimeError(f"{log.name} is still there: the loading copy was not closed")
            with open(copy, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(copy, warehouse)
        folder = os.open(warehouse.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except BaseException:
        _remove_database(copy)
        raise


def _remove_database(path: Path) -> None:
    """Delete a DuckDB file with its write-ahead log and spill folder, if present."""
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def prepare_warehouse(path: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
    """Create the warehouse file, its tables, views and added columns, and install fts; idempotent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with connect(path, lock_timeout=lock_timeout) as con:
        install_fts(con)
        apply_ddl(con)


def _holder(err: Exception) -> str:
    text = str(err)
    marker = "Conflicting lock is held in"
    if marker in text:
        return "held by " + text.split(marker, 1)[1].split(".", 1)[0].strip()
    return "holder unknown"


#: Tables whose primary key was dropped because its ART index grows with the warehouse and DuckDB
#: cannot evict it: the link stage looked articles, features and paragraphs up by it (one row per page,
#: article or quote; at 100k pages their indexes, with paragraphs.paragraph_id's, held 140 MB once
#: loaded, so a 1M-page load had to commit and reopen the warehouse after every batch to stay under
#: the memory cap; bench/BENCHMARKS.md, "No indexes that grow with the warehouse"). Their keys are
#: kept and checked like the others' below. The keys left (runs, entities, stories, story_merges,
#: term_counts) are what the load upserts on.
GROWING_TABLES = ["pages", "articles", "article_features", "story_evidence", "quotes", "search_documents"]
#: Tables that declare no primary key: its ART index would be maintained on every insert, no query
#: looks rows up by it, and DuckDB holds it in memory (at 4,000 generated pages: 80 MB of indexes
#: with these keys, 7 MB without; the band tables have ~500 rows per page). The load keeps their keys
#: unique (a file's old rows are deleted before its new ones go in; one row per key in a batch) and
#: warehouse/checks/assert_keys_unique.sql checks them. A warehouse made while they had keys gets
#: them dropped once (warehouse/ddl_migrations).
UNKEYED_TABLES = [
    "removed_lines", "paragraphs", "mentions", "date_mentions", "article_bands", "paragraph_bands",
    "paragraph_overlaps", *GROWING_TABLES,
]


#: Columns added to an existing table whose older rows are filled once, when the column is new to
#: the warehouse: 'table.column' -> the warehouse/ddl_migrations file that fills them.
BACKFILLS = {"paragraph_bands.is_root": "backfill_paragraph_bands_is_root"}


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table (warehouse/ddl, name order) and view (warehouse/views) that is missing, fill
    the new columns of an older warehouse's rows (:data:`BACKFILLS`), index its articles for search
    once (:func:`_index_for_search`) and drop the primary keys of :data:`UNKEYED_TABLES` from it (one
    transaction each). Loads the fts extension (the search macros call its ``stem``)."""
    install_fts(con)
    new_columns = con.execute(sql("queries/select_missing_columns"), {"columns": list(BACKFILLS)}).fetchall()
    missing = [name for (name,) in new_columns]
    found = con.execute(sql("queries/select_tables_exist"), {"tables": ["articles", "search_documents"]})
    existed = {name for (name,) in found.fetchall()}
    for path in sorted((SQL_DIR / "ddl").glob("*.sql")) + sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    con.execute(sql("load/insert_search_stopwords"), {"words": sorted(STOPWORDS)})  # once: an upsert
    _migrate(con, [BACKFILLS[name] for name in missing])
    if "articles" in existed and "search_documents" not in existed:
        _index_for_search(con)
    keyed = [name for (name,) in con.execute(sql("queries/select_keyed_tables"), {"tables": UNKEYED_TABLES}).fetchall()]
    if keyed:
        _migrate(con, [f"unkey_{table}" for table in keyed])
        apply_ddl(con)  # the indexes and views of the rebuilt tables


def _index_for_search(con: duckdb.DuckDBPyConnection) -> None:
    """Index every article of a warehouse made before the search index, in SQL (the same words and
    stems as flows/search.py, which the transform uses; tests/test_search.py compares the two), and
    drop the fts extension's index it replaces; one transaction (100k pages: see bench/BENCHMARKS.md,
    "A search index kept batch by batch")."""
    con.begin()
    try:
        con.execute("create or replace temp view staged_articles as select article_id, title, body from articles")
        for name in ["load/index_search_terms", "load/index_search_documents"]:
            con.execute(sql(name))
        con.execute("drop view staged_articles")
        con.execute("drop schema if exists fts_main_articles cascade")
        con.commit()
    except BaseException:
        con.rollback()
        raise


def _migrate(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Run warehouse/ddl_migrations files, by name, in one transaction (none when ``names`` is empty)."""
    if not names:
        return
    con.begin()
    try:
        for name in names:
            con.execute(sql(f"ddl_migrations/{name}"))
        con.commit()
    except BaseException:
        con.rollback()
        raise


def known_pages(path: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> pl.DataFrame:
    """(source_path, page_id, status, bytes, file_mtime_ns, is_deleted) of every file already loaded;
    empty when there is no warehouse."""
    schema = {
        "source_path": pl.String,
        "page_id": pl.String,
        "status": pl.String,
        "bytes": pl.Int64,
        "file_mtime_ns": pl.Int64,
        "is_deleted": pl.Boolean,
    }
    if not path.exists():
        return pl.DataFrame(schema=schema)
    with connect(path, read_only=True, lock_timeout=lock_timeout) as con:
        if not con.execute(sql("queries/select_tables_exist"), {"tables": ["pages"]}).fetchall():
            return pl.DataFrame(schema=schema)
        return con.sql(sql("queries/select_known_pages")).pl().cast(schema)


#: Columns of :func:`known_record_files`.
KNOWN_RECORD_FILES_SCHEMA = {
    "source_path": pl.String, "bytes": pl.Int64, "file_mtime_ns": pl.Int64, "n_records": pl.Int64, "n_live": pl.Int64,
}


def known_record_files(path: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> pl.DataFrame:
    """(source_path, bytes, file_mtime_ns, n_records, n_live) of every record file a run read whole,
    with how many of its records are in the warehouse and not marked deleted now; empty when there is
    no warehouse (warehouse/queries/select_record_files.sql)."""
    if not path.exists():
        return pl.DataFrame(schema=KNOWN_RECORD_FILES_SCHEMA)
    with connect(path, read_only=True, lock_timeout=lock_timeout) as con:
        if not con.execute(sql("queries/select_tables_exist"), {"tables": ["record_files"]}).fetchall():
            return pl.DataFrame(schema=KNOWN_RECORD_FILES_SCHEMA)
        return con.sql(sql("queries/select_record_files")).pl().cast(KNOWN_RECORD_FILES_SCHEMA)  # type: ignore[arg-type]


def load_tables(
    con: duckdb.DuckDBPyConnection,
    staged: dict[str, pl.DataFrame],
    *,
    prune: bool = False,
    before_commit: Callable[[], None] | None = None,
    scratch: Path | None = None,
) -> int:
    """Replace the rows of re-loaded files and insert the staged rows, all in one transaction.

    Also records file fingerprints and marks deleted files (the optional :data:`EXTRAS` frames),
    drops deleted pages' rows when ``prune`` (the search index's rows go with them), and calls
    ``before_commit`` (which sees the new rows) last. A failure anywhere, or a
    crash, rolls everything back: the warehouse is as it was before the run. Returns the number of
    pages pruned.
    """
    missing = set(TABLES) - set(staged)
    if missing:
        raise ValueError(f"no staged frame for {sorted(missing)}")
    batch = {table: staged[table] for table in TABLES if table != "runs"}
    extras = {name: staged[name] for name in EXTRAS if name in staged}
    n_pruned, _ = load_batches(
        con,
        staged["pages"].select("source_path"),
        [batch],
        staged["runs"],
        extras=extras,
        prune=prune,
        before_commit=before_commit,
        scratch=scratch,
    )
    return n_pruned


def load_batches(
    con: duckdb.DuckDBPyConnection,
    replaced: pl.DataFrame,
    batches: Iterable[dict[str, pl.DataFrame]],
    run: pl.DataFrame | Callable[[], pl.DataFrame],
    *,
    extras: dict[str, pl.DataFrame] | None = None,
    prune: bool = False,
    before_commit: Callable[[], None] | None = None,
    scratch: Path | None = None,
    on_progress: Callable[[int | str, dict[str, int]], None] | None = None,
    commit_every: int | None = None,
) -> tuple[int, dict[str, float]]:
    """Clear the old rows of ``replaced`` source paths, then link and insert each batch's tables,
    then move the articles of the stories the batches merged (once: the batches' lookups read them
    through the run's aliases, :func:`flows.stories.story_aliases`),
    the run row, story totals, entity merges, file fingerprints and deletion marks
    (``extras``), a prune and ``before_commit``: one transaction, so a failure
    anywhere (or a crash) leaves the warehouse as it was.

    ``run``: the ``runs`` row, or a function that makes it (called for each batch, which reads its
    run_id, and after the last one for the row inserted: the counts of a run whose batches are still
    being transformed while it loads are known only then).

    Batches are consumed one at a time, so memory holds one batch whatever the run's size; each
    batch is matched against everything loaded before it, earlier batches of this run included.
    The frames reach DuckDB as Parquet files in a folder under ``scratch`` (default: the system's
    temporary folder), removed at the end; see :func:`flows.staging.stage_view`. After each batch,
    ``on_progress(batch number from 1, DuckDB's memory in bytes by tag)`` reports progress, and so does
    ``on_progress(step name, memory)`` as each warehouse-wide step starts (:data:`FINAL_STEPS`). Returns (pages
    pruned, seconds spent inserting, indexing and committing).

    ``commit_every``: commit after that many batches since the last commit (sooner when what DuckDB
    cannot evict passes :data:`PINNED_COMMIT_SHARE` of its cap) and go on in a new transaction, so
    that DuckDB writes out what it holds for the open transaction (uncommitted rows it cannot spill,
    the undo of its updates) and memory stays flat however many batches there are. A failure then
    leaves the batches committed before it: use it only on a copy of the warehouse that is thrown
    away on failure and replaces the warehouse on success (:func:`loading_copy`), which is all or
    nothing again.
    """
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="load-", dir=scratch) as folder:
        return _load_batches(
            con, replaced, batches, run, extras=extras, prune=prune, before_commit=before_commit, folder=Path(folder),
            on_progress=on_progress, commit_every=commit_every,
        )


def _load_batches(
    con: duckdb.DuckDBPyConnection,
    replaced: pl.DataFrame,
    batches: Iterable[dict[str, pl.DataFrame]],
    run: pl.DataFrame | Callable[[], pl.DataFrame],
    *,
    extras: dict[str, pl.DataFrame] | None,
    prune: bool,
    before_commit: Callable[[], None] | None,
    folder: Path,
    on_progress: Callable[[int | str, dict[str, int]], None] | None = None,
    commit_every: int | None = None,
) -> tuple[int, dict[str, float]]:
    seconds: dict[str, float] = {}
    extras = extras or {}
    clock = time.perf_counter()
    story_ids: list[pl.DataFrame] = []
    step = "deletes"  # named in the error of a failed load
    con.begin()
    try:
        stage_view(con, "staged_pages", replaced.select("source_path"), folder)
        touched = con.sql(sql("queries/select_replaced_story_ids")).pl()
        uncount_articles(con, "queries/select_replaced_articles")
        for name in DELETES:
            con.execute(sql(f"load/{name}"))
        # the cap is a setting of the connection: read once, not per batch
        cap = memory_cap(con) if commit_every else 0.0
        since_commit = 0
        aliases = NO_ALIASES
        step = "batch 1"  # reading a batch can fail too (a transform task the load waits for)
        for number, batch in enumerate(batches, start=1):
            step = f"batch {number}"
            missing = set(TABLES) - {"runs"} - set(batch)
            if missing:
                raise ValueError(f"no staged frame for {sorted(missing)}")
            staged = {**batch, "runs": _run_frame(run)}
            staged = {**staged, **link_staged(con, staged, aliases)}
            for table in TABLES + LINK_TABLES:
                if table != "runs":
                    _with_staged(con, folder, table, staged[table], [f"load/insert_{table}"])
            # merged stories' articles move once, after the last batch; lookups read them through the aliases
            aliases = _detached(stories.story_aliases(aliases, staged["story_merges"]))
            story_ids.append(_detached(staged["articles"].select("story_id").unique()))  # kept to the end: ids only
            since_commit += 1
            if commit_every and (
                since_commit >= commit_every or _pinned_share(duckdb_memory(con), cap) > PINNED_COMMIT_SHARE
            ):
                _commit_along(con, commit_every)
                since_commit = 0
            if on_progress is not None:
                on_progress(number, duckdb_memory(con))
            step = f"batch {number + 1}"
        step = "story merges"
        # every story this load merged still holds its articles here, so the moves name them all
        moved = _move_merged_stories(con, folder)
        step = "run row and prune"
        run = _run_frame(run)
        _with_staged(con, folder, "runs", run, ["load/insert_runs"])
        n_pruned = 0
        if prune:
            # Stories that lose articles to the prune are recounted with the ones this load touched.
            touched = pl.concat([touched, con.sql(sql("queries/select_pruned_story_ids")).pl()]).unique()
            uncount_articles(con, "queries/select_pruned_articles")
            n_pruned = [con.execute(sql(f"load/{name}")).fetchall()[0][0] for name in PRUNES][-1]
        totals = {
            "articles": pl.concat([pl.DataFrame(schema={"story_id": pl.String}), *story_ids], how="vertical_relaxed"),
            "story_merges": moved,
            "quarantine": pl.DataFrame(schema=QUARANTINE_COLUMNS),
            "runs": run,
        }
        step = "story totals"
        _start_step(con, step, commit_every, on_progress)
        bad_stories = refresh_stories(con, totals, touched)
        if bad_stories.height:
            _with_staged(con, folder, "quarantine", bad_stories, ["load/insert_quarantine"])
        step = "entity merges"
        _start_step(con, step, commit_every, on_progress)
        for name in MERGES:
            con.execute(sql(f"load/{name}"))
        if "page_files" in extras:
            _with_staged(con, folder, "page_files", extras["page_files"], ["load/update_page_files"])
        if "deleted_pages" in extras:
            _with_staged(con, folder, "deleted_pages", extras["deleted_pages"], ["load/mark_deleted_pages"])
        if "record_files" in extras:
            _with_staged(con, folder, "record_files", extras["record_files"], ["load/upsert_record_files"])
        step = "key check"
        _check_keys(con)
        seconds["load_insert"] = time.perf_counter() - clock
        step = "exports"
        # in a copy, the load's uncommitted rows are written out first: the exports' sorts need the
        # memory (a 100k-page run ran out of it here with the fts index build's rows held)
        _start_step(con, step, commit_every, on_progress)
        if before_commit is not None:
            before_commit()
        step = "commit"
        con.commit()
        seconds["load_commit"] = time.perf_counter() - clock - seconds["load_insert"]
    except BaseException as err:
        con.rollback()
        err.add_note(f"newsdesk: the load failed at: {step}")
        raise
    finally:
        for name in ["staged_pages", "staged_article_bands", "staged_paragraph_bands",
                     "staged_matching_paragraph_pairs", "staged_candidate_articles",
                     "staged_touched_stories", "staged_stories", "staged_story_aliases"]:
            con.unregister(name)
    return n_pruned, seconds


def _check_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Fail the load when a key of :data:`GROWING_TABLES` occurs twice, as their declared primary keys
    did on insert: a key loaded twice is a bug upstream, and the run must change nothing."""
    duplicate = con.execute(sql("queries/select_duplicate_keys")).fetchone()
    if duplicate is not None:
        table, key = duplicate
        raise duckdb.ConstraintException(f'Duplicate key "{key}" in table {table}: the load keeps its keys unique')


def _run_frame(run: pl.DataFrame | Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """The ``runs`` row :func:`load_batches` was given, or made by the function it was given."""
    return run if isinstance(run, pl.DataFrame) else run()


def _move_merged_stories(con: duckdb.DuckDBPyConnection, folder: Path) -> pl.DataFrame:
    """Move the articles and evidence of every story recorded as merged into the story it is in now;
    returns the moves that had rows to move and any record dropped (merged_story_id, into_story_id):
    the stories whose totals change.

    The batches' lookups read this load's merges through its aliases; here they are applied once.
    The moves come from all of ``story_merges``, so rows an older load left under a merged story (a
    chain of merges in one batch once moved articles one step only, and a cycle swapped them) are
    moved too.
    """
    recorded = con.sql(sql("queries/select_story_merges")).pl()
    moves = stories.story_aliases(NO_ALIASES, recorded)
    stage_view(con, "staged_story_merges", moves, folder)
    try:
        stale = con.sql(sql("queries/select_stale_story_moves")).pl()
        for name in ["load/update_merged_story_articles", "load/update_merged_story_evidence"]:
            con.execute(sql(name))
    finally:
        con.unregister("staged_story_merges")
    # a record the moves do not apply: the story a cycle of merges was resolved into keeps its rows
    unapplied = recorded.join(moves, on="merged_story_id", how="anti")
    if unapplied.height:
        _with_staged(con, folder, "unapplied_story_merges", unapplied, ["load/delete_unapplied_story_merges"])
    return _detached(pl.concat([stale, unapplied.select(stale.columns)]))


def _detached(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy of ``frame`` in buffers of its own, for a frame kept across batches.

    Polars strings are views into shared buffers, so a small frame selected from a batch's frames
    (e.g. its story ids) can keep alive the whole buffers of the DuckDB results those columns came
    from (the link stage's candidate rows). Kept for every batch, that grew the process's C heap by
    ~65 MB a batch (6,000 generated pages: 775 MB in use after 12 batches, 142 MB detached). The
    oldest Arrow form writes plain strings, a copy; reading it back makes new buffers.
    """
    return pl.from_arrow(frame.to_arrow(compat_level=pl.CompatLevel.oldest()))  # type: ignore[return-value]


#: The warehouse-wide steps after the batches, in order, as :func:`load_batches` reports them.
FINAL_STEPS = ["story totals", "entity merges", "exports"]


def _start_step(
    con: duckdb.DuckDBPyConnection,
    step: str,
    commit_every: int | None,
    on_progress: Callable[[int | str, dict[str, int]], None] | None,
) -> None:
    """Start a warehouse-wide step: a commit first in a copy (:func:`_commit_along`), then report it."""
    _commit_along(con, commit_every)
    if on_progress is not None:
        on_progress(step, duckdb_memory(con))


def _commit_along(con: duckdb.DuckDBPyConnection, commit_every: int | None) -> None:
    """In a load in a copy (``commit_every`` set), a commit and a new transaction: after every
    ``commit_every`` batches and before each warehouse-wide step, so that each holds only its own
    undo and new rows (see :func:`load_batches`); a :class:`Reopening` connection is also closed
    and opened again there."""
    if commit_every:
        con.commit()
        if isinstance(con, Reopening):
            con.reopen()
        con.begin()


def _with_staged(
    con: duckdb.DuckDBPyConnection, folder: Path, table: str, frame: pl.DataFrame, statements: list[str]
) -> None:
    """Run SQL files that read ``staged_<table>``, with ``frame`` readable under that name (:func:`stage_view`)."""
    stage_view(con, f"staged_{table}", frame, folder)
    try:
        for name in statements:
            con.execute(sql(name))
    finally:
        con.unregister(f"staged_{table}")


def _pinned_share(memory: dict[str, int], cap: float) -> float:
    """Share of DuckDB's memory cap (bytes) held by what it cannot evict, from :func:`duckdb_memory`
    (see :data:`PINNED_COMMIT_SHARE`)."""
    pinned = sum(size for tag, size in memory.items() if tag not in EVICTABLE_TAGS)
    return pinned / cap if cap else 0.0


def memory_cap(con: duckdb.DuckDBPyConnection) -> float:
    """DuckDB's memory cap of this connection, in bytes."""
    (limit,) = con.execute(sql("queries/select_memory_limit")).fetchone() or ("0 bytes",)
    return _bytes(limit)


_SIZE = re.compile(r"([0-9.]+)\s*([KMGT]?i?B|bytes?)", re.IGNORECASE)
_UNITS = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "KI": 2**10, "MI": 2**20, "GI": 2**30, "TI": 2**40}


def _bytes(size: str) -> float:
    """A DuckDB memory size ("953.6 MiB", "1GB", "512 bytes") -> bytes."""
    found = _SIZE.fullmatch(size.strip())
    if found is None:
        raise ValueError(f"not a DuckDB memory size: {size!r}")
    number, unit = found.groups()
    prefix = "" if unit.lower().startswith("byte") else unit.upper().removesuffix("B")
    return float(number) * _UNITS[prefix]


def duckdb_memory(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """DuckDB's own memory accounting, bytes by tag (``duckdb_memory()``), tags in use only."""
    return dict(con.execute(sql("queries/select_duckdb_memory")).fetchall())


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
