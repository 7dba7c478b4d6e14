"""The dedup engineer's benchmark (benchmarks/dedup.py) called from the suite.

It is theirs to write; this adapter turns whatever ``evaluate()`` returns (a dict of numbers,
nested one level at most) into figures, and says "not available yet" while the module is absent.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from benchmarks.harness import Figure, NotAvailable
from benchmarks.suite import Context

NAME = "dedup"


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, float]]:
    out = []
    for key, value in data.items():
        if isinstance(value, bool | int | float):
            out.append((prefix + key, float(value)))
        elif isinstance(value, dict) and not prefix:
            out += _flatten(value, f"{key}: ")
    return out


def run(ctx: Context) -> list[Figure]:
    try:
        module = importlib.import_module("benchmarks.dedup")
    except ModuleNotFoundError as exc:
        raise NotAvailable("benchmarks/dedup.py not in the tree") from exc
    evaluate = getattr(module, "evaluate", None)
    if evaluate is None:
        raise NotAvailable("benchmarks/dedup.py has no evaluate()")
    params = inspect.signature(evaluate).parameters
    kwargs = {"quick": ctx.quick} if "quick" in params else {}
    result = evaluate(**kwargs)
    if not isinstance(result, dict):
        raise NotAvailable("benchmarks/dedup.py evaluate() returned no dict")
    return [Figure(NAME, key, value) for key, value in _flatten(result)]
