"""Offline test helpers: responses built from saved fixtures with their real URLs, spiders and
pipelines built from the project settings, and a small offline request loop."""

from __future__ import annotations

import inspect
from collections import deque
from collections.abc import Iterable
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

import asnscraper.settings as project_settings
from asnscraper.items import Article
from asnscraper.mirror import Page, load_site, path_key

FROZEN_NOW = "2026-11-22T12:00:00+07:00"


def test_settings(**overrides: Any) -> dict[str, Any]:
    """Project settings for offline tests: no state store, a frozen clock, no politeness delays."""
    values = {
        name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()
    }
    values.update(
        {
            "ASNSCRAPER_NOW": FROZEN_NOW,
            "ASNSCRAPER_STATE": "",
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    values.update(overrides)
    return values


def make_spider(
    spidercls: type[Spider], settings: dict[str, Any] | None = None, **kwargs: Any
) -> Spider:
    """A spider bound to a crawler with the project settings (plus ``settings``)."""
    crawler = get_crawler(spidercls, test_settings(**(settings or {})))
    crawler.spider = crawler._create_spider(**kwargs)
    return crawler.spider


def page_response(page: Page, request: Request | None = None, url: str | None = None) -> Response:
    """A Response for a saved page, at its real URL (or ``url``)."""
    body = page.body()
    headers = {"Content-Type": page.content_type(), **page.headers}
    suffix = page.file.suffix.lower()
    cls: type[Response]
    if suffix == ".html":
        cls = HtmlResponse
    elif suffix in (".xml", ".rss"):
        cls = XmlResponse
    else:
        cls = TextResponse
    return cls(
        url=url or page.url,
        body=body,
        headers=headers,
        status=page.status,
        request=request,
        encoding="utf-8" if "charset" not in headers["Content-Type"].lower() else None,
    )


def fixture_response(spider: str, name: str, request: Request | None = None) -> Response:
    """The saved page ``fixtures/<spider>/<name>`` as a Response at its real URL."""
    return page_response(load_site(spider)[name], request=request)


def run_callback(callback: Any, response: Response, **kwargs: Any) -> list[Any]:
    """Everything a (sync) callback yields for ``response``."""
    result = callback(response, **kwargs)
    if result is None:
        return []
    if inspect.isasyncgen(result) or inspect.iscoroutine(result):
        raise TypeError("tests expect synchronous callbacks")
    return list(result) if isinstance(result, Iterable) else [result]


def crawl_offline(
    spider: Spider, requests: Iterable[Request], follow: Any = None, limit: int = 500
) -> tuple[list[Article], list[Request]]:
    """Run requests against the spider's fixtures without a network.

    Requests whose URL has a saved page are answered from it; ``follow(request)`` decides which
    yielded requests are followed (default: all with a saved page). Returns the items and every
    request seen (followed or not).
    """
    site = load_site(spider.name)
    by_key = {path_key(p.url): p for p in site.values()}
    queue: deque[Request] = deque(requests)
    items: list[Article] = []
    seen: list[Request] = []
    done: set[str] = set()
    while queue and limit:
        limit -= 1
        request = queue.popleft()
        key = path_key(request.url)
        page = by_key.get(key)
        if page is None or key in done:
            continue
        done.add(key)
        response = page_response(page, request=request, url=request.url)
        callback = request.callback or spider.parse
        for out in run_callback(callback, response, **request.cb_kwargs):
            if isinstance(out, Request):
                seen.append(out)
                if follow is None or follow(out):
                    queue.append(out)
            else:
                items.append(out)
    return items, seen


def run_pipelines(spider: Spider, item: Any, below: int = 800) -> Any:
    """Pass ``item`` through the configured pipelines ordered below ``below`` (no dedup/state).

    Returns the item, or raises DropItem like the real pipeline chain.
    """
    crawler = spider.crawler
    configured = crawler.settings.getwithbase("ITEM_PIPELINES")
    ordered = sorted(
        ((prio, path) for path, prio in configured.items() if prio is not None), key=lambda t: t[0]
    )
    for prio, path in ordered:
        if prio >= below:
            continue
        pipeline = load_object(path).from_crawler(crawler)
        if hasattr(pipeline, "open_spider"):
            pipeline.open_spider()
        item = pipeline.process_item(item)
    return item


def item_dict(item: Any) -> dict[str, Any]:
    return ItemAdapter(item).asdict()


__all__ = [
    "DropItem",
    "crawl_offline",
    "fixture_response",
    "item_dict",
    "make_spider",
    "run_pipelines",
]
