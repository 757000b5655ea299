"""Read stage: every encoding the issue names decodes; every bad file gets its specific reason."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

import polars as pl
import pytest

from flows import read
from flows.read import decode_bytes, fingerprint, list_input_files, read_pages
from tests.conftest import FETCHED_AT

TEXT = "Café “quotes” — Zürich\nSecond line"
LIMIT = 1_000_000


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # writes a BOM (little-endian here)
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252", "crlf", "cr-cp1252"],
)
def test_supported_encodings_decode_to_the_same_text(data):
    decoded = decode_bytes(data, max_bytes=LIMIT)
    assert decoded.reason is None
    assert decoded.text == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty_file"),
        (b"x" * 101, "oversized_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_content"),
        (bytes(range(1, 9)) * 10, "binary_content"),
        (b"abc \x81\x8d\x8f\x90\x9d def", "undecodable_text"),
        (b"\xef\xbb\xbf\xff\xfe broken", "undecodable_text"),
        (b"  \n\t\r\n   ", "blank_text"),
    ],
    ids=[
        "empty",
        "oversized",
        "png",
        "control-bytes",
        "undefined-cp1252",
        "bad-utf8-after-bom",
        "whitespace",
    ],
)
def test_bad_input_gets_its_specific_reason(data, reason):
    decoded = decode_bytes(data, max_bytes=100)
    assert decoded.text is None
    assert decoded.reason == reason


def test_utf8_cut_inside_a_character_loads_with_a_note():
    data = "Déjà vu — the end".encode()[:-2] + "€".encode()[:2]
    decoded = decode_bytes(data, max_bytes=LIMIT)
    assert decoded.reason is None
    assert decoded.note == "truncated_utf8"
    assert decoded.text == "Déjà vu — the e"


def test_read_pages_records_every_file_with_its_outcome(tmp_path):
    (tmp_path / "good.txt").write_text("Headline here today\nBody line.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "big.txt").write_bytes(b"y" * 50)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.txt").write_text("Nested page", encoding="utf-8")
    (tmp_path / ".hidden").write_text("ignored", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret", encoding="utf-8")
    os.symlink(outside, tmp_path / "link.txt")

    paths = list_input_files(tmp_path)
    assert paths == ["big.txt", "empty.txt", "good.txt", "link.txt", "sub/nested.txt"]
    pages = read_pages(tmp_path, paths, fetched_at=FETCHED_AT, max_bytes=40)
    outcome = dict(zip(pages["source_path"], pages["reason"], strict=True))
    assert outcome == {
        "big.txt": "oversized_file",
        "empty.txt": "empty_file",
        "good.txt": None,
        "link.txt": "outside_input_dir",
        "sub/nested.txt": None,
    }
    assert pages.filter(pages["reason"].is_null())["status"].to_list() == ["loaded", "loaded"]
    assert pages.filter(pages["source_path"] == "big.txt")["bytes"].item() == 50
    assert pages.filter(pages["source_path"] == "link.txt")["text"].item() is None
    assert set(pages["fetched_at"]) == {FETCHED_AT}


def test_page_id_is_sha256_of_bytes_and_fingerprint_agrees(tmp_path):
    import hashlib

    (tmp_path / "a.txt").write_bytes(b"same bytes")
    pages = read_pages(tmp_path, ["a.txt"], fetched_at=None, max_bytes=LIMIT)
    assert pages["page_id"].item() == hashlib.sha256(b"same bytes").hexdigest()
    assert fingerprint(tmp_path, "a.txt") == pages["page_id"].item()
    # without --fetched-at the file's modification time is used, in UTC
    assert pages["fetched_at"].item().tzinfo is not None


# --- record files ------------------------------------------------------------------------------------


def _records(tmp_path, name: str, lines: list[str]) -> pl.DataFrame:
    import gzip as gz

    data = ("\n".join(lines) + "\n").encode()
    (tmp_path / name).write_bytes(gz.compress(data) if name.endswith(".gz") else data)
    return pl.concat(read.iter_records(tmp_path, name, chunk_rows=2, fetched_at=None, max_bytes=1000))


def test_jsonl_records_become_pages_with_reasons_and_source_paths(tmp_path):
    pages = _records(
        tmp_path,
        "crawl.jsonl.gz",
        [
            '{"id": "a", "raw_text": "Headline\\r\\nBody.", "fetched_at": "2025-08-16T12:00:00Z"}',
            "",
            "{not json",
            '{"id": "a", "text": "same id again"}',
            '{"text": "no id"}',
            '{"id": 7, "url": "https://x"}',
            "[1, 2]",
            '{"id": "b", "raw_text": "   "}',
        ],
    )
    assert pages.select("source_path", "status", "reason").rows() == [
        ("crawl.jsonl.gz#a", "loaded", None),
        ("crawl.jsonl.gz#L3", "quarantined", "malformed_record"),
        ("crawl.jsonl.gz#L4", "quarantined", "duplicate_record_id"),
        ("crawl.jsonl.gz#L5", "loaded", None),
        ("crawl.jsonl.gz#7", "quarantined", "missing_text"),
        ("crawl.jsonl.gz#L7", "quarantined", "malformed_record"),
        ("crawl.jsonl.gz#b", "quarantined", "blank_text"),
    ]
    first = pages.row(0, named=True)
    assert first["text"] == "Headline\nBody."
    assert first["fetched_at"] == datetime(2025, 8, 16, 12, tzinfo=UTC)
    assert first["page_id"] == hashlib.sha256(b"Headline\r\nBody.").hexdigest()


def test_parquet_records_are_read_in_chunks(tmp_path):
    pl.DataFrame({"id": ["x", None, "y"], "text": ["One page\nBody.", "Two\nBody.", None]}).write_parquet(
        tmp_path / "crawl.parquet"
    )
    chunks = list(read.iter_records(tmp_path, "crawl.parquet", chunk_rows=2, fetched_at=None, max_bytes=1000))
    assert [c.height for c in chunks] == [2, 1]
    pages = pl.concat(chunks)
    assert pages.select("source_path", "reason").rows() == [
        ("crawl.parquet#x", None),
        ("crawl.parquet#L2", None),
        ("crawl.parquet#y", "missing_text"),
    ]


def test_record_files_are_told_from_page_files():
    assert [read.is_record_file(n) for n in ["a.jsonl", "b.JSONL.GZ", "c.parquet", "d.txt", "e.json"]] == [
        True,
        True,
        True,
        False,
        False,
    ]
