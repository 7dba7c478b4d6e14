"""Raw fields of a WordPress article page, for any common news theme.

First non-empty source wins, per field:

| field | sources |
|---|---|
| title | theme ``h1`` (core/Astra/GeneratePress ``h1.entry-title``, tagDiv ``.td-post-title h1``, JNews ``h1.jeg_post_title``, AMP ``h1.amp-wp-title``), JSON-LD headline, og:title, ``<title>`` (site suffix cut) |
| published_at_raw | JSON-LD datePublished (``@graph`` too), article:published_time, ``itemprop=datePublished``, theme ``time[datetime]`` in the article header, visible theme dates (``.jeg_meta_date``, ``.td-post-date``, ``.entry-date``, ``.posted-on``) |
| modified_at | JSON-LD dateModified, article:modified_time, og:updated_time |
| authors | JSON-LD author (``@id`` references resolved), ``.td-post-author-name``, ``.jeg_meta_author``, ``.byline .author``, ``a[rel=author]``, ``meta[name=author]`` |
| section | JSON-LD articleSection, article:section, ``.td-category``, ``.jeg_meta_category``, ``.cat-links``, ``a[rel~=category]`` |
| tags | article:tag, ``.td-tags``, ``.jeg_post_tags``, ``.tags-links``, ``a[rel=tag]``, JSON-LD keywords |
| body | ``div.td-post-content``, ``div.content-inner`` (JNews), ``div.entry-content`` and other theme containers, then the generic fallback (parser ``fallback``) |

Theme header fields are read inside the article's scope (the nearest element around the content
container that holds the headline), never from sidebars, related posts or comment blocks.
Dates stay raw strings. Pure parsel; no Scrapy.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parsel import Selector

from asnscraper.parsing.body import Body, collapse, extract_body
from asnscraper.parsing.fallback import FallbackPage, extract_fallback
from asnscraper.parsing.structured import (
    NOT_CHROME,
    PageFields,
    byline,
    canonical_link,
    clean_tags,
    cut_site_suffix,
    first,
    json_ld_article,
    ld_keywords,
    ld_names,
    ld_text,
    meta,
    meta_all,
    page_description,
    page_images,
    page_modified,
    page_title,
)
from asnscraper.parsing.wordpress_urls import post_id

logger = logging.getLogger(__name__)

PARSER = "wordpress"
FALLBACK = "fallback"

#: Content containers, most specific first (tagDiv, JNews, core/Astra/GeneratePress, others).
BODY_SELECTORS = (
    "div.td-post-content",
    "div.tdb_single_content div.tdb-block-inner",
    "div.jeg_inner_content div.content-inner",
    "div.content-inner",
    "div.entry-content-single",
    "div.entry-content",
    "div.amp-wp-article-content",
    "div.post-content",
    "div.single-content",
    "div.post-entry",
    "div.article-content",
    "div.td-post-text-content",
    "[itemprop=articleBody]",
    "article div.entry",
    "div.post-body",
)
_TITLES = (
    "h1.entry-title",
    ".td-post-title h1",
    "h1.tdb-title-text",
    "h1.jeg_post_title",
    "h1.amp-wp-title",
    "h1.post-title",
    "h1.single-post-title",
    "h1",
)
_DATE_ATTRS = (
    ".td-post-date time::attr(datetime)",
    ".jeg_meta_date time::attr(datetime)",
    "time.entry-date::attr(datetime)",
    ".posted-on time::attr(datetime)",
    ".amp-wp-posted-on time::attr(datetime)",
    "time[itemprop=datePublished]::attr(datetime)",
    "time.published::attr(datetime)",
)
_DATE_TEXTS = (
    ".jeg_meta_date",
    ".td-post-date",
    "time.entry-date",
    ".posted-on",
    ".amp-wp-posted-on",
    ".post-date",
    ".entry-date",
    ".date-post",
    "span.date",
)
_AUTHORS = (
    ".td-post-author-name",
    ".tdb-author-name",
    ".jeg_meta_author",
    ".byline .author",
    ".amp-wp-byline",
    ".post-author",
    ".author-name",
)
_SECTIONS = (
    ".td-category a",
    ".tdb-category a",
    ".jeg_meta_category a",
    ".cat-links a",
    ".amp-wp-meta.amp-wp-tax-category a",
    ".post-category a",
)
_TAGS = (
    ".td-tags a",
    ".tdb-tags a",
    ".jeg_post_tags a",
    ".tags-links a",
    ".amp-wp-tax-tag a",
    ".post-tags a",
)
_LEAD_IMAGES = (
    ".td-post-featured-image img",
    ".jeg_featured img",
    ".post-thumbnail img",
    ".featured-image img",
    ".amp-wp-article-featured-image amp-img",
)
_LEAD_CAPTIONS = (
    ".td-post-featured-image .wp-caption-text",
    ".td-post-featured-image figcaption",
    ".jeg_featured .wp-caption-text",
    ".jeg_featured figcaption",
    ".post-thumbnail figcaption",
    ".featured-image figcaption",
    ".amp-wp-article-featured-image figcaption",
    ".amp-wp-article-featured-image .wp-caption-text",
)
#: XPath test: the node sits in page chrome (sidebars, widgets, site footer, related posts,
#: comments, author boxes, previous/next links). An article's own ``<footer>`` is not chrome.
_IN_CHROME = (
    "ancestor::aside or ancestor::nav or ancestor::footer[not(ancestor::article)] or "
    "ancestor::*[contains(@class, 'sidebar') or contains(@class, 'widget') or "
    "contains(@class, 'related') or contains(@class, 'comment') or "
    "contains(@class, 'jeg_postblock') or contains(@class, 'author-box') or "
    "contains(@class, 'next-prev') or contains(@class, 'prevnext')]"
)
_BODY_CLASS_ID = re.compile(r"\bpostid-(\d+)\b")
_ARTICLE_ID = re.compile(r"^post-(\d+)$")


def _texts(scope: Selector, css: str, chrome_free: bool = True) -> list[str]:
    """Collapsed texts of the nodes matching ``css`` in ``scope``, outside page chrome."""
    out = []
    for node in scope.css(css):
        if chrome_free and node.xpath(_IN_CHROME).get() == "1":
            continue
        text = collapse(" ".join(node.css("::text").getall()))
        if text:
            out.append(text)
    return out


def _first_css(scope: Selector, selectors: tuple[str, ...]) -> str:
    for css in selectors:
        values = _texts(scope, css) if "::attr" not in css else scope.css(css).getall()
        values = [collapse(v) for v in values if collapse(v)]
        if values:
            return values[0]
    return ""


def content_container(sel: Selector) -> Selector | None:
    """The theme's content container, or None when no known selector holds text."""
    for css in BODY_SELECTORS:
        for found in sel.css(css):
            if found.xpath(_IN_CHROME).get() == "1":
                continue
            if any(collapse(t) for t in found.xpath(".//p//text() | ./text()").getall()):
                return found
    return None


def article_scope(sel: Selector, container: Selector | None) -> Selector:
    """The element around the content container that also holds the headline (or the page)."""
    if container is not None:
        scope = container.xpath("ancestor::*[.//h1][1]")
        if scope and scope[0].root.tag not in ("html", "body"):
            return scope[0]
    return sel


def _body(
    sel: Selector, urljoin: Callable[[str], str], url: str | None
) -> tuple[Body, str, FallbackPage | None]:
    container = content_container(sel)
    if container is not None:
        body = extract_body(container, urljoin)
        if body.blocks:
            return body, PARSER, None
    fallback = extract_fallback(sel.get(), url=url, urljoin=urljoin)
    return fallback.body, FALLBACK, fallback


def read_body(
    sel: Selector, urljoin: Callable[[str], str] = str, url: str | None = None
) -> tuple[Body, str]:
    """The body of a page (any page of a multi-page post) and the parser label."""
    body, parser, _ = _body(sel, urljoin, url)
    return body, parser


def page_post_id(sel: Selector) -> str | None:
    """The WordPress post ID a page names (shortlink, body class, ``article#post-…``)."""
    shortlink = sel.css('link[rel="shortlink"]::attr(href)').get()
    if shortlink and post_id(shortlink):
        return post_id(shortlink)
    match = _BODY_CLASS_ID.search(sel.css("body::attr(class)").get() or "")
    if match:
        return match[1]
    for element_id in sel.css("article::attr(id)").getall():
        if found := _ARTICLE_ID.match(element_id):
            return found[1]
    return None


def _published(sel: Selector, scope: Selector, ld: dict[str, Any]) -> str:
    return first(
        ld_text(ld.get("datePublished")),
        meta(sel, "article:published_time", "datePublished", "pubdate", "publishdate"),
        _first_css(scope, _DATE_ATTRS),
        _first_css(scope, _DATE_TEXTS),
    )


def _authors(sel: Selector, scope: Selector, ld: dict[str, Any]) -> list[str]:
    names = ld_names(ld.get("author"))
    if names:
        return names
    for css in _AUTHORS:
        boxes = [n for n in scope.css(css) if n.xpath(_IN_CHROME).get() != "1"]
        if boxes and (names := byline(boxes[:1])):
            return names
    rel = scope.xpath(f"//a[@rel='author']{NOT_CHROME}//text()").getall()
    if names := clean_tags(rel):
        return names
    author = meta(sel, "author")
    return [author] if author else []


def _section(sel: Selector, scope: Selector, ld: dict[str, Any]) -> str | None:
    # RankMath writes every category in one comma-separated string: the first is the section.
    section = ld_text(ld.get("articleSection")) or meta(sel, "article:section")
    if section:
        return section.split(",")[0].strip()
    for css in _SECTIONS:
        if texts := _texts(scope, css):
            return texts[0]
    rel = scope.xpath(f".//a[contains(concat(' ', @rel, ' '), ' category ')]{NOT_CHROME}")
    texts = [collapse(" ".join(a.css("::text").getall())) for a in rel]
    return next((t for t in texts if t), None)


def read_tags(sel: Selector, ld: dict[str, Any] | None = None) -> list[str]:
    """Tags of a page without ``#``: article:tag, theme tag boxes, ``rel=tag`` links, keywords."""
    tags = clean_tags(meta_all(sel, "article:tag"))
    for css in _TAGS:
        if tags:
            break
        tags = clean_tags(t for t in _texts(sel, css, chrome_free=False) if t.upper() != "TAGS")
    if not tags:
        rel = sel.xpath(f"//a[contains(concat(' ', @rel, ' '), ' tag ')]{NOT_CHROME}//text()")
        tags = clean_tags(rel.getall())
    return tags or ld_keywords(ld or {})


def _title(sel: Selector, scope: Selector, ld: dict[str, Any], source_name: str) -> str:
    return first(
        _first_css(scope, _TITLES),
        ld_text(ld.get("headline")),
        cut_site_suffix(meta(sel, "og:title", "twitter:title"), source_name),
    ) or page_title(sel, source_name)


def _lead_image(sel: Selector, scope: Selector, ld: dict[str, Any]) -> tuple[str, str | None]:
    image = ld.get("image")
    url = first(
        meta(sel, "og:image", "twitter:image"),
        ld_text(image),
        *(scope.css(f"{css}::attr(src)").get() for css in _LEAD_IMAGES),
    )
    caption = _first_css(scope, _LEAD_CAPTIONS) or None
    if caption is None and isinstance(image, dict):
        caption = first(image.get("caption")) or None
    return url, caption


@dataclass
class WordPressFields(PageFields):
    """PageFields plus what a WordPress page adds."""

    #: The post ID the page names (shortlink, body class), or None.
    post_id: str | None = None
    #: The date the generic extractor guessed (``YYYY-MM-DD``) on a fallback page, else "".
    fallback_date: str = ""


def read_page(
    sel: Selector,
    urljoin: Callable[[str], str] = str,
    source_name: str = "",
    url: str | None = None,
) -> WordPressFields:
    """Every raw field of one WordPress article page."""
    ld = json_ld_article(sel)
    scope = article_scope(sel, content_container(sel))
    body, parser, fallback = _body(sel, urljoin, url)
    lead, lead_caption = _lead_image(sel, scope, ld)
    canonical = canonical_link(sel)
    return WordPressFields(
        title=_title(sel, scope, ld, source_name) or (fallback.title if fallback else ""),
        description=page_description(sel, ld),
        published_at_raw=_published(sel, scope, ld),
        modified_at=page_modified(sel, ld),
        authors=_authors(sel, scope, ld),
        section=_section(sel, scope, ld),
        tags=read_tags(sel, ld),
        images=page_images(lead, lead_caption, body, urljoin),
        related=list(body.related),
        body=body,
        canonical=urljoin(canonical) if canonical else None,
        parser=parser,
        post_id=page_post_id(sel),
        fallback_date=fallback.date if fallback else "",
    )
