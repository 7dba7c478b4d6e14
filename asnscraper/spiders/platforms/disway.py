"""Base spider for outlets on the Disway network CMS (CodeIgniter + Bootstrap).

An outlet is a thin subclass setting ``name``, ``source_name``, ``canonical_host``, ``hosts`` and
optionally ``categories``, ``tags`` and ``rss_feeds`` (site paths). Discovery:

* site search ``/search/kata/?c={query}`` per query, then its offset pages
  ``/search/kata/{offset}/{limit}/?c={query}&num=`` found in the page's pagination links;
* category listings ``/kategori/{id}/{slug}`` (+ ``/{offset}``) and tag pages ``/listtag/{id}/{slug}``;
* RSS feeds (``/rss``, ``/rss/{category}``).

Each entry point follows at most ``max_pages`` listing pages and stops early once a page's
entries are all older than ``since``. Article links of every shape (web with or without a
category, AMP, later pages, brand-domain hosts, tracking parameters) are collapsed to one
request per (host, id). ``parse_article`` reads a page's raw fields, follows a multi-page
article's later pages in order and yields one item with every page's body.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from scrapy.http import Request, Response

from asnscraper.items import Article
from asnscraper.pages import page_tree
from asnscraper.parsing.disway_page import pagination_hrefs, read_body, read_page, read_tags
from asnscraper.parsing.disway_urls import (
    article_fetch_url,
    canonical_article_url,
    listing_offset,
    page_offset,
    parse_article_url,
    search_url,
    site_url,
)
from asnscraper.parsing.listing_dates import listing_day
from asnscraper.parsing.queries import element_root, select, xpath
from asnscraper.spiders.platforms.articles import ArticlePagesMixin
from asnscraper.spiders.platforms.base import NewsSpider

logger = logging.getLogger(__name__)

PARSER = "disway"
MAX_ARTICLE_PAGES = 40

_QUERY_OR_FRAGMENT = re.compile(r"[?#].*$")
_LISTING_LINKS = "div.media-content h2.media-heading a[href]"
_LISTING_FALLBACKS = (
    "//*[contains(@class, 'media-heading')][not(self::h4)]//a[@href]",
    "//main//a[@href] | //*[@id='main' or @id='content']//a[@href]"
    " | //*[contains(@class, 'col-md-8') or contains(@class, 'col-lg-8')]//a[@href]",
    "//body//a[@href]",
)
# The listing entry around a link: Bootstrap ``.media`` / ``.media-content`` box, a list item or article.
_ENTRY_BOX = (
    "ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' media-content ') or "
    "contains(concat(' ', normalize-space(@class), ' '), ' media ') or self::li or self::article][1]"
)
_NOT_CHROME = (
    "[not(ancestor::aside or ancestor::nav or ancestor::footer or ancestor::header or "
    "ancestor::h4 or ancestor::*[contains(@class, 'sidebar') or contains(@class, 'widget')])]"
)


class DiswaySpider(ArticlePagesMixin, NewsSpider):
    """Any Disway outlet. Subclasses configure hosts, categories, tags and feeds."""

    #: Category listing paths, e.g. ``/kategori/7/politik``.
    categories: ClassVar[tuple[str, ...]] = ()
    #: Tag page paths, e.g. ``/listtag/4521/netralitas-asn``.
    tags: ClassVar[tuple[str, ...]] = ()
    platform = "disway"
    #: RSS feed paths; ``/rss/{category}`` feeds can be added.
    rss_feeds: ClassVar[tuple[str, ...]] = ("/rss",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._requested: set[tuple[str, str]] = set()

    # --- helpers ----------------------------------------------------------------------
    def article_request(self, url: str) -> Request | None:
        """One request per article (host, id) in a run; None for a non-article or a repeat."""
        ref = parse_article_url(url)
        if ref is None or not self.is_own_url(url):
            return None
        key = (self.canonical_host, ref.id)
        if key in self._requested:
            self.inc("articles/duplicate_links")
            return None
        self._requested.add(key)
        self.inc("articles/requested")
        fetch = article_fetch_url(url, self.canonical_host)
        return self.request(fetch or url, self.parse_article)

    def article_key(self, url: str) -> str:
        """Disway identity: the canonical host and the numeric article id (any URL shape)."""
        ref = parse_article_url(url)
        if ref is None:
            return super().article_key(url)
        return f"{self.canonical_host}/read/{ref.id}"

    # --- discovery --------------------------------------------------------------------
    def discovery_requests(self) -> Iterable[Request]:
        for query in self.queries:
            yield self.request(
                search_url(self.canonical_host, query),
                self.parse_listing,
                cb_kwargs={"entry": f"search:{query}", "page": 1},
            )
        for kind, paths in (("category", self.categories), ("tag", self.tags)):
            for path in paths:
                yield self.request(
                    site_url(self.canonical_host, path),
                    self.parse_listing,
                    cb_kwargs={"entry": f"{kind}:{path}", "page": 1},
                )
        for path in self.rss_feeds:
            yield self.request(site_url(self.canonical_host, path), self.parse_feed)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Route a response by URL shape (used by ``scrapy parse`` without ``-c``)."""
        url = self.real_url(response)
        if parse_article_url(url):
            yield from self.parse_article(response)
        elif "/rss" in url or b"<rss" in response.body[:500]:
            yield from self.parse_feed(response)
        else:
            yield from self.parse_listing(response)

    # --- listings ---------------------------------------------------------------------
    def listing_entries(self, response: Response) -> list[tuple[str, dt.date | None]]:
        """(article URL, day shown or None) of a listing page, main column only."""
        root = element_root(page_tree(response))
        links = select(root, _LISTING_LINKS)
        if not links:
            for fallback in _LISTING_FALLBACKS:
                links = [
                    a
                    for a in xpath(fallback + _NOT_CHROME)(root)
                    if parse_article_url(self.absolute(response, a.get("href")))
                ]
                if links:
                    self.inc("listing/fallback_links")
                    break
        entries: dict[str, tuple[str, dt.date | None]] = {}
        entry_box = xpath(_ENTRY_BOX)
        for link in links:
            url = self.absolute(response, link.get("href"))
            ref = parse_article_url(url)
            if ref is None or not self.is_own_url(url) or ref.id in entries:
                continue
            box = entry_box(link)
            day = listing_day(" ".join(box[0].itertext())) if box else None
            entries[ref.id] = (url, day)
        return list(entries.values())

    def next_listing_page(self, response: Response) -> str | None:
        """The next listing page from the page's own pagination links (never guessed)."""
        here = listing_offset(self.real_url(response))
        root = element_root(page_tree(response))
        candidates = select(root, 'a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)') or (
            select(
                root,
                "ul.pagination a[data-ci-pagination-page]::attr(href), ul.pagination a::attr(href)",
            )
        )
        later = []
        for href in candidates:
            url = self.absolute(response, href)
            if self.is_own_url(url) and listing_offset(url) > here:
                later.append((listing_offset(url), url))
        return min(later)[1] if later else None

    def parse_listing(
        self, response: Response, entry: str = "", page: int = 1
    ) -> Iterator[Request]:
        entries = self.listing_entries(response)
        # Read by the layout check (extensions/coverage.py): article links per listing page.
        self.inc("listing/pages")
        self.inc("listing/entries", len(entries))
        if not entries:
            logger.warning("No article links on listing page %s", response.url)
            self.inc("listing/empty")
        for url, day in entries:
            if not self.in_range(day):
                self.inc("articles/out_of_range")
                continue
            request = self.article_request(url)
            if request is not None:
                yield request
        if self.stop_paginating([day for _, day in entries], [url for url, _ in entries]):
            return
        next_url = self.next_listing_page(response)
        if next_url is None or not self.below_max_pages(page):
            return
        yield self.request(
            next_url, self.parse_listing, cb_kwargs={"entry": entry, "page": page + 1}
        )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """RSS 2.0 / Atom feed: every item's link, skipping items dated outside [since, until]."""
        for link, _ in self.feed_entries(response):
            request = self.article_request(link)
            if request is not None:
                yield request

    # --- articles ---------------------------------------------------------------------
    def first_page_url(self, url: str) -> str | None:
        """Page 1 of a multi-page article for a later page (``/15``, ``/30`` …), else None."""
        return article_fetch_url(url, self.canonical_host) if page_offset(url) > 0 else None

    def later_pages(self, response: Response, pending: list[str]) -> list[str]:
        """Later pages of this article still to read, ordered by offset (pagination links)."""
        here = self.real_url(response)
        ref = parse_article_url(here)
        if ref is None:
            return pending
        known = {page_offset(u): u for u in pending}
        for href in pagination_hrefs(page_tree(response)):
            url = self.absolute(response, href)
            other = parse_article_url(url)
            if other is None or other.id != ref.id or not self.is_own_url(url):
                continue
            if other.offset > ref.offset and other.amp == ref.amp:
                known.setdefault(other.offset, _QUERY_OR_FRAGMENT.sub("", url))
        return [known[offset] for offset in sorted(known)][:MAX_ARTICLE_PAGES]

    def extract_article(self, response: Response, **context: Any) -> Article:
        """The raw fields of one article page as an Article (first page of a multi-page one)."""
        real = self.real_url(response)
        fields = read_page(
            page_tree(response),
            lambda href: self.absolute(response, href),
            source_name=self.source_name,
        )
        if fields.parser != PARSER:
            self.inc("fallback")
        canonical = canonical_article_url(real, self.canonical_host)
        if (
            fields.canonical
            and parse_article_url(fields.canonical)
            and self.is_own_url(fields.canonical)
        ):
            canonical = canonical_article_url(fields.canonical, self.canonical_host)
        return self.article_from(response, canonical, fields)

    def append_page(self, article: Article, response: Response) -> None:
        """Add a later page's body and related links to the article."""
        tree = page_tree(response)
        body, _ = read_body(tree, lambda href: self.absolute(response, href))
        if body.text:
            article.body = f"{article.body}\n\n{body.text}" if article.body else body.text
        else:
            self.inc("articles/empty_page")
        article.related.extend(body.related)
        # Disway shows the tag box under the last page only on some themes.
        article.tags = list(dict.fromkeys([*article.tags, *read_tags(tree)]))
        self.inc("articles/extra_pages")
