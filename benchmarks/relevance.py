"""Relevance scorer against the hand-labelled texts in fixtures/relevance/.

Run ``python -m benchmarks.relevance``: prints precision, recall, F1 and the confusion counts
per set (``labelled.jsonl`` split into ``dev`` and ``test``, ``blind.jsonl``, and
``blind2.jsonl`` when it exists), the misclassified ids with their scores (not for
``blind2``, the held-out set of the final measurement: only its figures are printed), the mean
scoring time per article and the time per word on one long page. ``evaluate()`` returns the
same figures as a dict for other harnesses.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from asnscraper.parsing.relevance import THRESHOLD, score

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "relevance"
LABELLED = FIXTURES / "labelled.jsonl"
BLIND = FIXTURES / "blind.jsonl"
BLIND2 = FIXTURES / "blind2.jsonl"
HELD_OUT = frozenset({"blind2"})
"""Sets whose misclassified ids are never printed (figures only)."""
LONG_PAGE_ARTICLES = 40
"""How many labelled bodies are joined into the long page timed per word."""


def load_labelled(path: Path = LABELLED) -> list[dict[str, Any]]:
    """The labelled records ``{id, relevant, kind, title, body, note, ...}`` of one file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def metrics(records: list[dict[str, Any]], predicted: dict[str, bool]) -> dict[str, Any]:
    """Precision, recall, F1, confusion counts and misclassified ids of ``predicted``."""
    tp = fp = fn = tn = 0
    false_positives: list[str] = []
    false_negatives: list[str] = []
    for record in records:
        gold, guess = bool(record["relevant"]), predicted[record["id"]]
        if gold and guess:
            tp += 1
        elif guess:
            fp += 1
            false_positives.append(record["id"])
        elif gold:
            fn += 1
            false_negatives.append(record["id"])
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(records),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "false_positives": false_positives,
        "false_negatives": false_negatives,
    }


def _timing(records: list[dict[str, Any]], repeat: int) -> dict[str, float]:
    """Mean µs per article over ``records``, and µs per word on one long page built from them."""
    started = time.perf_counter()
    for _ in range(repeat):
        for record in records:
            score(record["title"], record["body"])
    per_article = (time.perf_counter() - started) / (repeat * len(records))
    page = "\n\n".join(r["body"] for r in records[:LONG_PAGE_ARTICLES])
    words = len(page.split())
    started = time.perf_counter()
    score(records[0]["title"], page)
    per_word = (time.perf_counter() - started) / max(1, words)
    return {
        "microseconds_per_article": round(per_article * 1e6, 1),
        "long_page_words": words,
        "long_page_microseconds_per_word": round(per_word * 1e6, 2),
    }


def evaluate(
    path: Path | None = None,
    repeat: int = 20,
    blind: Path | None = None,
    blind2: Path | None = None,
) -> dict[str, Any]:
    """Score every text; metrics for ``all``, ``dev`` and ``test`` of the labelled file, for
    ``blind`` and ``blind2`` when those files exist; plus timing and every score.

    Paths default to the module's ``LABELLED``, ``BLIND`` and ``BLIND2``.
    """
    sets: dict[str, list[dict[str, Any]]] = {"labelled": load_labelled(path or LABELLED)}
    for name, extra in (("blind", blind or BLIND), ("blind2", blind2 or BLIND2)):
        if extra.exists():
            sets[name] = load_labelled(extra)
    scores = {
        (name, r["id"]): score(r["title"], r["body"]) for name, rs in sets.items() for r in rs
    }
    predicted = {key: result["is_relevant"] for key, result in scores.items()}
    timed = [r for name, rs in sets.items() if name not in HELD_OUT for r in rs]
    result: dict[str, Any] = {
        "threshold": THRESHOLD,
        **_timing(timed, repeat),
        "scores": {rid: s["score"] for (name, rid), s in scores.items() if name not in HELD_OUT},
        "sets": [],
    }
    labelled = sets["labelled"]
    for split in ("dev", "test", "all"):
        chosen = [r for r in labelled if split == "all" or r.get("split") == split]
        own = {r["id"]: predicted["labelled", r["id"]] for r in chosen}
        result[split] = metrics(chosen, own)
        result["sets"].append(split)
    for name in ("blind", "blind2"):
        if name in sets:
            own = {r["id"]: predicted[name, r["id"]] for r in sets[name]}
            result[name] = metrics(sets[name], own)
            result["sets"].append(name)
    return result


def main() -> None:
    result = evaluate()
    print(f"relevance scorer, threshold {result['threshold']}")
    labels = {"dev": "labelled dev", "test": "labelled test", "all": "labelled all"}
    for name in result["sets"]:
        m = result[name]
        print(
            f"{labels.get(name, name):>13}: n={m['n']:3d} precision={m['precision']:.3f} "
            f"recall={m['recall']:.3f} f1={m['f1']:.3f}  tp={m['tp']} fp={m['fp']} "
            f"fn={m['fn']} tn={m['tn']}"
        )
        if name in HELD_OUT:
            print("               (held out: misclassified ids not printed)")
            continue
        for label, ids in (
            ("false positives", m["false_positives"]),
            ("false negatives", m["false_negatives"]),
        ):
            for rid in ids:
                print(f"      {label}: {rid} (score {result['scores'][rid]})")
    print(
        f"time: {result['microseconds_per_article']} µs per article; "
        f"{result['long_page_microseconds_per_word']} µs per word on a "
        f"{result['long_page_words']}-word page"
    )


if __name__ == "__main__":
    main()
