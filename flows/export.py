"""Export stage: warehouse tables -> one Parquet file per table, sorted by key, swapped in atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

#: Table -> the key its rows are sorted by, so that the same warehouse gives the same files.
EXPORT_KEYS = {
    "pages": "source_path",
    "removed_lines": "page_id, line_no",
    "articles": "article_id",
    "paragraphs": "article_id, paragraph_no",
    "quarantine": "run_id, table_name, row_key, check_name, failure",
    "runs": "run_id",
    "entities": "entity_id",
    "mentions": "article_id, start_char",
    "quotes": "article_id, start_char",
    "date_mentions": "article_id, start_char",
}


def export_tables(con: duckdb.DuckDBPyConnection, exports_dir: Path) -> dict[str, Path]:
    """Write ``<exports_dir>/<table>.parquet`` for every table; returns the written paths.

    Each file is written beside its target and renamed over it, so a reader never sees half a file
    and a crash leaves the previous export in place.
    """
    exports_dir.mkdir(parents=True, exist_ok=True)
    staging = exports_dir / ".staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written = {}
    for table, key in EXPORT_KEYS.items():
        tmp = staging / f"{table}.parquet"
        con.table(table).order(key).write_parquet(str(tmp), compression="zstd")
        target = exports_dir / f"{table}.parquet"
        os.replace(tmp, target)
        written[table] = target
    staging.rmdir()
    return written
