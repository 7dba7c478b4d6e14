"""What the crawl path does per request besides the callbacks: same results, less work.

* ``NewsSpider.request`` hands Scrapy one bound method object per callback, so Scrapy's check
  of each callback's source (a generator returning a value?) is made once per run, not once
  per response; requests still serialize by method name (JOBDIR).
"""

from __future__ import annotations

from unittest import mock

import pytest
from scrapy.http import Request
from scrapy.utils import misc
from scrapy.utils.request import request_from_dict

from asnscraper.spiders.metro24 import Metro24Spider
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from tests.support import fixture_response, make_spider, run_callback

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
