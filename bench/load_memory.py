"""Memory of the load stage alone, at sizes the story linking would make too slow to reach.

    python -m bench.load_memory bench/out/jsonl-4k --replicas 10     # 40,000 pages through the load

Transforms the corpus's pages once (batches of 500, as ``newsdesk run``), then runs the real
``load.load_batches`` (one transaction) into a fresh warehouse. The first pass links each batch for
real and keeps the link stage's output; the other ``--replicas`` passes load the same batches again
with every id prefixed ("r3-...") and the kept link output instead of linking: the rows, keys and
text of a corpus ``replicas`` times larger, without the link stage's cost, which grows with the
copies already in the warehouse (see "Re-measured with entities and stories" in BENCHMARKS.md).
Prints the process's RSS and DuckDB's own accounting (``duckdb_memory()``) after each batch, and
the peak RSS (sampled every 0.1 s). Warehouse and staging go to a temporary folder under ``--work``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows import load, stage  # noqa: E402
from flows.pipeline import _run_row  # noqa: E402
from flows.transform import transform_pages  # noqa: E402

#: Columns holding ids, prefixed per replica so that every replica's rows are new rows.
ID_COLUMNS = [
    "article_id", "page_id", "source_path", "quote_id", "duplicate_of", "origin_article_id", "story_id",
    "paragraph_id", "overlaps_paragraph_id", "matched_article_id", "merged_story_id", "into_story_id", "row_key",
]
FETCHED_AT = datetime(2025, 8, 16, 12, tzinfo=UTC)


def prefixed(frames: dict[str, pl.DataFrame], replica: int) -> dict[str, pl.DataFrame]:
    if replica == 0:
        return frames
    prefix = pl.lit(f"r{replica}-")
    return {
        name: frame.with_columns([(prefix + pl.col(c)).alias(c) for c in ID_COLUMNS if c in frame.columns])
        for name, frame in frames.items()
    }


def stage_corpus(corpus: Path, folder: Path, batch_size: int) -> list[stage.StagedBatch]:
    """The corpus's record files -> transformed, staged batches (what the flow hands the load)."""
    chunks = []
    for shard in sorted(corpus.rglob("*.jsonl.gz")):
        chunks += stage.stage_records(
            corpus, str(shard.relative_to(corpus)), folder / "records", chunk_rows=batch_size,
            fetched_at=FETCHED_AT, max_bytes=20 << 20,
        )
    staged = []
    for index, chunk in enumerate(chunks):
        batch = transform_pages(stage.read_chunk(chunk, None), run_id="bench", ingested_at=FETCHED_AT)
        staged.append(stage.write_batch(batch, folder, index, seconds=0.0))
    return staged


class Peak:
    def __init__(self) -> None:
        self.process, self.peak, self._stop = psutil.Process(), 0, threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def close(self) -> int:
        self._stop.set()
        return max(self.peak, self.process.memory_info().rss)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--replicas", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        staged = stage_corpus(args.corpus, work / "staging", args.batch_size)
        warehouse = work / "w.duckdb"
        load.prepare_warehouse(warehouse)
        process = psutil.Process()
        replica = [0]
        real_link = load.link_staged
        clock = time.perf_counter()
        calls = [0]

        def link(con, batch, aliases=None):
            """Real linking on the first pass, its output kept as Parquet (not in memory); replayed after."""
            number, calls[0] = calls[0], calls[0] + 1
            folder = work / f"link-{number % len(staged):06d}"
            if number < len(staged):
                linked = real_link(con, batch, aliases)
                folder.mkdir()
                for name, frame in linked.items():
                    frame.write_parquet(folder / f"{name}.parquet")
                return linked
            return prefixed({path.stem: pl.read_parquet(path) for path in folder.glob("*.parquet")}, replica[0])

        def batches(con):
            for replica[0] in range(args.replicas):
                for number, frames in enumerate(stage.read_batches(staged)):
                    yield prefixed(frames, replica[0])
                    tags = con.execute(
                        "select tag, memory_usage_bytes / 1e6 from duckdb_memory()"
                        " where memory_usage_bytes > 1e6 order by 2 desc"
                    ).fetchall()
                    print(
                        f"{time.perf_counter() - clock:7.1f} s  replica {replica[0]} batch {number}:"
                        f" rss {process.memory_info().rss / 1e6:6.0f} MB, duckdb {sum(m for _, m in tags):5.0f} MB"
                        f" ({', '.join(f'{t} {m:.0f}' for t, m in tags)})",
                        flush=True,
                    )

        load.link_staged = link
        peak = Peak()
        try:
            with load.connect(warehouse) as con:
                load.install_fts(con)
                run = _run_row("bench", datetime.now(UTC), None, {})
                replaced = pl.DataFrame(schema={"source_path": pl.String})
                _, seconds = load.load_batches(con, replaced, batches(con), run, scratch=work / "staging")
                pages = con.execute("select count(*) from pages").fetchone()[0]
        finally:
            load.link_staged = real_link
        print(f"pages loaded {pages}; stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
        print(f"peak RSS {peak.close() / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
