"""Extraction quality on the shared dev sets: entities (ner-dev.jsonl), quotes and dates (wikinews-dev.jsonl).

Scoring follows ../shared/benchmarks/README.md ("How to score"). Usage, from the project root:

    .venv/bin/python -m bench.extraction_quality [--benchmarks ../shared/benchmarks] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from flows.annotate import annotate_text
from flows.dates import find_dates
from flows.entities import find_mentions_batch
from flows.settings import PROJECT_ROOT

TYPE_MAP = {"PERSON": "PER", "ORG": "ORG", "LOC": "LOC"}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "p": round(p, 3), "r": round(r, 3)}


def score_entities(path: Path, errors: list | None = None) -> dict:
    """Exact-match micro P/R/F1 per type and genre."""
    counts: dict[tuple[str, str], Counter] = {}
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    found = find_mentions_batch([doc["text"] for doc in docs])
    for doc, mentions in zip(docs, found, strict=True):
        pred = {(m.start, m.end, TYPE_MAP[m.type]) for m in mentions}
        gold = {(e["start"], e["end"], e["type"]) for e in doc["entities"]}
        for genre in ("all", doc["genre"]):
            for kind in ("all", "PER", "ORG", "LOC"):
                c = counts.setdefault((genre, kind), Counter())

                def keep(x: tuple, kind: str = kind) -> bool:
                    return kind == "all" or x[2] == kind

                c["tp"] += len({x for x in pred & gold if keep(x)})
                c["fp"] += len({x for x in pred - gold if keep(x)})
                c["fn"] += len({x for x in gold - pred if keep(x)})
        if errors is not None:
            errors += [("FP", x[2], doc["text"][x[0] : x[1]]) for x in pred - gold]
            errors += [("FN", x[2], doc["text"][x[0] : x[1]]) for x in gold - pred]
    return {f"{g}/{k}": _prf(c["tp"], c["fp"], c["fn"]) for (g, k), c in sorted(counts.items())}


def _norm(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().casefold()
    text = text.replace("-", " ").strip(" .,;:'\"")
    text = re.sub(r"^the\s+", "", text)
    return " ".join(text.split())


def speaker_right(pred: str | None, gold: dict) -> bool:
    """The README's rule: equal to speaker, its Wikipedia name or an alias; contains the speaker as
    whole words; or, for a person, ends with its last word."""
    p = _norm(pred)
    if not p:
        return False
    names = [_norm(gold["speaker"]), _norm(gold.get("speaker_wikipedia"))] + [
        _norm(a) for a in gold["speaker_aliases"]
    ]
    if p in [n for n in names if n]:
        return True
    speaker = names[0]
    if speaker and re.search(rf"\b{re.escape(speaker)}\b", p):
        return True
    return (
        gold.get("speaker_type") in ("person", "PER", "PERSON")
        and bool(speaker)
        and p.split()[-1] == speaker.split()[-1]
    )


def _pair(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), largest overlap first, overlap >= half the shorter."""
    cands = []
    for i, (ps, pe) in enumerate(pred):
        for j, (gs, ge) in enumerate(gold):
            overlap = min(pe, ge) - max(ps, gs)
            if overlap > 0 and overlap >= 0.5 * min(pe - ps, ge - gs):
                cands.append((overlap, i, j))
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in sorted(cands, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _date_value_ok(pred: dict, gold: dict) -> bool:
    """The value equals the gold's ``when``; for a range or bounds, equals the range (an open end
    written ``..`` as ISO 8601-2 does: notAfter 2012-03 alone is ``../2012-03``) or one of its ends."""
    if "when" in gold:
        return pred["value"] == gold["when"]
    lo, hi = gold.get("from") or gold.get("notBefore"), gold.get("to") or gold.get("notAfter")
    return pred["value"] == f"{lo or '..'}/{hi or '..'}" or pred["value"] in (lo, hi)


def article_date(doc: dict) -> date | None:
    """The article's own date: its dateline (a full date in the first lines), else date_created."""
    head = "\n".join(doc["text"].split("\n")[:3])
    for found in find_dates(head, None):
        if found.date_start is not None and found.precision == "day":
            return found.date_start
    return date.fromisoformat(doc["date_created"]) if doc.get("date_created") else None


def score_wikinews(path: Path, errors: list | None = None) -> dict:
    """Quote P/R/F1, speaker accuracy over paired gold quotes with a named speaker, dates found right."""
    q = Counter()
    d = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        ann = annotate_text(doc["text"], article_date(doc))
        pred = ann["quotes"]
        gold = doc["quotes"]
        pairs = _pair([(p["start"], p["end"]) for p in pred], [(g["start"], g["end"]) for g in gold])
        q["tp"] += len(pairs)
        q["fp"] += len(pred) - len(pairs)
        q["fn"] += len(gold) - len(pairs)
        if errors is not None:
            paired_p, paired_g = {i for i, _ in pairs}, {j for _, j in pairs}
            errors += [("QFP", doc["id"], p["text"][:80]) for i, p in enumerate(pred) if i not in paired_p]
            errors += [("QFN", doc["id"], g["text"][:80]) for j, g in enumerate(gold) if j not in paired_g]
        for i, j in pairs:
            if gold[j]["speaker"] and gold[j]["speaker_named"]:
                q["named"] += 1
                ok = speaker_right(pred[i]["speaker"] or pred[i]["speaker_text"], gold[j])
                q["speaker_ok"] += ok
                if errors is not None and not ok:
                    errors.append(
                        (
                            "SPK",
                            gold[j]["speaker"],
                            pred[i]["speaker"],
                            pred[i]["speaker_text"],
                            gold[j]["text"][:60],
                        )
                    )
        dates = ann["dates"]
        dpairs = dict(
            _pair([(g["start"], g["end"]) for g in doc["dates"]], [(p["start"], p["end"]) for p in dates])
        )
        for gi, g in enumerate(doc["dates"]):
            d["gold"] += 1
            if gi in dpairs and _date_value_ok(dates[dpairs[gi]], g):
                d["ok"] += 1
            elif errors is not None:
                got = dates[dpairs[gi]]["value"] if gi in dpairs else None
                errors.append(("DATE", g["text"], g.get("when") or (g.get("from"), g.get("to")), got))
        d["pred"] += len(dates)
    quotes = _prf(q["tp"], q["fp"], q["fn"])
    quotes["speaker_accuracy"] = round(q["speaker_ok"] / q["named"], 3) if q["named"] else 0.0
    quotes["named_paired"] = q["named"]
    return {
        "quotes": quotes,
        "dates": {"found_right": round(d["ok"] / d["gold"], 3), "gold": d["gold"], "predicted": d["pred"]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=PROJECT_ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--errors", action="store_true", help="also print every error")
    args = parser.parse_args()
    errors: list | None = [] if args.errors else None
    result = {
        "entities": score_entities(args.benchmarks / "ner-dev.jsonl", errors),
        **score_wikinews(args.benchmarks / "wikinews-dev.jsonl", errors),
    }
    print(json.dumps(result, indent=1))
    for err in errors or []:
        print(*err, sep="\t")


if __name__ == "__main__":
    main()
