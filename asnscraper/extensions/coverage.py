"""Layout-change detection: per-spider field coverage checked when the spider closes.

A site that changes its template rarely breaks a crawl: selectors quietly find less. This
extension counts, over every article the spider produced (emitted or dropped by a pipeline),
the share that has a title, a published_at, a body of at least ``ASNSCRAPER_COVERAGE_BODY_CHARS``
characters, authors and a section, and the share the generic fallback extractor had to read
(``parser == "fallback"``). It also reads the spiders' listing counters
(``asnscraper/<platform>/listing/pages`` and ``…/listing/entries``: article links per listing
page) and the share of fetches that failed or were not pages (errors after retries, blocks,
walls, empty 200s; pages gone with 404/410 do not count: healthy sites have them too).

Each share is compared with its threshold (``ASNSCRAPER_COVERAGE_*`` settings; a spider can set
its own in ``custom_settings``). A breach logs one WARNING naming the spider, the field and the
numbers, and is stored in the stats as ``asnscraper/coverage/problems`` (a list of messages),
which the run summary turns into problems (``scrapy crawlall`` then exits 1). Field shares are
judged only from ``ASNSCRAPER_COVERAGE_MIN_ITEMS`` articles on; the shares themselves are
always stored as ``asnscraper/coverage/<field>``.

Why not spidermon: its field coverage counts scraped items only, so a redesign whose articles
are all dropped by validation shows as "no items" instead of naming the missing field; its
monitors are unittest suites with extra dependencies, for what is one threshold table here.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from asnscraper.middlewares.failures import GONE
from asnscraper.middlewares.failures import STATS_PREFIX as FAILURES_PREFIX

logger = logging.getLogger(__name__)

PROBLEMS_KEY = "asnscraper/coverage/problems"


@dataclass(frozen=True)
class Check:
    """One coverage check: the item field (or measure), its setting and how it is judged."""

    name: str
    label: str
    setting: str
    at_most: bool = False


CHECKS = (
    Check("title", "a title", "ASNSCRAPER_COVERAGE_TITLE"),
    Check("published_at", "a published_at date", "ASNSCRAPER_COVERAGE_PUBLISHED_AT"),
    Check("body", "a body of {body_chars}+ characters", "ASNSCRAPER_COVERAGE_BODY"),
    Check("authors", "authors", "ASNSCRAPER_COVERAGE_AUTHORS"),
    Check("section", "a section", "ASNSCRAPER_COVERAGE_SECTION"),
    Check(
        "fallback",
        "needed the generic fallback extractor",
        "ASNSCRAPER_COVERAGE_MAX_FALLBACK",
        at_most=True,
    ),
)


def _has(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def item_marks(item: Any, body_chars: int) -> set[str]:
    """The coverage checks an item passes (``fallback`` when the fallback extractor made it)."""
    adapter = ItemAdapter(item)
    marks = {
        name for name in ("title", "published_at", "authors", "section") if _has(adapter.get(name))
    }
    body = adapter.get("body")
    if isinstance(body, str) and len(body.strip()) >= body_chars:
        marks.add("body")
    if adapter.get("parser") == "fallback":
        marks.add("fallback")
    return marks


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def _sum(stats: Mapping[str, Any], prefix: str, suffix: str = "") -> int:
    return sum(
        int(v)
        for k, v in stats.items()
        if k.startswith(prefix) and k.endswith(suffix) and isinstance(v, int | float)
    )


def coverage_problems(
    spider: str, counts: Mapping[str, int], items: int, stats: Mapping[str, Any], settings: Any
) -> tuple[dict[str, float], list[str]]:
    """Shares measured and the breach messages for one spider (pure; settings is a getter)."""
    shares: dict[str, float] = {}
    problems: list[str] = []
    body_chars = int(settings.getint("ASNSCRAPER_COVERAGE_BODY_CHARS", 200))
    min_items = int(settings.getint("ASNSCRAPER_COVERAGE_MIN_ITEMS", 5))
    for check in CHECKS:
        if not items:
            continue
        got = counts.get(check.name, 0)
        share = got / items
        shares[check.name] = round(share, 3)
        limit = settings.getfloat(check.setting, 0.0)
        breached = share > limit if check.at_most else share < limit
        if items >= min_items and breached:
            label = check.label.format(body_chars=body_chars)
            bound = "at most" if check.at_most else "at least"
            verb = "" if check.at_most else "have "
            problems.append(
                f"layout check failed for {spider}: {got} of {items} articles {verb}{label} "
                f"({_pct(got, items)}), expected {bound} {limit:.0%} [{check.setting}]"
            )
    pages = _sum(stats, "asnscraper/", "/listing/pages")
    entries = _sum(stats, "asnscraper/", "/listing/entries")
    if pages:
        average = entries / pages
        shares["listing_entries"] = round(average, 2)
        least = settings.getfloat("ASNSCRAPER_COVERAGE_MIN_LISTING_ENTRIES", 1.0)
        if average < least:
            problems.append(
                f"layout check failed for {spider}: listing pages show {average:.1f} article "
                f"links on average ({entries} on {pages} pages), expected at least {least:g} "
                "[ASNSCRAPER_COVERAGE_MIN_LISTING_ENTRIES]"
            )
    # Pages gone (404/410) happen on healthy sites; errors, blocks, walls and empty pages do not.
    errors = _sum(stats, FAILURES_PREFIX)
    no_response = errors - _sum(stats, f"{FAILURES_PREFIX}http_")
    gone = sum(int(stats.get(f"{FAILURES_PREFIX}{kind}", 0) or 0) for kind in GONE)
    failed = errors - gone + _sum(stats, "asnscraper/pages/dropped/")
    attempts = int(stats.get("response_received_count", 0) or 0) + no_response - gone
    if attempts:
        share = failed / attempts
        shares["failed"] = round(share, 3)
        most = settings.getfloat("ASNSCRAPER_COVERAGE_MAX_FAILED_SHARE", 0.5)
        if failed and share > most:
            problems.append(
                f"site check failed for {spider}: {failed} of {attempts} fetches failed or were "
                f"not pages ({_pct(failed, attempts)}), expected at most {most:.0%} "
                "[ASNSCRAPER_COVERAGE_MAX_FAILED_SHARE]"
            )
    return shares, problems


class FieldCoverageExtension:
    """Counts item fields as items leave the pipelines; judges coverage at spider close."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings: BaseSettings = crawler.settings
        self.body_chars = self.settings.getint("ASNSCRAPER_COVERAGE_BODY_CHARS", 200)
        self.counts: Counter[str] = Counter()
        self.items = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ASNSCRAPER_COVERAGE_ENABLED", True):
            raise NotConfigured
        extension = cls(crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(extension.item_done, signal=signal)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_done(self, item: Any, **kwargs: Any) -> None:
        self.items += 1
        self.counts.update(item_marks(item, self.body_chars))

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        shares, problems = coverage_problems(
            spider.name, self.counts, self.items, stats.get_stats(), self.settings
        )
        stats.set_value("asnscraper/coverage/items", self.items)
        for name, share in shares.items():
            stats.set_value(f"asnscraper/coverage/{name}", share)
        if problems:
            stats.set_value(PROBLEMS_KEY, problems)
        for problem in problems:
            logger.warning(problem)
