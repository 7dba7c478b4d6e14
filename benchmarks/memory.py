"""5. Memory: peak RSS of a 10x larger mirror crawl, and the state store at scale.

Crawl: asnscraper's full crawl (benchmarks/crawl_worker.py, fresh process each) of a synthetic
mirror of ``memory_small`` and of ``memory_large`` (10x) articles; the goal is a peak RSS ratio of
at most 1.2, i.e. memory that does not grow with the size of the site.

State store: ``state_articles`` articles recorded through ``asnscraper/state.py`` (the dedup
engineer's API), then its size on disk and lookups per second for known and unknown URLs.
"""

from __future__ import annotations

import importlib
import inspect
import random
import time
from pathlib import Path
from typing import Any

from benchmarks.crawl import crawl_once, crawlable_spiders
from benchmarks.harness import Figure, Goal, NotAvailable, unavailable
from benchmarks.server import ServedSite
from benchmarks.suite import Context

NAME = "memory"


def crawl_figures(ctx: Context) -> list[Figure]:
    spiders = crawlable_spiders()
    if not spiders:
        raise NotAvailable("no spider has a synthetic-site adapter (benchmarks/synth.py)")
    spider = spiders[0]
    small, large = ctx.scale.memory_small, ctx.scale.memory_large
    peaks: dict[int, dict[str, Any]] = {}
    for size in (small, large):
        with ServedSite(spider, size, ctx.workdir) as served:
            peaks[size] = crawl_once("asnscraper", spider, served, ctx.workdir, f"mem{size}")
    ratio = peaks[large]["max_rss_mb"] / peaks[small]["max_rss_mb"]
    return [
        Figure(
            NAME,
            f"{spider}: peak RSS, {small:,}-article crawl",
            peaks[small]["max_rss_mb"],
            "MB",
            note=f"{peaks[small]['pages']} pages",
        ),
        Figure(
            NAME,
            f"{spider}: peak RSS, {large:,}-article crawl",
            peaks[large]["max_rss_mb"],
            "MB",
            note=f"{peaks[large]['pages']} pages, {peaks[large]['seconds']:.0f} s",
        ),
        Figure(
            NAME,
            f"{spider}: peak RSS ratio {large // small}x articles",
            ratio,
            "x",
            Goal("<=", 1.2),
        ),
    ]


def _state_api() -> Any:
    try:
        module = importlib.import_module("asnscraper.state")
    except ModuleNotFoundError as exc:
        raise NotAvailable("asnscraper/state.py not in the tree") from exc
    return module


def state_figures(ctx: Context) -> list[Figure]:
    """Fill a state store through its public API; size on disk and lookups per second."""
    module = _state_api()
    store_cls = getattr(module, "StateStore", None)
    if store_cls is None:
        raise NotAvailable("asnscraper/state.py has no StateStore")
    adapter = StateAdapter(store_cls, ctx.workdir / "state-bench.sqlite3")
    count = ctx.scale.state_articles
    started = time.perf_counter()
    adapter.fill(count)
    fill_seconds = time.perf_counter() - started
    size_mb = adapter.size_bytes() / 1e6
    rng = random.Random(7)
    probes = 20_000 if not ctx.quick else 5_000
    known = [adapter.url(rng.randrange(count)) for _ in range(probes)]
    unknown = [adapter.url(count + rng.randrange(count)) for _ in range(probes)]
    started = time.perf_counter()
    hits = sum(adapter.known(u) for u in known)
    misses = sum(adapter.known(u) for u in unknown)
    lookups = (2 * probes) / (time.perf_counter() - started)
    adapter.close()
    if hits != probes or misses:
        note = f"WRONG ANSWERS: {hits}/{probes} known found, {misses} unknown found"
    else:
        note = f"{probes:,} known + {probes:,} unknown URLs, all answered right"
    return [
        Figure(
            NAME,
            f"state store: {count:,} articles recorded",
            fill_seconds,
            "s",
            note=f"{count / fill_seconds:,.0f} articles/s",
        ),
        Figure(
            NAME,
            "state store: size on disk",
            size_mb,
            "MB",
            note=f"{size_mb * 1e6 / count:.0f} bytes per article",
        ),
        Figure(NAME, "state store: lookups per second", lookups, "lookups/s", note=note),
    ]


class StateAdapter:
    """Drives ``StateStore`` through the methods it offers (recording and lookup by URL)."""

    RECORD = ("record", "remember", "add", "upsert", "put")
    LOOKUP = ("knows", "known", "has", "contains", "seen", "get")

    def __init__(self, store_cls: Any, path: Path) -> None:
        self.path = path
        self.store = store_cls(str(path)) if _takes_path(store_cls) else store_cls()
        self._record = self._method(self.RECORD)
        self._lookup = self._method(self.LOOKUP)

    def _method(self, names: tuple[str, ...]) -> Any:
        for name in names:
            method = getattr(self.store, name, None)
            if callable(method):
                return method
        raise NotAvailable(f"StateStore has none of {', '.join(names)}")

    @staticmethod
    def url(number: int) -> str:
        return f"https://pagaralampos.disway.id/politik/read/{number}/berita-nomor-{number}"

    def fill(self, count: int) -> None:
        for number in range(count):
            self._record(self.url(number))

    def known(self, url: str) -> bool:
        return bool(self._lookup(url))

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))

    def close(self) -> None:
        close = getattr(self.store, "close", None)
        if callable(close):
            close()


def _takes_path(cls: Any) -> bool:
    try:
        return bool(inspect.signature(cls).parameters)
    except (TypeError, ValueError):
        return False


def run(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    for part, build in (("crawl", crawl_figures), ("state store", state_figures)):
        try:
            figures += build(ctx)
        except NotAvailable as exc:
            figures.append(unavailable(NAME, part, str(exc)))
    return figures
