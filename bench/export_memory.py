"""Peak memory and time of the Parquet exports of a filled warehouse, one fresh process per variant.

The exports are the last step of a load and, at 300k pages, where a run's peak RSS was (2.4 GB with
a 1 GB DuckDB cap). This script opens a read-only connection to WAREHOUSE with the load's
settings, writes every table's export into a temporary folder the way a variant says, and prints
the process's peak RSS (``os.wait4``), wall seconds and the files' size (and, for the pipeline's
variants, each table's seconds). Usage, from the project root:

    .venv/bin/python -m bench.export_memory WAREHOUSE [--variants pipeline,mem512] [--tables articles]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Variant -> (DuckDB settings for the export, ``write_parquet`` options by table with "*" for every
#: table, sorted by key or not). "pipeline..." variants are ``export.stage_exports`` itself (key
#: ranges since stop 23), under the load's settings and the variant's; the others are DuckDB's own
#: ``order(...).write_parquet`` of the whole table, the pipeline's way until stop 23.
VARIANTS: dict[str, tuple[dict, dict, bool]] = {
    "pipeline": ({}, {}, True),
    "pipeline_mem300": ({"memory_limit": "300MB"}, {}, True),
    "pipeline_mem150": ({"memory_limit": "150MB"}, {}, True),
    "mem300": ({"memory_limit": "300MB"}, {}, True),
    "mem150": ({"memory_limit": "150MB"}, {}, True),
    "rg16k": ({}, {"*": {"row_group_size": 16_384}}, True),
    "threads1": ({"threads": 1}, {}, True),
    "t1_rg16k": ({"threads": 1}, {"*": {"row_group_size": 16_384}}, True),
    "unsorted": ({}, {}, False),
    "mem512": ({"memory_limit": "512MB"}, {}, True),
    "mem640": ({"memory_limit": "640MB"}, {}, True),
    "mem768": ({"memory_limit": "768MB"}, {}, True),
    "mem768_t1": ({"memory_limit": "768MB", "threads": 1}, {}, True),
    "mem512_t1": ({"memory_limit": "512MB", "threads": 1}, {}, True),
    "mem512_t1_rg16k": ({"memory_limit": "512MB", "threads": 1}, {"*": {"row_group_size": 16_384}}, True),
    "mem768_art16k": ({"memory_limit": "768MB"}, {"articles": {"row_group_size": 16_384}}, True),
    "mem512_art16k": ({"memory_limit": "512MB"}, {"articles": {"row_group_size": 16_384}}, True),
    "mem640_art16k": ({"memory_limit": "640MB"}, {"articles": {"row_group_size": 16_384}}, True),
}


def run_variant(warehouse: Path, variant: str, tables: list[str]) -> None:
    """Child process: export ``tables`` from ``warehouse`` as ``variant`` does; prints seconds and bytes."""
    import duckdb

    from flows import export, load

    out = Path(tempfile.mkdtemp(prefix="export-memory-"))
    try:
        settings, options, ordered = VARIANTS[variant]
        con = duckdb.connect(str(warehouse), read_only=True, config={**load.DUCKDB_CONFIG, **settings})
        clock = time.perf_counter()
        if variant.startswith("pipeline"):
            marks = [clock]

            def lap(table: str) -> None:
                marks.append(time.perf_counter())
                print(f"  {table} {marks[-1] - marks[-2]:.1f} s", file=sys.stderr, flush=True)

            staging = export.stage_exports(con, out, tables, after_each=lap)
        else:
            staging = out
            for table in tables:
                relation = con.table(table).order(export.EXPORT_KEYS[table]) if ordered else con.table(table)
                relation.write_parquet(
                    str(out / f"{table}.parquet"), compression="zstd", **options.get(table, options.get("*", {}))
                )
        seconds = time.perf_counter() - clock
        size = sum(path.stat().st_size for path in staging.glob("*.parquet"))
        print(f"{seconds:.2f} {size}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--tables", default="", help="comma-separated; default: every exported table")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from flows import export

    tables = args.tables.split(",") if args.tables else list(export.EXPORT_KEYS)
    if args.child:
        run_variant(args.warehouse, args.child, tables)
        return
    print(f"warehouse {args.warehouse} ({args.warehouse.stat().st_size / 1e6:.0f} MB), tables: {', '.join(tables)}")
    for variant in args.variants.split(","):
        command = [sys.executable, "-m", "bench.export_memory", str(args.warehouse), "--child", variant]
        if args.tables:
            command += ["--tables", args.tables]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        out = child.stdout.read() if child.stdout else ""
        _, status, usage = os.wait4(child.pid, 0)
        if status:
            print(f"{variant}: failed ({status})")
            continue
        seconds, size = out.split()[-2:]
        print(
            f"{variant:>12}: peak RSS {usage.ru_maxrss / 1024:,.0f} MB, {float(seconds):.1f} s wall, "
            f"{int(size) / 1e6:,.0f} MB of Parquet"
        )


if __name__ == "__main__":
    main()
