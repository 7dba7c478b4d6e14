"""asnscraper's extraction of one article from saved bytes: spider callback + every pipeline.

Shared by the extraction-speed, accuracy and dates benchmarks. The spider and pipelines are
built from the project settings the offline tests use (frozen clock, in-memory state, no
politeness delays); pipelines configured in ``ITEM_PIPELINES`` whose module is not in the tree
yet are skipped and listed in :attr:`Extractor.missing`, so the figures say what they cover.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings

from asnscraper.mirror import FIXTURES_DIR, load_site, path_key
from tests.support import make_spider


@dataclass
class SavedPage:
    """One response as bytes, ready to be turned into a Response many times."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=UTF-8"
    status: int = 200

    def response(self, request: Request | None = None, url: str | None = None) -> Response:
        ctype = self.content_type.lower()
        cls: type[Response] = HtmlResponse
        if "xml" in ctype:
            cls = XmlResponse
        elif "json" in ctype or "text/plain" in ctype:
            cls = TextResponse
        return cls(
            url=url or self.url,
            body=self.body,
            headers={"Content-Type": self.content_type},
            status=self.status,
            request=request,
            encoding="utf-8" if "charset" not in ctype else None,
        )


def spider_loader() -> SpiderLoader:
    return SpiderLoader.from_settings(get_project_settings())


def fixture_spiders() -> list[str]:
    """Spiders of the project that have a fixture folder."""
    return [n for n in sorted(spider_loader().list()) if (FIXTURES_DIR / n / "meta.json").exists()]


def fixture_pages(spider: str) -> dict[str, SavedPage]:
    """Every saved page of a spider, keyed by mirror path key (path + sorted query)."""
    out = {}
    for page in load_site(spider).values():
        out[path_key(page.url)] = SavedPage(page.url, page.body(), page.content_type(), page.status)
    return out


def article_files(spider: str) -> list[tuple[str, str]]:
    """(file name, URL) of a spider's saved article pages (kind ``article``)."""
    return sorted((n, p.url) for n, p in load_site(spider).items() if p.kind == "article")


@dataclass
class Extraction:
    """What one article became: the final item (or the drop reason) and the pages read."""

    final: Any
    dropped: str | None
    pages: list[SavedPage]

    @property
    def item(self) -> dict[str, Any] | None:
        """The final item as a dict (converted on demand, outside any timing)."""
        return None if self.final is None else ItemAdapter(self.final).asdict()


@dataclass(eq=False)
class Extractor:
    """Spider callback + pipelines of one spider, reusable over many pages."""

    spider_name: str
    settings: dict[str, Any] = field(default_factory=dict)
    below: int | None = None
    spider: Spider = field(init=False)
    pipelines: list[Any] = field(init=False, default_factory=list)
    missing: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.reset()

    def pipeline_paths(self) -> list[str]:
        configured = self.spider.crawler.settings.getwithbase("ITEM_PIPELINES")
        ordered = sorted((prio, path) for path, prio in configured.items() if prio is not None)
        return [path for prio, path in ordered if self.below is None or prio < self.below]

    def reset(self) -> None:
        """A fresh spider and fresh pipelines, as at the start of a crawl (a spider remembers
        what it emitted in a run; the dedup pipeline what it saw); not part of any timing."""
        for pipeline in self.pipelines:
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
        spidercls = spider_loader().load(self.spider_name)
        overrides = {"ASNSCRAPER_KEEP_IRRELEVANT": True, **self.settings}
        self.spider = make_spider(spidercls, settings=overrides)
        self.pipelines, self.missing = [], []
        for path in self.pipeline_paths():
            try:
                cls = load_object(path)
            except (ImportError, AttributeError, NameError) as exc:
                self.missing.append(f"{path.rsplit('.', 1)[-1]} ({type(exc).__name__})")
                continue
            pipeline = cls.from_crawler(self.spider.crawler)
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()
            self.pipelines.append(pipeline)

    def callback_items(
        self, first: SavedPage, site: dict[str, SavedPage], read: list[SavedPage]
    ) -> Iterator[Any]:
        """Run ``parse_article`` on ``first``, following requests to pages found in ``site``.

        Every page read is appended to ``read`` (the same bytes the peers get).
        """
        pending: list[tuple[Request | None, SavedPage]] = [(None, first)]
        while pending:
            request, page = pending.pop(0)
            read.append(page)
            if request is None:
                callback: Callable[..., Any] = self.spider.parse_article
                kwargs: dict[str, Any] = {}
                response = page.response()
            else:
                callback = request.callback or self.spider.parse
                kwargs = request.cb_kwargs
                response = page.response(request=request, url=request.url)
            for out in callback(response, **kwargs) or ():
                if not isinstance(out, Request):
                    yield out
                    continue
                nxt = site.get(path_key(self.spider.to_real(out.url)))
                if nxt is not None:
                    pending.append((out, nxt))

    def stage_items(self, first: SavedPage, site: dict[str, SavedPage]) -> list[tuple[int, Any]]:
        """(pipeline index, a copy of the item that pipeline receives) for one article, up to
        the pipeline that drops it; empty when the callback gives no single item."""
        items = list(self.callback_items(first, site, []))
        if len(items) != 1:
            return []
        item, stages = items[0], []
        for index, pipeline in enumerate(self.pipelines):
            stages.append((index, copy.deepcopy(item)))
            try:
                item = pipeline.process_item(item)
            except DropItem:
                break
        return stages

    def extract(self, first: SavedPage, site: dict[str, SavedPage]) -> Extraction:
        """One article from its first page: the final item after every pipeline."""
        pages: list[SavedPage] = []
        items = list(self.callback_items(first, site, pages))
        if len(items) != 1:
            return Extraction(None, f"{len(items)} items from the callback", pages)
        item = items[0]
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item)
        except DropItem as exc:
            return Extraction(None, str(exc), pages)
        return Extraction(item, None, pages)
