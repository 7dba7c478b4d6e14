"""One benchmark crawl in a fresh process (so its time and peak RSS are its own).

``python -m benchmarks.crawl_worker KIND SPIDER BASE_URL MANIFEST RESULT`` where KIND is

* ``asnscraper``: the real spider over the mirror (its own discovery), every configured pipeline
  whose module is in the tree, the state store in a fresh file, a JSON Lines feed;
* ``empty``: Scrapy's floor, a spider requesting every page of the mirror with an empty callback;
* ``trafilatura``: the same URL list, ``trafilatura.extract`` + ``htmldate.find_date`` on each
  article page, one item per article to the same kind of feed.

All three get the same Scrapy settings (no delays, no AutoThrottle, no robots.txt, the same
concurrency, the same feed export); the peers run Scrapy's own components only (asnscraper's
pipelines, middlewares and extensions are part of what asnscraper costs). RESULT receives JSON: pages, items, seconds (engine open to
close), CPU seconds of the crawl, wall seconds, peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings

CONCURRENCY = 16
#: Component settings the project fills; the peers run with Scrapy's defaults for them.
PROJECT_COMPONENTS = (
    "ITEM_PIPELINES",
    "SPIDER_MIDDLEWARES",
    "DOWNLOADER_MIDDLEWARES",
    "EXTENSIONS",
)
ARTICLE_KINDS = ("article", "article-page")


def bench_settings(workdir: Path, kind: str) -> dict[str, Any]:
    """The Scrapy settings every benchmark crawl shares (plus its feed and state file)."""
    return {
        "CONCURRENT_REQUESTS": CONCURRENCY,
        "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "FEEDS": {str(workdir / f"feed-{kind}.jsonl"): {"format": "jsonlines", "overwrite": True}},
        "ASNSCRAPER_STATE": str(workdir / f"state-{kind}.sqlite3"),
    }


def available(configured: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The configured components (pipelines, exporters) whose module is in the tree, and the
    class names of the others."""
    kept, missing = {}, []
    for key, value in configured.items():
        path = value if isinstance(value, str) else key
        priority = value
        try:
            load_object(path)
        except (ImportError, AttributeError, NameError, SyntaxError):
            missing.append(path.rsplit(".", 1)[-1])
            continue
        kept[key] = priority
    return kept, missing


class CpuClock:
    """CPU seconds of this process from spider open to close: on a shared machine a steadier
    measure of a crawl's own work than the wall clock (the mirror runs in another process)."""

    def __init__(self) -> None:
        self.started = self.seconds = 0.0

    def start(self) -> None:
        self.started = time.process_time()

    def stop(self) -> None:
        self.seconds = time.process_time() - self.started


class UrlListSpider(scrapy.Spider):
    """Fetches every page of a mirror manifest; ``extract`` decides what the callback does."""

    name = "bench_urls"
    extract = False

    def __init__(self, base_url: str = "", manifest: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url
        self.pages = json.loads(Path(manifest).read_text())["pages"]

    async def start(self) -> AsyncIterator[Request]:
        for key, kind in self.pages:
            yield Request(self.base_url + key, callback=self.parse, cb_kwargs={"kind": kind})

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        if self.extract and kwargs.get("kind") in ARTICLE_KINDS:
            import htmldate
            import trafilatura

            text = trafilatura.extract(response.body, fast=True)
            date = htmldate.find_date(response.text, original_date=True)
            yield {"url": response.url, "text": text, "date": date}


class TrafilaturaSpider(UrlListSpider):
    name = "bench_trafilatura"
    extract = True


def main() -> None:
    kind, spider, base_url, manifest, result_path = sys.argv[1:6]
    workdir = Path(result_path).parent
    started = time.perf_counter()
    settings = get_project_settings()
    settings.setdict(bench_settings(workdir, kind), priority="cmdline")
    exporters, missing = available(settings.getdict("FEED_EXPORTERS"))
    settings.set("FEED_EXPORTERS", exporters, priority="cmdline")
    if kind == "asnscraper":
        kept, missing_pipelines = available(settings.getdict("ITEM_PIPELINES"))
        missing += missing_pipelines
        settings.set("ITEM_PIPELINES", kept, priority="cmdline")
        target: Any = spider
        args = {"base_url": base_url, **json.loads(Path(manifest).read_text())["spider_args"]}
    else:
        # Plain Scrapy: asnscraper's own pipelines, middlewares and extensions are its work.
        for name in PROJECT_COMPONENTS:
            settings.set(name, {}, priority="cmdline")
        target = TrafilaturaSpider if kind == "trafilatura" else UrlListSpider
        args = {"base_url": base_url, "manifest": manifest}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(target)
    cpu = CpuClock()
    crawler.signals.connect(cpu.start, signal=signals.spider_opened)
    crawler.signals.connect(cpu.stop, signal=signals.spider_closed)
    process.crawl(crawler, **args)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    start, finish = stats.get("start_time"), stats.get("finish_time")
    seconds = (finish - start).total_seconds() if start and finish else 0.0
    result = {
        "kind": kind,
        "pages": int(stats.get("response_received_count", 0)),
        "items": int(stats.get("item_scraped_count", 0)),
        "dropped": int(stats.get("item_dropped_count", 0)),
        "status_404": int(stats.get("downloader/response_status_count/404", 0)),
        "errors": int(stats.get("log_count/ERROR", 0)),
        "finish_reason": str(stats.get("finish_reason", "")),
        "seconds": seconds,
        "cpu_seconds": cpu.seconds,
        "wall": time.perf_counter() - started,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "missing_components": missing,
    }
    Path(result_path).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
