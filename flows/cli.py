"""The ``newsdesk`` command: run the pipeline and print a summary."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from flows.settings import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, Settings

#: Prefect settings that keep a local run quiet; a user's own environment still wins.
#: Analytics off: its database writes were one source of "database is locked" on the local server.
#: The two event-writing services off: with SQLite they contend with the API and spill retries and
#: shutdown tracebacks into the terminal; flow runs are still recorded.
QUIET_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOGGERS_PREFECT_SERVER_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_TASKS_DEFAULT_NO_CACHE": "true",
}
EPHEMERAL_ONLY = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
}


def quiet_prefect() -> None:
    """Apply :data:`QUIET_PREFECT` (and, without a configured server, :data:`EPHEMERAL_ONLY`)."""
    for key, value in QUIET_PREFECT.items():
        os.environ.setdefault(key, value)
    if not os.environ.get("PREFECT_API_URL"):
        for key, value in EPHEMERAL_ONLY.items():
            os.environ.setdefault(key, value)


def _utc(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def build_parser() -> argparse.ArgumentParser:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog="newsdesk", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="clean, split, extract, validate and load a folder of pages")
    run.add_argument(
        "--input",
        type=Path,
        default=defaults.input_dir,
        help="folder of page and record files, or one JSON Lines / Parquet file of records (default: seeds/)",
    )
    run.add_argument("--warehouse", type=Path, default=defaults.warehouse, help="DuckDB file")
    run.add_argument("--exports", type=Path, default=defaults.exports_dir, help="folder for Parquet exports")
    run.add_argument(
        "--fetched-at", type=_utc, default=None, help="fetch time of the pages, ISO 8601 (default: file mtime, UTC)"
    )
    run.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="larger files are quarantined")
    run.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="pages per transform task")
    run.add_argument("--staging", type=Path, default=None, help="folder for the run's staged Parquet")
    scale = run.add_mutually_exclusive_group()
    scale.add_argument("--dask", metavar="ADDRESS", default=None, help="run transform tasks on this Dask scheduler")
    scale.add_argument("--workers", type=int, default=None, help="start a local Dask cluster of N worker processes")
    scale.add_argument("--threads", type=int, default=None, help="transform threads (default: one per core)")
    return parser


#: What --dask/--workers print without a Prefect server: with the ephemeral one, every Dask worker
#: starts its own temporary server, reports to it and leaves it running.
NEEDS_SERVER = (
    "newsdesk: --dask and --workers need a running Prefect server that every Dask worker can reach:\n"
    "  prefect server start --host 127.0.0.1 --port 4200\n"
    "  export PREFECT_API_URL=http://127.0.0.1:4200/api   (for this command and every dask worker)"
)


def format_summary(summary) -> str:
    lines = [
        f"run {summary.run_id}: {summary.status} in {summary.seconds:.2f} s",
        f"  pages read        {summary.n_pages} ({summary.n_new} new, {summary.n_changed} changed, "
        f"{summary.n_unchanged} unchanged)",
        f"  text processed    {summary.n_bytes / 1e6:.1f} MB in {summary.n_batches} batches",
        f"  articles loaded   {summary.n_articles}",
        f"  rows quarantined  {summary.n_quarantined}",
        "  stages (s):       " + ", ".join(f"{name} {secs:.2f}" for name, secs in summary.stage_seconds.items()),
        "  lines removed by rule:",
    ]
    lines += [f"    {rule:<18}{count}" for rule, count in summary.removed_by_rule.items()] or ["    (none)"]
    failing = {name: n for name, n in summary.checks.items() if n}
    if failing:
        lines.append(f"  warehouse checks failing: {failing}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        if not args.input.exists():
            print(f"newsdesk: input not found: {args.input}", file=sys.stderr)
            return 2
        if (args.dask or args.workers) and not os.environ.get("PREFECT_API_URL"):
            print(NEEDS_SERVER, file=sys.stderr)
            return 2
        quiet_prefect()
        from flows.load import WarehouseBusy
        from flows.pipeline import run_ingest

        try:
            summary = run_ingest(
                Settings(
                    input_dir=args.input,
                    warehouse=args.warehouse,
                    exports_dir=args.exports,
                    fetched_at=args.fetched_at,
                    max_bytes=args.max_bytes,
                    batch_size=args.batch_size,
                    staging_dir=args.staging,
                    dask_address=args.dask,
                    workers=args.workers,
                    threads=args.threads,
                )
            )
        except WarehouseBusy as err:
            print(f"newsdesk: {err}", file=sys.stderr)
            return 3
        print(format_summary(summary))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
