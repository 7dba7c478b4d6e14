"""Raw fields of a Disway article page (web or AMP), structured data first.

Order of sources per field (first non-empty wins):

| field | sources |
|---|---|
| title | ``h1.text-black``, JSON-LD headline, og:title, ``h1``, ``<title>`` (site suffix cut) |
| published_at_raw | JSON-LD datePublished, article:published_time, ``meta[name=pubdate]``, dataLayer ``published_date``, ``div.post-info span.date``, ``time[datetime]`` |
| modified_at | JSON-LD dateModified, article:modified_time, og:updated_time, ``meta[name=lastmod]`` |
| authors / editor | JSON-LD author, ``#author strong`` (label removed) / ``#editor strong`` |
| section | JSON-LD articleSection, article:section, ``ul.breadcrumb a[href*="/kategori/"]``, dataLayer ``rubrik`` |
| tags | ``div.news-tags a[href*="/listtag/"]``, other ``/listtag/`` links outside sidebars, article:tag, JSON-LD keywords |
| body | ``div.post.text-black-1`` and AMP/theme variants, then the densest paragraph container (parser ``fallback``) |

Dates stay raw strings (NormalizeDatesPipeline parses them). Pure parsel; no Scrapy.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from asnscraper.items import Image, Link
from asnscraper.parsing.disway_body import Body, collapse, densest_container, extract_body

logger = logging.getLogger(__name__)

BODY_SELECTORS = (
    "div.post.text-black-1",
    "div.post-content",
    "div.amp-post-content",
    "div.read__content",
    "[itemprop=articleBody]",
    "div.entry-content",
    "article div.post",
)
_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle"}
)
_DATALAYER_PAIR = re.compile(r"""["']?([A-Za-z_]\w*)["']?\s*:\s*(?:"([^"]*)"|'([^']*)')""")
_BYLINE_LABEL = re.compile(
    r"^\s*(?:reporter|reporte?r|penulis|wartawan|author|oleh|editor|redaktur|penyunting)\s*[:：]?\s*",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]+$")
_ANCESTOR_CHROME = (
    "ancestor::aside or ancestor::nav or ancestor::footer or "
    "ancestor::*[contains(@class, 'sidebar') or contains(@class, 'widget')]"
)
_NOT_SIDEBAR = (
    "[not(ancestor::aside or ancestor::nav or ancestor::footer or ancestor::h4 or "
    "ancestor::*[contains(@class, 'sidebar') or contains(@class, 'widget')])]"
)


@dataclass
class PageFields:
    """Raw values read from one article page."""

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
    parser: str = "disway"


def _first(*values: Any) -> str:
    for value in values:
        if isinstance(value, str) and collapse(value):
            return collapse(value)
    return ""


def _meta(sel: Selector, *names: str) -> str:
    for name in names:
        value = sel.xpath(
            f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content'
        ).get()
        if value and value.strip():
            return collapse(value)
    return ""


# --- JSON-LD ----------------------------------------------------------------------------
def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _walk_ld(entry)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_ld(data["@graph"])


def json_ld_article(sel: Selector) -> dict[str, Any]:
    """The first JSON-LD object typed as a news article (NewsArticle, Article …), or {}."""
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            logger.debug("Unreadable JSON-LD block skipped")
            continue
        for obj in _walk_ld(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                return obj
    return {}


def _ld_names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = []
    for entry in values:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and collapse(name):
            names.append(collapse(name))
    return names


def _ld_text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or ""
    return collapse(value) if isinstance(value, str) else ""


# --- dataLayer ----------------------------------------------------------------------------
def data_layer(sel: Selector) -> dict[str, str]:
    """Key/value string pairs pushed to ``dataLayer`` by the page's scripts."""
    pairs: dict[str, str] = {}
    for script in sel.xpath("//script[contains(., 'dataLayer')]/text()").getall():
        for key, dq, sq in _DATALAYER_PAIR.findall(script):
            pairs.setdefault(key.lower(), dq or sq)
    return pairs


# --- field readers -----------------------------------------------------------------------
def _byline(sel: Selector, box: str) -> list[str]:
    names = [collapse(t) for t in sel.css(f"{box} strong ::text, {box} b ::text").getall()]
    names = [_BYLINE_LABEL.sub("", n) for n in names]
    names = [n for n in names if n and not n.endswith(":")]
    if names:
        return names
    text = collapse(" ".join(sel.css(f"{box} ::text").getall()))
    text = _BYLINE_LABEL.sub("", text)
    return [text] if text else []


def read_tags(sel: Selector, ld: dict[str, Any] | None = None) -> list[str]:
    """Tags of a page, without ``#``, in page order."""
    ld = ld or {}
    texts = sel.css('div.news-tags a[href*="/listtag/"] ::text').getall()
    if not texts:
        texts = sel.css('ul.list-inline a[href*="/listtag/"] ::text').getall()
    if not texts:
        texts = sel.xpath(f'//a[contains(@href, "/listtag/")]{_NOT_SIDEBAR}//text()').getall()
    if not texts:
        texts = sel.xpath('//meta[@property="article:tag"]/@content').getall()
    if not texts and ld.get("keywords"):
        keywords = ld["keywords"]
        texts = keywords if isinstance(keywords, list) else str(keywords).split(",")
    tags = [collapse(t).lstrip("#").strip() for t in texts]
    return list(dict.fromkeys(t for t in tags if t))


def _title(sel: Selector, ld: dict[str, Any], source_name: str) -> str:
    title = _first(
        " ".join(sel.css("h1.text-black ::text").getall()),
        _ld_text(ld.get("headline")),
        _meta(sel, "og:title", "twitter:title"),
        " ".join(sel.css("h1 ::text").getall()),
    )
    if title:
        return title
    page_title = _first(sel.css("title::text").get())
    suffix = _TITLE_SUFFIX.search(page_title)
    if suffix and (not source_name or source_name.lower() in suffix.group(0).lower()):
        page_title = page_title[: suffix.start()]
    return page_title


def _published(sel: Selector, ld: dict[str, Any], layer: dict[str, str]) -> str:
    return _first(
        _ld_text(ld.get("datePublished")),
        _meta(sel, "article:published_time", "pubdate", "publishdate", "datePublished"),
        layer.get("published_date"),
        layer.get("publish_date"),
        " ".join(sel.css("div.post-info span.date ::text").getall()),
        " ".join(sel.css(".post-info .date ::text, .date-post ::text").getall()),
        sel.css("time::attr(datetime)").get(),
        " ".join(sel.css("time ::text").getall()),
    )


def _section(sel: Selector, ld: dict[str, Any], layer: dict[str, str]) -> str | None:
    crumbs = sel.css(
        'ul.breadcrumb a[href*="/kategori/"] ::text, ol.breadcrumb a[href*="/kategori/"] ::text'
    ).getall()
    crumbs = [collapse(c) for c in crumbs if collapse(c)]
    return (
        _first(
            _ld_text(ld.get("articleSection")),
            _meta(sel, "article:section"),
            crumbs[-1] if crumbs else "",
            layer.get("rubrik"),
            layer.get("kanal"),
        )
        or None
    )


def _outside_caption(sel: Selector) -> str | None:
    """A lead-image caption placed outside the content container (AMP ``figure``, themes)."""
    for css in ("figure figcaption", ".bottom-15 small", ".caption", "figcaption"):
        for node in sel.css(css):
            if node.xpath(_ANCESTOR_CHROME).get() == "1":
                continue
            text = collapse(" ".join(node.css("::text").getall()))
            if text:
                return text
    return None


def content_container(sel: Selector) -> tuple[Selector | None, str]:
    """The article's content container and the parser label (``disway`` or ``fallback``)."""
    for css in BODY_SELECTORS:
        found = sel.css(css)
        if found and any(collapse(t) for t in found[0].xpath(".//text()").getall()):
            return found[0], "disway"
    return densest_container(sel), "fallback"


def read_body(sel: Selector, urljoin: Callable[[str], str]) -> tuple[Body, str]:
    """The body of a page (any page of a multi-page article) and the parser label."""
    container, parser = content_container(sel)
    if container is None:
        return Body(), parser
    return extract_body(container, urljoin), parser


def read_page(
    sel: Selector, urljoin: Callable[[str], str] = str, source_name: str = ""
) -> PageFields:
    """Every raw field of one article page."""
    ld = json_ld_article(sel)
    layer = data_layer(sel)
    body, parser = read_body(sel, urljoin)

    authors = _ld_names(ld.get("author")) or _byline(sel, "#author") or _byline(sel, ".author")
    editors = _byline(sel, "#editor") or _byline(sel, ".editor")

    images: list[Image] = []
    og_image = _first(_meta(sel, "og:image", "twitter:image"), _ld_text(ld.get("image")))
    caption = body.captions[0] if body.captions else _outside_caption(sel)
    urls = ([urljoin(og_image)] if og_image else []) + body.images
    for index, url in enumerate(dict.fromkeys(urls)):
        images.append(Image(url=url, caption=caption if index == 0 else None, credit=None))

    canonical = sel.css('link[rel="canonical"]::attr(href)').get() or _meta(sel, "og:url")
    return PageFields(
        title=_title(sel, ld, source_name),
        description=_first(
            _meta(sel, "og:description", "description", "twitter:description"),
            _ld_text(ld.get("description")),
        )
        or None,
        published_at_raw=_published(sel, ld, layer),
        modified_at=_first(
            _ld_text(ld.get("dateModified")),
            _meta(sel, "article:modified_time", "og:updated_time", "lastmod"),
        )
        or None,
        authors=authors,
        editor=editors[0] if editors else None,
        section=_section(sel, ld, layer),
        tags=read_tags(sel, ld),
        images=images,
        related=list(body.related),
        body=body,
        canonical=urljoin(canonical.strip()) if canonical and canonical.strip() else None,
        parser=parser,
    )


def pagination_hrefs(sel: Selector) -> list[str]:
    """Hrefs of an article's page links (``ul.pagination a[data-ci-pagination-page]`` first)."""
    hrefs = sel.css("ul.pagination a[data-ci-pagination-page]::attr(href)").getall()
    if not hrefs:
        hrefs = sel.css(
            "ul.pagination a::attr(href), .pagination a::attr(href), a[rel~=next]::attr(href)"
        ).getall()
    return [h.strip() for h in hrefs if h and h.strip() and not h.strip().startswith("#")]
