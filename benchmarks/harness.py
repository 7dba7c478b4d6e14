"""What every benchmark shares: figures with goals, A/B interleaved timing, "not available yet".

A benchmark is a function ``run(ctx) -> list[Figure]``. A figure is one number with its unit and,
when the issue sets one, its goal (``>= 3``) and stretch goal; the harness marks it met or missed.
A benchmark whose component is not in the tree yet raises :class:`NotAvailable` (or returns a
figure made by :func:`unavailable`): the run goes on and says so instead of crashing.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda value, goal: value >= goal,
    "<=": lambda value, goal: value <= goal,
    "==": lambda value, goal: value == goal,
}


class NotAvailable(Exception):  # noqa: N818 - reads as a status, not an error
    """The component a benchmark measures is not in the tree yet (the message says which)."""


@dataclass
class Goal:
    """``value OP target``; ``stretch`` is a second, harder target with the same operator."""

    op: str
    target: float
    stretch: float | None = None

    def met(self, value: float) -> bool:
        return OPS[self.op](value, self.target)

    def stretch_met(self, value: float) -> bool | None:
        return None if self.stretch is None else OPS[self.op](value, self.stretch)

    def text(self) -> str:
        extra = f" (stretch {self.op} {_fmt(self.stretch)})" if self.stretch is not None else ""
        return f"{self.op} {_fmt(self.target)}{extra}"


@dataclass
class Figure:
    """One measured number (or a "not available yet" line when ``value`` is None)."""

    benchmark: str
    name: str
    value: float | None
    unit: str = ""
    goal: Goal | None = None
    note: str = ""
    available: bool = True

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        return self.goal.met(self.value)

    @property
    def stretch_met(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        return self.goal.stretch_met(self.value)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["goal"] = None if self.goal is None else self.goal.text()
        data["met"] = self.met
        data["stretch_met"] = self.stretch_met
        return data

    def line(self) -> str:
        if not self.available:
            return f"  {self.name:<52} not available yet ({self.note})"
        value = f"{_fmt(self.value)} {self.unit}".rstrip()
        text = f"  {self.name:<52} {value:>16}"
        if self.goal is not None:
            mark = "met" if self.met else "MISSED"
            if self.stretch_met:
                mark = "met, stretch met"
            text += f"   goal {self.goal.text()}: {mark}"
        if self.note:
            text += f"   [{self.note}]"
        return text


def unavailable(benchmark: str, name: str, reason: str) -> Figure:
    """A figure that could not be measured because a component is missing."""
    return Figure(benchmark, name, None, note=reason, available=False)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 10:
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 0.01:
        return f"{value:.3f}"
    return f"{value:.2g}"


@dataclass
class Timings:
    """Per-contender samples (seconds per round) of an interleaved A/B run."""

    samples: dict[str, list[float]] = field(default_factory=dict)

    def median(self, name: str) -> float:
        return statistics.median(self.samples[name])

    def ratio(self, slower: str, faster: str) -> float:
        """How many times ``faster``'s median is below ``slower``'s."""
        return self.median(slower) / self.median(faster)


def interleaved(
    contenders: dict[str, Callable[[], Any]],
    rounds: int,
    warmup: int = 1,
    setup: dict[str, Callable[[], Any]] | None = None,
) -> Timings:
    """Time each contender once per round, rotating who goes first, after ``warmup`` rounds.

    Interleaving spreads machine noise (other processes on 2 shared cores) over all contenders
    instead of letting it land on one of them. ``setup[name]`` runs before each of that
    contender's samples, untimed; the garbage collector runs between samples, not inside them.
    """
    setup = setup or {}
    names = list(contenders)
    timings = Timings({name: [] for name in names})
    for round_no in range(warmup + rounds):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            if name in setup:
                setup[name]()
            gc.collect()
            started = time.perf_counter()
            contenders[name]()
            elapsed = time.perf_counter() - started
            if round_no >= warmup:
                timings.samples[name].append(elapsed)
    return timings


def rotate(items: list[Any], round_no: int) -> Iterable[Any]:
    """``items`` starting at a different one each round (for interleaving slow runs)."""
    shift = round_no % len(items) if items else 0
    return items[shift:] + items[:shift]
