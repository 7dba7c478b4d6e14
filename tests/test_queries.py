"""The fast page queries answer exactly what parsel answers: compiled CSS with the class/id
pre-check (``select``), the one-pass page head, the plain-lxml tree of a response, the UTF-8
fast path of the charset check."""

from __future__ import annotations

import weakref
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from parsel import Selector
from scrapy.http import HtmlResponse

from asnscraper.middlewares.walls import not_a_page_reason
from asnscraper.mirror import load_site
from asnscraper.pages import page_tree
from asnscraper.parsing import charset, disway_page, queries, wordpress_page
from asnscraper.parsing.queries import css, html_root, page_head, select
from asnscraper.parsing.structured import canonical_link, meta, meta_all, page_title

PAGES = {
    f"{spider}/{name}": page.body().decode("utf-8")
    for spider in ("pagaralampos", "metro24")
    for name, page in sorted(load_site(spider).items())
    if name.endswith(".html")
}
SELECTORS = [
    *disway_page.BODY_SELECTORS,
    *wordpress_page.BODY_SELECTORS,
    *wordpress_page._TITLES,
    *wordpress_page._DATE_ATTRS,
    *wordpress_page._LEAD_CAPTIONS,
    "#author",
    "#editor",
    "#td-outer-wrap div.td-post-content p ::text",
    "div:not(.td-post-content) > p",
    "ul.pagination a::attr(href), .pagination a::attr(href), a[rel~=next]::attr(href)",
    ".no-such-class, h1 ::text",
    "a::attr(href)",
    "[itemprop=articleBody]",
    # Answered from the class index (descendant chains of tag/class/id compounds).
    ".bottom-15 small",
    ".td-tags a",
    "div.jeg_inner_content div.content-inner",
    "div.post.text-black-1 p",
    "#author strong",
    "* .caption",
    "div .row div",
    "body .container p a",
]


def _as_text(found: Any) -> str:
    if isinstance(found, str):
        return found
    return etree.tostring(found, method="html", encoding="unicode", with_tail=False)


@pytest.mark.parametrize("name", list(PAGES))
def test_select_finds_what_parsel_finds(name: str) -> None:
    text = PAGES[name]
    sel = Selector(text=text)
    root = html_root(text)
    for selector in SELECTORS:
        expected = sel.css(selector).getall()
        assert [_as_text(x) for x in select(root, selector)] == expected, selector
        # From an inner element too (the header scope): descendants of the context only.
        inners = sel.css("article, main")[:2]
        for inner, inner_root in zip(inners, css("article, main")(root)[:2], strict=True):
            expected = inner.css(selector).getall()
            assert [_as_text(x) for x in select(inner_root, selector)] == expected, selector


@pytest.mark.parametrize(
    "text",
    [
        *list(PAGES.values())[:4],
        "",
        " \n ",
        "\x00",
        "<p>tanpa html",
        "<html><head><title>A</title></head><body>x\x00y</body></html>",
    ],
)
def test_html_root_is_the_tree_parsel_builds(text: str) -> None:
    assert (
        etree.tostring(html_root(text), method="html", encoding="unicode")
        == Selector(text=text, type="html").get()
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_page_head_answers_what_xpath_answers(name: str) -> None:
    sel = Selector(text=PAGES[name])
    root = html_root(PAGES[name])
    head = page_head(root)
    assert head.json_ld == sel.xpath('//script[@type="application/ld+json"]/text()').getall()
    assert head.data_layer == sel.xpath("//script[contains(., 'dataLayer')]/text()").getall()
    assert page_title(root) == page_title(sel)
    assert canonical_link(root) == (
        (sel.css('link[rel="canonical"]::attr(href)').get() or meta(sel, "og:url")).strip() or None
    )
    names = set(sel.xpath("//meta/@property | //meta/@name | //meta/@itemprop").getall())
    for n in names:
        first = sel.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=n).get()
        assert head.meta.get(n) == first, n
        every = sel.xpath("//meta[@property=$n or @name=$n]/@content", n=n).getall()
        assert meta_all(root, n) == [" ".join(v.split()) for v in every if v.strip()], n


def test_a_response_is_parsed_once_for_the_walls_check_and_the_callback() -> None:
    html = "<html><body>" + "<p>Sekda mengingatkan ASN agar netral.</p>" * 20 + "</body></html>"
    response = HtmlResponse("https://metro24.co.id/uji", body=html.encode(), encoding="utf-8")
    assert not_a_page_reason(response) is None
    tree = page_tree(response)
    assert page_tree(response) is tree
    assert isinstance(tree, etree._Element)


_TAGS = ("div", "p", "span", "small", "a", "section")
_CLASS_WORDS = ("x", "y", "x-y", "xy", "X", "y x")
_SPACES = (" ", "  ", "\t", "\n", "\r", "\xa0", "\u2003", "\x0c")


@st.composite
def _markup(draw: Any, depth: int = 0) -> str:
    """Random nested HTML with repeated and nested classes, odd spacing in class values
    (tabs, no-break spaces, form feeds) and duplicate ids."""
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag = draw(st.sampled_from(_TAGS))
        attrs = ""
        if draw(st.booleans()):
            words = draw(st.lists(st.sampled_from(_CLASS_WORDS), max_size=3))
            gaps = draw(st.lists(st.sampled_from(_SPACES), min_size=len(words) + 1))
            value = gaps[0] + "".join(w + g for w, g in zip(words, gaps[1:], strict=False))
            attrs += f' class="{value}"'
        if draw(st.booleans()):
            attrs += f' id="{draw(st.sampled_from(("a", "b", "a b", "")))}"'
        parts.append(f"<{tag}{attrs}>t{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


_INDEXED = (
    ".x",
    "div.x",
    ".x small",
    "#a",
    "#a span",
    ".x .y",
    "div.x.y",
    ".x div .y",
    "#a.x",
    "p#b",
    ".x-y a",
    "section .x span",
    "* .y",
    ".X p",
    ".y.x-y",
    "span.xy a",
)


@given(_markup(), st.sampled_from(["", ' class="x"', ' id="a"', ' class="y x" id="b"']))
def test_the_class_index_finds_what_the_xpath_finds(markup: str, root_attrs: str) -> None:
    root = html_root(f"<html{root_attrs}><body>{markup}</body></html>")
    contexts = [root, *css("div, section")(root)[:3]]
    limit = queries._INNER_INDEX_LIMIT
    try:
        for queries._INNER_INDEX_LIMIT in (limit, 0):  # from an inner element: both ways
            for selector in _INDEXED:
                for context in contexts:
                    assert select(context, selector) == css(selector)(context), (selector, markup)
    finally:
        queries._INNER_INDEX_LIMIT = limit


_BODY_PIECES = [
    b"<html><body><p>Sekda: ASN harus netral.</p></body></html>",
    b" ",
    b"\t\n\r",
    b"\x1c\x1f",
    b"\x0b\x0c",
    b"\x00",
    "\u00a0".encode(),
    "\u3000".encode(),
    "\u2028".encode(),
    "\ufffd".encode(),
    "é".encode(),
    b"\xe9",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00\x00\xfe\xff",
    b'<meta charset="windows-1252">',
]


@given(
    st.lists(st.sampled_from(_BODY_PIECES), max_size=6).map(b"".join),
    st.sampled_from(["text/html; charset=UTF-8", "text/html; charset=windows-1252", "text/html"]),
    st.sampled_from([None, "utf-8", "UTF-8", "cp1252"]),
)
def test_page_tree_is_the_tree_of_the_response_text(
    body: bytes, content_type: str, encoding: str | None
) -> None:
    # The UTF-8 fast path parses the body's bytes: the tree must be the one of the text.
    response = HtmlResponse(
        "https://pagaralampos.disway.id/read/1/uji",
        body=body,
        headers={"Content-Type": content_type},
        encoding=encoding,
    )
    expected = etree.tostring(html_root(response.text), method="html", encoding="unicode")
    assert etree.tostring(page_tree(response), method="html", encoding="unicode") == expected


def test_a_byte_order_mark_keeps_the_page_tree_on_the_text() -> None:
    # A UTF-32 byte-order mark wins over a declared UTF-8: the text is not the body's UTF-8.
    body = b"\x00\x00\xfe\xff" + "<p>ASN netral</p>".encode("utf-32-be")
    response = HtmlResponse("https://metro24.co.id/uji", body=body, encoding="utf-8")
    assert response.text == "<p>ASN netral</p>"
    assert etree.tostring(page_tree(response), method="html", encoding="unicode") == (
        "<html><body><p>ASN netral</p></body></html>"
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_page_tree_of_a_fixture_is_the_tree_of_its_text(name: str) -> None:
    body = PAGES[name].encode("utf-8")
    response = HtmlResponse("https://metro24.co.id/uji", body=body, encoding="utf-8")
    assert etree.tostring(page_tree(response), method="html", encoding="unicode") == (
        Selector(text=response.text, type="html").get()
    )


def test_the_class_index_does_not_keep_a_page_alive() -> None:
    # Its cache is weakly keyed by the root: holding the root's own class or id would leak it.
    import gc

    root = html_root('<html class="no-js x" id="a"><body><div class="x">t</div></body></html>')
    assert [e.tag for e in select(root, ".x")] == ["html", "div"]
    assert [e.tag for e in select(root, "#a")] == ["html"]
    entry = weakref.ref(queries._NAMES[root])
    del root
    gc.collect()
    assert entry() is None


utf8_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(st.one_of(st.binary(max_size=300), utf8_text.map(lambda t: t.encode("utf-8"))))
def test_valid_utf8_is_what_the_sequence_count_says(body: bytes) -> None:
    # The fast path (strict decode) may only answer when the counting rule agrees.
    if charset._is_utf8(body):
        assert charset._mostly_utf8(body)
