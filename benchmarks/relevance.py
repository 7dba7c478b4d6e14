"""Relevance scorer against the hand-labelled texts in fixtures/relevance/labelled.jsonl.

Run ``python -m benchmarks.relevance``: prints precision, recall, F1, the confusion counts and
the misclassified ids per split (``dev`` was used for tuning, ``test`` was not), plus the mean
scoring time per article. ``evaluate()`` returns the same figures as a dict for other harnesses.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from asnscraper.parsing.relevance import THRESHOLD, score

LABELLED = Path(__file__).resolve().parent.parent / "fixtures" / "relevance" / "labelled.jsonl"


def load_labelled(path: Path = LABELLED) -> list[dict[str, Any]]:
    """The labelled records ``{id, split, relevant, kind, title, body, note}``."""
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


def evaluate(path: Path = LABELLED, repeat: int = 20) -> dict[str, Any]:
    """Score every labelled text; metrics for ``all``, ``dev`` and ``test`` plus timing."""
    records = load_labelled(path)
    scores = {r["id"]: score(r["title"], r["body"]) for r in records}
    predicted = {rid: result["is_relevant"] for rid, result in scores.items()}
    started = time.perf_counter()
    for _ in range(repeat):
        for record in records:
            score(record["title"], record["body"])
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {
        "threshold": THRESHOLD,
        "microseconds_per_article": round(elapsed / (repeat * len(records)) * 1e6, 1),
        "scores": {rid: s["score"] for rid, s in scores.items()},
    }
    for split in ("all", "dev", "test"):
        chosen = [r for r in records if split == "all" or r.get("split") == split]
        result[split] = metrics(chosen, predicted)
    return result


def main() -> None:
    result = evaluate()
    print(f"relevance scorer, threshold {result['threshold']}, labelled set {LABELLED.name}")
    for split in ("dev", "test", "all"):
        m = result[split]
        print(
            f"{split:>4}: n={m['n']:3d} precision={m['precision']:.3f} recall={m['recall']:.3f} "
            f"f1={m['f1']:.3f}  tp={m['tp']} fp={m['fp']} fn={m['fn']} tn={m['tn']}"
        )
        for label, ids in (
            ("false positives", m["false_positives"]),
            ("false negatives", m["false_negatives"]),
        ):
            for rid in ids:
                print(f"      {label}: {rid} (score {result['scores'][rid]})")
    print(f"time: {result['microseconds_per_article']} µs per article")


if __name__ == "__main__":
    main()
