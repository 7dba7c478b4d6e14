"""Generic main-content extraction for pages whose platform selectors find no body.

Layered: trafilatura (``bare_extraction`` with metadata) finds the main text of an unknown
theme; its tree (``p``, ``head``, ``list/item``, ``quote``, ``ref``) is mapped back to HTML and
read by the shared body walker, so related-post lines, captions and chrome are handled exactly
as on known themes. When trafilatura finds nothing, the densest paragraph container is walked
instead. Items built from this carry ``parser="fallback"``.

Pure functions (trafilatura, lxml, parsel); no Scrapy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from parsel import Selector

from asnscraper.parsing.body import Body, collapse, densest_container, extract_body, is_caption

logger = logging.getLogger(__name__)

#: trafilatura's output tags -> the HTML tags the body walker reads.
_TAG_MAP = {
    "head": "h2",
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "ref": "a",
    "graphic": "img",
    "hi": "span",
    "lb": "br",
    "code": "pre",
    "row": "div",
    "cell": "span",
}
_ATTR_MAP = {"target": "href"}
#: Below this many characters of text the trafilatura result is not trusted as a body.
MIN_TEXT_CHARS = 80
#: Larger pages skip trafilatura (about 8 s per MB of markup) for the linear densest-block walk.
MAX_TRAFILATURA_CHARS = 1_000_000


@dataclass
class FallbackPage:
    """What the generic extractor recovered from a page."""

    body: Body = field(default_factory=Body)
    title: str = ""
    #: The date trafilatura/htmldate read (``YYYY-MM-DD``), or ``""``.
    date: str = ""
    author: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    #: ``trafilatura`` or ``densest`` (which layer found the body), or ``""``.
    method: str = ""


def _as_html(tree: etree._Element) -> str:
    """trafilatura's XML body tree as HTML the walker can read."""
    tree = etree.fromstring(etree.tostring(tree))  # a private copy to rename in place
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        el.tag = _TAG_MAP.get(el.tag, el.tag)
        for old, new in _ATTR_MAP.items():
            if old in el.attrib:
                el.set(new, el.attrib.pop(old))
    tree.tag = "div"
    return etree.tostring(tree, encoding="unicode", method="html")


def _split_list(value: object) -> list[str]:
    if isinstance(value, list):
        items = [str(v) for v in value]
    elif isinstance(value, str):
        items = value.split(",")
    else:
        items = []
    return [collapse(i) for i in items if collapse(i)]


def _page_captions(html: str) -> list[str]:
    """Caption texts of a page (figcaption, wp-caption-text, Disway ``.bottom-15 small`` …):
    trafilatura turns them into paragraphs, so they are set aside again by text."""
    try:
        root = Selector(text=html).root
    except ValueError:
        return []
    texts = []
    for el in root.iter():
        if isinstance(el.tag, str) and is_caption(el):
            text = collapse(" ".join(el.itertext()))
            if text:
                texts.append(text)
    return list(dict.fromkeys(texts))


def _trafilatura(html: str, url: str | None) -> Any:
    """trafilatura's document of a page; None when it fails or the page is too large for it."""
    if len(html) > MAX_TRAFILATURA_CHARS:
        logger.info("Page too large for trafilatura (%d chars): %s", len(html), url or "a page")
        return None
    # Imported on first use: most crawls never need the fallback, and trafilatura costs about
    # 0.3 s to import in every process that loads the spiders (`scrapy list` included).
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_links=True,
            include_images=True,
            include_tables=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - a third-party parser must never end the crawl
        logger.warning("trafilatura failed on %s", url or "a page", exc_info=True)
        return None


def extract_fallback(
    html: str, url: str | None = None, urljoin: Callable[[str], str] = str
) -> FallbackPage:
    """Title, date, author and body of an unknown page; an empty FallbackPage when nothing."""
    page = FallbackPage()
    if not html or not html.strip():
        return page
    doc = _trafilatura(html, url)
    if doc is not None and not isinstance(doc, dict):
        page.title = collapse(doc.title or "")
        page.date = collapse(doc.date or "")
        page.author = collapse(doc.author or "")
        page.description = collapse(doc.description or "")
        page.tags = _split_list(doc.tags)
        page.categories = _split_list(doc.categories)
        if doc.body is not None:
            body = extract_body(Selector(text=_as_html(doc.body)), urljoin)
            captions = _page_captions(html)
            body.blocks = [b for b in body.blocks if b not in captions]
            body.captions = captions + [c for c in body.captions if c not in captions]
            if len(body.text) >= MIN_TEXT_CHARS:
                page.body, page.method = body, "trafilatura"
    if not page.method:
        try:
            container = densest_container(Selector(text=html))
        except ValueError:
            container = None
        if container is not None:
            page.body, page.method = extract_body(container, urljoin), "densest"
    return page
