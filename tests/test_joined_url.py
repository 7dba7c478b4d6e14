"""The remembered link join answers what ``urllib.parse.urljoin`` answers (absolute links are
remembered under the base's scheme alone)."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import given
from hypothesis import strategies as st
from scrapy.http import HtmlResponse

from asnscraper.spiders.metro24 import Metro24Spider
from asnscraper.spiders.platforms.base import joined_url
from tests.support import make_spider

_PIECES = (
    "https:",
    "http:",
    "HTTPS:",
    "ftp:",
    "//",
    "/",
    "h",
    "metro24.co.id",
    ".",
    "..",
    "?",
    "#",
    ";",
    "q=1",
    "\t",
    " ",
    "[::1]",
    ":80",
    "@",
    "x",
)
_BASES = (
    "https://metro24.co.id/a/b?x=1",
    "http://metro24.co.id/a/",
    "https://h",
    "ftp://h/p",
    "",
    "http:",
    "https://h/a;p?q#f",
    "HTTPS://H/x",
)


@given(st.sampled_from(_BASES), st.lists(st.sampled_from(_PIECES), max_size=8).map("".join))
def test_joined_url_is_urljoin(base: str, href: str) -> None:
    assert joined_url(base, href) == urljoin(base, href)
    # The scheme-only key of the first call must not leak into another base's answer.
    assert joined_url("https://other.id/p/q", href) == urljoin("https://other.id/p/q", href)


def test_absolute_is_the_response_join() -> None:
    page = b'<html><head><base href="https://metro24.co.id/berita/"></head><body></body></html>'
    response = HtmlResponse("https://metro24.co.id/a/b", body=page, encoding="utf-8")
    spider = make_spider(Metro24Spider)
    for href in ("c", " /d ", "https://metro24.co.id/e", "../f?g#h"):
        assert spider.absolute(response, href) == response.urljoin(href.strip())
