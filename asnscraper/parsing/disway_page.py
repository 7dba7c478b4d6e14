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

from asnscraper.parsing.body import Body, collapse, extract_body
from asnscraper.parsing.fallback import extract_fallback
from asnscraper.parsing.queries import (
    Element,
    Tree,
    element_root,
    page_head,
    select,
    serialized,
    xpath,
)
from asnscraper.parsing.structured import (
    NOT_CHROME,
    PageFields,
    byline,
    canonical_link,
    clean_tags,
    first,
    first_match,
    in_chrome,
    joined_text,
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
def data_layer(sel: Tree) -> dict[str, str]:
    """Key/value string pairs pushed to ``dataLayer`` by the page's scripts."""
    pairs: dict[str, str] = {}
    for script in page_head(element_root(sel)).data_layer:
        for key, dq, sq in _DATALAYER_PAIR.findall(script):
            pairs.setdefault(key.lower(), dq or sq)
    return pairs


# --- field readers -----------------------------------------------------------------------
# Each reader asks its sources in order and stops at the first answer (``first(...) or ...``):
# the structured sources are dictionary look-ups, the markup ones compiled queries.
def _byline(root: Element, box: str) -> list[str]:
    found = select(root, box)
    return byline(found[:1])


def read_tags(sel: Tree, ld: dict[str, Any] | None = None) -> list[str]:
    """Tags of a page, without ``#``, in page order."""
    root = element_root(sel)
    texts = select(root, 'div.news-tags a[href*="/listtag/"] ::text')
    if not texts:
        texts = select(root, 'ul.list-inline a[href*="/listtag/"] ::text')
    if not texts:
        texts = xpath(f'//a[contains(@href, "/listtag/")]{NOT_CHROME}//text()')(root)
    if not texts:
        texts = xpath('//meta[@property="article:tag"]/@content')(root)
    return clean_tags(texts) or ld_keywords(ld or {})


def _title(root: Element, ld: dict[str, Any], source_name: str) -> str:
    return (
        first(joined_text(root, "h1.text-black ::text"))
        or first(ld_text(ld.get("headline")), meta(root, "og:title", "twitter:title"))
        or first(joined_text(root, "h1 ::text"))
        or page_title(root, source_name)
    )


def _published(root: Element, ld: dict[str, Any], layer: dict[str, str]) -> str:
    return (
        first(
            ld_text(ld.get("datePublished")),
            meta(root, "article:published_time", "pubdate", "publishdate", "datePublished"),
            layer.get("published_date"),
            layer.get("publish_date"),
        )
        or first(joined_text(root, "div.post-info span.date ::text"))
        or first(joined_text(root, ".post-info .date ::text, .date-post ::text"))
        or first(first_match(root, "time::attr(datetime)"))
        or first(joined_text(root, "time ::text"))
    )


def _section(root: Element, ld: dict[str, Any], layer: dict[str, str]) -> str | None:
    def last_crumb() -> str:
        crumbs = select(
            root,
            'ul.breadcrumb a[href*="/kategori/"] ::text, ol.breadcrumb a[href*="/kategori/"] ::text',
        )
        crumbs = [collapse(c) for c in crumbs if collapse(c)]
        return crumbs[-1] if crumbs else ""

    return (
        first(ld_text(ld.get("articleSection")), meta(root, "article:section"))
        or first(last_crumb())
        or first(layer.get("rubrik"), layer.get("kanal"))
        or None
    )


def _outside_caption(root: Element) -> str | None:
    """A lead-image caption placed outside the content container (AMP ``figure``, themes)."""
    for selector in ("figure figcaption", ".bottom-15 small", ".caption", "figcaption"):
        for node in select(root, selector):
            if in_chrome(node):
                continue
            text = collapse(" ".join(node.itertext()))
            if text:
                return text
    return None


def content_container(sel: Tree) -> Element | None:
    """The article's content container, or None when no Disway selector holds text."""
    root = element_root(sel)
    for selector in BODY_SELECTORS:
        found = select(root, selector)
        if found and any(collapse(t) for t in found[0].itertext()):
            return found[0]
    return None


def read_body(sel: Tree, urljoin: Callable[[str], str]) -> tuple[Body, str]:
    """The body of a page (any page of a multi-page article) and the parser label: ``disway``,
    or ``fallback`` when the generic extractor (parsing/fallback.py) had to find it."""
    container = content_container(sel)
    if container is not None:
        return extract_body(container, urljoin), "disway"
    return extract_fallback(serialized(sel), urljoin=urljoin).body, "fallback"


def read_page(sel: Tree, urljoin: Callable[[str], str] = str, source_name: str = "") -> PageFields:
    """Every raw field of one article page."""
    root = element_root(sel)
    ld = json_ld_article(root)
    layer = data_layer(root)
    body, parser = read_body(sel, urljoin)

    authors = ld_names(ld.get("author")) or _byline(root, "#author") or _byline(root, ".author")
    editors = _byline(root, "#editor") or _byline(root, ".editor")

    og_image = first(meta(root, "og:image", "twitter:image"), ld_text(ld.get("image")))
    caption = body.captions[0] if body.captions else _outside_caption(root)
    images = page_images(og_image, caption, body, urljoin)

    canonical = canonical_link(root)
    return PageFields(
        title=_title(root, ld, source_name),
        description=page_description(root, ld),
        published_at_raw=_published(root, ld, layer),
        modified_at=page_modified(root, ld),
        authors=authors,
        editor=editors[0] if editors else None,
        section=_section(root, ld, layer),
        tags=read_tags(root, ld),
        images=images,
        related=list(body.related),
        body=body,
        canonical=urljoin(canonical) if canonical else None,
        parser=parser,
    )


def pagination_hrefs(sel: Tree) -> list[str]:
    """Hrefs of an article's page links (``ul.pagination a[data-ci-pagination-page]`` first)."""
    root = element_root(sel)
    hrefs = select(root, "ul.pagination a[data-ci-pagination-page]::attr(href)")
    if not hrefs:
        hrefs = select(
            root, "ul.pagination a::attr(href), .pagination a::attr(href), a[rel~=next]::attr(href)"
        )
    return [h.strip() for h in hrefs if h and h.strip() and not h.strip().startswith("#")]
