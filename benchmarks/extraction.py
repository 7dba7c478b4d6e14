"""1. Extraction speed per page: asnscraper vs trafilatura vs the lxml parse floor, same bytes.

asnscraper = a Response built from the bytes, the spider's ``parse_article`` (following a
multi-page article's later pages) and every configured pipeline. trafilatura =
``trafilatura.extract(html, fast=True)`` on each of those pages; floor = ``lxml.html.fromstring``
on each. Inputs: every saved article fixture plus a sample of synthetic articles built from the
fixture templates (benchmarks/synth.py). The three run interleaved, ``rounds`` times; medians.
"""

from __future__ import annotations

import lxml.html
import trafilatura

from asnscraper.mirror import path_key
from benchmarks.articles import Extractor, SavedPage, article_files, fixture_pages, fixture_spiders
from benchmarks.harness import Figure, Goal, NotAvailable, interleaved
from benchmarks.suite import Context
from benchmarks.synth import synthetic_site

NAME = "extraction"


def article_set(ctx: Context) -> list[tuple[Extractor, SavedPage, dict[str, SavedPage], list]]:
    """(extractor, first page, site, pages read) for every fixture and sampled synthetic article."""
    out = []
    for spider in fixture_spiders():
        extractor = Extractor(spider)
        site = fixture_pages(spider)
        firsts = [site[path_key(url)] for _, url in article_files(spider)]
        synthetic = synthetic_site(ctx, spider, ctx.scale.synthetic_sample)
        if synthetic is not None:
            firsts += [synthetic.pages[key] for key in synthetic.article_keys]
            site = {**site, **synthetic.pages}
        for first in firsts:
            result = extractor.extract(first, site)
            out.append((extractor, first, site, result.pages))
    return out


def run(ctx: Context) -> list[Figure]:
    articles = article_set(ctx)
    if not articles:
        raise NotAvailable("no spider with article fixtures")
    extractors = list(dict.fromkeys(a[0] for a in articles))
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

    def fresh_state() -> None:
        for extractor in extractors:
            extractor.reset()

    timings = interleaved(
        {"asnscraper": ours, "callback": callback_only, "trafilatura": peer, "lxml": floor},
        rounds=ctx.scale.rounds,
        setup={"asnscraper": fresh_state},
    )
    per_page = {name: timings.median(name) / len(pages) * 1e3 for name in timings.samples}
    missing = sorted({m for e in extractors for m in e.missing})
    note = f"{len(articles)} articles, {len(pages)} pages, {ctx.scale.rounds} rounds"
    coverage = f"pipelines missing: {', '.join(missing)}" if missing else "all pipelines"
    return [
        Figure(
            NAME,
            "asnscraper callback + pipelines per page",
            per_page["asnscraper"],
            "ms",
            note=f"{note}; {coverage}",
        ),
        Figure(NAME, "  of which spider callback", per_page["callback"], "ms"),
        Figure(NAME, "trafilatura.extract(fast=True) per page", per_page["trafilatura"], "ms"),
        Figure(NAME, "lxml.html.fromstring per page (parse floor)", per_page["lxml"], "ms"),
        Figure(
            NAME,
            "speed vs trafilatura (x faster)",
            timings.ratio("trafilatura", "asnscraper"),
            "x",
            Goal(">=", 3, 8),
        ),
        Figure(
            NAME,
            "cost vs parse floor (x the floor)",
            timings.ratio("asnscraper", "lxml"),
            "x",
            Goal("<=", 3, 2),
        ),
    ]
