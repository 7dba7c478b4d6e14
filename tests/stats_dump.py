"""A test-only Scrapy extension: each crawler's final stats written as JSON.

Enabled by :func:`tests.crawls.run_scrapy` with ``-s ASNSCRAPER_TEST_STATS_DIR=…``; the file
is ``<dir>/<spider>.json``, written when the engine stops (after the coverage checks ran).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class StatsToFile:
    def __init__(self, crawler: Crawler, folder: Path) -> None:
        self.crawler = crawler
        self.folder = folder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        folder = crawler.settings.get("ASNSCRAPER_TEST_STATS_DIR")
        if not folder:
            raise NotConfigured
        extension = cls(crawler, Path(folder))
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self, **kwargs: Any) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        name = self.crawler.spider.name if self.crawler.spider else "unknown"
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{name}.json"
        path.write_text(json.dumps(stats, default=str, ensure_ascii=False), encoding="utf-8")
