"""Memory an ART index on each key of a warehouse would hold once loaded whole.

DuckDB keeps an ART index in memory once it is used and cannot evict it (its indexes are not
buffer-managed), so an index that grows with the warehouse grows the memory of every long load
(bench/BENCHMARKS.md, "No indexes that grow with the warehouse"). This copies each key column of a
filled warehouse into a temporary table, indexes it and reads DuckDB's ``ART_INDEX`` memory::

    python -m bench.index_sizes WAREHOUSE.duckdb
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

#: table -> the key column measured (declared keys, or the id a lookup would use).
KEYS = {
    "pages": "source_path",
    "articles": "article_id",
    "article_features": "article_id",
    "story_evidence": "article_id",
    "quotes": "quote_id",
    "paragraphs": "paragraph_id",
    "entities": "entity_id",
    "stories": "story_id",
    "story_merges": "merged_story_id",
    "term_counts": "feature",
}

ART_MEMORY = "select coalesce(sum(memory_usage_bytes), 0) from duckdb_memory() where tag = 'ART_INDEX'"


def index_sizes(path: Path) -> list[tuple[str, int, float, float]]:
    """(table, rows, MB of ART index fully loaded, seconds to build) for each table of :data:`KEYS`."""
    sizes = []
    with duckdb.connect(str(path), read_only=True) as con:
        for table, key in KEYS.items():
            # identifiers from the constant above, not from input: no value is built into the SQL
            con.execute(f"create or replace temp table index_keys as select {key} as key from {table}")
            (rows,) = con.execute("select count(*) from index_keys").fetchone()
            (before,) = con.execute(ART_MEMORY).fetchone()
            clock = time.perf_counter()
            con.execute("create index index_keys_key on index_keys (key)")
            seconds = time.perf_counter() - clock
            (after,) = con.execute(ART_MEMORY).fetchone()
            sizes.append((table, rows, (after - before) / 1e6, seconds))
            con.execute("drop table index_keys")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path)
    args = parser.parse_args(argv)
    print(f"{'table':<18} {'rows':>12} {'ART MB':>8} {'build s':>8}")
    for table, rows, megabytes, seconds in index_sizes(args.warehouse):
        print(f"{table:<18} {rows:>12,d} {megabytes:>8.1f} {seconds:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
