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
| body | ``div.post.text-black-1`` and AMP/theme variants, then the generic extractor of ``parsing/fallback.py`` (trafilatura, then the densest paragraph block; parser ``fallback``) |

Dates stay raw strings (NormalizeDatesPipeline parses them). Pure parsel; no Scrapy.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from parsel import Selector

from asnscraper.parsing.body import Body, collapse, extract_body
from asnscraper.parsing.fallback import extract_fallback
from asnscraper.parsing.structured import (
    IN_CHROME,
    NOT_CHROME,
    PageFields,
    byline,
    canonical_link,
    clean_tags,
    first,
    json_ld_article,
    ld_keywords,
    ld_names,
    ld_text,
    meta,
    page_description,
    page_images,
    page_modified,
    page_title,
)

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
_DATALAYER_PAIR = re.compile(r"""["']?([A-Za-z_]\w*)["']?\s*:\s*(?:"([^"]*)"|'([^']*)')""")


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
    return byline(sel.css(box)[:1])


def read_tags(sel: Selector, ld: dict[str, Any] | None = None) -> list[str]:
    """Tags of a page, without ``#``, in page order."""
    texts = sel.css('div.news-tags a[href*="/listtag/"] ::text').getall()
    if not texts:
        texts = sel.css('ul.list-inline a[href*="/listtag/"] ::text').getall()
    if not texts:
        texts = sel.xpath(f'//a[contains(@href, "/listtag/")]{NOT_CHROME}//text()').getall()
    if not texts:
        texts = sel.xpath('//meta[@property="article:tag"]/@content').getall()
    return clean_tags(texts) or ld_keywords(ld or {})


def _title(sel: Selector, ld: dict[str, Any], source_name: str) -> str:
    return first(
        " ".join(sel.css("h1.text-black ::text").getall()),
        ld_text(ld.get("headline")),
        meta(sel, "og:title", "twitter:title"),
        " ".join(sel.css("h1 ::text").getall()),
    ) or page_title(sel, source_name)


def _published(sel: Selector, ld: dict[str, Any], layer: dict[str, str]) -> str:
    return first(
        ld_text(ld.get("datePublished")),
        meta(sel, "article:published_time", "pubdate", "publishdate", "datePublished"),
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
        first(
            ld_text(ld.get("articleSection")),
            meta(sel, "article:section"),
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
            if node.xpath(IN_CHROME).get() == "1":
                continue
            text = collapse(" ".join(node.css("::text").getall()))
            if text:
                return text
    return None


def content_container(sel: Selector) -> Selector | None:
    """The article's content container, or None when no Disway selector holds text."""
    for css in BODY_SELECTORS:
        found = sel.css(css)
        if found and any(collapse(t) for t in found[0].xpath(".//text()").getall()):
            return found[0]
    return None


def read_body(sel: Selector, urljoin: Callable[[str], str]) -> tuple[Body, str]:
    """The body of a page (any page of a multi-page article) and the parser label: ``disway``,
    or ``fallback`` when the generic extractor (parsing/fallback.py) had to find it."""
    container = content_container(sel)
    if container is not None:
        return extract_body(container, urljoin), "disway"
    return extract_fallback(sel.get(), urljoin=urljoin).body, "fallback"


def read_page(
    sel: Selector, urljoin: Callable[[str], str] = str, source_name: str = ""
) -> PageFields:
    """Every raw field of one article page."""
    ld = json_ld_article(sel)
    layer = data_layer(sel)
    body, parser = read_body(sel, urljoin)

    authors = ld_names(ld.get("author")) or _byline(sel, "#author") or _byline(sel, ".author")
    editors = _byline(sel, "#editor") or _byline(sel, ".editor")

    og_image = first(meta(sel, "og:image", "twitter:image"), ld_text(ld.get("image")))
    caption = body.captions[0] if body.captions else _outside_caption(sel)
    images = page_images(og_image, caption, body, urljoin)

    canonical = canonical_link(sel)
    return PageFields(
        title=_title(sel, ld, source_name),
        description=page_description(sel, ld),
        published_at_raw=_published(sel, ld, layer),
        modified_at=page_modified(sel, ld),
        authors=authors,
        editor=editors[0] if editors else None,
        section=_section(sel, ld, layer),
        tags=read_tags(sel, ld),
        images=images,
        related=list(body.related),
        body=body,
        canonical=urljoin(canonical) if canonical else None,
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
