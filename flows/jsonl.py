"""JSON Lines files for ``newsdesk main-text``: read records in batches, write output rows.

Input may be plain or gzip-compressed (recognised by its magic bytes, not its name); blank lines
are skipped. Output is gzip-compressed when its name ends in ``.gz``.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import polars as pl

_GZIP_MAGIC = b"\x1f\x8b"


def _open_bytes(path: Path) -> IO[bytes]:
    with path.open("rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == _GZIP_MAGIC else path.open("rb")


def read_batches(path: Path, *, batch_size: int) -> Iterator[pl.DataFrame]:
    """Records of a JSON Lines file, ``batch_size`` at a time, as data frames (columns as found)."""
    with _open_bytes(path) as handle:
        chunk: list[bytes] = []
        for line in handle:
            if line.strip():
                chunk.append(line if line.endswith(b"\n") else line + b"\n")
            if len(chunk) >= batch_size:
                yield pl.read_ndjson(io.BytesIO(b"".join(chunk)), infer_schema_length=None)
                chunk = []
        if chunk:
            yield pl.read_ndjson(io.BytesIO(b"".join(chunk)), infer_schema_length=None)


def open_output(path: Path) -> IO[bytes]:
    """A binary handle to write JSON Lines to; gzip when the name ends in ``.gz``."""
    return gzip.open(path, "wb") if path.name.endswith(".gz") else path.open("wb")


def write_rows(frame: pl.DataFrame, handle: IO[bytes]) -> None:
    """Append a frame's rows to an open JSON Lines output."""
    buffer = io.BytesIO()
    frame.write_ndjson(buffer)
    handle.write(buffer.getvalue())
