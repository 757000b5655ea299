"""Throughput of the real ``newsdesk run`` on generated corpora, per stage and end to end, with the
floor (one polars regex scan) and trafilatura / jusText on a sample, in the same process lifetime.

    python bench/make_corpus.py --pages 10000 --format jsonl --out bench/out/jsonl-10k
    python bench/throughput.py bench/out/jsonl-10k                 # pipeline + comparisons
    python bench/throughput.py bench/out/jsonl-10k --no-compare    # pipeline only
    python bench/throughput.py bench/out/jsonl-10k --dask 1,2      # + Dask runs (starts a Prefect
                                                                   #   server and local clusters)
    python bench/throughput.py bench/out/tiny --overhead           # per-task overhead, threads vs Dask

Each run appends a row to bench/out/throughput.csv (machine, versions, corpus, figures).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import hashlib
import json
import os
import platform
import re
import shlex
import subprocess
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

from bench.cluster import dask_cluster, prefect_server  # noqa: E402

FETCHED_AT = "2025-08-16T12:00:00Z"
CSV = ROOT / "bench" / "out" / "throughput.csv"


# --- the real command ------------------------------------------------------------------------------


class PeakRss:
    """Samples the RSS of a process and of its whole tree every 0.2 s; keeps the peaks (bytes) and
    the process's samples as (wall-clock time, bytes), for the peak of each stage."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.main = 0
        self.tree = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                main = self.process.memory_info().rss
                children = self.process.children(recursive=True)
            except psutil.Error:
                break  # the process is gone
            tree = main
            for child in children:
                # a child that exits between the listing and the read is skipped; stopping here
                # (as this loop once did) ended the sampling at the first child to exit
                with contextlib.suppress(psutil.Error):
                    tree += child.memory_info().rss
            self.main, self.tree = max(self.main, main), max(self.tree, tree)
            self.samples.append((time.time(), main))
            self._stop.wait(0.2)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def run_newsdesk(corpus: Path, work: Path, extra: list[str], env: dict[str, str] | None = None) -> dict:
    """Run ``newsdesk run`` on ``corpus`` into a fresh warehouse; returns its figures."""
    warehouse = work / "w.duckdb"
    for path in (warehouse, work / "w.duckdb.wal"):
        path.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "flows.cli",
        "run",
        "--input",
        str(corpus),
        "--warehouse",
        str(warehouse),
        "--exports",
        str(work / "exports"),
        "--fetched-at",
        FETCHED_AT,
        *extra,
    ]
    clock = time.perf_counter()
    # The flow's log goes to a file as it is written, so that a long run can be followed (tail -f)
    # with its per-batch load lines (DuckDB's memory, process RSS). It is kept after the run, beside
    # the run's temporary folder (in --work when given).
    log_path = work.parent / f"newsdesk-{corpus.name}-{time.strftime('%Y%m%dT%H%M%S')}.log"
    print(f"newsdesk's log: {log_path}", flush=True)
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env or os.environ.copy(),
            cwd=ROOT,
        )
        rss = PeakRss(process.pid)
        out, _ = process.communicate()
        rss.close()
    err = log_path.read_text(encoding="utf-8")
    wall = time.perf_counter() - clock
    if process.returncode:
        raise RuntimeError(f"newsdesk failed ({process.returncode}):\n{err[-3000:]}")
    figures = parse_summary(out)
    figures.update(wall_s=wall, peak_rss_mb=rss.main / 1e6, peak_tree_rss_mb=rss.tree / 1e6)
    figures["stage_rss_mb"] = stage_peaks(rss.samples, err, figures["stages"])
    return figures


#: Stages of the summary whose peaks are reported. The load starts after the transform, or (with
#: ``overlap_load``, the default on an existing Dask cluster) beside it when the plan is made; the
#: commit (with the exports) follows the inserts. Runs before the search index was kept batch by batch
#: (2026-12-05, stop 25) also report ``load_fts``, the fts index rebuild, between the two.
TIMELINE = ["read_plan", "transform", "load_insert", "load_fts", "load_commit"]
PLAN_LOGGED = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) \|.*pages \(\d+ record files\)", re.M)


def stage_windows(plan_end: float, stages: dict[str, float]) -> dict[str, tuple[float, float]]:
    """(start, end) on the clock of each stage of :data:`TIMELINE`, and "after" (the checks, the
    exports' swap, the process's exit). ``transform`` and ``load_insert`` overlap when the summary's
    ``load_start`` is less than the transform's seconds."""
    # the load starts at the plan's end when it runs beside the transform, else after it (runs
    # before 2026-12-05 have no load_start)
    load_start = plan_end + stages.get("load_start", stages["transform"])
    load_end = load_start + stages["load_insert"]
    windows = {
        "read_plan": (plan_end - stages["read_plan"], plan_end),
        "transform": (plan_end, plan_end + stages["transform"]),
        "load_insert": (load_start, load_end),
        "load_fts": (load_end, load_end + stages.get("load_fts", 0.0)),
        "load_commit": (
            load_end + stages.get("load_fts", 0.0),
            load_end + stages.get("load_fts", 0.0) + stages["load_commit"],
        ),
    }
    windows["after"] = (windows["load_commit"][1], float("inf"))
    return windows


def stage_peaks(samples: list[tuple[float, int]], log: str, stages: dict[str, float]) -> dict[str, float]:
    """Peak RSS (MB) of the newsdesk process in each stage of :data:`TIMELINE`, and after them.

    The stages are placed on the clock by the flow's plan log line (logged when ``read_plan`` ends,
    with a wall-clock time of day) and the stage seconds of the summary (:func:`stage_windows`);
    good to ~0.2 s.
    """
    found = PLAN_LOGGED.search(log)
    if not found or not samples or not all(name in stages for name in TIMELINE):
        return {}
    hours, minutes, seconds, millis = (int(x) for x in found.groups())
    day = datetime.fromtimestamp(samples[0][0]).replace(hour=0, minute=0, second=0, microsecond=0)
    plan_end = day.timestamp() + hours * 3600 + minutes * 60 + seconds + millis / 1000
    if plan_end < samples[0][0] - 3600:  # the run crossed midnight
        plan_end += 86400
    return {
        name: round(max((rss for when, rss in samples if start <= when < end), default=0) / 1e6)
        for name, (start, end) in stage_windows(plan_end, stages).items()
    }


def parse_summary(out: str) -> dict:
    flow = re.search(r"completed in ([\d.]+) s", out)
    pages = re.search(r"pages read\s+(\d+)", out)
    text = re.search(r"text processed\s+([\d.]+) MB in (\d+) batches", out)
    stages = re.search(r"stages \(s\):\s+(.*)", out)
    if not (flow and pages and text and stages):
        raise RuntimeError(f"unexpected summary:\n{out}")
    return {
        "flow_s": float(flow.group(1)),
        "pages": int(pages.group(1)),
        "mb": float(text.group(1)),
        "batches": int(text.group(2)),
        "stages": {
            name: float(value)
            for name, value in (part.rsplit(" ", 1) for part in stages.group(1).split(", "))
        },
    }


def report_run(label: str, figures: dict) -> None:
    mb, pages = figures["mb"], figures["pages"]
    print(f"\n== {label}: {pages} pages, {mb:.1f} MB of text, {figures['batches']} batches")
    print(f"{'stage':<20}{'s':>9}{'MB/s':>9}{'pages/s':>10}")
    for name, seconds in figures["stages"].items():
        if name.endswith("_sum"):
            print(f"{name:<20}{seconds:>9.2f}   (sum of task bodies, all threads)")
            continue
        print(f"{name:<20}{seconds:>9.2f}{mb / max(seconds, 1e-9):>9.1f}{pages / max(seconds, 1e-9):>10.0f}")
    for name, seconds in (("end to end (flow)", figures["flow_s"]), ("end to end (wall)", figures["wall_s"])):
        print(f"{name:<20}{seconds:>9.2f}{mb / seconds:>9.1f}{pages / seconds:>10.0f}")
    print(
        f"peak RSS: newsdesk process {figures['peak_rss_mb']:.0f} MB, "
        f"with its children {figures['peak_tree_rss_mb']:.0f} MB"
    )
    if figures.get("stage_rss_mb"):
        print("peak RSS per stage (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in figures["stage_rss_mb"].items()))


# --- comparisons on a sample, in this process ------------------------------------------------------


def sample_texts(corpus: Path, n: int) -> list[str]:
    """The first ``n`` pages of a corpus (JSON Lines shards or .txt files), in a stable order."""
    texts: list[str] = []
    shards = sorted(corpus.rglob("*.jsonl.gz"))
    if shards:
        for shard in shards:
            with gzip.open(shard, "rt", encoding="utf-8") as handle:
                for line in handle:
                    texts.append(json.loads(line)["raw_text"])
                    if len(texts) == n:
                        return texts
        return texts
    return [path.read_text(encoding="utf-8") for path in sorted(corpus.rglob("*.txt"))[:n]]


def timed(fn, repeat: int = 1, clock=time.perf_counter) -> float:
    """Best of ``repeat`` calls of ``fn``, in seconds of ``clock`` (wall time unless told)."""
    best = float("inf")
    for _ in range(repeat):
        began = clock()
        fn()
        best = min(best, clock() - began)
    return best


def compare(corpus: Path, n_pages: int, n_slow: int) -> list[tuple[str, int, float, float]]:
    """(system, pages, MB, seconds) for the floor, the pipeline's pure stages, trafilatura and jusText."""
    from flows import clean, extract, split
    from flows.transform import transform_pages
    from flows.validate import split_valid
    from schemas import Articles

    texts = sample_texts(corpus, n_pages)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    rows = []
    files = sorted(corpus.rglob("*.txt"))[:n_pages]

    def floor() -> None:
        frame = pl.DataFrame({"text": [p.read_text(encoding="utf-8") for p in files] if files else texts})
        frame.select(pl.col("text").str.count_matches(r"\w+").sum())

    rows.append(("floor: read + one polars regex scan", len(texts), mb, timed(floor, 3)))
    now = datetime(2025, 8, 16, 12, tzinfo=UTC)
    pages = pl.DataFrame(
        {
            "page_id": [hashlib.sha256(f"{i}:{t}".encode()).hexdigest() for i, t in enumerate(texts)],
            "source_path": [f"p{i}" for i in range(len(texts))],
            "bytes": [len(t.encode()) for t in texts],
            "fetched_at": [now] * len(texts),
            "status": ["loaded"] * len(texts),
            "reason": [None] * len(texts),
            "text": texts,
        },
        schema_overrides={"fetched_at": pl.Datetime("us", "UTC"), "reason": pl.String},
    )
    readable = pages.lazy()
    lines = clean.split_lines(readable).collect()
    classified = clean.classify_lines(lines.lazy()).collect()
    kept = clean.kept_lines(classified.lazy()).collect()
    articles = split.split_articles(kept.lazy()).collect()
    fields, _ = pl.collect_all(extract.extract_fields(articles.lazy(), readable))
    stage_fns = {
        "stage clean (split lines + classify)": lambda: clean.classify_lines(
            clean.split_lines(readable)
        ).collect(),
        "stage split": lambda: split.split_articles(kept.lazy()).collect(),
        "stage extract": lambda: pl.collect_all(extract.extract_fields(articles.lazy(), readable)),
        "stage validate (articles)": lambda: split_valid(
            fields, Articles, table="articles", key=["article_id"]
        ),
        "transform_pages (all of the above)": lambda: transform_pages(pages, run_id="bench", ingested_at=now),
    }
    for name, fn in stage_fns.items():
        rows.append((name, len(texts), mb, timed(fn, 3)))

    slow = texts[:n_slow]
    slow_mb = sum(len(t.encode()) for t in slow) / 1e6
    # The cleaning benchmark's convention for text input: one <p> per line.
    htmls = [
        "<html><body>"
        + "".join(f"<p>{_escape(x)}</p>" for x in t.split("\n") if x.strip())
        + "</body></html>"
        for t in slow
    ]
    try:
        import trafilatura

        rows.append(
            (
                "trafilatura.extract per page",
                len(slow),
                slow_mb,
                timed(lambda: [trafilatura.extract(h) for h in htmls]),
            )
        )
    except ImportError:
        print("trafilatura not installed (pip extra 'bench')")
    try:
        import justext

        stoplist = justext.get_stoplist("English")
        rows.append(
            (
                "jusText per page",
                len(slow),
                slow_mb,
                timed(lambda: [justext.justext(h, stoplist) for h in htmls]),
            )
        )
    except ImportError:
        print("justext not installed (pip extra 'bench')")
    return rows


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def report_compare(rows: list[tuple[str, int, float, float]]) -> None:
    print(f"\n== same process, sample\n{'system':<40}{'pages':>7}{'MB':>7}{'s':>8}{'MB/s':>8}{'pages/s':>9}")
    for name, pages, mb, seconds in rows:
        print(f"{name:<40}{pages:>7}{mb:>7.1f}{seconds:>8.2f}{mb / seconds:>8.1f}{pages / seconds:>9.0f}")


# --- Dask -------------------------------------------------------------------------------------------


def dask_runs(corpus: Path, work: Path, worker_counts: list[int], extra: list[str]) -> list[tuple[str, dict]]:
    """The corpus with threads and on local Dask clusters, all against one throw-away Prefect server."""
    results = []
    with prefect_server(work / "prefect") as env:
        results.append(("threads (2), real server", run_newsdesk(corpus, work, extra, env)))
        results.append(
            ("threads (1), real server", run_newsdesk(corpus, work, [*extra, "--threads", "1"], env))
        )
        for n in worker_counts:
            with dask_cluster(n, env, work / f"dask-{n}") as address:
                results.append(
                    (f"dask, {n} worker(s)", run_newsdesk(corpus, work, [*extra, "--dask", address], env))
                )
    return results


def overhead_line(label: str, figures: dict, parallel: int) -> str:
    stages = figures["stages"]
    per_task = (stages["transform"] * parallel - stages["transform_task_sum"]) / figures["batches"]
    return (
        f"{label:<28} {figures['batches']:>5} tasks  transform wall {stages['transform']:7.2f} s  "
        f"task bodies {stages['transform_task_sum']:7.2f} s  overhead/task {per_task * 1000:7.1f} ms"
    )


# --- main -------------------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    from importlib.metadata import version

    names = [
        "polars",
        "duckdb",
        "prefect",
        "pandera",
        "prefect-dask",
        "distributed",
        "trafilatura",
        "justext",
    ]
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except Exception:
            found[name] = "-"
    return found


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )


def append_csv(corpus: Path, label: str, figures: dict) -> None:
    CSV.parent.mkdir(parents=True, exist_ok=True)
    new = not CSV.exists()
    with CSV.open("a", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(
                [
                    "when",
                    "machine",
                    "versions",
                    "corpus",
                    "label",
                    "pages",
                    "mb",
                    "flow_s",
                    "wall_s",
                    "peak_rss_mb",
                    "peak_tree_rss_mb",
                    "stages",
                    "stage_rss_mb",
                ]
            )
        writer.writerow(
            [
                datetime.now(UTC).isoformat(timespec="seconds"),
                machine(),
                json.dumps(versions()),
                corpus.name,
                label,
                figures["pages"],
                figures["mb"],
                figures["flow_s"],
                round(figures["wall_s"], 2),
                round(figures["peak_rss_mb"]),
                round(figures["peak_tree_rss_mb"]),
                json.dumps(figures["stages"]),
                json.dumps(figures.get("stage_rss_mb", {})),
            ]
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, nargs="+")
    parser.add_argument("--no-compare", action="store_true", help="skip the in-process comparison runs")
    parser.add_argument("--compare-only", action="store_true", help="only the in-process comparison runs")
    parser.add_argument("--sample", type=int, default=2000, help="pages for the floor and stage comparison")
    parser.add_argument("--slow-sample", type=int, default=300, help="pages for trafilatura and jusText")
    parser.add_argument("--dask", default=None, help="worker counts for Dask runs, e.g. 1,2")
    parser.add_argument(
        "--overhead",
        action="store_true",
        help="per-task overhead: one thread vs one Dask worker, one page per task",
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="folder for the warehouse (default: a temp dir)"
    )
    parser.add_argument(
        "--newsdesk-args", default="", help='extra "newsdesk run" options, e.g. "--batch-size 1000"'
    )
    args = parser.parse_args(argv)
    extra = shlex.split(args.newsdesk_args)
    print(f"machine: {machine()}\nversions: {versions()}")
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        for corpus in args.corpus:
            if args.overhead:
                with prefect_server(work / "prefect") as env:
                    threads = run_newsdesk(corpus, work, ["--batch-size", "1", "--threads", "1"], env)
                    with dask_cluster(1, env, work / "dask-1") as address:
                        dask = run_newsdesk(corpus, work, ["--batch-size", "1", "--dask", address], env)
                print("\n== per-task overhead (one page per task)")
                print(overhead_line("thread pool, 1 thread", threads, 1))
                print(overhead_line("Dask, 1 worker", dask, 1))
                append_csv(corpus, "overhead threads 1", threads)
                append_csv(corpus, "overhead dask 1", dask)
                continue
            if args.compare_only:
                report_compare(compare(corpus, args.sample, args.slow_sample))
                continue
            figures = run_newsdesk(corpus, work, extra)
            report_run(f"newsdesk run {corpus.name}", figures)
            append_csv(corpus, "newsdesk run", figures)
            if args.dask:
                counts = [int(n) for n in args.dask.split(",")]
                for label, result in dask_runs(corpus, work, counts, extra):
                    report_run(f"{corpus.name}, {label}", result)
                    append_csv(corpus, label, result)
            if not args.no_compare:
                report_compare(compare(corpus, args.sample, args.slow_sample))
    return 0


if __name__ == "__main__":
    sys.exit(main())
