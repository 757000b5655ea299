"""Deterministic benchmark corpus: realistic news pages recombined from real material, at any size.

Each page is built from a seeded random generator (the same ``--seed`` and page number always give
the same page) out of:

- the chrome (navigation, footers, share and comment prompts) and article bodies of the pages in
  ``../shared/benchmarks/cleaning-dev.jsonl.gz`` (chrome = the lines of ``raw_text`` that are not
  in ``gold_body``);
- the structure of the seed pages: a headline, an optional wire dateline on the lead paragraph
  ("St. Petersburg [Russia], June 28 (ANI):") and wire trailer ("(ANI)"), then related-article
  blocks (publisher, relative age "14 hours ago", "- Publisher", title, teaser body).

Output: a folder of ``.txt`` files (1,000 per sub-folder; exercises the file reader) or JSON Lines
shards ``part-NNNNN.jsonl.gz`` of 10,000 records (``id``, ``url``, ``domain``, ``fetched_at``,
``raw_text``). Pages average ~5 KB, so 1M pages are ~5 GB of text.

    python bench/make_corpus.py --pages 10000 --format jsonl --out bench/out/jsonl-10k
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "benchmarks" / "cleaning-dev.jsonl.gz"
SEEDS = ROOT / "seeds"

#: Records per JSON Lines shard and files per sub-folder.
SHARD_PAGES = 10_000
FOLDER_PAGES = 1_000
#: The fetch time written into every record (and passed as --fetched-at for .txt corpora).
FETCHED_AT = "2025-08-16T12:00:00Z"

PLACES = [
    ("St. Petersburg", "Russia"),
    ("New Delhi", "India"),
    ("Muscat", "Oman"),
    ("Qingdao", "China"),
    ("Geneva", "Switzerland"),
    ("Islamabad", "Pakistan"),
    ("Dubai", "UAE"),
    ("Kathmandu", "Nepal"),
    ("Colombo", "Sri Lanka"),
    ("Washington", "US"),
    ("London", "UK"),
    ("Tokyo", "Japan"),
]
AGENCIES = ["ANI", "PTI", "IANS", "Reuters", "AFP", "AP"]
PUBLISHERS = [
    "Times of Oman",
    "Hindustan Times",
    "The Hindu",
    "Gulf News",
    "Khaleej Times",
    "Arab News",
    "Dawn",
    "The Star",
    "Daily Mirror",
    "India Today",
    "The Print",
    "Deccan Herald",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
AGES = ["{n} hours ago", "{n} minutes ago", "a day ago", "{n} days ago", "an hour ago", "yesterday"]


@dataclass(frozen=True)
class Material:
    """What pages are recombined from: chrome heads and tails, bodies (paragraph lists), titles."""

    heads: list[list[str]]
    tails: list[list[str]]
    bodies: list[list[str]]
    titles: list[str]
    domains: list[str]


def load_material(dev: Path = DEV) -> Material:
    """The dev benchmark pages -> their chrome, bodies and titles; seed pages add their chrome too."""
    heads, tails, bodies, titles, domains = [], [], [], [], []
    with gzip.open(dev, "rt", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            gold = [p.strip() for p in page["gold_body"].split("\n") if p.strip()]
            lines = [x.strip() for x in page["raw_text"].split("\n") if x.strip()]
            in_gold = set(gold)
            positions = [i for i, x in enumerate(lines) if x in in_gold]
            first, last = (positions[0], positions[-1]) if positions else (len(lines), len(lines))
            heads.append([x for x in lines[:first] if len(x) < 120][-25:])
            tails.append([x for x in lines[last + 1 :] if len(x) < 120][:20])
            if len(gold) >= 2:
                bodies.append(gold)
            title = page.get("gold_title") or next(
                (x for x in lines[:first] if 4 <= len(x.split()) <= 16), None
            )
            if title:
                titles.append(title.strip())
            domains.append(page["domain"])
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        tails.append([x for x in text.split("\n") if x.strip() and len(x) < 40])
    return Material(heads, tails, bodies, titles, sorted(set(domains)))


def make_page(material: Material, seed: int, number: int) -> tuple[str, str]:
    """Page ``number`` of corpus ``seed`` -> (domain, text)."""
    rng = random.Random(f"{seed}/{number}")
    body = rng.choice(material.bodies)
    start = rng.randrange(max(1, len(body) - 5))
    paragraphs = body[start : start + rng.randint(5, 20)]
    if rng.random() < 0.4:
        place, country = rng.choice(PLACES)
        agency = rng.choice(AGENCIES)
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
        paragraphs = [f"{place} [{country}], {date} ({agency}): {paragraphs[0]}", *paragraphs[1:]]
        paragraphs[-1] = f"{paragraphs[-1]} ({agency})"
    lines = [*rng.choice(material.heads)[-rng.randint(3, 25) :], rng.choice(material.titles), *paragraphs]
    for _ in range(rng.choice([0, 1, 2, 3, 4, 5])):
        publisher = rng.choice(PUBLISHERS)
        teaser = rng.choice(material.bodies)
        lines += [
            publisher,
            rng.choice(AGES).format(n=rng.randint(2, 23)),
            f"- {publisher}",
            rng.choice(material.titles),
            *teaser[: rng.randint(1, 4)],
        ]
    lines += rng.choice(material.tails)[: rng.randint(2, 20)]
    return rng.choice(material.domains), "\n".join(lines) + "\n"


def write_shard(args: tuple[Path, str, int, int, int]) -> int:
    """Write pages [first, last) as one JSON Lines shard or one folder of .txt files; returns bytes."""
    out, fmt, seed, first, last = args
    material = load_material()
    written = 0
    if fmt == "jsonl":
        target = out / f"part-{first // SHARD_PAGES:05d}.jsonl.gz"
        # mtime=0 and no file name in the gzip header: the same seed gives the same bytes.
        with (
            target.open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0, filename="") as packed,
            io.TextIOWrapper(packed, encoding="utf-8") as handle,
        ):
            for number in range(first, last):
                domain, text = make_page(material, seed, number)
                record = {
                    "id": f"p{number:07d}",
                    "url": f"https://{domain}/story/{number}",
                    "domain": domain,
                    "fetched_at": FETCHED_AT,
                    "raw_text": text,
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += len(text.encode())
    else:
        folder = out / f"{first // FOLDER_PAGES:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(first, last):
            _, text = make_page(material, seed, number)
            data = text.encode()
            (folder / f"page-{number:07d}.txt").write_bytes(data)
            written += len(data)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--format", choices=["txt", "jsonl"], default="jsonl")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2, help="processes writing shards in parallel")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    step = SHARD_PAGES if args.format == "jsonl" else FOLDER_PAGES
    work = [
        (args.out, args.format, args.seed, first, min(first + step, args.pages))
        for first in range(0, args.pages, step)
    ]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        total = sum(pool.map(write_shard, work))
    print(f"{args.pages} pages, {total / 1e6:.1f} MB of text, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
