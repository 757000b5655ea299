"""``newsdesk main-text``: JSON Lines in (plain or .gz), one {id, title, text} line out per record."""

from __future__ import annotations

import gzip
import json

import pytest

from flows.cli import main
from tests.unit.test_blocks import PAGE, PARA_1, PARA_2, PARA_3

RECORDS = [
    {"id": "a", "raw_text": PAGE, "url": "https://example.org/storm", "domain": "example.org"},
    {"id": "b", "raw_text": "Comments\nAdvertisement"},
    {"id": "c", "raw_text": "", "fetched_at": "2025-08-16T12:00:00Z"},
]
EXPECTED = [
    {
        "id": "a",
        "title": "Storm floods coastal towns overnight",
        "text": "\n\n".join([PARA_1, PARA_2, "What happens next", PARA_3]),
    },
    {"id": "b", "title": None, "text": ""},
    {"id": "c", "title": None, "text": ""},
]


def _write(path, records, *, compress):
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    path.write_bytes(gzip.compress(data) if compress else data)


@pytest.mark.parametrize("compress", [False, True])
def test_every_record_gets_its_main_text(tmp_path, compress):
    source = tmp_path / ("pages.jsonl.gz" if compress else "pages.jsonl")
    _write(source, RECORDS, compress=compress)
    target = tmp_path / "out.jsonl"
    assert main(["main-text", str(source), str(target), "--batch-size", "2"]) == 0
    assert [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()] == EXPECTED


def test_gzip_output_when_the_name_says_so(tmp_path):
    source = tmp_path / "pages.jsonl"
    _write(source, RECORDS[:1], compress=False)
    target = tmp_path / "out.jsonl.gz"
    assert main(["main-text", str(source), str(target)]) == 0
    assert json.loads(gzip.decompress(target.read_bytes())) == EXPECTED[0]


def test_missing_input_is_a_usage_error(tmp_path):
    assert main(["main-text", str(tmp_path / "nope.jsonl"), str(tmp_path / "out.jsonl")]) == 2
