"""Read stage: input files -> pages, with decoded text or a specific quarantine reason.

Decoding, in order (the first that applies wins):

1. ``empty_file``: zero bytes.
2. ``oversized_file``: more than ``max_bytes``; not decoded at all.
3. A byte-order mark: UTF-8 (BOM dropped), UTF-16 LE/BE; a BOM'd file that does not decode is
   ``undecodable_text``.
4. ``binary_content``: a NUL byte, or more than 5 % control characters other than tab/CR/LF/FF.
5. Strict UTF-8.
6. UTF-8 whose only fault is a multi-byte character cut off at the very end (a truncated
   download): decoded without the partial character, loaded with the note ``truncated_utf8``.
7. Windows-1252, the usual encoding of non-UTF-8 Western pages; its five undefined bytes make a
   file ``undecodable_text``.

Line endings (CRLF, CR) become LF. A file whose text is only whitespace is ``blank_text``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

#: Share of control characters above which a file is treated as binary. Real text has almost none;
#: 5 % leaves room for stray form feeds and escape codes in scraped dumps.
MAX_CONTROL_CHAR_SHARE = 0.05
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 12, 13})

PAGE_SCHEMA = {
    "page_id": pl.String,
    "source_path": pl.String,
    "bytes": pl.Int64,
    "fetched_at": pl.Datetime("us", "UTC"),
    "status": pl.String,
    "reason": pl.String,
    "text": pl.String,
}


@dataclass(frozen=True)
class Decoded:
    """Text of a file, or why there is none; ``note`` flags text that was repaired."""

    text: str | None
    reason: str | None = None
    note: str | None = None


def decode_bytes(data: bytes, *, max_bytes: int) -> Decoded:
    """Bytes -> text with LF line endings, or a quarantine reason (see the module docstring)."""
    if not data:
        return Decoded(None, "empty_file")
    if len(data) > max_bytes:
        return Decoded(None, "oversized_file")
    text: str | None = None
    note = None
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return Decoded(None, "undecodable_text")
            break
    if text is None:
        if b"\x00" in data or _control_share(data) > MAX_CONTROL_CHAR_SHARE:
            return Decoded(None, "binary_content")
        text, note = _decode_unmarked(data)
        if text is None:
            return Decoded(None, "undecodable_text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return Decoded(None, "binary_content")
    if not text.strip():
        return Decoded(None, "blank_text")
    return Decoded(text, None, note)


def _control_share(data: bytes) -> float:
    sample = data[:65_536]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _decode_unmarked(data: bytes) -> tuple[str | None, str | None]:
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.start >= len(data) - 3:
            try:
                return data[: err.start].decode("utf-8"), "truncated_utf8"
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("cp1252"), None
    except UnicodeDecodeError:
        return None, None


def list_input_files(input_dir: Path) -> list[str]:
    """Relative paths (POSIX, sorted) of every regular file under ``input_dir``, hidden ones excluded.

    Symbolic links are listed too, so that :func:`read_pages` can refuse the ones that leave the
    folder with a reason instead of skipping them silently.
    """
    root = input_dir.resolve()
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            found.append((Path(dirpath) / name).relative_to(root).as_posix())
    return sorted(found)


def stat_files(input_dir: Path, paths: list[str]) -> pl.DataFrame:
    """Relative paths -> (source_path, size, mtime_ns) from one ``stat`` each; nulls when it fails.

    A link is followed, as :func:`read_pages` does; the result only decides whether a file must be
    hashed again, so a link leaving the folder is stat'ed but never read.
    """
    root = input_dir.resolve()
    sizes: list[int | None] = []
    mtimes: list[int | None] = []
    for rel in paths:
        try:
            stat = (root / rel).stat()
            sizes.append(stat.st_size)
            mtimes.append(stat.st_mtime_ns)
        except OSError:
            sizes.append(None)
            mtimes.append(None)
    return pl.DataFrame(
        {"source_path": paths, "size": sizes, "mtime_ns": mtimes},
        schema={"source_path": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64},
    )


def fingerprint(input_dir: Path, rel: str) -> str:
    """page_id of one input file without decoding it: sha256 of its bytes, streamed.

    A file that cannot be read, or a link leaving the folder, gets the hash of no bytes, as in
    :func:`read_pages`.
    """
    root = input_dir.resolve()
    try:
        real = (root / rel).resolve(strict=True)
        if real.is_relative_to(root) and real.is_file():
            return _page_id(real, b"", "oversized_file")
    except OSError:
        pass
    return hashlib.sha256(b"").hexdigest()


def read_pages(
    input_dir: Path, paths: list[str], *, fetched_at: datetime | None, max_bytes: int
) -> pl.DataFrame:
    """Files (relative to ``input_dir``) -> one page row each: decoded text, or status quarantined."""
    root = input_dir.resolve()
    rows = []
    for rel in paths:
        path = root / rel
        reason = None
        data = b""
        note = None
        text = None
        mtime = None
        size = 0
        try:
            real = path.resolve(strict=True)
            if not real.is_relative_to(root):
                reason = "outside_input_dir"
            elif not real.is_file():
                reason = "not_a_file"
            else:
                stat = real.stat()
                mtime, size = stat.st_mtime, stat.st_size
                if size > max_bytes:
                    reason = "oversized_file"
                else:
                    data = real.read_bytes()
        except OSError:
            reason = "unreadable_file"
        if reason is None:
            decoded = decode_bytes(data, max_bytes=max_bytes)
            reason, note, text = decoded.reason, decoded.note, decoded.text
        when = fetched_at or (datetime.fromtimestamp(mtime, UTC) if mtime is not None else None)
        rows.append(
            {
                "page_id": _page_id(path, data, reason),
                "source_path": rel,
                "bytes": size,
                "fetched_at": when,
                "status": "quarantined" if reason else "loaded",
                "reason": reason or note,
                "text": text,
            }
        )
    return pl.DataFrame(rows, schema=PAGE_SCHEMA)


def _page_id(path: Path, data: bytes, reason: str | None) -> str:
    """sha256 of the file's bytes; for a file too big to read whole, of its bytes streamed."""
    if reason == "oversized_file":
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            return hashlib.sha256(b"").hexdigest()
        return digest.hexdigest()
    return hashlib.sha256(data).hexdigest()


# --- record files: crawls shipped as JSON Lines or Parquet ------------------------------------------

#: File names read as record files (one page per record); every other file is one page.
RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".parquet")

#: Fields a record may carry. ``raw_text`` wins over ``text``; every other field is ignored.
RECORD_FIELDS = {
    "id": pl.String,
    "raw_text": pl.String,
    "text": pl.String,
    "url": pl.String,
    "domain": pl.String,
    "fetched_at": pl.String,
}

#: Staged record chunks: the page schema plus the record's url and domain.
STAGED_SCHEMA = {**PAGE_SCHEMA, "url": pl.String, "domain": pl.String}


def is_record_file(rel: str) -> bool:
    """Whether an input file holds records (JSON Lines, plain or gzip, or Parquet) rather than one page."""
    return rel.lower().endswith(RECORD_SUFFIXES)


def iter_records(
    root: Path, rel: str, *, chunk_rows: int, fetched_at: datetime | None, max_bytes: int
) -> Iterator[pl.DataFrame]:
    """One record file -> frames of at most ``chunk_rows`` pages (``STAGED_SCHEMA``), streamed.

    ``source_path`` is ``<file>#<id>`` for a record with an id, else ``<file>#L<n>`` with n the
    1-based line (JSON Lines) or row (Parquet). A repeated id, a line that is not a JSON object,
    or a record without text becomes a quarantined page (``duplicate_record_id``,
    ``malformed_record``, ``missing_text``); the text itself is checked as a file's would be
    (``oversized_file``, ``binary_content``, ``blank_text``). ``fetched_at`` comes from the record,
    else the argument, else the file's modification time.
    """
    path = root / rel
    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    default_at = fetched_at or mtime
    seen = pl.Series("id", [], dtype=pl.String)
    chunks = (
        _parquet_chunks(path, chunk_rows)
        if rel.lower().endswith(".parquet")
        else _jsonl_chunks(path, chunk_rows)
    )
    for raw in chunks:
        frame = _normalise_records(raw, rel, seen, default_at=default_at, max_bytes=max_bytes)
        seen = pl.concat([seen, raw["id"].drop_nulls()])
        yield frame


def _jsonl_chunks(path: Path, chunk_rows: int) -> Iterator[pl.DataFrame]:
    """Raw record frames (``RECORD_FIELDS`` + ``_line``, ``_error``) from a JSON Lines file."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        lines: list[bytes] = []
        numbers: list[int] = []
        for number, line in enumerate(handle, start=1):
            # Iterating a file is the only way to stream lines; this loop only groups them.
            if not line.strip():
                continue
            lines.append(line)
            numbers.append(number)
            if len(lines) == chunk_rows:
                yield _parse_jsonl(lines, numbers)
                lines, numbers = [], []
        if lines:
            yield _parse_jsonl(lines, numbers)


def _parse_jsonl(lines: list[bytes], numbers: list[int]) -> pl.DataFrame:
    """Lines -> raw record frame; polars parses the chunk, Python re-parses only a chunk with a bad line."""
    line_no = pl.Series("_line", numbers, dtype=pl.Int64)
    try:
        parsed = pl.read_ndjson(io.BytesIO(b"".join(_terminated(lines))), schema=RECORD_FIELDS)
        return parsed.with_columns(line_no, pl.lit(None, dtype=pl.String).alias("_error"))
    except pl.exceptions.PolarsError:
        pass
    # polars rejects a chunk as a whole; finding which line is malformed needs each line on its own.
    rows = []
    for line in lines:
        try:
            record = json.loads(line)
            error = None if isinstance(record, dict) else "not a JSON object"
        except ValueError as err:
            record, error = None, f"invalid JSON: {err}"[:200]
        record = record if isinstance(record, dict) else {}
        row = {name: _as_text(record.get(name)) for name in RECORD_FIELDS}
        rows.append({**row, "_error": error})
    return pl.DataFrame(rows, schema={**RECORD_FIELDS, "_error": pl.String}).with_columns(line_no)


def _terminated(lines: list[bytes]) -> Iterator[bytes]:
    for line in lines:
        yield line if line.endswith(b"\n") else line + b"\n"


def _as_text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value) if isinstance(value, dict | list) else str(value)


def _parquet_chunks(path: Path, chunk_rows: int) -> Iterator[pl.DataFrame]:
    """Raw record frames from a Parquet file, read one record batch at a time."""
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    present = [name for name in RECORD_FIELDS if name in handle.schema_arrow.names]
    first = 1
    for arrow in handle.iter_batches(batch_size=chunk_rows, columns=present):
        frame = pl.from_arrow(arrow)
        assert isinstance(frame, pl.DataFrame)
        frame = frame.with_columns(
            pl.col(name).cast(pl.String)
            for name in present
            if not isinstance(frame.schema[name], pl.Datetime)
        )
        missing = [
            pl.lit(None, dtype=dtype).alias(name)
            for name, dtype in RECORD_FIELDS.items()
            if name not in present
        ]
        yield frame.with_columns(
            *missing,
            pl.int_range(first, first + frame.height, dtype=pl.Int64).alias("_line"),
            pl.lit(None, dtype=pl.String).alias("_error"),
        )
        first += frame.height


def _record_time(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A record's fetched_at (ISO 8601 text, naive = UTC, or a timestamp) -> UTC datetime, else null."""
    if isinstance(dtype, pl.Datetime):
        zoned = (
            column.dt.replace_time_zone("UTC")
            if dtype.time_zone is None
            else column.dt.convert_time_zone("UTC")
        )
        return zoned.cast(pl.Datetime("us", "UTC"))
    text = column.cast(pl.String).str.replace(" ", "T").str.replace(r"Z$", "+00:00")
    return pl.coalesce(
        text.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%:z", time_unit="us", strict=False),
        text.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", time_unit="us", strict=False).dt.replace_time_zone(
            "UTC"
        ),
        text.str.to_datetime("%Y-%m-%dT%H:%M:%S%:z", time_unit="us", strict=False),
        text.str.to_datetime("%Y-%m-%dT%H:%M:%S", time_unit="us", strict=False).dt.replace_time_zone("UTC"),
    ).dt.convert_time_zone("UTC")


def _sha256_texts(values: pl.Series) -> pl.Series:
    # page_id must be sha256 (the same id a file with these bytes gets); polars has no cryptographic
    # hash expression, so each text goes through hashlib (C code; ~1 µs + 1 ns/byte per page).
    return pl.Series([hashlib.sha256((v or "").encode()).hexdigest() for v in values], dtype=pl.String)


def _normalise_records(
    raw: pl.DataFrame, rel: str, seen: pl.Series, *, default_at: datetime, max_bytes: int
) -> pl.DataFrame:
    """Raw record frame -> page rows (``STAGED_SCHEMA``), each loaded or quarantined with a reason."""
    text = pl.coalesce("raw_text", "text")
    first_of_id = (
        pl.col("id").is_not_null() & ~pl.col("id").is_in(seen.implode()) & pl.col("id").is_first_distinct()
    )
    repeated = pl.col("id").is_not_null() & ~first_of_id
    reason = (
        pl.when(pl.col("_error").is_not_null())
        .then(pl.lit("malformed_record"))
        .when(repeated)
        .then(pl.lit("duplicate_record_id"))
        .when(text.is_null())
        .then(pl.lit("missing_text"))
        .when(pl.col("bytes") == 0)
        .then(pl.lit("empty_file"))
        .when(pl.col("bytes") > max_bytes)
        .then(pl.lit("oversized_file"))
        .when(text.str.contains("\x00", literal=True))
        .then(pl.lit("binary_content"))
        .when(text.str.strip_chars() == "")
        .then(pl.lit("blank_text"))
    )
    key = pl.when(first_of_id).then(pl.col("id")).otherwise(pl.format("L{}", pl.col("_line")))
    fetched = _record_time(pl.col("fetched_at"), raw.schema["fetched_at"])
    return (
        raw.with_columns(text.str.len_bytes().fill_null(0).cast(pl.Int64).alias("bytes"))
        .with_columns(
            reason.alias("reason"),
            pl.format("{}#{}", pl.lit(rel), key).alias("source_path"),
            text.map_batches(_sha256_texts, return_dtype=pl.String).alias("page_id"),
            fetched.fill_null(pl.lit(default_at).cast(pl.Datetime("us", "UTC"))).alias("fetched_at"),
        )
        .with_columns(
            pl.when(pl.col("reason").is_null())
            .then(pl.lit("loaded"))
            .otherwise(pl.lit("quarantined"))
            .alias("status"),
            pl.when(pl.col("reason").is_null())
            .then(text.str.replace_all("\r\n", "\n", literal=True).str.replace_all("\r", "\n", literal=True))
            .alias("text"),
        )
        .select(list(STAGED_SCHEMA))
        .cast(STAGED_SCHEMA)
    )
