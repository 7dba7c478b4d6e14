"""What every asnscraper middleware shares: the crawler, and counters under ``asnscraper/``."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler


class CrawlerMiddleware:
    """Built from the crawler (``from_crawler``); ``inc`` adds to a stats counter."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def inc(self, key: str, count: int = 1) -> None:
        """Add ``count`` to the stats counter ``asnscraper/<key>``."""
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"asnscraper/{key}", count)
