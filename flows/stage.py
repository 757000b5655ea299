"""Staging: record files -> page chunks, and one batch's tables -> Parquet files, in the run's staging folder.

Transform tasks hand the load step paths and counts, never frames: memory stays flat whatever the
input size, and under Dask the staging folder is the shared storage workers write to.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from flows import read
from flows.transform import Batch

#: Parquet compression of staged files: lz4 writes ~3x faster than zstd and they live one run.
STAGING_COMPRESSION = "lz4"


@dataclass
class StagedBatch:
    """Where one batch's tables were written, with the counts the run summary needs."""

    index: int
    paths: dict[str, str]
    rows: dict[str, int]
    removed_by_rule: dict[str, int] = field(default_factory=dict)
    n_bytes: int = 0
    seconds: float = 0.0
    #: when its task finished (``time.time()``): with the load running beside the transform, the
    #: transform's wall time is the last batch's finish, not when the load reached it
    finished_at: float = 0.0


def stage_records(
    root: Path, rel: str, folder: Path, *, chunk_rows: int, fetched_at: datetime | None, max_bytes: int
) -> list[str]:
    """One record file -> Parquet chunks of at most ``chunk_rows`` pages in ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = rel.replace("/", "__")
    written = []
    for number, chunk in enumerate(
        read.iter_records(root, rel, chunk_rows=chunk_rows, fetched_at=fetched_at, max_bytes=max_bytes)
    ):
        path = folder / f"{stem}.{number:06d}.parquet"
        chunk.write_parquet(path, compression=STAGING_COMPRESSION)
        written.append(str(path))
    return written


def read_chunk(path: str, only: list[str] | None) -> pl.DataFrame:
    """A staged record chunk -> page rows (``read.PAGE_SCHEMA``), restricted to ``only`` source paths."""
    pages = pl.scan_parquet(path)
    if only is not None:
        pages = pages.filter(pl.col("source_path").is_in(pl.Series(only, dtype=pl.String).implode()))
    return pages.select(list(read.PAGE_SCHEMA)).collect()


def write_batch(batch: Batch, folder: Path, index: int, *, seconds: float) -> StagedBatch:
    """A transformed batch -> one Parquet file per table under ``folder/batch-<index>``."""
    target = folder / f"batch-{index:06d}"
    target.mkdir(parents=True, exist_ok=True)
    paths = {}
    for table, frame in batch.tables().items():
        path = target / f"{table}.parquet"
        frame.write_parquet(path, compression=STAGING_COMPRESSION)
        paths[table] = str(path)
    removed = batch.removed_lines["rule"].value_counts()
    return StagedBatch(
        index=index,
        paths=paths,
        rows={
            **{table: frame.height for table, frame in batch.tables().items()},
            "quarantined_pages": batch.pages.filter(pl.col("status") == "quarantined").height,
        },
        removed_by_rule=dict(zip(removed["rule"].to_list(), removed["count"].to_list(), strict=True)),
        n_bytes=int(batch.pages["bytes"].sum()),
        seconds=seconds,
        finished_at=time.time(),
    )


def read_batches(staged: Iterable[StagedBatch]) -> Iterable[dict[str, pl.DataFrame]]:
    """Staged batches -> their tables as frames, one batch at a time (what the load step consumes)."""
    for batch in staged:
        yield {table: pl.read_parquet(path) for table, path in batch.paths.items()}
