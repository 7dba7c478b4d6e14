"""The benchmark suite: which benchmarks exist, how big a run is, how figures are printed.

``python -m benchmarks`` runs them all; ``--quick`` is the short run (under 3 minutes on 2 cores),
``--only NAME`` runs one (repeatable), ``--json`` prints machine-readable figures, ``--list`` names
them. Every benchmark generates its inputs offline (fixture pages, a synthetic loopback mirror).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.harness import Figure, NotAvailable, unavailable

logger = logging.getLogger(__name__)


@dataclass
class Scale:
    """How big one run is. ``quick`` keeps the whole suite under 3 minutes on 2 cores."""

    rounds: int  # interleaved A/B rounds of in-process timings
    crawl_rounds: int  # interleaved rounds of the three crawls
    crawl_articles: int  # articles in the throughput mirror
    memory_small: int  # articles in the small memory crawl
    memory_large: int  # articles in the large memory crawl (10x)
    state_articles: int  # articles in the state-store benchmark
    startup_rounds: int
    synthetic_sample: int  # synthetic articles added to the extraction-speed set

    @classmethod
    def for_run(cls, quick: bool, tiny: bool = False) -> Scale:
        if tiny:  # the smoke test: every code path, seconds
            return cls(1, 2, 40, 20, 200, 2_000, 1, 10)
        if quick:
            return cls(3, 1, 300, 60, 600, 100_000, 2, 30)
        return cls(7, 3, 2_400, 2_000, 20_000, 1_000_000, 5, 300)


@dataclass
class Context:
    """What a benchmark gets: the scale, a scratch folder, and a cache shared across benchmarks."""

    scale: Scale
    workdir: Path
    quick: bool = False
    cache: dict[str, Any] = field(default_factory=dict)

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


#: name -> (module in benchmarks/, one-line description)
BENCHMARKS: dict[str, tuple[str, str]] = {
    "extraction": ("benchmarks.extraction", "callback + pipelines vs trafilatura and lxml"),
    "accuracy": ("benchmarks.accuracy", "body F1, titles, dates vs trafilatura and htmldate"),
    "crawl": ("benchmarks.crawl", "offline crawl pages/s vs an empty and a trafilatura spider"),
    "dates": ("benchmarks.dates", "dateparser calls per article, date stage vs dateparser"),
    "memory": ("benchmarks.memory", "peak RSS 10x crawl, state store size and lookups"),
    "startup": ("benchmarks.startup", "scrapy list vs import scrapy"),
    "relevance": ("benchmarks.relevance_figures", "relevance scorer precision/recall"),
    "dedup": ("benchmarks.dedup_figures", "the dedup engineer's benchmark"),
}


def run_one(name: str, ctx: Context) -> list[Figure]:
    module_name, _ = BENCHMARKS[name]
    try:
        module = importlib.import_module(module_name)
        return list(module.run(ctx))
    except NotAvailable as exc:
        return [unavailable(name, name, str(exc))]
    except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
        logger.error("Benchmark %s failed:\n%s", name, traceback.format_exc())
        return [unavailable(name, name, f"failed: {type(exc).__name__}: {exc}")]


def machine() -> dict[str, Any]:
    import os

    import lxml.etree
    import scrapy
    import trafilatura

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "scrapy": scrapy.__version__,
        "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)),
        "trafilatura": trafilatura.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short run (under 3 minutes)")
    parser.add_argument("--tiny", action="store_true", help=argparse.SUPPRESS)  # smoke test
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument("--save", metavar="PATH", help="also write the JSON figures to PATH")
    parser.add_argument("--only", action="append", metavar="NAME", choices=sorted(BENCHMARKS))
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # The spiders' per-article warnings (a fixture without a date …) are what the tests are for.
    logging.getLogger("asnscraper").setLevel(logging.ERROR)
    if args.list:
        for name, (_, text) in BENCHMARKS.items():
            print(f"{name:<12} {text}")
        return 0
    names = args.only or list(BENCHMARKS)
    scale = Scale.for_run(args.quick, args.tiny)
    started = time.perf_counter()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="asnscraper-bench-") as tmp:
        ctx = Context(scale=scale, workdir=Path(tmp), quick=args.quick or args.tiny)
        for name in names:
            t0 = time.perf_counter()
            if not args.json:
                print(f"\n== {name}: {BENCHMARKS[name][1]}", flush=True)
            result = run_one(name, ctx)
            figures.extend(result)
            if not args.json:
                for figure in result:
                    print(figure.line(), flush=True)
                print(f"  ({time.perf_counter() - t0:.1f} s)", flush=True)
    elapsed = time.perf_counter() - started
    mode = "tiny" if args.tiny else "quick" if args.quick else "full"
    payload = {
        "mode": mode,
        "seconds": round(elapsed, 1),
        "machine": machine(),
        "figures": [f.as_dict() for f in figures],
    }
    if args.save:
        Path(args.save).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if args.json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        goals = [f for f in figures if f.met is not None]
        missed = [f for f in goals if not f.met]
        absent = [f for f in figures if not f.available]
        print(
            f"\n{len(goals) - len(missed)}/{len(goals)} goals met, {len(absent)} figure(s) not "
            f"available yet; {elapsed:.0f} s ({mode} run)"
        )
        for figure in missed:
            print(f"  missed: {figure.benchmark}: {figure.name}")
    return 0
