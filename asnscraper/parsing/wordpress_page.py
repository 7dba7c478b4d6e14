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
Sources are asked lazily, in order (the theme's markup only when the structured data gave
nothing); the content container is found once and the header fields searched in its scope.
Dates stay raw strings. Pure lxml (compiled queries, ``parsing/queries.py``); no Scrapy.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from asnscraper.parsing.body import Body, collapse, extract_body
from asnscraper.parsing.fallback import FallbackPage, extract_fallback
from asnscraper.parsing.queries import (
    Element,
    Tree,
    direct_texts,
    element_root,
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
    cut_site_suffix,
    first,
    first_match,
    json_ld_article,
    ld_keywords,
    ld_names,
    ld_text,
    link_href,
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
#: Page chrome around a node (sidebars, widgets, site footer, related posts, comments, author
#: boxes, previous/next links); an article's own ``<footer>`` is not chrome. The XPath test
#: ``ancestor::aside or ancestor::nav or ancestor::footer[not(ancestor::article)] or
#: ancestor::*[contains(@class, w) for w in _CHROME_CLASSES]``, walked in Python by in_chrome.
_CHROME_CLASSES = (
    "sidebar",
    "widget",
    "related",
    "comment",
    "jeg_postblock",
    "author-box",
    "next-prev",
    "prevnext",
)
_CHROME_CLASS = re.compile("|".join(map(re.escape, _CHROME_CLASSES)))  # any as a substring
_BODY_CLASS_ID = re.compile(r"\bpostid-(\d+)\b")
_ARTICLE_ID = re.compile(r"^post-(\d+)$")


def in_chrome(
    element: Element,
    classes: re.Pattern[str] = _CHROME_CLASS,
    site_tags: frozenset[str] = frozenset({"footer"}),
) -> bool:
    """True when ``element`` sits in page chrome: under an ``aside`` or ``nav``, under one of
    ``site_tags`` with no ``<article>`` above it (the site's footer, not an article's), or under
    an element whose class attribute contains a name of ``classes`` (as a substring). The
    defaults are the article body's chrome (see ``_CHROME_CLASSES``); the listing callback
    passes its own names."""
    site_chrome = False  # one of site_tags above the node with no <article> above it (so far)
    for ancestor in element.iterancestors():
        tag = ancestor.tag
        if tag in ("aside", "nav"):
            return True
        if tag in site_tags:
            site_chrome = True
        elif tag == "article":
            site_chrome = False
        value = ancestor.get("class")
        if value is not None and classes.search(value):
            return True
    return site_chrome


def _texts(scope: Element, selector: str, chrome_free: bool = True) -> list[str]:
    """Collapsed texts of the nodes matching ``selector`` in ``scope``, outside page chrome."""
    out = []
    for node in select(scope, selector):
        if chrome_free and in_chrome(node):
            continue
        text = collapse(" ".join(node.itertext()))
        if text:
            out.append(text)
    return out


def _first_css(scope: Element, selectors: tuple[str, ...]) -> str:
    for selector in selectors:
        values = select(scope, selector) if "::attr" in selector else _texts(scope, selector)
        values = [collapse(v) for v in values if collapse(v)]
        if values:
            return values[0]
    return ""


def _has_text(container: Element) -> bool:
    """Any non-blank text directly in ``container`` or in its paragraphs (``.//p//text() |
    ./text()``)."""
    if any(collapse(t) for t in direct_texts(container)):
        return True
    return any(collapse(t) for p in container.iterdescendants("p") for t in p.itertext())


def content_container(sel: Tree) -> Element | None:
    """The theme's content container, or None when no known selector holds text."""
    root = element_root(sel)
    for selector in BODY_SELECTORS:
        for found in select(root, selector):
            if not in_chrome(found) and _has_text(found):
                return found
    return None


def article_scope(sel: Tree, container: Element | None) -> Element:
    """The element around the content container that also holds the headline (or the page)."""
    if container is not None:
        for ancestor in container.iterancestors():
            if ancestor.find(".//h1") is not None:  # ancestor::*[.//h1][1]
                if ancestor.tag not in ("html", "body"):
                    return ancestor
                break
    return element_root(sel)


def _body(
    sel: Tree, container: Element | None, urljoin: Callable[[str], str], url: str | None
) -> tuple[Body, str, FallbackPage | None]:
    if container is not None:
        body = extract_body(container, urljoin)
        if body.blocks:
            return body, PARSER, None
    fallback = extract_fallback(serialized(sel), url=url, urljoin=urljoin)
    return fallback.body, FALLBACK, fallback


def read_body(
    sel: Tree, urljoin: Callable[[str], str] = str, url: str | None = None
) -> tuple[Body, str]:
    """The body of a page (any page of a multi-page post) and the parser label."""
    body, parser, _ = _body(sel, content_container(sel), urljoin, url)
    return body, parser


def page_post_id(sel: Tree) -> str | None:
    """The WordPress post ID a page names (shortlink, body class, ``article#post-…``)."""
    root = element_root(sel)
    shortlink = link_href(root, "shortlink")
    if shortlink and post_id(shortlink):
        return post_id(shortlink)
    match = _BODY_CLASS_ID.search(first_match(root, "body::attr(class)") or "")
    if match:
        return match[1]
    for element_id in select(root, "article::attr(id)"):
        if found := _ARTICLE_ID.match(element_id):
            return found[1]
    return None


def _published(root: Element, scope: Element, ld: dict[str, Any]) -> str:
    return (
        first(
            ld_text(ld.get("datePublished")),
            meta(root, "article:published_time", "datePublished", "pubdate", "publishdate"),
        )
        or _first_css(scope, _DATE_ATTRS)
        or _first_css(scope, _DATE_TEXTS)
    )


def _authors(root: Element, scope: Element, ld: dict[str, Any]) -> list[str]:
    names = ld_names(ld.get("author"))
    if names:
        return names
    for selector in _AUTHORS:
        boxes = [n for n in select(scope, selector) if not in_chrome(n)]
        if boxes and (names := byline(boxes[:1])):
            return names
    rel = xpath(f"//a[@rel='author']{NOT_CHROME}//text()")(scope)
    if names := clean_tags(rel):
        return names
    author = meta(root, "author")
    return [author] if author else []


def _section(root: Element, scope: Element, ld: dict[str, Any]) -> str | None:
    # RankMath writes every category in one comma-separated string: the first is the section.
    section = ld_text(ld.get("articleSection")) or meta(root, "article:section")
    if section:
        return section.split(",")[0].strip()
    for selector in _SECTIONS:
        if texts := _texts(scope, selector):
            return texts[0]
    rel = xpath(f".//a[contains(concat(' ', @rel, ' '), ' category ')]{NOT_CHROME}")(scope)
    texts = [collapse(" ".join(a.itertext())) for a in rel]
    return next((t for t in texts if t), None)


def read_tags(sel: Tree, ld: dict[str, Any] | None = None) -> list[str]:
    """Tags of a page without ``#``: article:tag, theme tag boxes, ``rel=tag`` links, keywords."""
    root = element_root(sel)
    tags = clean_tags(meta_all(root, "article:tag"))
    for selector in _TAGS:
        if tags:
            break
        tags = clean_tags(
            t for t in _texts(root, selector, chrome_free=False) if t.upper() != "TAGS"
        )
    if not tags:
        rel = xpath(f"//a[contains(concat(' ', @rel, ' '), ' tag ')]{NOT_CHROME}//text()")(root)
        tags = clean_tags(rel)
    return tags or ld_keywords(ld or {})


def _title(root: Element, scope: Element, ld: dict[str, Any], source_name: str) -> str:
    return (
        _first_css(scope, _TITLES)
        or first(
            ld_text(ld.get("headline")),
            cut_site_suffix(meta(root, "og:title", "twitter:title"), source_name),
        )
        or page_title(root, source_name)
    )


def _lead_image(root: Element, scope: Element, ld: dict[str, Any]) -> tuple[str, str | None]:
    image = ld.get("image")
    url = first(meta(root, "og:image", "twitter:image"), ld_text(image))
    for selector in _LEAD_IMAGES:
        if url:
            break
        url = first(first_match(scope, f"{selector}::attr(src)"))
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
    sel: Tree,
    urljoin: Callable[[str], str] = str,
    source_name: str = "",
    url: str | None = None,
) -> WordPressFields:
    """Every raw field of one WordPress article page."""
    root = element_root(sel)
    ld = json_ld_article(root)
    container = content_container(root)  # found once: the body and the header scope
    scope = article_scope(root, container)
    body, parser, fallback = _body(sel, container, urljoin, url)
    lead, lead_caption = _lead_image(root, scope, ld)
    canonical = canonical_link(root)
    return WordPressFields(
        title=_title(root, scope, ld, source_name) or (fallback.title if fallback else ""),
        description=page_description(root, ld),
        published_at_raw=_published(root, scope, ld),
        modified_at=page_modified(root, ld),
        authors=_authors(root, scope, ld),
        section=_section(root, scope, ld),
        tags=read_tags(root, ld),
        images=page_images(lead, lead_caption, body, urljoin),
        related=list(body.related),
        body=body,
        canonical=urljoin(canonical) if canonical else None,
        parser=parser,
        post_id=page_post_id(root),
        fallback_date=fallback.date if fallback else "",
    )
