"""The relevance scorer's precision and recall (benchmarks/relevance.py) as suite figures."""

from __future__ import annotations

from benchmarks.harness import Figure
from benchmarks.relevance import evaluate
from benchmarks.suite import Context

NAME = "relevance"


def run(ctx: Context) -> list[Figure]:
    result = evaluate(repeat=3 if ctx.quick else 20)
    figures = []
    for split in ("test", "all", "blind", "blind2"):
        if split not in result:  # a blind file that does not exist (yet)
            continue
        m = result[split]
        note = f"n={m['n']} tp={m['tp']} fp={m['fp']} fn={m['fn']} tn={m['tn']}"
        figures += [
            Figure(NAME, f"{split}: precision", m["precision"], "", note=note),
            Figure(NAME, f"{split}: recall", m["recall"], ""),
            Figure(NAME, f"{split}: F1", m["f1"], ""),
        ]
    figures.append(
        Figure(NAME, "scoring time per article", result["microseconds_per_article"], "µs")
    )
    return figures
