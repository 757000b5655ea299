"""Hostile input through read -> clean -> split -> extract -> validate: no crash, one outcome per file."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings

from tests.hostile import check_folder, hostile_folder

_folders = itertools.count()


@given(hostile_folder)
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_every_hostile_file_ends_as_one_page_row(tmp_path_factory, files):
    check_folder(tmp_path_factory.mktemp("hostile") / str(next(_folders)), files)


@pytest.mark.slow
def test_a_50_mb_single_line_goes_through_when_allowed_and_is_quarantined_by_default(tmp_path):
    line = ("Fifty megabytes of one line, no newline at all. " * 1_100_000)[: 50 * 1024 * 1024].encode()
    pages = check_folder(tmp_path / "big", [line], max_bytes=64 * 1024 * 1024)
    assert pages.select("status", "n_lines").row(0) == ("loaded", 1)
    default = check_folder(tmp_path / "default", [line])
    assert default.select("status", "reason").row(0) == ("quarantined", "oversized_file")


def test_100000_tiny_lines_are_each_kept_or_removed(tmp_path):
    data = "\n".join(["x", "", "Comments", "1"] * 25_000).encode()
    pages = check_folder(tmp_path / "tiny", [data])
    # Every line is a short repeat, which the cleaner removes (repeated_line, comments_widget,
    # blank_line): all 100,000 are accounted for as removed, and the page is boilerplate only.
    assert pages.select("status", "reason", "n_lines", "n_removed_lines").row(0) == (
        "quarantined", "boilerplate_only", 100_000, 100_000
    )


def test_one_outcome_each_for_the_named_kinds(tmp_path):
    files = [
        bytes(range(256)) * 4,                                      # random-looking bytes
        "Headline with a café".encode()[:-1],                       # truncated UTF-8
        "Über headline\n".encode() + "Zürich body".encode("cp1252"),  # mixed encodings
        b"Headline\x00with NUL",
        b"Comments\nRelated Articles\nAdvertisement\n",              # only chrome
        b" \n\t\n\r\n",                                              # only whitespace
        b"Same line again\n" * 5000,                                 # deeply repeated
        "مرحبا بالعالم، هذا خبر عاجل\nنص الخبر".encode(),              # right-to-left
        "🔥 Breaking 🔥\nEmoji body 😀".encode(),                      # emoji
    ]
    pages = check_folder(tmp_path / "kinds", files)
    assert pages["reason"].to_list() == [
        "binary_content", "truncated_utf8", None, "binary_content", "boilerplate_only", "blank_text",
        "boilerplate_only", None, None,  # one line 5000 times is chrome (repeated_line)
    ]
    assert pages.filter(pl.col("status") == "loaded").height == 4  # mixed UTF-8 + cp1252 decodes as cp1252
