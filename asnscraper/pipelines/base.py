"""Shared plumbing of asnscraper pipelines: crawler access, namespaced stats, drops, "now"."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, ClassVar, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)


def resolve_now(value: Any) -> dt.datetime:
    """The ASNSCRAPER_NOW setting as an aware datetime, or the real clock (UTC)."""
    if value:
        parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


def field_text(value: Any) -> str:
    """A field as text: strings as they are, lists of strings joined by blank lines, else empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n\n".join(v for v in value if isinstance(v, str))
    return ""


class ArticlePipeline:
    """Base of every pipeline: ``component`` names its stats keys ``asnscraper/<component>/…``."""

    component: ClassVar[str] = ""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def now(self) -> dt.datetime:
        """ "Now" for relative dates: ASNSCRAPER_NOW when set (tests, demo), else the clock."""
        return resolve_now(self.settings.get("ASNSCRAPER_NOW"))

    def inc(self, what: str, count: int = 1) -> None:
        """Add to the stats counter ``asnscraper/<component>/<what>``."""
        if self.stats is not None:
            self.stats.inc_value(f"asnscraper/{self.component}/{what}", count)

    def drop(self, adapter: ItemAdapter, reason: str, detail: str = "") -> DropItem:
        """Count a drop under ``dropped/<reason>``, log it with the URL, return the DropItem to raise."""
        self.inc(f"dropped/{reason}")
        url = adapter.get("url") or adapter.get("canonical_url") or "?"
        message = f"{reason}: {detail} ({url})" if detail else f"{reason} ({url})"
        logger.info("Dropped article: %s", message)
        # Scrapy's own drop message prints the whole item; ours above says what matters.
        return DropItem(message, log_level="DEBUG")
