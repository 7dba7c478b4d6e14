"""Build the final item of every article fixture (spider callback + every pipeline, dedup
included with a fresh in-memory state store per fixture: content_hash, story_id, revision 1).

Shared by the field-by-field expected-item tests and by tools/review_expected.py, which writes
a candidate ``*.expected.json`` for a human to review (never to be committed unread).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.http import Request
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from asnscraper.mirror import FIXTURES_DIR, load_site
from tests.support import crawl_offline, item_dict, make_spider, run_pipelines

VOLATILE_FIELDS = frozenset({"scraped_at"})


def spider_names() -> list[str]:
    return sorted(SpiderLoader.from_settings(get_project_settings()).list())


def article_fixtures() -> list[tuple[str, str]]:
    """(spider, file) of every saved article page (kind "article")."""
    out = []
    for spider in spider_names():
        if not (FIXTURES_DIR / spider / "meta.json").exists():
            continue
        for name, page in sorted(load_site(spider).items()):
            if page.kind == "article":
                out.append((spider, name))
    return out


def expected_path(spider: str, name: str) -> Path:
    return FIXTURES_DIR / spider / (Path(name).stem + ".expected.json")


def _follow_article_pages(request: Request) -> bool:
    callback = request.callback
    return callback is not None and "article" in getattr(callback, "__name__", "")


@cache
def final_item(spider_name: str, name: str) -> dict[str, Any] | str:
    """The item a fixture article becomes, as a dict; or the drop reason as a string."""
    spidercls = SpiderLoader.from_settings(get_project_settings()).load(spider_name)
    spider = make_spider(spidercls, settings={"ASNSCRAPER_KEEP_IRRELEVANT": True})
    page = load_site(spider_name)[name]
    start = Request(page.url, callback=spider.parse_article)
    items, _ = crawl_offline(spider, [start], follow=_follow_article_pages)
    if len(items) != 1:
        return f"expected one item from {name}, got {len(items)}"
    try:
        # below=900: dedup (800) runs too, on a new in-memory store (ASNSCRAPER_STATE is empty).
        item = run_pipelines(spider, items[0], below=900)
    except DropItem as exc:
        return f"dropped: {exc}"
    data = item_dict(item)
    return {k: v for k, v in data.items() if k not in VOLATILE_FIELDS}


def load_expected(spider: str, name: str) -> dict[str, Any]:
    return json.loads(expected_path(spider, name).read_text(encoding="utf-8"))
