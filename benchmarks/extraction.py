"""1. Extraction speed per page: asnscraper vs trafilatura vs the lxml parse floor, same bytes.

asnscraper = a Response built from the bytes, the spider's ``parse_article`` (following a
multi-page article's later pages) and every configured pipeline. trafilatura =
``trafilatura.extract(html, fast=True)`` on each of those pages; floor = ``lxml.html.fromstring``
on each. Inputs: every saved article fixture plus a sample of synthetic articles built from the
fixture templates (benchmarks/synth.py). The three run interleaved, ``rounds`` times; medians.
Before each asnscraper sample the spider and pipelines are rebuilt (untimed), as at the start of
a crawl: a spider that remembers what it emitted would otherwise skip its repeats.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from typing import Any

import lxml.html
import trafilatura
from scrapy.exceptions import DropItem

from asnscraper.mirror import path_key
from benchmarks.articles import Extractor, SavedPage, article_files, fixture_pages, fixture_spiders
from benchmarks.harness import Figure, Goal, NotAvailable, interleaved
from benchmarks.suite import Context
from benchmarks.synth import synthetic_site

NAME = "extraction"


def article_inputs(ctx: Context) -> Iterator[tuple[Extractor, SavedPage, dict[str, SavedPage]]]:
    """(extractor, first page, site) for every fixture and sampled synthetic article."""
    for spider in fixture_spiders():
        extractor = Extractor(spider)
        site = fixture_pages(spider)
        firsts = [site[path_key(url)] for _, url in article_files(spider)]
        synthetic = synthetic_site(ctx, spider, ctx.scale.synthetic_sample)
        if synthetic is not None:
            firsts += [synthetic.pages[key] for key in synthetic.article_keys]
            site = {**site, **synthetic.pages}
        for first in firsts:
            yield extractor, first, site


def article_set(ctx: Context) -> list[tuple[Extractor, SavedPage, dict[str, SavedPage], list]]:
    """(extractor, first page, site, pages read) for every fixture and sampled synthetic article."""
    return [
        (extractor, first, site, extractor.extract(first, site).pages)
        for extractor, first, site in article_inputs(ctx)
    ]


def contenders(articles: list) -> dict[str, Any]:
    """The four timed loops over one set of articles."""
    pages = [page for *_, read in articles for page in read]

    def ours() -> None:
        for extractor, first, site, _ in articles:
            extractor.extract(first, site)

    def callback_only() -> None:
        for extractor, first, site, _ in articles:
            for _ in extractor.callback_items(first, site, []):
                pass

    def peer() -> None:
        for page in pages:
            trafilatura.extract(page.body, fast=True)

    def floor() -> None:
        for page in pages:
            lxml.html.fromstring(page.body)

    return {"asnscraper": ours, "callback": callback_only, "trafilatura": peer, "lxml": floor}


def stage_contenders(articles: list) -> tuple[dict[str, Any], dict[str, Any], int]:
    """One timed loop per pipeline (its own inputs, copied untimed before each sample), their
    setups, and the number of articles. Pipelines are rebuilt before each sample (fresh dedup
    state, as in :func:`contenders`)."""
    extractors = list({id(entry[0]): entry[0] for entry in articles}.values())
    for extractor in extractors:
        extractor.reset()
    inputs: dict[str, list[tuple[Extractor, int, Any]]] = {}
    for extractor, first, site, _ in articles:
        for index, item in extractor.stage_items(first, site):
            name = type(extractor.pipelines[index]).__name__
            inputs.setdefault(name, []).append((extractor, index, item))
    timed: dict[str, Any] = {}
    setup: dict[str, Any] = {}
    for name, entries in inputs.items():
        copies: list[Any] = []

        def prepare(entries: list = entries, copies: list = copies) -> None:
            for extractor in extractors:
                extractor.reset()
            copies[:] = [copy.deepcopy(item) for *_, item in entries]

        def loop(entries: list = entries, copies: list = copies) -> None:
            for (extractor, index, _), item in zip(entries, copies, strict=True):
                with contextlib.suppress(DropItem):
                    extractor.pipelines[index].process_item(item)

        timed[f"stage:{name}"], setup[f"stage:{name}"] = loop, prepare
    return timed, setup, len(articles)


def run(ctx: Context) -> list[Figure]:
    articles = article_set(ctx)
    if not articles:
        raise NotAvailable("no spider with article fixtures")
    by_spider: dict[str, list] = {}
    for entry in articles:
        by_spider.setdefault(entry[0].spider_name, []).append(entry)
    timed: dict[str, Any] = {}
    setup: dict[str, Any] = {}
    for spider, group in by_spider.items():
        for kind, loop in contenders(group).items():
            timed[f"{kind}:{spider}"] = loop
        setup[f"asnscraper:{spider}"] = setup[f"callback:{spider}"] = group[0][0].reset
    stage_timed, stage_setup, stage_articles = stage_contenders(articles)
    timed.update(stage_timed)
    setup.update(stage_setup)
    timings = interleaved(timed, rounds=ctx.scale.rounds, setup=setup)
    pages = {spider: sum(len(read) for *_, read in group) for spider, group in by_spider.items()}
    total_pages = sum(pages.values())

    def total(kind: str) -> float:
        return sum(timings.median(f"{kind}:{spider}") for spider in by_spider)

    def per_page(kind: str, spider: str | None = None) -> float:
        if spider is None:
            return total(kind) / total_pages * 1e3
        return timings.median(f"{kind}:{spider}") / pages[spider] * 1e3

    extractors = [group[0][0] for group in by_spider.values()]
    missing = sorted({m for e in extractors for m in e.missing})
    coverage = f"pipelines missing: {', '.join(missing)}" if missing else "all pipelines"
    note = f"{len(articles)} articles, {total_pages} pages, {ctx.scale.rounds} rounds; {coverage}"
    figures = [
        Figure(
            NAME,
            "asnscraper callback + pipelines per page",
            per_page("asnscraper"),
            "ms",
            note=note,
        ),
        Figure(NAME, "  of which spider callback", per_page("callback"), "ms"),
        Figure(NAME, "trafilatura.extract(fast=True) per page", per_page("trafilatura"), "ms"),
        Figure(NAME, "lxml.html.fromstring per page (parse floor)", per_page("lxml"), "ms"),
        Figure(
            NAME,
            "speed vs trafilatura (x faster)",
            total("trafilatura") / total("asnscraper"),
            "x",
            Goal(">=", 3, 8),
        ),
        Figure(
            NAME,
            "cost vs parse floor (x the floor)",
            total("asnscraper") / total("lxml"),
            "x",
            Goal("<=", 3, 2),
        ),
    ]
    stages = {key.split(":", 1)[1]: timings.median(key) for key in stage_timed}
    figures.append(
        Figure(
            NAME,
            "pipelines per article (each timed alone)",
            sum(stages.values()) / stage_articles * 1e3,
            "ms",
            note=f"{stage_articles} articles; a pipeline's inputs are what the one before gave",
        )
    )
    before_dedup = sum(v for k, v in stages.items() if not k.startswith("Deduplicate"))
    figures.append(
        Figure(
            NAME,
            "  of which the pipelines before deduplication",
            before_dedup / stage_articles * 1e3,
            "ms",
        )
    )
    for name, seconds in stages.items():
        figures.append(Figure(NAME, f"    {name}", seconds / stage_articles * 1e3, "ms"))
    for spider, group in by_spider.items():
        ours, peer = per_page("asnscraper", spider), per_page("trafilatura", spider)
        figures.append(
            Figure(
                NAME,
                f"  {spider}: asnscraper / trafilatura / floor per page",
                ours,
                "ms",
                note=f"{peer:.2f} / {per_page('lxml', spider):.2f} ms; callback "
                f"{per_page('callback', spider):.2f} ms; {len(group)} articles, "
                f"{pages[spider]} pages; {peer / ours:.2f}x faster than trafilatura",
            )
        )
    return figures
