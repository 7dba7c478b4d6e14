"""5. Memory: peak RSS of a 10x larger mirror crawl, and the state store at scale.

Crawl: asnscraper's full crawl (benchmarks/crawl_worker.py, fresh process each) of a synthetic
mirror of ``memory_small`` and of ``memory_large`` (10x) articles; the goal is a peak RSS ratio of
at most 1.2, i.e. memory that does not grow with the size of the site.

State store: ``state_articles`` articles recorded through ``asnscraper/state.py`` (the dedup
engineer's API: ``StateStore``, ``RunStage``, ``ArticleRecord``, ``deliver``), then its size on
disk, ``known()`` lookups per second for known and unknown keys, and the time and memory a run
pays to open the store and make its first near-duplicate lookup (the story index stays on disk).
"""

from __future__ import annotations

import importlib
import logging
import random
import time
from typing import Any

from benchmarks.crawl import crawl_once, crawlable_spiders
from benchmarks.harness import Figure, Goal, NotAvailable, unavailable
from benchmarks.server import ServedSite
from benchmarks.suite import Context

NAME = "memory"
logger = logging.getLogger(__name__)


def crawl_figures(ctx: Context) -> list[Figure]:
    spiders = crawlable_spiders()
    if not spiders:
        raise NotAvailable("no spider has a synthetic-site adapter (benchmarks/synth.py)")
    small, large = ctx.scale.memory_small, ctx.scale.memory_large
    figures = []
    for spider in spiders:
        peaks: dict[int, dict[str, Any]] = {}
        for size in (small, large):
            with ServedSite(spider, size, ctx.workdir) as served:
                peaks[size] = crawl_once(
                    "asnscraper", spider, served, ctx.workdir, f"{spider}-mem{size}"
                )
        ratio = peaks[large]["max_rss_mb"] / peaks[small]["max_rss_mb"]
        figures += [
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
    return figures


def _signatures(first: int, count: int) -> list[bytes]:
    """Signatures of ``count`` unrelated articles: random MinHash values (distinct, as a real
    store's are; a real signature costs 0.1 ms, too much a million times)."""
    import numpy as np

    values = np.random.default_rng(first).integers(0, 2**32, (count, 64), dtype=np.uint32)
    return [row.astype("<u4").tobytes() for row in values]


def _probe() -> Any:
    """The signature of a new synthetic body (what a run looks up)."""
    from asnscraper.parsing.fingerprint import normalize_body, signature_values
    from benchmarks.synth import EXTRA_SENTENCES

    rng = random.Random(3)
    text = " ".join(rng.choice(EXTRA_SENTENCES).format(n=rng.randint(1, 999)) for _ in range(30))
    return signature_values(normalize_body(text))


def key_of(number: int) -> str:
    return f"pagaralampos.disway.id/{number}"


def state_figures(ctx: Context) -> list[Figure]:
    """Fill a state store through its API in runs of 10,000; size, lookups, index load."""
    try:
        state = importlib.import_module("asnscraper.state")
    except ModuleNotFoundError as exc:
        raise NotAvailable("asnscraper/state.py not in the tree") from exc
    count = ctx.scale.state_articles
    path = ctx.workdir / "state-bench.sqlite3"
    started = time.perf_counter()
    store = state.StateStore.connect(path)
    try:
        batch = 10_000
        for first in range(0, count, batch):
            run = state.RunStage(spider="pagaralampos")
            signatures = _signatures(first, batch)
            for number in range(first, min(first + batch, count)):
                key = key_of(number)
                run.records[key] = state.ArticleRecord(
                    key=key,
                    source="pagaralampos",
                    canonical_url=f"https://pagaralampos.disway.id/politik/read/{number}/berita",
                    content_hash=f"{number:064x}",
                    story_id=f"story-{number}",
                    duplicate_of=None,
                    revision=1,
                    signature=signatures[number - first],
                )
                run.emitted.add(key)
            store.deliver([run])
        fill_seconds = time.perf_counter() - started
        size_mb = store.size_on_disk() / 1e6
        rng = random.Random(7)
        probes = 5_000 if ctx.quick else 20_000
        known = [key_of(rng.randrange(count)) for _ in range(probes)]
        unknown = [key_of(count + rng.randrange(count)) for _ in range(probes)]
        started = time.perf_counter()
        hits = sum(store.known(k) for k in known)
        misses = sum(store.known(k) for k in unknown)
        lookups = 2 * probes / (time.perf_counter() - started)
    finally:
        store.close()
    probe = _probe()
    rss_before = _rss_mb()
    started = time.perf_counter()
    with state.StateStore.open(path) as store:
        matches = store.story_matches(probe)
        index_seconds = time.perf_counter() - started
        index_mb = _rss_mb() - rss_before
    if hits != probes or misses:
        note = f"WRONG ANSWERS: {hits}/{probes} known found, {misses} unknown found"
    else:
        note = f"{probes:,} known + {probes:,} unknown keys, all answered right"
    return [
        Figure(
            NAME,
            f"state store: {count:,} articles recorded",
            fill_seconds,
            "s",
            note=f"{count / fill_seconds:,.0f} articles/s, runs of 10,000",
        ),
        Figure(
            NAME,
            "state store: size on disk",
            size_mb,
            "MB",
            note=f"{size_mb * 1e6 / count:.0f} bytes per article",
        ),
        Figure(NAME, "state store: known() lookups per second", lookups, "lookups/s", note=note),
        Figure(
            NAME,
            "state store: open + first near-duplicate lookup",
            index_seconds,
            "s",
            note=f"{len(matches)} match(es), {index_mb:+.1f} MB RSS",
        ),
    ]


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def run(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    for part, build in (("crawl", crawl_figures), ("state store", state_figures)):
        try:
            figures += build(ctx)
        except NotAvailable as exc:
            figures.append(unavailable(NAME, part, str(exc)))
        except Exception as exc:  # noqa: BLE001 - report the other part anyway
            logger.exception("memory benchmark, %s part failed", part)
            figures.append(unavailable(NAME, part, f"failed: {type(exc).__name__}: {exc}"))
    return figures
