"""Export stage: warehouse tables -> one Parquet file per table, sorted by key, swapped in atomically.

An export is written in two steps so that it can sit inside the load transaction:
:func:`stage_exports` writes the files into a fresh hidden folder inside the exports folder (the
connection sees the uncommitted rows), and :func:`publish_exports`, after the commit, renames each
over its target and records the tables' signatures in ``.signatures.json``. A table whose
signature already matches its file is not rewritten, so a run that changed nothing rewrites only
``runs.parquet``, and a run that crashed before publishing is caught up by the next one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from flows.load import sql

#: Table -> the key its rows are sorted by, so that the same warehouse gives the same files.
EXPORT_KEYS = {
    "pages": "source_path",
    "removed_lines": "page_id, line_no",
    "articles": "article_id",
    "paragraphs": "article_id, paragraph_no",
    "quarantine": "run_id, table_name, row_key, check_name, failure",
    "runs": "run_id",
    "stories": "story_id",
    "story_evidence": "article_id",
    "story_merges": "merged_story_id",
    "paragraph_overlaps": "paragraph_id, overlaps_paragraph_id",
    "entities": "entity_id",
    "mentions": "article_id, start_char",
    "quotes": "article_id, start_char",
    "date_mentions": "article_id, start_char",
}

#: Signatures (row count and row hash) of the tables the exports folder holds, as last published.
MANIFEST = ".signatures.json"
_STAGING_PREFIX = ".staging"
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def table_signatures(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Table -> ``"<rows>:<hash>"``; equal signatures mean equal contents (order-independent)."""
    rows = con.execute(sql("queries/select_table_signatures")).fetchall()
    return {table: f"{n_rows}:{row_hash}" for table, n_rows, row_hash in rows}


def export_path(exports_dir: Path, table: str) -> Path:
    """``<exports_dir>/<table>.parquet``; refuses a name that could point outside the folder."""
    if not _TABLE_NAME.fullmatch(table):
        raise ValueError(f"not an export name: {table!r}")
    return exports_dir / f"{table}.parquet"


def stale_tables(exports_dir: Path, signatures: dict[str, str]) -> list[str]:
    """Tables whose export is missing or older than the warehouse (every table without a signature)."""
    published = _read_manifest(exports_dir)
    return [
        table
        for table in EXPORT_KEYS
        if table not in signatures
        or published.get(table) != signatures[table]
        or not export_path(exports_dir, table).is_file()
    ]


def stage_exports(
    con: duckdb.DuckDBPyConnection,
    exports_dir: Path,
    tables: list[str],
    *,
    after_each: Callable[[str], None] | None = None,
) -> Path:
    """Write ``tables`` into a new staging folder inside ``exports_dir``; returns that folder.

    Staging folders left by crashed runs are removed first (the caller holds the run lock).
    """
    exports_dir.mkdir(parents=True, exist_ok=True)
    for old in exports_dir.glob(f"{_STAGING_PREFIX}*"):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + "-", dir=exports_dir))
    for table in tables:
        tmp = export_path(staging, table)
        con.table(table).order(EXPORT_KEYS[table]).write_parquet(str(tmp), compression="zstd")
        if after_each is not None:
            after_each(table)
    return staging


def publish_exports(
    exports_dir: Path,
    staging: Path,
    signatures: dict[str, str],
    *,
    after_each: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Rename every staged file over its target, then record ``signatures``; returns the targets.

    ``os.replace`` swaps each file atomically (a reader sees the old file or the new one), and a
    symbolic link at a target is replaced, never written through.
    """
    written = {}
    for tmp in sorted(staging.glob("*.parquet")):
        target = export_path(exports_dir, tmp.stem)
        os.replace(tmp, target)
        written[tmp.stem] = target
        if after_each is not None:
            after_each(tmp.stem)
    published = _read_manifest(exports_dir)
    current = {
        table: sig
        for table, sig in signatures.items()
        if table in written or (published.get(table) == sig and export_path(exports_dir, table).is_file())
    }
    manifest = staging / MANIFEST
    manifest.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(manifest, exports_dir / MANIFEST)
    staging.rmdir()
    return written


def export_tables(con: duckdb.DuckDBPyConnection, exports_dir: Path) -> dict[str, Path]:
    """Write ``<exports_dir>/<table>.parquet`` for every table; returns the written paths.

    Each file is written beside its target and renamed over it, so a reader never sees half a file
    and a crash leaves the previous export in place.
    """
    staging = stage_exports(con, exports_dir, list(EXPORT_KEYS))
    return publish_exports(exports_dir, staging, table_signatures(con))


def _read_manifest(exports_dir: Path) -> dict[str, str]:
    try:
        published = json.loads((exports_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return published if isinstance(published, dict) else {}
