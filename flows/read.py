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

import hashlib
import os
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
