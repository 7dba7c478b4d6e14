"""4. Dates: dateparser calls per article, and the date stage against plain dateparser.

Strings: the raw dates every spider reads from its saved article fixtures and from synthetic
articles (``published_at_raw``, ``modified_at``), plus every date format SITES.md shows for the
two sites, generated over a spread of days and times (Disway meta, visible and RSS forms,
WordPress ISO and long forms, the e-paper's English month abbreviations). Figures: dateparser
calls per article through ``NormalizeDatesPipeline`` (goal at most 1), calls on the sites' own
formats (goal 0), and ``asnscraper.parsing.dates.parse_datetime`` against
``dateparser.parse(s, languages=["id"])`` on the same strings, interleaved (goal 20x faster).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import random
from email.utils import format_datetime
from typing import Any

from scrapy.exceptions import DropItem

from benchmarks.articles import Extractor
from benchmarks.extraction import article_inputs
from benchmarks.harness import Figure, Goal, NotAvailable, interleaved
from benchmarks.suite import Context
from benchmarks.synth import HARI

NAME = "dates"
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def site_formats(count: int, seed: int = 11) -> list[str]:
    """Date strings in every format the two sites show (SITES.md), over varied instants."""
    rng = random.Random(seed)
    wib = dt.timezone(dt.timedelta(hours=7))
    out = []
    for _ in range(count):
        when = dt.datetime(2023, 1, 1, tzinfo=wib) + dt.timedelta(minutes=rng.randrange(10**6))
        hari = HARI[when.weekday()]
        out += [
            when.strftime("%Y-%m-%d %H:%M:%S"),  # Disway meta pubdate / dataLayer
            f"{hari} {when:%d-%m-%Y,%H:%M} WIB",  # Disway post-info
            format_datetime(when),  # RSS pubDate
            when.isoformat(),  # WordPress article:published_time / JSON-LD
            f"{hari}, {when.day} {BULAN[when.month - 1]} {when.year}",  # WordPress theme date
            f"{hari} {when.day} {MONTH_ABBR[when.month - 1]} {when.year} - {when:%H:%M} WIB",
        ]
    return out


def raw_items(ctx: Context) -> list[tuple[Extractor, Any]]:
    """(extractor, raw item) of every fixture and synthetic article, before any pipeline."""
    return [
        (extractor, item)
        for extractor, first, site in article_inputs(ctx)
        for item in extractor.callback_items(first, site, [])
    ]


def run(ctx: Context) -> list[Figure]:
    try:
        dates = importlib.import_module("asnscraper.parsing.dates")
    except ModuleNotFoundError as exc:
        raise NotAvailable("asnscraper/parsing/dates.py not in the tree") from exc
    import dateparser

    items = raw_items(ctx)
    page_strings = [
        s
        for _, item in items
        for s in (item.published_at_raw, item.modified_at)
        if isinstance(s, str) and s.strip()
    ]
    formats = site_formats(20 if ctx.quick else 100)
    figures: list[Figure] = []

    before = dates.dateparser_calls()
    for text in formats:
        dates.parse_datetime(text)
    format_calls = dates.dateparser_calls() - before
    figures.append(
        Figure(
            NAME,
            "dateparser calls on the sites' own formats",
            format_calls,
            "",
            Goal("<=", 0),
            note=f"{len(formats)} strings in 6 formats",
        )
    )

    pipeline_cls = _pipeline()
    if pipeline_cls is None:
        figures.append(
            Figure(
                NAME,
                "dateparser calls per article (pipeline)",
                None,
                available=False,
                note="NormalizeDatesPipeline not in the tree",
            )
        )
    else:
        per_article = []
        for extractor, item in items:
            pipeline = pipeline_cls.from_crawler(extractor.spider.crawler)
            before = dates.dateparser_calls()
            with contextlib.suppress(DropItem):  # a drop (no date) still counts its calls
                pipeline.process_item(item)
            per_article.append(dates.dateparser_calls() - before)
        figures += [
            Figure(
                NAME,
                "dateparser calls per article, worst",
                max(per_article),
                "",
                Goal("<=", 1),
                note=f"{len(per_article)} articles",
            ),
            Figure(
                NAME, "dateparser calls per article, mean", sum(per_article) / len(per_article), ""
            ),
        ]

    strings = page_strings + formats
    timings = interleaved(
        {
            "asnscraper": lambda: [dates.parse_datetime(s) for s in strings],
            "dateparser": lambda: [dateparser.parse(s, languages=["id"]) for s in strings],
        },
        rounds=ctx.scale.rounds,
    )
    per = {k: timings.median(k) / len(strings) * 1e6 for k in timings.samples}
    figures += [
        Figure(
            NAME,
            "date stage (parse_datetime) per string",
            per["asnscraper"],
            "µs",
            note=f"{len(strings)} strings ({len(page_strings)} from pages)",
        ),
        Figure(NAME, 'dateparser.parse(s, languages=["id"]) per string', per["dateparser"], "µs"),
        Figure(
            NAME,
            "date stage speed vs dateparser (x faster)",
            timings.ratio("dateparser", "asnscraper"),
            "x",
            Goal(">=", 20),
        ),
    ]
    return figures


def _pipeline() -> Any:
    try:
        module = importlib.import_module("asnscraper.pipelines.normalize_dates")
    except ModuleNotFoundError:
        return None
    return getattr(module, "NormalizeDatesPipeline", None)
