"""What the crawl path does per request besides the callbacks: same results, less work.

* ``NewsSpider.request`` hands Scrapy one bound method object per callback, so Scrapy's check
  of each callback's source (a generator returning a value?) is made once per run, not once
  per response; requests still serialize by method name (JOBDIR).
* the ``json`` and ``jsonlines`` feeds (asnscraper/exporters/json_items.py) build an item's dict
  in one step where nothing can change a value, and write the bytes Scrapy's exporters write;
* WordPress listings tell page chrome from the main column by one walk up a link's ancestors
  (the XPath it replaces is kept here as the reference).
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any
from unittest import mock

import pytest
import scrapy
from scrapy import exporters
from scrapy.http import Request
from scrapy.spiderloader import SpiderLoader
from scrapy.utils import misc
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.request import request_from_dict

from asnscraper.exporters import json_items
from asnscraper.items import Article
from asnscraper.mirror import load_site
from asnscraper.parsing.queries import html_root, xpath
from asnscraper.spiders.metro24 import Metro24Spider
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from asnscraper.spiders.platforms.wordpress import in_listing_chrome
from benchmarks.synth import build_site
from tests.expected import article_fixtures
from tests.support import (
    crawl_offline,
    fixture_response,
    make_spider,
    run_callback,
    run_pipelines,
)

LISTINGS = {
    "pagaralampos": (PagaralamposSpider, "kategori-politik.html"),
    "metro24": (Metro24Spider, "category-news.html"),
}


@pytest.mark.parametrize("spider", sorted(LISTINGS))
def test_requests_share_one_callback_object(spider: str) -> None:
    spidercls, listing = LISTINGS[spider]
    sp = make_spider(spidercls)
    out = run_callback(sp.parse_listing, fixture_response(spider, listing), entry="x", page=1)
    articles = [r for r in out if isinstance(r, Request) and r.callback == sp.parse_article]
    assert len(articles) > 1
    assert all(r.callback is articles[0].callback for r in articles)
    assert sp.own_method(sp.parse_article) is articles[0].callback


def test_scrapy_reads_a_callbacks_source_once() -> None:
    sp = make_spider(PagaralamposSpider)
    urls = [f"https://pagaralampos.disway.id/read/{n}/judul" for n in range(5)]
    real = misc.inspect.getsource
    reads = []

    def getsource(func: object) -> str:
        reads.append(1)  # nothing that keeps ``func`` alive (a Mock would)
        return real(func)

    with mock.patch.object(misc.inspect, "getsource", getsource):
        for url in urls:
            # Each request dies before the next is made, as in a crawl.
            request = sp.request(url, sp.parse_article)
            misc.warn_on_generator_with_return_value(sp, request.callback)
            del request
    assert len(reads) == 1


def test_foreign_callables_and_errbacks_pass_unchanged() -> None:
    sp = make_spider(PagaralamposSpider)
    other = make_spider(PagaralamposSpider)

    def plain(response: object) -> None: ...

    request = sp.request("https://pagaralampos.disway.id/", plain, errback=other.parse)
    assert request.callback is plain
    assert request.errback == other.parse and request.errback.__self__ is other
    stable = sp.request("https://pagaralampos.disway.id/", sp.parse, errback=sp.parse_listing)
    assert stable.errback is sp.own_method(sp.parse_listing)


def test_requests_still_serialize_by_method_name() -> None:
    sp = make_spider(PagaralamposSpider)
    request = sp.request("https://pagaralampos.disway.id/read/1/judul", sp.parse_article)
    data = request.to_dict(spider=sp)
    assert data["callback"] == "parse_article"
    again = request_from_dict(data, spider=sp)
    assert again.callback == sp.parse_article and again.url == request.url


# --- feed export: Scrapy's JSON exporters, same bytes -------------------------------------


def _articles() -> list[Any]:
    """Real items after every pipeline (two fixture articles), an Article made by hand with
    every kind of value, a dict and a scrapy.Item."""
    items: list[Any] = []
    for spider_name, name in article_fixtures()[:2]:
        spidercls = SpiderLoader.from_settings(get_project_settings()).load(spider_name)
        spider = make_spider(spidercls, settings={"ASNSCRAPER_KEEP_IRRELEVANT": True})
        start = Request(load_site(spider_name)[name].url, callback=spider.parse_article)
        found, _ = crawl_offline(spider, [start], follow=lambda r: "article" in str(r.callback))
        items += [run_pipelines(spider, item, below=800) for item in found]
    items.append(
        Article(
            url="https://contoh.id/a?x=1",
            title='Judul "kutip" \u2014 \u00e9\u00e8 \\ / \n baris',
            description=None,
            body="Paragraf satu.\n\nParagraf dua \U0001f600.",
            authors=["A", "B"],
            images=[{"url": None, "caption": "Keterangan", "credit": None}],
            relevance={"score": 0.125, "is_relevant": True, "matched": ["netralitas asn"]},
            revision=3,
        )
    )
    items.append({"url": "https://contoh.id/b", "text": "Teks \u00e9", "n": 1.5, "none": None})

    class Other(scrapy.Item):
        url = scrapy.Field()
        title = scrapy.Field(serializer=str.upper)

    items.append(Other(url="https://contoh.id/c", title="judul"))
    return items


@pytest.mark.parametrize(
    ("ours", "scrapys"),
    [
        (json_items.JsonLinesItemExporter, exporters.JsonLinesItemExporter),
        (json_items.JsonItemExporter, exporters.JsonItemExporter),
    ],
)
@pytest.mark.parametrize(
    "options",
    [
        {"encoding": "utf-8"},
        {},
        {"encoding": "utf-8", "indent": 2},
        {"encoding": "utf-8", "fields_to_export": ["title", "url"]},
        {"encoding": "utf-8", "export_empty_fields": True},
    ],
)
def test_json_exporters_write_scrapys_bytes(
    ours: type, scrapys: type, options: dict[str, Any]
) -> None:
    items = _articles()
    written = []
    for cls in (ours, scrapys):
        out = io.BytesIO()
        exporter = cls(out, **options)
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()
        written.append(out.getvalue())
    assert written[0] == written[1]
    assert b"JUDUL" in written[0] or "fields_to_export" in options  # the Item's serializer ran


def test_plain_fields_only_where_nothing_can_change_a_value() -> None:
    article = Article(url="u", title="t")
    fields = json_items.plain_fields(article)
    assert fields is not None and list(fields) == [f.name for f in dataclasses.fields(Article)]

    @dataclasses.dataclass
    class WithSerializer:
        a: int = dataclasses.field(default=1, metadata={"serializer": str})

    @dataclasses.dataclass
    class Unset:
        a: int = dataclasses.field(init=False)

    assert json_items.plain_fields(WithSerializer()) is None
    assert json_items.plain_fields(Unset()) is None
    assert json_items.plain_fields(scrapy.Item()) is None

    class Custom(json_items.JsonLinesItemExporter):
        def serialize_field(self, field: Any, name: str, value: Any) -> Any:
            return "x"

    out = io.BytesIO()
    Custom(out).export_item({"a": 1})
    assert out.getvalue() == b'{"a": "x"}\n'


def test_project_feeds_use_these_exporters() -> None:
    configured = get_project_settings().getwithbase("FEED_EXPORTERS")
    for fmt in ("jsonlines", "jsonl", "jl"):
        assert load_object(configured[fmt]) is json_items.JsonLinesItemExporter
    assert load_object(configured["json"]) is json_items.JsonItemExporter


# --- listing pages: page chrome by one walk up the ancestors ------------------------------

#: What the WordPress listing read as page chrome before, as the XPath it was (the reference).
_CHROME_XPATH = (
    "self::*[ancestor::aside or ancestor::nav or ancestor::footer[not(ancestor::article)] or "
    "ancestor::header[not(ancestor::article)] or ancestor::*[contains(@class, 'sidebar') or "
    "contains(@class, 'widget') or contains(@class, 'related') or contains(@class, 'mega') or "
    "contains(@class, 'menu') or contains(@class, 'td-header') or "
    "contains(@class, 'jeg_header') or contains(@class, 'site-header') or "
    "contains(@class, 'footer')]]"
)

_CHROME_PAGE = """<html><body>
<header class="site"><a href="/h1">h</a><article><header><a href="/h2">x</a></header></article></header>
<article><footer><a href="/f1">in an article's footer</a></footer>
  <h2 class="entry-title"><a href="/ok1">ok</a></h2></article>
<footer><a href="/f2">site footer</a></footer>
<div class="td-header-wrap"><a href="/c1">x</a></div><div class="my-menus"><a href="/c2">x</a></div>
<div class="relatedposts"><a href="/c3">x</a></div><nav><p><a href="/n1">x</a></p></nav>
<aside><a href="/s1">x</a></aside><div class="sidebar-x"><a class="widget" href="/ok?">x</a></div>
<a class="menu" href="/ok2">its own class is not an ancestor's</a>
<div class="Menu"><a href="/ok3">class names are case-sensitive</a></div>
</body></html>"""


def _all_links() -> list[Any]:
    roots = [html_root(_CHROME_PAGE)]
    for spider_name in ("metro24", "pagaralampos"):
        for page in load_site(spider_name).values():
            if page.content_type().startswith("text/html"):
                roots.append(html_root(page.body().decode("utf-8", "replace")))
    site = build_site("metro24", 40)
    assert site is not None
    roots += [
        html_root(site.pages[key].body.decode("utf-8"))
        for key, kind in site.kinds.items()
        if kind in ("category", "search", "tag")
    ]
    return [a for root in roots for a in root.iter("a")]


def test_listing_chrome_walk_answers_what_the_xpath_answered() -> None:
    reference = xpath(_CHROME_XPATH)
    links = _all_links()
    answers = [bool(reference(a)) for a in links]
    assert [in_listing_chrome(a) for a in links] == answers
    assert len(links) > 1000 and 100 < sum(answers) < len(links)
