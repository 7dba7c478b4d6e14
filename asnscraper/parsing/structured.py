"""Readers of what a news page states in machine-readable form, shared by every platform.

* JSON-LD: the first ``NewsArticle`` / ``Article`` / ``BlogPosting`` object, also inside a
  Yoast / RankMath ``@graph``, with ``{"@id": …}`` references (author, image …) resolved;
* ``<meta>`` readers (``og:*``, ``article:*``, ``name=…``, ``itemprop=…``);
* byline text with its label (``Reporter:``, ``Penulis:``, ``Oleh`` …) removed;
* the page ``<title>`` with the outlet's suffix (`` - Metro24``) cut;
* tag lists without ``#``.

Readers take a parsel ``Selector`` or an lxml element and query the tree through the compiled
queries of ``parsing/queries.py``; ``<meta>``, ``<link>``, JSON-LD and ``<title>`` come from the
page's one-pass :func:`~asnscraper.parsing.queries.page_head`. Pure lxml/parsel; no Scrapy.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from asnscraper.items import Image, Link
from asnscraper.parsing.body import Body, collapse
from asnscraper.parsing.queries import Element, Tree, css, element_root, page_head, select, text_of

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "blogposting",
        "analysisnewsarticle",
        "socialmediaposting",
    }
)
BYLINE_LABEL = re.compile(
    r"^\s*(?:reporter|reporte?r|penulis|wartawan|author|oleh|by|editor|redaktur|penyunting|"
    r"kontributor|posted by|ditulis oleh)\s*[:：]?\s*",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]+$")
#: XPath predicate: the node is not inside page chrome (sidebars, widgets, menus, footers,
#: related-post and comment blocks). Append to an XPath step.
NOT_CHROME = (
    "[not(ancestor::aside or ancestor::nav or ancestor::footer or ancestor::h4 or "
    "ancestor::*[contains(@class, 'sidebar') or contains(@class, 'widget') or "
    "contains(@class, 'related') or contains(@class, 'comment') or "
    "contains(@class, 'jeg_postblock')])]"
)
_CHROME_TAGS = frozenset({"aside", "nav", "footer"})
_CHROME_CLASS = re.compile("sidebar|widget")  # contains(@class, 'sidebar' | 'widget')


def in_chrome(element: Element) -> bool:
    """True when ``element`` sits in page chrome: inside an ``aside``, ``nav`` or ``footer``, or
    an element whose class mentions ``sidebar`` or ``widget`` (XPath ``ancestor::aside or
    ancestor::nav or ancestor::footer or ancestor::*[contains(@class, 'sidebar') or
    contains(@class, 'widget')]``, walked in Python: one XPath per node cost a tree scan)."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _CHROME_TAGS:
            return True
        value = ancestor.get("class")
        if value is not None and _CHROME_CLASS.search(value):
            return True
    return False


@dataclass
class PageFields:
    """Raw values read from one article page (any platform)."""

    title: str = ""
    description: str | None = None
    published_at_raw: str = ""
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    body: Body = field(default_factory=Body)
    canonical: str | None = None
    parser: str = ""


def first(*values: Any) -> str:
    """The first value that is a non-blank string, whitespace collapsed; else ``""``.

    Readers chain it as ``first(a, b) or first(query())``: the same answer as
    ``first(a, b, query())``, with the query run only when ``a`` and ``b`` are blank."""
    for value in values:
        if isinstance(value, str) and collapse(value):
            return collapse(value)
    return ""


def joined_text(context: Element, selector: str) -> str:
    """``" ".join(sel.css(selector).getall())`` for a ``::text`` selector."""
    return " ".join(select(context, selector))


def first_match(context: Element, selector: str) -> Any:
    """``sel.css(selector).get()``'s node: the first element or string found, or None."""
    found = select(context, selector)
    return found[0] if found else None


def meta(sel: Tree, *names: str) -> str:
    """The first non-blank ``<meta>`` content among ``names`` (property, name or itemprop):
    what ``//meta[@property=$n or @name=$n or @itemprop=$n]/@content`` finds first."""
    index = page_head(element_root(sel)).meta
    for name in names:
        value = index.get(name)
        if value and value.strip():
            return collapse(value)
    return ""


def meta_all(sel: Tree, name: str) -> list[str]:
    """Every non-blank ``<meta>`` content for ``name`` (``article:tag`` repeats), in order."""
    values = page_head(element_root(sel)).meta_lists.get(name, [])
    return [collapse(v) for v in values if collapse(v)]


# --- JSON-LD ----------------------------------------------------------------------------
def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _walk_ld(entry)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_ld(data["@graph"])


def _is_article(obj: dict[str, Any]) -> bool:
    types = obj.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types)


def _resolve(value: Any, index: dict[str, dict[str, Any]]) -> Any:
    """A ``{"@id": …}`` reference replaced by the node it names (one level, lists too)."""
    if isinstance(value, list):
        return [_resolve(v, index) for v in value]
    if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in index:
        return index[value["@id"]]
    return value


def ld_article_in(blocks: Iterable[str]) -> dict[str, Any]:
    """The first article object in raw JSON-LD texts, references resolved; or {}."""
    for raw in blocks:
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            logger.debug("Unreadable JSON-LD block skipped")
            continue
        nodes = list(_walk_ld(data))
        index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
        for obj in nodes:
            if _is_article(obj):
                return {key: _resolve(value, index) for key, value in obj.items()}
    return {}


def json_ld_article(sel: Tree) -> dict[str, Any]:
    """The first JSON-LD object of a page typed as a news article (NewsArticle, Article …)."""
    return ld_article_in(page_head(element_root(sel)).json_ld)


def ld_names(value: Any) -> list[str]:
    """Names in a JSON-LD value: a string, a ``{"name": …}`` object, or a list of them."""
    values = value if isinstance(value, list) else [value]
    names = []
    for entry in values:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and collapse(name):
            names.append(collapse(name))
    return names


def ld_text(value: Any) -> str:
    """A JSON-LD value as one string (first of a list; ``name`` or ``url`` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("contentUrl") or ""
    return collapse(value) if isinstance(value, str) else ""


def ld_keywords(ld: dict[str, Any]) -> list[str]:
    """JSON-LD ``keywords`` (a list or a comma-separated string)."""
    keywords = ld.get("keywords")
    if not keywords:
        return []
    values = keywords if isinstance(keywords, list) else str(keywords).split(",")
    return [collapse(str(v)) for v in values if collapse(str(v))]


# --- bylines, titles, tags ----------------------------------------------------------------
def page_description(sel: Tree, ld: dict[str, Any]) -> str | None:
    """The standfirst: og/meta description first, then JSON-LD ``description``."""
    return (
        first(
            meta(sel, "og:description", "description", "twitter:description"),
            ld_text(ld.get("description")),
        )
        or None
    )


def page_modified(sel: Tree, ld: dict[str, Any]) -> str | None:
    """The raw modification date: JSON-LD ``dateModified``, then the usual meta names."""
    return (
        first(
            ld_text(ld.get("dateModified")),
            meta(sel, "article:modified_time", "og:updated_time", "lastmod", "dateModified"),
        )
        or None
    )


def strip_byline_label(text: str) -> str:
    return BYLINE_LABEL.sub("", collapse(text)).strip(" -–|,")


def byline(boxes: list[Element]) -> list[str]:
    """Names in byline boxes: their links, else their ``strong``/``b``, else their text.

    Labels (``Reporter:``, ``Oleh``) are removed; a box holding only a label gives nothing.
    """
    for inner in ("a ::text", "strong ::text, b ::text"):
        query = css(inner)
        names = [strip_byline_label(t) for box in boxes for t in query(box)]
        names = [n for n in names if n and not n.endswith(":")]
        if names:
            return list(dict.fromkeys(names))
    names = [strip_byline_label(text_of(box)) for box in boxes]
    return list(dict.fromkeys(n for n in names if n))


def page_title(sel: Tree, source_name: str = "") -> str:
    """``<title>`` with a trailing `` - Outlet`` / `` | Outlet`` suffix cut."""
    return cut_site_suffix(first(page_head(element_root(sel)).title), source_name)


def cut_site_suffix(title: str, source_name: str = "") -> str:
    """``title`` without a trailing `` - Outlet`` suffix (only when it names the outlet)."""
    suffix = _TITLE_SUFFIX.search(title)
    if suffix and (not source_name or source_name.lower() in suffix.group(0).lower()):
        return title[: suffix.start()]
    return title


def clean_tags(texts: Iterable[str]) -> list[str]:
    """Tag texts without ``#`` and blanks, duplicates removed, page order kept."""
    tags = [collapse(t).lstrip("#").strip() for t in texts]
    return list(dict.fromkeys(t for t in tags if t))


def link_href(sel: Tree, rel: str) -> str | None:
    """The href of the first ``<link rel="{rel}">`` (``rel`` exactly that value), or None."""
    hrefs = page_head(element_root(sel)).links.get(rel)
    return hrefs[0] if hrefs else None


def canonical_link(sel: Tree) -> str | None:
    """``link rel=canonical`` (or og:url) as written on the page, or None."""
    canonical = link_href(sel, "canonical") or meta(sel, "og:url")
    return canonical.strip() if canonical and canonical.strip() else None


def page_images(
    lead: str, lead_caption: str | None, body: Body, urljoin: Callable[[str], str] = str
) -> list[Image]:
    """The lead image (og:image …) then the body's images, each once, with their captions.

    A body image takes the caption of its own figure; the first image takes ``lead_caption``
    when there is one.
    """
    urls = ([urljoin(lead)] if lead else []) + body.images
    images: list[Image] = []
    for index, url in enumerate(dict.fromkeys(urls)):
        caption = body.image_captions.get(url)
        if index == 0:
            caption = lead_caption or caption
        images.append(Image(url=url, caption=caption, credit=None))
    return images
