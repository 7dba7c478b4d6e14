"""Running several spiders in one process and summarizing each run from its stats.

Used by ``scrapy crawlall`` (scheduled crawls) and ``scrapy demo`` (the offline demo).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DROP_KEY_PREFIX = "asnscraper/"
DROP_KEY_INFIX = "/dropped/"
FAILED_KEY_PREFIX = "asnscraper/errors/"
COVERAGE_PROBLEMS_KEY = "asnscraper/coverage/problems"


@dataclass
class SpiderSummary:
    """What one spider did in one run (numbers read from its stats)."""

    spider: str
    finish_reason: str = ""
    pages_fetched: int = 0
    articles_found: int = 0
    emitted: int = 0
    relevant: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    failed: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def _int(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def summarize(spider: str, stats: Mapping[str, Any]) -> SpiderSummary:
    """A SpiderSummary from a crawler's final stats."""
    dropped: dict[str, int] = {}
    for key, value in stats.items():
        if key.startswith(DROP_KEY_PREFIX) and DROP_KEY_INFIX in key:
            reason = key.split(DROP_KEY_INFIX, 1)[1]
            dropped[reason] = dropped.get(reason, 0) + int(value)
    emitted = _int(stats, "item_scraped_count")
    duplicates = sum(
        dropped.get(r, 0) for r in ("duplicate_url", "duplicate_content", "near_duplicate")
    )
    duplicates += _int(stats, "asnscraper/dedup/near_duplicate_marked")
    return SpiderSummary(
        spider=spider,
        finish_reason=str(stats.get("finish_reason", "")),
        pages_fetched=_int(stats, "response_received_count"),
        articles_found=emitted + _int(stats, "item_dropped_count"),
        emitted=emitted,
        relevant=_int(stats, "asnscraper/relevance/relevant"),
        new=_int(stats, "asnscraper/dedup/new"),
        updated=_int(stats, "asnscraper/dedup/updated"),
        unchanged=dropped.get("unchanged", 0),
        duplicates=duplicates,
        dropped=dict(sorted(dropped.items())),
        errors=_int(stats, "log_count/ERROR") + _int(stats, "spider_exceptions/count"),
        failed={
            k.removeprefix(FAILED_KEY_PREFIX): int(v)
            for k, v in sorted(stats.items())
            if k.startswith(FAILED_KEY_PREFIX) and isinstance(v, int | float)
        },
        problems=[str(p) for p in stats.get(COVERAGE_PROBLEMS_KEY) or []],
    )


def check_health(summary: SpiderSummary, previous_found: Iterable[int] = ()) -> SpiderSummary:
    """Fill ``summary.problems``: failed spider, errors, or zero articles where recent runs had some."""
    if summary.finish_reason != "finished":
        summary.problems.append(
            f"spider did not finish normally ({summary.finish_reason or 'no finish reason'})"
        )
    if summary.errors:
        summary.problems.append(f"{summary.errors} error(s) logged")
    previous = [n for n in previous_found if n > 0]
    if summary.articles_found == 0 and previous:
        summary.problems.append(
            f"found 0 articles where its last runs found {', '.join(map(str, previous))}: "
            "the site or its layout may have changed"
        )
    return summary


def collect(crawlers: Iterable[Crawler]) -> list[SpiderSummary]:
    """Summaries of finished crawlers, in spider-name order."""
    out = []
    for crawler in crawlers:
        name = crawler.spider.name if crawler.spider else getattr(crawler.spidercls, "name", "?")
        stats = crawler.stats.get_stats() if crawler.stats else {}
        out.append(summarize(name, stats))
    return sorted(out, key=lambda s: s.spider)


_COLUMNS = (
    ("spider", "spider"),
    ("pages", "pages_fetched"),
    ("found", "articles_found"),
    ("emitted", "emitted"),
    ("relevant", "relevant"),
    ("new", "new"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("dups", "duplicates"),
    ("errors", "errors"),
)


def format_table(summaries: list[SpiderSummary]) -> str:
    """A plain-text table of the run, one line per spider, then drops and problems."""
    rows = [[title for title, _ in _COLUMNS]]
    for s in summaries:
        rows.append([str(getattr(s, attr)) for _, attr in _COLUMNS])
    widths = [max(len(r[i]) for r in rows) for i in range(len(_COLUMNS))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    for s in summaries:
        if s.dropped:
            reasons = ", ".join(f"{k}={v}" for k, v in s.dropped.items())
            lines.append(f"{s.spider}: dropped {reasons}")
        if s.failed:
            kinds = ", ".join(f"{k}={v}" for k, v in s.failed.items())
            lines.append(f"{s.spider}: failed fetches {kinds}")
        for problem in s.problems:
            lines.append(f"{s.spider}: PROBLEM: {problem}")
    return "\n".join(lines)


def write_summary(
    path: Path, summaries: list[SpiderSummary], extra: Mapping[str, Any] | None = None
) -> None:
    """Save the run summary as JSON (written to a temporary name, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {**(extra or {}), "spiders": [asdict(s) | {"healthy": s.healthy} for s in summaries]}
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
