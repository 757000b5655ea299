"""Duplicates and stories benchmark: detection quality on generated copies, and link cost against a warehouse.

    python -m bench.dedup quality [--originals 300] [--copies 1] [--runs 1] [--key-rows N]
    python -m bench.dedup speed [--existing 10000 100000] [--new 1000] [--keep DIR]

``quality`` builds originals, copies of known kinds and same-topic non-copies, links them in one
batch, and prints pair precision and recall of ``articles.duplicate_of`` per kind. ``speed`` fills a
DuckDB warehouse (in a temporary folder) with N indexed articles, then times linking 1,000 new
pages (10% of them reprints of warehouse articles) inside a rolled-back transaction: the LSH
lookup joins and the polars maths. Each run appends a row to bench/out/dedup_<command>.csv.
``--keep DIR`` keeps each filled warehouse in DIR (with the generator state the new pages need) and
reuses it on later runs, so a lookup change can be timed without refilling 100k articles; a kept
warehouse is upgraded by the DDL files as any warehouse is.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import json
import platform
import random
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from flows import load, load_stories, stories
from flows.transform import transform_pages
from tests.stories_helpers import link_alone, page_text, pages_of

FETCHED_AT = datetime(2025, 8, 16, 12, 0, tzinfo=UTC)
OUT_DIR = Path(__file__).resolve().parent / "out"
SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]


class Corpus:
    """Made-up articles from a fixed vocabulary (Zipf-like word frequencies, as in real text)."""

    def __init__(self, seed: int, vocabulary: int = 40_000) -> None:
        self.rng = random.Random(seed)
        words = {"".join(self.rng.choices(SYLLABLES, k=self.rng.randint(2, 4))) for _ in range(vocabulary)}
        self.words = sorted(words)
        self.cum_weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(self.words))))

    def paragraphs(self, n: int = 6, words: int = 45, topic: list[str] | None = None) -> list[str]:
        out = []
        for _ in range(n):
            picked = self.rng.choices(self.words, cum_weights=self.cum_weights, k=words)
            for i, term in enumerate(topic or []):
                picked[(i * 7) % words] = term
            out.append(" ".join(picked).capitalize() + ".")
        return out

    def edit(self, paragraphs: list[str], rate: float) -> list[str]:
        """Replace a share of the words, as a copy editor's changes would."""
        edited = []
        for p in paragraphs:
            words = p.split()
            for i in range(len(words)):
                if self.rng.random() < rate:
                    words[i] = self.rng.choice(self.words)
            edited.append(" ".join(words))
        return edited


COPY_KINDS = {
    "exact": lambda c, p: p,
    "new_headline": lambda c, p: p,
    "reordered": lambda c, p: p[3:] + p[:3],
    "trimmed_half": lambda c, p: p[:3],
    "edited_2pct": lambda c, p: c.edit(p, 0.02),
    "edited_5pct": lambda c, p: c.edit(p, 0.05),
}


def quality(n_originals: int, copies: int = 1, runs: int = 1) -> dict[str, float]:
    """Precision and recall of ``duplicate_of``. ``runs`` 1: everything linked in one batch, no
    warehouse. More: the originals loaded first, then the copies (``copies`` per original, kinds in
    turn) and the same-topic articles spread over the later runs, each a real load into a DuckDB
    file, so that later runs find earlier ones through the stored band index."""
    corpus = Corpus(1)
    texts, group, run_of = {}, {}, {}
    for i in range(n_originals):
        topic = corpus.rng.sample(corpus.words[:200], 6)
        body = corpus.paragraphs(topic=topic)
        texts[f"o{i:05d}.txt"] = page_text(f"Original {i}", body)
        group[f"o{i:05d}.txt"], run_of[f"o{i:05d}.txt"] = i, 0
        for j in range(copies):
            kind = list(COPY_KINDS)[(i + j) % len(COPY_KINDS)]
            name = f"c{i:05d}_{j:02d}_{kind}.txt" if copies > 1 else f"c{i:05d}_{kind}.txt"
            texts[name] = page_text(
                f"Copy {i}" if kind == "new_headline" else f"Original {i}", COPY_KINDS[kind](corpus, body)
            )
            group[name], run_of[name] = i, 1 + j % max(runs - 1, 1)
        # same topic, different text: must not be a duplicate
        texts[f"s{i:05d}.txt"] = page_text(f"Also about {i}", corpus.paragraphs(topic=topic))
        group[f"s{i:05d}.txt"], run_of[f"s{i:05d}.txt"] = -1 - i, 1 + i % max(runs - 1, 1)
    started = time.perf_counter()
    if runs == 1:
        batch = transform_pages(pages_of(texts, FETCHED_AT), run_id="bench", ingested_at=FETCHED_AT)
        started = time.perf_counter()
        linked = link_alone(batch)
        found = linked.articles.join(batch.pages.select("page_id", "source_path"), on="page_id")
    else:
        found = _load_in_runs(texts, run_of, runs)
    seconds = time.perf_counter() - started
    truth = pl.DataFrame({"source_path": list(group), "group": list(group.values())})
    articles = found.join(truth, on="source_path").with_columns(
        pl.coalesce("duplicate_of", "article_id").alias("root")
    )
    # a flagged article is right when its original comes from the same source text
    ids = articles.select("article_id", pl.col("group").alias("root_group"))
    flagged = articles.filter(pl.col("duplicate_of").is_not_null()).join(
        ids.rename({"article_id": "duplicate_of"}), on="duplicate_of"
    )
    precision = flagged.filter(pl.col("group") == pl.col("root_group")).height / max(flagged.height, 1)
    # a copy is found when it and its original end with the same earliest-seen root (either may be it)
    originals = articles.filter(pl.col("source_path").str.starts_with("o")).select(
        "group", pl.col("root").alias("o_root")
    )
    found_copies = (
        articles.filter(pl.col("source_path").str.starts_with("c"))
        .join(originals, on="group")
        .with_columns(
            (pl.col("root") == pl.col("o_root")).alias("hit"),
            pl.col("source_path").str.extract(r"^c\d+_(?:\d+_)?(.+)\.txt$").alias("kind"),
        )
    )
    recall = found_copies["hit"].mean()
    print(
        f"{articles.height} articles ({n_originals} originals, {found_copies.height} copies,"
        f" {n_originals} same-topic) in {runs} run(s); band key rows {stories.MAX_ROWS_PER_BAND_KEY}"
    )
    print(f"duplicate_of: precision {precision:.3f}, recall {recall:.3f}; linked in {seconds:.2f} s")
    for kind, rec in found_copies.group_by("kind").agg(pl.col("hit").mean()).sort("kind").iter_rows():
        print(f"  recall {kind:<13} {rec:.3f}")
    return {
        "precision": precision,
        "recall": recall,
        "seconds": seconds,
        "copies": copies,
        "runs": runs,
        "key_rows": stories.MAX_ROWS_PER_BAND_KEY,
    }


def _load_in_runs(texts: dict[str, str], run_of: dict[str, int], runs: int) -> pl.DataFrame:
    """Load the pages run by run into a fresh DuckDB file -> (article_id, duplicate_of, source_path)."""
    from tests.test_warehouse import load_batch

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "quality.duckdb"
        for run in range(runs):
            fetched_at = FETCHED_AT + timedelta(hours=run)
            part = {name: text for name, text in texts.items() if run_of[name] == run}
            batch = transform_pages(pages_of(part, fetched_at), run_id=f"q{run}", ingested_at=fetched_at)
            load_batch(db, batch, f"q{run}")
        with load.connect(db, read_only=True) as con:
            for table in ("article_bands", "paragraph_bands"):
                rows, full, most = con.execute(
                    f"select sum(n), count(*) filter (n >= ?), max(n) "  # noqa: S608 (a fixed table name)
                    f"from (select count(*) as n from {table} group by band, bucket)",
                    [stories.MAX_ROWS_PER_BAND_KEY],
                ).fetchone()
                print(f"{table}: {rows:,} rows, {full:,} keys full, at most {most} rows per key")
            return con.sql(
                "select article_id, duplicate_of, source_path from articles join pages using (page_id)"
            ).pl()


def _existing_batch(corpus: Corpus, start: int, n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    texts = {
        f"e{start + i:07d}.txt": page_text(f"Existing {start + i}", corpus.paragraphs()) for i in range(n)
    }
    batch = transform_pages(pages_of(texts, FETCHED_AT), run_id="fill", ingested_at=FETCHED_AT)
    return batch.pages, batch.tables()


def fill_warehouse(con: duckdb.DuckDBPyConnection, corpus: Corpus, n: int, chunk: int = 5_000) -> list[str]:
    """Insert n indexed articles (no story linking among them: only the index matters for the lookup)."""
    bodies = []
    for start in range(0, n, chunk):
        pages, tables = _existing_batch(corpus, start, min(chunk, n - start))
        # banded as a run would band them: terms common in the warehouse so far (and this chunk) left out
        index = load_stories.index_staged(con, tables["articles"], tables["paragraphs"])
        articles = tables["articles"].with_columns(
            pl.lit(None, dtype=pl.String).alias("duplicate_of"),
            pl.col("article_id").alias("origin_article_id"),
            pl.lit(True).alias("is_original"),
            pl.format("story-{}", "article_id").alias("story_id"),
        )
        paragraphs = tables["paragraphs"].with_columns(
            stories.paragraph_ids(), pl.lit(None, dtype=pl.String).alias("duplicate_of")
        )
        staged = {
            "pages": pages,
            "articles": articles,
            "paragraphs": paragraphs,
            "article_bands": index.article_bands,
            "paragraph_bands": index.paragraph_bands.with_columns(pl.lit(True).alias("is_root")),
            "article_features": stories.article_features(tables["articles"], index),
        }
        for name, frame in staged.items():
            con.register(f"staged_{name}", frame.to_arrow())
            con.execute(load.sql(f"load/insert_{name}"))
            con.unregister(f"staged_{name}")
        load_stories.count_terms(con, index.article_terms)
        bodies.extend(tables["articles"]["body"].head(200).to_list())
    return bodies


def _reset_peak_rss() -> None:
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM); elsewhere a no-op."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss_mb() -> float:
    """Peak resident memory of this process in MB since the last reset (since start without one)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clear_replaced(con: duckdb.DuckDBPyConnection, pages: pl.DataFrame) -> None:
    """Run the load's deletes for the batch's files, as ``load.load_batches`` does before linking: the
    lookups then see the band tables as a load sees them, with this transaction's (empty) deletes.
    DuckDB plans some joins differently for a table the transaction has changed (it builds no Bloom
    filter for its scan), so a bench without them would time a plan a load never gets."""
    con.register("staged_pages", pages.select("source_path").to_arrow())
    for name in load.DELETES:
        con.execute(load.sql(f"load/{name}"))
    con.unregister("staged_pages")


def _candidates(con: duckdb.DuckDBPyConnection, staged: dict[str, pl.DataFrame]) -> tuple[int, int, float]:
    """(candidate pairs of a new article and a warehouse article, warehouse articles read, CPU seconds
    of the DuckDB lookups and reads alone) of one lookup."""
    con.begin()
    _clear_replaced(con, staged["pages"])
    index = load_stories.index_staged(con, staged["articles"], staged["paragraphs"])
    cpu = time.process_time()
    matched = load_stories.match_batch(con, staged["articles"], staged["paragraphs"], index=index)
    lookup_cpu = time.process_time() - cpu
    con.rollback()
    owner = stories.OWNER
    by_terms = matched.known_article_pairs.select(
        pl.col("staged_article_id").alias("article_id"), pl.col("article_id").alias("article_id_known")
    )
    by_paragraphs = matched.known_paragraph_pairs.select(
        pl.col("staged_paragraph_id").str.replace(owner, "").alias("article_id"),
        pl.col("paragraph_id").str.replace(owner, "").alias("article_id_known"),
    )
    pairs = pl.concat([by_terms, by_paragraphs]).unique()
    return pairs.height, matched.known_articles.height, lookup_cpu


def _filled_warehouse(con: duckdb.DuckDBPyConnection, corpus: Corpus, n: int, state: Path) -> dict:
    """Fill the warehouse (or reuse the fill ``state`` describes): the reprint bodies, the fill's
    figures, and ``corpus`` advanced as the fill left it."""
    if state.exists():
        kept = json.loads(state.read_text())
        version, internal, gauss = kept.pop("rng")
        corpus.rng.setstate((version, tuple(internal), gauss))
        return kept
    started = time.perf_counter()
    bodies = fill_warehouse(con, corpus, n)
    kept = {"bodies": bodies, "fill_seconds": time.perf_counter() - started, "fill_rss": _peak_rss_mb()}
    state.write_text(json.dumps({**kept, "rng": corpus.rng.getstate()}))
    return kept


def speed(existing: list[int], n_new: int, keep: Path | None = None) -> list[dict]:
    results = []
    for n in existing:
        with contextlib.ExitStack() as stack:
            folder = keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
            folder.mkdir(parents=True, exist_ok=True)
            db = folder / f"dedup_{n}.duckdb"
            state = folder / f"dedup_{n}.json"
            if not state.exists():
                db.unlink(missing_ok=True)
            corpus = Corpus(2)
            with load.connect(db) as con:
                load.apply_ddl(con)
                fill = _filled_warehouse(con, corpus, n, state)
                bodies, fill_seconds, fill_rss = fill["bodies"], fill["fill_seconds"], fill["fill_rss"]
                texts = {}
                for i in range(n_new):
                    if i % 10 == 0:  # a reprint of a warehouse article
                        texts[f"n{i:06d}.txt"] = page_text(
                            f"Reprint {i}", bodies[i % len(bodies)].split("\n\n")
                        )
                    else:
                        texts[f"n{i:06d}.txt"] = page_text(f"New {i}", corpus.paragraphs())
                batch = transform_pages(pages_of(texts, FETCHED_AT), run_id="new", ingested_at=FETCHED_AT)
                staged = {**batch.tables(), "runs": pl.DataFrame({"run_id": ["bench"]})}
                _reset_peak_rss()
                timings = []
                for _ in range(3):
                    con.begin()
                    _clear_replaced(con, staged["pages"])
                    clock, cpu = time.perf_counter(), time.process_time()
                    linked = load_stories.link_staged(con, staged)
                    timings.append((time.perf_counter() - clock, time.process_time() - cpu))
                    con.rollback()
                link_rss = _peak_rss_mb()
                n_pairs, n_read, lookup_cpu = _candidates(con, staged)
                n_dups = linked["articles"]["duplicate_of"].is_not_null().sum()
            best, best_cpu = min(timings)
            row = {
                "existing": n,
                "new_pages": n_new,
                "seconds": round(best, 3),
                "per_1000_pages": round(best * 1000 / n_new, 3),
                "cpu_per_1000_pages": round(best_cpu * 1000 / n_new, 3),
                "lookup_cpu_per_1000_pages": round(lookup_cpu * 1000 / n_new, 3),
                "candidates_per_page": round(n_pairs / n_new, 2),
                "read_per_page": round(n_read / n_new, 2),
                "link_peak_rss_mb": round(link_rss),
                "fill_peak_rss_mb": round(fill_rss),
                "fill_seconds": round(fill_seconds, 1),
                "reprints_found": int(n_dups),
                "reprints_planted": n_new // 10,
            }
            print(
                f"{n:>7} existing: link {n_new} new pages in {best:.2f} s, {best_cpu:.2f} s CPU (best of 3;"
                f" {row['per_1000_pages']:.2f} s per 1,000; DuckDB lookups {lookup_cpu:.2f} s CPU),"
                f" {row['candidates_per_page']} candidate pairs and"
                f" {row['read_per_page']} warehouse articles read per page, peak RSS {link_rss:.0f} MB,"
                f" reprints found {n_dups}/{n_new // 10}; fill {fill_seconds:.0f} s"
            )
            results.append(row)
    return results


def _log(kind: str, row: dict) -> None:
    out = OUT_DIR / f"dedup_{kind}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    new_file = not out.exists()
    fields = ["when", "kind", "polars", "duckdb", "machine", "python", *row]
    with out.open("a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        if new_file:
            writer.writeheader()
        writer.writerow(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "kind": kind,
                "polars": pl.__version__,
                "duckdb": duckdb.__version__,
                "machine": platform.machine(),
                "python": platform.python_version(),
                **row,
            }
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quality")
    q.add_argument("--originals", type=int, default=300)
    q.add_argument("--copies", type=int, default=1, help="copies of each original")
    q.add_argument("--runs", type=int, default=1, help="loads into a DuckDB file (1: one link pass, no warehouse)")
    q.add_argument("--key-rows", type=int, help="override stories.MAX_ROWS_PER_BAND_KEY")
    s = sub.add_parser("speed")
    s.add_argument("--existing", type=int, nargs="+", default=[10_000, 100_000])
    s.add_argument("--new", type=int, default=1_000)
    s.add_argument("--keep", type=Path, help="folder to keep filled warehouses in and reuse them from")
    args = parser.parse_args()
    if args.command == "quality":
        if args.key_rows is not None:
            stories.MAX_ROWS_PER_BAND_KEY = args.key_rows
        _log("quality", quality(args.originals, args.copies, args.runs))
    else:
        for row in speed(args.existing, args.new, args.keep):
            _log("speed", row)


if __name__ == "__main__":
    main()
