"""The ``newsdesk`` command: run the pipeline and print a summary."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from flows.settings import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_COMMIT_EVERY,
    DEFAULT_LOCK_TIMEOUT,
    DEFAULT_MAX_BYTES,
    Settings,
)

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
    _add_run_options(run)
    run.add_argument("--retries", type=int, default=0, help="retry a failed run this many times (default: 0)")
    run.add_argument("--staging", type=Path, default=None, help="folder for the run's staged Parquet")
    scale = run.add_mutually_exclusive_group()
    scale.add_argument("--dask", metavar="ADDRESS", default=None, help="run transform tasks on this Dask scheduler")
    scale.add_argument("--workers", type=int, default=None, help="start a local Dask cluster of N worker processes")
    scale.add_argument("--threads", type=int, default=None, help="transform threads (default: one per core)")

    serve = commands.add_parser("serve", help="serve the ingest flow on a schedule (needs a Prefect server)")
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help='cron schedule, e.g. "*/15 * * * *"')
    when.add_argument("--interval", type=_positive, help="seconds between runs")
    serve.add_argument("--name", default="scheduled", help="deployment name ingest/NAME (default: scheduled)")
    serve.add_argument("--input", type=Path, default=defaults.input_dir, help="folder of page files")
    serve.add_argument("--warehouse", type=Path, default=defaults.warehouse, help="DuckDB file")
    serve.add_argument("--exports", type=Path, default=defaults.exports_dir, help="Parquet exports folder")
    serve.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="quarantine larger files")
    serve.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="pages per transform task")
    _add_run_options(serve)

    main_text = commands.add_parser(
        "main-text", help="JSON Lines pages (id, raw_text) -> {id, title, text} of each main article"
    )
    main_text.add_argument("input", type=Path, help="JSON Lines file, plain or .gz")
    main_text.add_argument("output", type=Path, help="JSON Lines file to write (.gz compresses)")
    main_text.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="records per batch")

    annotate = commands.add_parser(
        "annotate", help="JSON Lines {id, text[, date]} -> entities, quotes and dates with offsets into text"
    )
    annotate.add_argument(
        "input", type=Path, help="JSON Lines file of {id, text}; optional date (ISO) anchors 'Thursday'"
    )
    annotate.add_argument("output", type=Path, help="JSON Lines file to write")

    exports = commands.add_parser(
        "export", help="rewrite the Parquet exports of the tables that changed since they were written"
    )
    exports.add_argument("--warehouse", type=Path, default=defaults.warehouse, help="DuckDB file")
    exports.add_argument("--exports", type=Path, default=defaults.exports_dir, help="folder for Parquet exports")
    exports.add_argument(
        "--lock-timeout", type=float, default=DEFAULT_LOCK_TIMEOUT,
        help=f"seconds to wait for a run holding the warehouse (default: {DEFAULT_LOCK_TIMEOUT:.0f})",
    )

    search = commands.add_parser("search", help="articles of the warehouse ranked by BM25 relevance to a text")
    search.add_argument("text", help="words to search for in article titles and bodies")
    search.add_argument("--warehouse", type=Path, default=defaults.warehouse, help="DuckDB file")
    search.add_argument("--limit", type=_positive_int, default=10, help="articles to print (default: 10)")
    search.add_argument(
        "--lock-timeout", type=float, default=DEFAULT_LOCK_TIMEOUT,
        help=f"seconds to wait for a run writing the warehouse (default: {DEFAULT_LOCK_TIMEOUT:.0f})",
    )
    return parser


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--prune", action="store_true", help="drop the rows of files gone from the input (default: mark them)"
    )
    parser.add_argument(
        "--no-export", dest="export", action="store_false",
        help="leave the Parquet exports as they are (each changed table is rewritten whole, the part of a"
        " run that grows with the warehouse); `newsdesk export` brings them up to date",
    )
    parser.add_argument(
        "--lock-timeout", type=float, default=DEFAULT_LOCK_TIMEOUT,
        help=f"seconds to wait for another run holding the warehouse (default: {DEFAULT_LOCK_TIMEOUT:.0f})",
    )
    parser.add_argument(
        "--commit-every", type=_non_negative_int, default=DEFAULT_COMMIT_EVERY, metavar="BATCHES",
        help="a run of more batches loads into a copy of the warehouse, committing every BATCHES batches,"
        " and the copy replaces the warehouse at the end: flat memory, still all or nothing; needs free"
        f" disk for a second warehouse file. 0: one transaction in place (default: {DEFAULT_COMMIT_EVERY})",
    )


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def run_main_text(source: Path, target: Path, *, batch_size: int) -> int:
    """``newsdesk main-text``: every input record -> one output line; returns the record count."""
    from flows.jsonl import open_output, read_batches, write_rows
    from flows.main_text import main_text

    n = 0
    with open_output(target) as out:
        for records in read_batches(source, batch_size=batch_size):
            write_rows(main_text(records), out)
            n += records.height
    return n


def annotate_file(source: Path, target: Path) -> int:
    """``newsdesk annotate``: the pipeline's extraction code over any {id, text} records."""
    import json
    from datetime import date

    from flows.annotate import annotate_records

    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    anchors = [date.fromisoformat(r["date"][:10]) if r.get("date") else None for r in records]
    out = annotate_records([r["id"] for r in records], [r["text"] for r in records], anchors)
    with target.open("w", encoding="utf-8") as handle:
        for rec in out:
            for d in rec["dates"]:
                for key in ("date_start", "date_end"):
                    d[key] = d[key].isoformat() if d[key] else None
            handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(out)

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
        f"  pages quarantined {summary.n_quarantined_pages}",
        f"  files gone        {summary.n_deleted} (kept, marked is_deleted; {summary.n_pruned} pages pruned)",
        f"  text processed    {summary.n_bytes / 1e6:.2f} MB in {summary.n_batches} batches",
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
    if args.command == "serve":
        return serve(args)
    if args.command == "main-text":
        if not args.input.is_file():
            print(f"newsdesk: input file not found: {args.input}", file=sys.stderr)
            return 2
        if args.batch_size < 1:
            print("newsdesk: --batch-size must be at least 1", file=sys.stderr)
            return 2
        n = run_main_text(args.input, args.output, batch_size=args.batch_size)
        print(f"main-text: {n} records -> {args.output}", file=sys.stderr)
        return 0
    if args.command == "annotate":
        if not args.input.is_file():
            print(f"newsdesk: input file not found: {args.input}", file=sys.stderr)
            return 2
        print(f"annotated {annotate_file(args.input, args.output)} records into {args.output}")
        return 0
    if args.command == "export":
        if _no_warehouse(args.warehouse):
            return 2
        from flows.load import WarehouseBusy
        from flows.pipeline import update_exports

        try:
            written = update_exports(args.warehouse, args.exports, lock_timeout=args.lock_timeout)
        except WarehouseBusy as err:
            print(f"newsdesk: {err}", file=sys.stderr)
            return 3
        print(f"exports rewritten: {', '.join(written) or 'none (all current)'}")
        return 0
    if args.command == "search":
        return search_warehouse(args.warehouse, args.text, limit=args.limit, lock_timeout=args.lock_timeout)
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
                    lock_timeout=args.lock_timeout,
                    commit_every=args.commit_every,
                    staging_dir=args.staging,
                    dask_address=args.dask,
                    workers=args.workers,
                    threads=args.threads,
                    export=args.export,
                ),
                prune=args.prune,
                retries=args.retries,
            )
        except WarehouseBusy as err:
            print(f"newsdesk: {err}", file=sys.stderr)
            return 3
        print(format_summary(summary))
        return 0
    return 2


def _no_warehouse(warehouse: Path) -> bool:
    """Whether ``warehouse`` is missing (said on stderr): the commands that only read one need it."""
    if warehouse.is_file():
        return False
    print(f"newsdesk: no warehouse at {warehouse}: run `newsdesk run` first", file=sys.stderr)
    return True


def search_warehouse(warehouse: Path, text: str, *, limit: int, lock_timeout: float) -> int:
    """``newsdesk search``: the best ``limit`` articles for ``text``, one per line (score, publisher,
    title, article_id), read-only; exit 1 when nothing matches, 2 without a warehouse, 3 when busy."""
    from flows.load import WarehouseBusy, connect, install_fts, search_articles

    if _no_warehouse(warehouse):
        return 2
    import duckdb

    try:
        with connect(warehouse, read_only=True, lock_timeout=lock_timeout) as con:
            install_fts(con)  # the macro's `stem`, from the pinned package: no network
            hits = search_articles(con, text)
    except WarehouseBusy as err:
        print(f"newsdesk: {err}", file=sys.stderr)
        return 3
    except duckdb.CatalogException:
        # a warehouse made before the search index: the next run indexes it
        print(f"newsdesk: {warehouse} has no search index yet: `newsdesk run` adds it", file=sys.stderr)
        return 2
    for article_id, title, publisher, score in hits[:limit]:
        print(f"{score:7.3f}  {publisher or '-'}  {title or '(untitled)'}  [{article_id}]")
    if not hits:
        print(f"newsdesk: no article matches {text!r}", file=sys.stderr)
        return 1
    print(f"{min(limit, len(hits))} of {len(hits)} matching articles", file=sys.stderr)
    return 0


def serve(args: argparse.Namespace) -> int:
    """``newsdesk serve``: serve the ingest flow until SIGTERM; needs ``PREFECT_API_URL``."""
    if not os.environ.get("PREFECT_API_URL"):
        print(
            "newsdesk: serve needs a running Prefect server: start one with"
            " `prefect server start --host 127.0.0.1` and set PREFECT_API_URL (see README)",
            file=sys.stderr,
        )
        return 2
    if not args.input.is_dir():
        print(f"newsdesk: input folder not found: {args.input}", file=sys.stderr)
        return 2
    quiet_prefect()
    from flows.pipeline import serve_ingest

    settings = Settings(
        input_dir=args.input.resolve(),
        warehouse=args.warehouse.resolve(),
        exports_dir=args.exports.resolve(),
        max_bytes=args.max_bytes,
        batch_size=args.batch_size,
        lock_timeout=args.lock_timeout,
        commit_every=args.commit_every,
        export=args.export,
    )
    serve_ingest(settings, name=args.name, cron=args.cron, interval=args.interval, prune=args.prune)
    return 0


if __name__ == "__main__":
    sys.exit(main())
