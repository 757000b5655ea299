"""Cleaning quality on the dev split: runs ``newsdesk main-text`` and scores it (4-gram shingles).

    python bench/cleaning_quality.py [--data ../shared/benchmarks/cleaning-dev.jsonl.gz]

Scoring, as ``../shared/benchmarks/README.md`` describes it and as the scrapinghub benchmark does it:
per page, output and gold body become ``\\w+`` tokens (case kept) and the sets of their overlapping
4-token shingles; precision and recall come from the overlap of the two sets (a text of fewer than
4 tokens has no shingle and counts as empty). Precision is averaged
over pages with a non-empty output, recall over all pages (a missing or empty output has recall 0),
and F1 is the harmonic mean of the two averages. Printed overall, per source, and for the pages
whose gold body is mostly non-ASCII letters ("non-English").
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from flows.cli import run_main_text
from flows.settings import PROJECT_ROOT

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "benchmarks" / "cleaning-dev.jsonl.gz"
TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def page_scores(output: str, gold: str) -> tuple[float | None, float]:
    """(precision or None for an empty output, recall) of one page."""
    got, want = shingles(output), shingles(gold)
    if not got:
        return None, 0.0
    overlap = len(got & want)
    return overlap / len(got), (overlap / len(want) if want else 0.0)


def summarise(rows: list[tuple[float | None, float]]) -> dict[str, float]:
    precisions = [p for p, _ in rows if p is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(r for _, r in rows) / len(rows) if rows else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"n": len(rows), "p": p, "r": r, "f1": f1, "empty": len(rows) - len(precisions)}


ENGLISH_WORDS = {"the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "was", "on"}
OTHER_WORDS = {  # frequent function words of the other languages seen on news sites
    "de", "la", "que", "el", "los", "las", "da", "do", "das", "dos", "para", "com", "não", "uma",
    "um", "der", "die", "und", "ist", "nicht", "le", "les", "et", "des", "est", "une", "il", "di",
    "che", "per", "non", "het", "een", "и", "в", "на", "не", "что", "с",
}


def is_non_english(text: str) -> bool:
    """Mostly non-ASCII letters, or more foreign than English function words: a non-English body."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if sum(c.isascii() for c in letters) / len(letters) < 0.5:
        return True
    words = TOKEN.findall(text.lower())
    return sum(w in OTHER_WORDS for w in words) > sum(w in ENGLISH_WORDS for w in words)


def load_gold(path: Path) -> list[dict]:
    """The benchmark's pages (JSON Lines, plain or .gz)."""
    with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def extract_outputs(path: Path) -> tuple[dict[str, str], float, float]:
    """``newsdesk main-text`` over the benchmark file -> ({id: text}, wall seconds, CPU seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "main-text.jsonl"
        start, cpu_start = time.perf_counter(), time.process_time()
        run_main_text(path, out_path, batch_size=500)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
        outputs = {
            row["id"]: row["text"] for row in map(json.loads, out_path.read_text("utf-8").splitlines())
        }
    return outputs, seconds, cpu_seconds


def score_groups(gold: list[dict], outputs: dict[str, str]) -> dict[str, dict[str, float]]:
    """Pages and outputs -> summary (n, p, r, f1, empty) per part: overall, each source, non-English."""
    scored = {g["id"]: page_scores(outputs.get(g["id"]) or "", g["gold_body"]) for g in gold}
    groups = {"overall": list(gold)}
    for source in sorted({g["source"] for g in gold}):
        groups[source] = [g for g in gold if g["source"] == source]
    groups["non-English"] = [g for g in gold if is_non_english(g["gold_body"])]
    return {name: summarise([scored[g["id"]] for g in pages]) for name, pages in groups.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark JSON Lines (.gz)")
    parser.add_argument("--show-worst", type=int, default=0, help="also list the N lowest-F1 pages")
    args = parser.parse_args(argv)
    gold = load_gold(args.data)
    outputs, seconds, cpu_seconds = extract_outputs(args.data)
    scored = {g["id"]: page_scores(outputs.get(g["id"]) or "", g["gold_body"]) for g in gold}

    print(f"{'part':<12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'empty':>5}")
    for name, s in score_groups(gold, outputs).items():
        print(f"{name:<12} {s['n']:>5} {s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} {s['empty']:>5}")
    print(
        f"pages per second: {len(gold) / seconds:.0f} wall clock ({seconds:.2f} s), "
        f"{len(gold) / cpu_seconds:.0f} per CPU-second ({cpu_seconds:.2f} s, all threads)"
    )
    if args.show_worst:

        def f1(pr):
            p, r = pr
            return 0.0 if not p or not r else 2 * p * r / (p + r)

        for g in sorted(gold, key=lambda g: f1(scored[g["id"]]))[: args.show_worst]:
            p, r = scored[g["id"]]
            print(
                f"  {g['id'][:24]:<24} {g['domain'][:28]:<28} P={p if p is None else round(p, 3)} R={r:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
