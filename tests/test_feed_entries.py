"""parsing/feeds.py: the entries of RSS 2.0 and Atom feeds, shared by the platform spiders."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.http import Request, Response

from asnscraper.parsing.feeds import FeedEntry, feed_entries
from asnscraper.spiders.metro24 import Metro24Spider
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from tests.support import make_spider

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><title>Satu</title><link> https://contoh.id/read/1/satu </link>
  <guid isPermaLink="false">https://contoh.id/?p=11</guid>
  <pubDate>Rabu, 27 Dec 2023
     10:15:00 +0700</pubDate></item>
<item><title>Dua</title><guid>https://contoh.id/read/2/dua</guid><dc:date>2024-09-23</dc:date></item>
<item><title>Tanpa tautan</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>tag:contoh.id,2024:5</id>
  <link rel="replies" href="https://contoh.id/komentar/5"/>
  <link rel="alternate" href="/berita/lima/"/>
  <published>2024-09-23T08:00:00+07:00</published></entry>
<entry><link href="https://contoh.id/berita/enam/"/></entry>
</feed>"""


def test_rss_items_give_link_guid_and_collapsed_date() -> None:
    assert feed_entries(RSS) == [
        FeedEntry(
            "https://contoh.id/read/1/satu",
            "https://contoh.id/?p=11",
            "Rabu, 27 Dec 2023 10:15:00 +0700",
        ),
        FeedEntry("https://contoh.id/read/2/dua", "https://contoh.id/read/2/dua", "2024-09-23"),
    ]


def test_atom_entries_take_the_alternate_link() -> None:
    assert feed_entries(ATOM) == [
        FeedEntry("/berita/lima/", "tag:contoh.id,2024:5", "2024-09-23T08:00:00+07:00"),
        FeedEntry("https://contoh.id/berita/enam/", "", ""),
    ]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "<html><body><p>bukan feed</p></body></html>", "<rss><channel><item>", "\x00\x01"],
)
def test_documents_without_readable_entries_give_none(text: str) -> None:
    assert feed_entries(text) == []


@pytest.mark.parametrize("spider", ["pagaralampos", "metro24"])
def test_a_feed_scrapy_did_not_type_as_text_is_still_read(spider: str) -> None:
    sp: Any = make_spider({"pagaralampos": PagaralamposSpider, "metro24": Metro24Spider}[spider])
    host = sp.canonical_host
    link = (
        f"https://{host}/read/123456/asn-netral"
        if spider == "pagaralampos"
        else f"https://{host}/2024/09/23/asn-netral/"
    )
    body = f"<rss><channel><item><link>{link}</link></item></channel></rss>".encode()
    response = Response(f"https://{host}/feed", body=body, request=Request(f"https://{host}/feed"))
    assert [link for link, _ in sp.feed_entries(response)] == [link]
    assert [r.cb_kwargs.get("discovered", "") for r in sp.parse_feed(response)] == [""]
