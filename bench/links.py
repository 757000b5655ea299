"""Story linking per batch: what each batch reads back from the warehouse and what linking costs.

Transforms a corpus once (no Prefect: the flow's task bodies) and keeps the staged batches, then
replays the load into a fresh DuckDB file with the load's own ``load_batches``, timing per batch
the LSH lookups (``load_stories.match_batch``) and the polars linking (``stories.link_batch``), and
counting the warehouse rows each batch read. The linked columns of the final warehouse are saved,
so two versions of the code can be compared on the same staged batches.

    python bench/make_corpus.py --pages 4000 --format jsonl --out bench/out/jsonl-4k
    python -m bench.links stage bench/out/jsonl-4k --out bench/out/links-4k
    python -m bench.links replay bench/out/links-4k --label main
    python -m bench.links replay bench/out/links-4k --label new
    python -m bench.links compare bench/out/links-4k main new
    python -m bench.links replay bench/out/links-4k --label on100k --onto FILLED.duckdb --statements

``replay`` runs in its own process, so its peak RSS is the load's alone. Each replay appends a row
per batch to bench/out/links.csv.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import pickle
import pstats
import resource
import shutil
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows import load, load_stories, pipeline, read, stories  # noqa: E402

FETCHED_AT = datetime(2025, 8, 16, 12, tzinfo=UTC)
CSV = ROOT / "bench" / "out" / "links.csv"


def stage(corpus: Path, out: Path, batch_size: int) -> None:
    """Transform ``corpus`` into staged batches under ``out/staged`` (kept), with a manifest."""
    staging = out / "staged"
    staging.mkdir(parents=True, exist_ok=True)
    root, files = pipeline._input_root(corpus)
    chunks = [
        path
        for rel in files
        if read.is_record_file(rel)
        for path in pipeline.stage_records.fn(
            root, rel, staging, chunk_rows=batch_size, fetched_at=FETCHED_AT, max_bytes=20 * 1024 * 1024
        )
    ]
    pages = [f for f in files if not read.is_record_file(f)]
    plan = pipeline.plan_run.fn(root, pages, chunks, out / "none.duckdb", batch_size, detect_deleted=False)
    started_at = datetime(2026, 1, 1, tzinfo=UTC)
    run_id = "20260101T000000Z-links"
    batches = []
    for index, source in enumerate(plan.batches):
        clock = time.perf_counter()
        batches.append(
            pipeline.transform_batch.fn(
                root,
                source,
                fetched_at=FETCHED_AT,
                max_bytes=20 * 1024 * 1024,
                run_id=run_id,
                ingested_at=started_at,
                staging=staging,
                index=index,
            )
        )
        print(f"batch {index}: {batches[-1].rows.get('articles', 0)} articles, {time.perf_counter() - clock:.1f} s")
    rows = {name: sum(b.rows.get(name, 0) for b in batches) for name in ["articles", "quarantine", "quarantined_pages"]}
    run = pipeline._run_row(run_id, started_at, plan, rows)
    with (out / "manifest.pkl").open("wb") as fh:
        pickle.dump({"batches": batches, "run": run}, fh)


class RssSampler:
    """Samples the process's RSS every ``interval`` s in a thread; keeps the largest per phase.

    ``phase`` is set by the timed wrappers (the SQL file running, "link_batch", ...), so the peak
    is attributed to what ran when it happened.
    """

    def __init__(self, interval: float = 0.02):
        self.phase, self.interval, self.peaks = "start", interval, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(self.interval):
            rss = pipeline._rss()
            if rss > self.peaks.get(self.phase, 0):
                self.peaks[self.phase] = rss

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


#: The sampler of a ``replay --statements`` run (None otherwise).
SAMPLER: RssSampler | None = None


class _TimedRelation:
    """A DuckDB relation whose results are timed under the SQL file it came from."""

    def __init__(self, relation, account):
        self._relation, self._account = relation, account

    def __getattr__(self, name):
        attr = getattr(self._relation, name)
        if name in ("pl", "fetchall", "arrow", "df", "fetchone"):
            def timed(*args, **kwargs):
                with self._account():
                    return attr(*args, **kwargs)
            return timed
        return attr


class TimedConnection:
    """A connection proxy that adds each statement's wall seconds to ``seconds[sql file name]``.

    Statements are named by the text ``load.sql`` / ``load_stories.sql`` returned for them (see
    :func:`_name_statements`); others are "other". ``con.sql`` relations are timed when fetched.
    """

    def __init__(self, con, seconds: dict[str, float]):
        self._con, self.seconds = con, seconds

    @contextlib.contextmanager
    def _account(self, query):
        name = STATEMENTS.get(query, "other") if isinstance(query, str) else "other"
        start = time.perf_counter()
        outer = SAMPLER.phase if SAMPLER is not None else None
        if SAMPLER is not None:
            SAMPLER.phase = name
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
            if SAMPLER is not None:
                SAMPLER.phase = outer

    def execute(self, query, *args, **kwargs):
        with self._account(query):
            self._con.execute(query, *args, **kwargs)
        return _TimedRelation(self._con, lambda: self._account(query))  # fetching is timed too

    def sql(self, query, *args, **kwargs):
        return _TimedRelation(self._con.sql(query, *args, **kwargs), lambda: self._account(query))

    def __getattr__(self, name):
        return getattr(self._con, name)


#: SQL text -> the warehouse/ file name it was read from (filled by :func:`_name_statements`).
STATEMENTS: dict[str, str] = {}


def _name_statements() -> None:
    for module in (load, load_stories):
        real = module.sql

        def named(name, real=real):
            text = real(name)
            STATEMENTS[text] = name
            return text

        module.sql = named


def replay(
    out: Path, label: str, settings: list[str] | None = None, profile_batch: int | None = None,
    statements: bool = False, onto: Path | None = None,
) -> None:
    """Load the staged batches into ``out/<label>.duckdb`` (fresh), timing each batch's linking.

    ``settings``: NAME=VALUE overrides of flows/stories.py constants (integers), to try caps;
    ``load_stories.NAME=VALUE`` or ``load.NAME=VALUE`` for those modules' constants.
    ``onto``: start from a copy of this filled warehouse instead of an empty one (the cost of a
    batch against a warehouse of that size; its pages must not be the staged ones).
    """
    modules = {"stories": stories, "load_stories": load_stories, "load": load}
    for setting in settings or []:
        name, value = setting.split("=")
        module, _, name = name.rpartition(".")
        setattr(modules[module or "stories"], name, int(value))
    with (out / "manifest.pkl").open("rb") as fh:
        manifest = pickle.load(fh)
    db = out / f"{label}.duckdb"
    for path in (db, db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)
    if onto is not None:
        shutil.copyfile(onto, db)
    load.prepare_warehouse(db)
    per_batch: list[dict] = []
    real_match, real_link = load_stories.match_batch, stories.link_batch

    def timed_match(con, articles, paragraphs, index=None, aliases=None):
        cpu, wall = time.process_time(), time.perf_counter()
        if per_batch:
            per_batch[-1]["batch_cpu_s"] = cpu - per_batch[-1]["start_cpu"]
        matched = real_match(con, articles, paragraphs, index, aliases)
        per_batch.append(
            {
                "batch": len(per_batch) + 1,
                "new_articles": articles.height,
                "known_articles": matched.known_articles.height,
                "known_paragraphs": matched.known_paragraphs.height,
                "match_cpu_s": time.process_time() - cpu,
                "match_wall_s": time.perf_counter() - wall,
                "start_cpu": cpu,
            }
        )
        return matched

    def timed_link(*args, **kwargs):
        cpu, wall = time.process_time(), time.perf_counter()
        if SAMPLER is not None:
            SAMPLER.phase = "link_batch (polars)"
        if len(per_batch) == profile_batch:
            with (out / f"{label}.link-{profile_batch}.pkl").open("wb") as fh:
                pickle.dump((args, kwargs), fh)
            profiler = cProfile.Profile()
            linked = profiler.runcall(real_link, *args, **kwargs)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        else:
            linked = real_link(*args, **kwargs)
        per_batch[-1].update(link_cpu_s=time.process_time() - cpu, link_wall_s=time.perf_counter() - wall)
        if SAMPLER is not None:
            SAMPLER.phase = "after link_batch (validation, staging, inserts)"
        return linked

    real_refresh = load.refresh_stories

    def after_batches(*args, **kwargs):
        # the last batch ends where the story totals begin
        per_batch[-1]["batch_cpu_s"] = time.process_time() - per_batch[-1]["start_cpu"]
        return real_refresh(*args, **kwargs)

    load_stories.match_batch, stories.link_batch, load.refresh_stories = timed_match, timed_link, after_batches
    statement_seconds: dict[str, float] = {}
    per_statement: list[dict[str, float]] = []
    global SAMPLER
    if statements:
        _name_statements()
        SAMPLER = RssSampler()

        def on_progress(step, memory):
            if isinstance(step, int):
                per_statement.append(dict(statement_seconds))
                statement_seconds.clear()
    else:
        on_progress = None
    clock = time.perf_counter()
    with contextlib.ExitStack() as stack, load.connect(db) as con:
        if SAMPLER is not None:
            stack.enter_context(SAMPLER)
        load.install_fts(con)
        _, seconds = load.load_batches(
            TimedConnection(con, statement_seconds) if statements else con,
            pl.DataFrame(schema={"source_path": pl.String}),
            pipeline.stage.read_batches(manifest["batches"]),
            manifest["run"],
            on_progress=on_progress,
        )
        linked = {
            "articles": con.sql(
                "select article_id, story_id, duplicate_of, origin_article_id, is_original from articles"
            ).pl(),
            "paragraphs": con.sql("select paragraph_id, duplicate_of from paragraphs").pl(),
            "overlaps": con.sql("select paragraph_id, overlaps_paragraph_id from paragraph_overlaps").pl(),
            "merges": con.sql("select merged_story_id, into_story_id, article_id from story_merges").pl(),
        }
    wall = time.perf_counter() - clock
    for row in per_batch:
        del row["start_cpu"]
    for name, frame in linked.items():
        frame.write_parquet(out / f"{label}.{name}.parquet")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'batch':>5} {'new':>6} {'known art':>10} {'known par':>10} {'match cpu':>10} {'link cpu':>9}"
        f" {'link wall':>10} {'batch cpu':>10}"
    )
    for row in per_batch:
        print(
            f"{row['batch']:>5} {row['new_articles']:>6} {row['known_articles']:>10} {row['known_paragraphs']:>10}"
            f" {row['match_cpu_s']:>10.2f} {row['link_cpu_s']:>9.2f} {row['link_wall_s']:>10.2f}"
            f" {row.get('batch_cpu_s', float('nan')):>10.2f}"
        )
    if per_statement:
        _print_statements(per_statement)
        print("peak RSS by phase (MB):")
        for phase, rss in sorted(SAMPLER.peaks.items(), key=lambda kv: -kv[1])[:12]:
            print(f"  {phase:<50} {rss / 2**20:>8.0f}")
        with (out / f"{label}.statements.pkl").open("wb") as fh:
            pickle.dump(per_statement, fh)
    total = {k: sum(r[k] for r in per_batch) for k in ("match_cpu_s", "link_cpu_s")}
    print(
        f"load_insert {seconds['load_insert']:.1f} s, replay wall {wall:.1f} s, match cpu {total['match_cpu_s']:.1f} s,"
        f" link cpu {total['link_cpu_s']:.1f} s, peak RSS {peak:.0f} MB"
    )
    print(
        f"articles {linked['articles'].height}, stories {linked['articles']['story_id'].n_unique()},"
        f" duplicate_of set {linked['articles']['duplicate_of'].is_not_null().sum()},"
        f" paragraph overlaps {linked['overlaps'].height}, merges {linked['merges'].height}"
    )
    fields = ["when", "label", "out", *per_batch[0].keys(), "load_insert_s", "peak_rss_mb"]
    new = not CSV.exists()
    CSV.parent.mkdir(parents=True, exist_ok=True)
    with CSV.open("a", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        if new:
            writer.writeheader()
        when = datetime.now(UTC).isoformat(timespec="seconds")
        for row in per_batch:
            writer.writerow(
                {"when": when, "label": label, "out": out.name, **row,
                 "load_insert_s": round(seconds["load_insert"], 2), "peak_rss_mb": round(peak)}
            )


def _print_statements(per_statement: list[dict[str, float]]) -> None:
    """Wall seconds per SQL file for a few batches, the largest last-batch ones first."""
    shown = sorted({0, len(per_statement) // 4, len(per_statement) // 2, len(per_statement) - 1})
    names = sorted(per_statement[-1], key=per_statement[-1].get, reverse=True)[:15]
    print(f"{'statement (wall s)':<45}" + "".join(f"{'b' + str(i + 1):>8}" for i in shown))
    for name in names:
        print(f"{name:<45}" + "".join(f"{per_statement[i].get(name, 0.0):>8.2f}" for i in shown))
    print(f"{'all statements':<45}" + "".join(f"{sum(per_statement[i].values()):>8.2f}" for i in shown))


def partition_changes(a: pl.DataFrame, b: pl.DataFrame, key: str, group: str) -> dict:
    """Two labellings of the same rows -> how the groupings (not the labels) differ."""
    both = a.select(key, pl.col(group).alias("a")).join(b.select(key, pl.col(group).alias("b")), on=key)
    pairs = both.group_by("a", "b").len()
    split = pairs.group_by("a").len().filter(pl.col("len") > 1)  # an old group now in several new ones
    joined = pairs.group_by("b").len().filter(pl.col("len") > 1)  # a new group made of several old ones
    moved_a = both.join(split.select("a"), on="a")
    moved_b = both.join(joined.select("b"), on="b")
    relabelled = both.filter(pl.col("a") != pl.col("b")).join(split.select("a"), on="a", how="anti").join(
        joined.select("b"), on="b", how="anti"
    )
    return {
        "rows": both.height,
        "groups_a": both["a"].n_unique(),
        "groups_b": both["b"].n_unique(),
        "label_differs": both.filter(pl.col("a") != pl.col("b")).height,
        "same_grouping_other_label": relabelled.height,
        "groups_a_split": split.height,
        "rows_in_split_groups": moved_a.height,
        "groups_b_joining_several_a": joined.height,
        "rows_in_joined_groups": moved_b.height,
    }


def compare(out: Path, a: str, b: str) -> None:
    """Compare the linked columns of two replays on the same staged batches."""
    arts = {label: pl.read_parquet(out / f"{label}.articles.parquet") for label in (a, b)}
    paras = {label: pl.read_parquet(out / f"{label}.paragraphs.parquet") for label in (a, b)}
    for label in (a, b):
        arts[label] = arts[label].with_columns(pl.coalesce("duplicate_of", "article_id").alias("dup_group"))
        paras[label] = paras[label].with_columns(pl.coalesce("duplicate_of", "paragraph_id").alias("dup_group"))
    print("stories:", partition_changes(arts[a], arts[b], "article_id", "story_id"))
    print("article duplicate groups:", partition_changes(arts[a], arts[b], "article_id", "dup_group"))
    print("paragraph duplicate groups:", partition_changes(paras[a], paras[b], "paragraph_id", "dup_group"))
    for column in ("duplicate_of", "origin_article_id"):
        diff = arts[a].join(arts[b], on="article_id", suffix="_b").filter(
            pl.col(column).ne_missing(pl.col(f"{column}_b"))
        )
        print(f"articles with another {column}: {diff.height}")
    for name in ("overlaps", "merges"):
        print(name, {label: pl.read_parquet(out / f"{label}.{name}.parquet").height for label in (a, b)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("stage")
    s.add_argument("corpus", type=Path)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--batch-size", type=int, default=500)
    r = commands.add_parser("replay")
    r.add_argument("out", type=Path)
    r.add_argument("--label", required=True)
    r.add_argument(
        "--profile-batch", type=int, default=None,
        help="profile link_batch of this batch (1-based); its inputs are kept in OUT/LABEL.link-N.pkl",
    )
    r.add_argument("--statements", action="store_true", help="time each SQL statement, per batch")
    r.add_argument(
        "--set", action="append", default=[],
        help="NAME=VALUE of a flows/stories.py constant (or load_stories.NAME=VALUE, load.NAME=VALUE)",
    )
    r.add_argument("--onto", type=Path, default=None, help="start from a copy of this filled warehouse file")
    c = commands.add_parser("compare")
    c.add_argument("out", type=Path)
    c.add_argument("a")
    c.add_argument("b")
    args = parser.parse_args()
    if args.command == "stage":
        stage(args.corpus, args.out, args.batch_size)
    elif args.command == "replay":
        replay(args.out, args.label, args.set, args.profile_batch, args.statements, args.onto)
    else:
        compare(args.out, args.a, args.b)


if __name__ == "__main__":
    main()
