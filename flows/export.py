"""Export stage: warehouse tables -> one Parquet file per table, sorted by key, swapped in atomically.

An export is written in two steps so that it can sit inside the load transaction:
:func:`stage_exports` writes the files into a fresh hidden folder inside the exports folder (the
connection sees the uncommitted rows), and :func:`publish_exports`, after the commit, renames each
over its target and records the tables' signatures in ``.signatures.json``. A table whose
signature already matches its file is not rewritten, so a run that changed nothing rewrites only
``runs.parquet``, and a run that crashed before publishing is caught up by the next one.

A table larger than a share of DuckDB's memory cap is sorted in key ranges
(:func:`write_sorted_parquet`): DuckDB 1.5 does not sort wide text rows out of core (one ORDER BY
over the 1M-page warehouse's articles ran out of its 768 MB cap, and so did the 100k-page articles,
530 MB of row text, under a 400 MB cap). One scan cuts the table into a scratch file per range,
and each range is sorted on its own and appended, so the memory is bounded and the time linear.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.load import memory_cap, sql

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
#: A sorted range holds at most about this share of DuckDB's (export) cap in row text, and a range is
#: sorted outside DuckDB, so the process holds about that cap plus three such shares. 1M-size
#: articles, removed_lines and paragraphs (5.3 GB of articles text) exported at 877 MB of process RSS
#: with the default cap, 533 MB under 300 MB (bench/BENCHMARKS.md, "Exports sorted a key range").
EXPORT_RANGE_SHARE = 1 / 8
#: The exports run with DuckDB's cap cut to this share (768 MB: 384 MB, ranges of 48 MB): reading a
#: table fills DuckDB's cache to whatever cap it has, and the exports need little of it. In a 100k
#: run the exports took the process from 670 MB to its peak, 1,886 MB, at the full cap.
EXPORT_CAP_SHARE = 1 / 2
#: The range bounds come from one row in this many, picked by a hash of the key (so the same rows
#: give the same bounds and the same files), weighted by their length as text.
RANGE_SAMPLE_EVERY = 64
#: Rows per Parquet row group: about this much row text, between the two limits below.
ROW_GROUP_BYTES = 32 * 2**20
ROW_GROUP_ROWS = (2_048, 122_880)
#: pyarrow's Parquet settings: zstd at DuckDB's level (3; pyarrow's default is 1), 8 MB pages, and
#: dictionaries up to 32 MB (pyarrow's default, 1 MB, falls back to plain text for the paragraphs'
#: many repeated texts: 74 MB against 33 MB). The 100k-page warehouse's files: 158 MB, against
#: 327 MB with pyarrow's defaults and 147 MB from DuckDB's own writer (bench/BENCHMARKS.md).
PARQUET_OPTIONS = {
    "compression": "zstd",
    "compression_level": 3,
    "data_page_size": 8 * 2**20,
    "dictionary_pagesize_limit": 32 * 2**20,
}


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
    (limit,) = con.execute(sql("queries/select_memory_limit")).fetchone()
    con.execute(sql("queries/set_memory_limit"), {"limit": f"{int(memory_cap(con) * EXPORT_CAP_SHARE / 1024)}KiB"})
    try:
        for table in tables:
            write_sorted_parquet(con, table, export_path(staging, table))
            if after_each is not None:
                after_each(table)
    finally:
        con.execute(sql("queries/set_memory_limit"), {"limit": limit})
    return staging


def write_sorted_parquet(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: Path,
    *,
    range_bytes: float | None = None,
    sample_every: int = RANGE_SAMPLE_EVERY,
) -> int:
    """Write ``table`` to ``path`` sorted by its export key; returns the rows.

    ``range_bytes`` (default: :data:`EXPORT_RANGE_SHARE` of the memory cap) bounds the row text of
    one range, as estimated from one row in ``sample_every``. A table within one range is sorted by
    DuckDB; a larger one is cut into ranges by one scan (:func:`_split_into_ranges`), and each range
    is sorted by Arrow and appended in key order. Only the fixed table and key names of
    :data:`EXPORT_KEYS` are written into the SQL; the range bounds are bound parameters.
    """
    keys = _key_columns(table)
    order = ", ".join(keys)
    range_bytes = range_bytes or max(memory_cap(con) * EXPORT_RANGE_SHARE, 2**20)
    starts, sample_rows, sample_bytes = _range_starts(con, table, keys, range_bytes, sample_every)
    per_row = sample_bytes / sample_rows if sample_rows else 1.0
    group_rows = int(min(max(ROW_GROUP_BYTES / max(per_row, 1.0), ROW_GROUP_ROWS[0]), ROW_GROUP_ROWS[1]))
    schema = _utc(con.execute(f"select * from {table} limit 0").to_arrow_reader().schema)
    written = 0
    with pq.ParquetWriter(path, schema, **PARQUET_OPTIONS) as writer:
        if not starts:  # the whole table is one range: DuckDB sorts it
            for batch in con.execute(f"select * from {table} order by {order}").to_arrow_reader(group_rows):
                writer.write_batch(batch.cast(schema))
                written += batch.num_rows
        else:
            with tempfile.TemporaryDirectory(prefix=".ranges-", dir=path.parent) as scratch:
                for part in _split_into_ranges(con, table, keys, starts, Path(scratch), group_rows):
                    written += _write_range_sorted(part, keys, writer, schema, group_rows)
    (rows,) = con.execute(f"select count(*) from {table}").fetchone()
    if written != rows:
        raise RuntimeError(f"export of {table}: wrote {written} rows of {rows}")
    return written


def _write_range_sorted(
    part: Path, keys: list[str], writer: pq.ParquetWriter, schema: pa.Schema, group_rows: int
) -> int:
    """Sort one range's scratch stream by ``keys`` (Arrow compares strings by their UTF-8 bytes and
    puts nulls last, as DuckDB's ORDER BY does) and append it to ``writer``; deletes the scratch file."""
    with pa.ipc.open_stream(part) as stream:
        rows = stream.read_all()
    part.unlink()
    order = pc.sort_indices(rows, sort_keys=[(k, "ascending", "at_end") for k in keys])
    for offset in range(0, rows.num_rows, group_rows):
        writer.write_table(rows.take(order[offset : offset + group_rows]).cast(schema))
    return rows.num_rows


def _split_into_ranges(
    con: duckdb.DuckDBPyConnection, table: str, keys: list[str], starts: list[tuple], scratch: Path, batch_rows: int
) -> list[Path]:
    """One scan of ``table`` into one scratch Arrow stream per key range (range ``i`` holds the keys
    from ``starts[i - 1]`` up to ``starts[i]``); returns the files in key order.

    Each batch is cut by its rows' range numbers, so memory holds one batch whatever the table's
    size, and the table is read once whatever the number of ranges. Arrow streams keep nothing per
    batch in memory (a Parquet writer keeps every row group's metadata to the end: 400 MB for the
    22,000 row groups of a 1M-page articles table cut in 137 ranges).
    """
    cases = " ".join(f"when {_key_less(keys, f's{i}_', start)} then {i}" for i, start in enumerate(starts))
    params = {
        f"s{i}_{j}": value for i, start in enumerate(starts) for j, value in enumerate(start) if value is not None
    }
    reader = con.execute(f"select *, case {cases} else {len(starts)} end as _range from {table}", params)
    paths = [scratch / f"{i:06d}.arrows" for i in range(len(starts) + 1)]
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with contextlib.ExitStack() as stack:
        writers: dict[int, pa.ipc.RecordBatchStreamWriter] = {}
        for batch in reader.to_arrow_reader(batch_rows):
            # one stable sort by range number, then a slice per range (not a filter per range)
            batch = batch.take(pc.sort_indices(batch.column("_range")))
            runs = pc.value_counts(batch.column("_range"))  # in order of appearance: by range
            rows = batch.drop_columns(["_range"])
            offset = 0
            for i, n_rows in zip(runs.field("values").to_pylist(), runs.field("counts").to_pylist(), strict=True):
                if i not in writers:
                    writers[i] = stack.enter_context(pa.ipc.new_stream(paths[i], rows.schema, options=options))
                writers[i].write_batch(rows.slice(offset, n_rows))
                offset += n_rows
    return [path for path in paths if path.exists()]


def _key_columns(table: str) -> list[str]:
    keys = [k.strip() for k in EXPORT_KEYS[table].split(",")]
    if not _TABLE_NAME.fullmatch(table) or not all(_TABLE_NAME.fullmatch(k) for k in keys):
        raise ValueError(f"not an export table and key: {table!r}, {EXPORT_KEYS[table]!r}")
    return keys


def _key_less(keys: list[str], name: str, start: tuple) -> str:
    """SQL true when the row's ``keys`` sort before ``start`` (bound as ``$<name>0``, ``$<name>1``...)
    in ``ORDER BY keys``, nulls last: ``a < $s0 or (a = $s0 and b < $s1)``, spelled out because DuckDB
    cannot compare a row of columns in a range. A null in ``start`` is not bound: every value sorts
    before it (``is not null``) and only a null equals it (``is null``)."""
    terms = []
    for i, column in enumerate(keys):
        equal = [f"{k} is null" if start[j] is None else f"{k} = ${name}{j}" for j, k in enumerate(keys[:i])]
        less = f"{column} is not null" if start[i] is None else f"{column} < ${name}{i}"
        terms.append("(" + " and ".join([*equal, less]) + ")")
    return "(" + " or ".join(terms) + ")"


def _range_starts(
    con: duckdb.DuckDBPyConnection, table: str, keys: list[str], range_bytes: float, every: int
) -> tuple[list[tuple], int, int]:
    """The first key of every range after the first (ranges of about ``range_bytes`` of row text,
    from the rows whose key hashes to 0 modulo ``every``), and the sample's rows and bytes."""
    cols = ", ".join(keys)
    named = ", ".join(f"'k{i}': {k}" for i, k in enumerate(keys))
    rows = con.execute(
        f"""
        with sample as (
            select {cols}, strlen(t::varchar) as bytes from {table} t where hash({cols}) % $every = 0
        ),
        running as (
            select {cols}, bytes,
                coalesce(sum(bytes) over (order by {cols} rows between unbounded preceding and 1 preceding), 0)
                    * $every // $range_bytes as range_no
            from sample
        )
        select
            first({{{named}}} order by {cols}) as start,  -- ORDER BY's order, nulls last
            count(*),
            sum(bytes)
        from running group by range_no order by range_no
        """,
        {"every": every, "range_bytes": int(range_bytes)},
    ).fetchall()
    starts = [tuple(start.values()) for start, _, _ in rows[1:]]
    return starts, sum(n for _, n, _ in rows), sum(b for _, _, b in rows)


def _utc(schema: pa.Schema) -> pa.Schema:
    """Timestamps with a time zone are stored as UTC instants; name the zone UTC, not the session's."""
    return pa.schema(
        [
            f.with_type(pa.timestamp(f.type.unit, "UTC")) if pa.types.is_timestamp(f.type) and f.type.tz else f
            for f in schema
        ]
    )


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


def stage_changed_exports(
    con: duckdb.DuckDBPyConnection, exports_dir: Path, *, after_each: Callable[[str], None] | None = None
) -> tuple[Path, dict[str, str]]:
    """Stage the exports of the tables whose signature differs from their published one; returns the
    staging folder and the signatures that :func:`publish_exports` records."""
    signatures = table_signatures(con)
    return stage_exports(con, exports_dir, stale_tables(exports_dir, signatures), after_each=after_each), signatures


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
