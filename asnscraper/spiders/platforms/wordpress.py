"""Base spider for outlets on WordPress, whatever the theme.

An outlet is a thin subclass setting ``name``, ``source_name``, ``canonical_host``, ``hosts`` and
optionally ``categories`` / ``tags`` (site paths such as ``/category/news/``), ``feeds`` and
``sitemaps``. Discovery:

* per query, the REST API ``/wp-json/wp/v2/posts?search={q}&…&_embed=1`` paged by the
  ``X-WP-TotalPages`` header; its posts become items directly (``parser="wordpress-rest"``)
  unless their content is protected or empty (then the post's HTML ``link`` is fetched). When
  the API answers 4xx, fails, or answers something that is not a JSON list of posts, the HTML
  search ``/?s={q}`` → ``/page/{n}/?s={q}`` is used for that query instead;
* the RSS feed ``/feed/``;
* sitemaps: ``/sitemap_index.xml`` (Yoast, RankMath), else ``/wp-sitemap.xml`` (core), then
  their post sub-sitemaps, newest first (parsed by Scrapy's ``Sitemap``: no entity resolution);
* category and tag listings ``/category/{slug}/``, ``/tag/{slug}/`` → ``/page/{n}/``.

Every listing-like entry point follows at most ``max_pages`` pages, stops once a whole page is
older than ``since`` or already known from earlier runs (``all_known``), and skips entries dated
outside [since, until]. Every link variant of an article (``?p=ID``, ``/amp/``, ``?amp=1``,
``utm_*``, ``www.``, ``/slug/2/``) collapses to one key, so an article is requested once per run
whatever the routes that list it. A page without any date takes the date its discovery entry
showed (REST ``date_gmt``, RSS ``pubDate``, listing date; sitemap ``lastmod`` last).
``parse_article`` joins the pages of a ``<!--nextpage-->`` post in order into one item.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, ClassVar

from lxml import etree
from parsel import Selector
from scrapy.exceptions import NotSupported
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from asnscraper.items import Article
from asnscraper.pages import page_tree
from asnscraper.parsing import wordpress_urls
from asnscraper.parsing.listing_dates import listing_day
from asnscraper.parsing.queries import Tree, css, element_root, select, text_of, xpath
from asnscraper.parsing.wordpress_page import in_chrome, read_body, read_page, read_tags
from asnscraper.parsing.wordpress_rest import RestError, RestPost, read_post, read_posts
from asnscraper.parsing.wordpress_urls import (
    is_amp,
    listing_base,
    listing_page,
    listing_url,
    post_id,
    rest_search_url,
    search_url,
    site_url,
)
from asnscraper.spiders.platforms.articles import ArticlePagesMixin
from asnscraper.spiders.platforms.base import NewsSpider

logger = logging.getLogger(__name__)

# The URL helpers are pure functions; one link is asked about several times per page or entry
# (claim, keys, dates, canonical, request, first emit, later pages), and each answer costs a
# w3lib canonicalization: they are remembered (per process, for the most recent URLs).
_remember = lru_cache(maxsize=8192)
article_key = _remember(wordpress_urls.article_key)
base_url = _remember(wordpress_urls.base_url)
fetch_url = _remember(wordpress_urls.fetch_url)
is_article_url = _remember(wordpress_urls.is_article_url)
split_page = _remember(wordpress_urls.split_page)

PARSER = "wordpress"
MAX_ARTICLE_PAGES = 40
#: HTTP statuses the REST and sitemap callbacks see themselves (to fall back), not as errors.
FALLBACK_STATUSES = [400, 401, 403, 404, 405, 406, 410, 451]
#: Rank of a discovery date when a page shows none: lower wins (sitemap lastmod last).
DATE_RANK = {"rest": 0, "feed": 1, "listing": 2, "sitemap": 3}

_LISTING_TITLES = (
    "h3.entry-title a[href], h2.entry-title a[href], .td-module-title a[href], "
    ".jeg_post_title a[href], h2.post-title a[href], h3.post-title a[href], "
    "article h2 a[href], article h3 a[href]"
)
# Page chrome around listing links: an aside or nav above a link, a footer or header not inside
# an article, or an ancestor whose class attribute contains one of these names (as a substring).
_LISTING_SITE_TAGS = frozenset({"footer", "header"})
_LISTING_CHROME_CLASS = re.compile(
    "sidebar|widget|related|mega|menu|td-header|jeg_header|site-header|footer"
)
_LISTING_FALLBACK = (
    "//main//a[@href] | //*[@id='main' or @id='content' or @id='primary']//a[@href] | "
    "//*[contains(@class, 'site-main') or contains(@class, 'td-main-content') or "
    "contains(@class, 'jeg_main_content')]//a[@href]"
)
_ENTRY_BOX = (
    "ancestor::*[self::article or self::li or "
    "contains(concat(' ', normalize-space(@class), ' '), ' td_module_wrap ')][1]"
)
_ENTRY_DATES = (
    ".td-post-date",
    ".jeg_meta_date",
    ".entry-date",
    ".posted-on",
    ".post-date",
    "time",
)
# An href whose path ends in a 1-3 digit segment (``/slug/2/``, ``2/``, ``/slug/3?x``): what
# split_page needs of a later page, tested on the raw href before it is resolved.
_PAGE_NUMBER_HREF = re.compile(r"(?:^|/)\d{1,3}/?(?:[?#].*)?$", re.DOTALL)
_NEXT_LINKS = (
    'link[rel~="next"]::attr(href), a[rel~="next"]::attr(href), a.next::attr(href), '
    ".nav-previous a::attr(href), .next a::attr(href)"
)


def in_listing_chrome(link: Any) -> bool:
    """True when ``link`` sits in page chrome (sidebar, menu, widget, site header or footer):
    one walk up its ancestors (an XPath ``ancestor::`` test per link cost ten times more)."""
    return in_chrome(link, _LISTING_CHROME_CLASS, _LISTING_SITE_TAGS)


def page_selector(response: Response) -> Tree:
    """The HTML tree of any response (parsel reads a JSON body as JSON, a binary one not at
    all): callbacks handed the wrong kind of page find nothing instead of raising. An HTML
    response gives its shared tree (``asnscraper/pages.py``), others an HTML selector."""
    if isinstance(response, HtmlResponse):
        return page_tree(response)
    try:
        sel = response.selector  # type: ignore[attr-defined]
    except (AttributeError, NotSupported):
        return Selector(text="<html></html>", type="html")
    if sel.type == "html":
        return sel
    return Selector(text=response.text or "<html></html>", type="html")  # type: ignore[attr-defined]


class WordPressSpider(ArticlePagesMixin, NewsSpider):
    """Any WordPress news outlet. Subclasses configure hosts, categories, tags, feeds."""

    platform = "wordpress"
    #: Category listing paths, e.g. ``/category/news/``.
    categories: ClassVar[tuple[str, ...]] = ()
    #: Tag listing paths, e.g. ``/tag/netralitas-asn/``.
    tags: ClassVar[tuple[str, ...]] = ()
    #: RSS feed paths.
    feeds: ClassVar[tuple[str, ...]] = ("/feed/",)
    #: Sitemap entry points tried in order until one answers (Yoast/RankMath, then core).
    sitemaps: ClassVar[tuple[str, ...]] = ("/sitemap_index.xml", "/wp-sitemap.xml")
    #: Use the REST API for search (falls back on HTML search per query when blocked).
    use_rest: ClassVar[bool] = True
    #: Posts per REST page (WordPress's own default is 10).
    rest_per_page: ClassVar[int] = 10

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._claimed: set[str] = set()
        self._emitted: set[str] = set()
        self._dates: dict[str, tuple[int, str]] = {}

    # --- helpers ----------------------------------------------------------------------
    def article_key(self, url: str) -> str:
        """WordPress identity: the post's own URL on the canonical host (AMP, page, tracking
        and host variants removed), the key deduplication and the state store use."""
        return article_key(url, self.canonical_host).removeprefix("https://")

    def keys(self, url: str, pid: str | None = None) -> list[str]:
        """Identity keys of an article link: its variant-free URL and its post ID if known."""
        keys = [article_key(url, self.canonical_host)]
        for known in (pid, post_id(url)):
            if known:
                keys.append(f"id:{known}")
        return keys

    def claim(self, url: str, pid: str | None = None) -> bool:
        """True the first time an article is seen in this run (by any of its keys)."""
        keys = self.keys(url, pid)
        if any(k in self._claimed for k in keys):
            self.inc("articles/duplicate_links")
            self._claimed.update(keys)
            return False
        self._claimed.update(keys)
        return True

    def note_date(self, url: str, raw: str, route: str) -> None:
        """Remember the date a discovery route showed for an article (best route kept)."""
        if not raw:
            return
        key = article_key(url, self.canonical_host)
        rank = DATE_RANK[route]
        if key not in self._dates or rank < self._dates[key][0]:
            self._dates[key] = (rank, raw)

    def discovered_date(self, urls: Iterable[str], raw: str = "") -> str:
        """The best discovery date noted for an article under any of ``urls``, else ``raw``
        (the date its request carried in ``cb_kwargs``)."""
        noted = [
            self._dates[k]
            for u in urls
            if (k := article_key(u, self.canonical_host)) in self._dates
        ]
        return min(noted)[1] if noted else raw

    def canonical(self, url: str, stated: str | None) -> str:
        """``rel=canonical`` when it is on the outlet's hosts, else the URL itself; either way
        on the canonical host without tracking, AMP or page marks."""
        if stated and self.is_own_url(stated) and is_article_url(stated):
            return base_url(self.to_real(stated), self.canonical_host)
        return base_url(url, self.canonical_host)

    def article_request(
        self, url: str, discovered: str = "", route: str = "listing", pid: str | None = None
    ) -> Request | None:
        """One request per article in a run; None for a non-article, a foreign host or a repeat."""
        if not self.is_own_url(url) or not is_article_url(url):
            return None
        self.note_date(url, discovered, route)
        if not self.claim(url, pid):
            return None
        self.inc("articles/requested")
        fetch, _ = split_page(fetch_url(url, self.canonical_host))
        return self.request(fetch, self.parse_article, cb_kwargs={"discovered": discovered})

    # --- discovery --------------------------------------------------------------------
    def discovery_requests(self) -> Iterable[Request]:
        for query in self.queries:
            yield self.rest_request(query, 1) if self.use_rest else self.search_request(query, 1)
        for path in self.feeds:
            yield self.request(site_url(self.canonical_host, path), self.parse_feed)
        if self.sitemaps:
            yield self.sitemap_request(self.sitemaps[0], list(self.sitemaps[1:]))
        for kind, paths in (("category", self.categories), ("tag", self.tags)):
            for path in paths:
                yield self.request(
                    listing_url(self.canonical_host, path),
                    self.parse_listing,
                    cb_kwargs={"entry": f"{kind}:{path}", "page": 1},
                )

    def rest_request(self, query: str, page: int) -> Request:
        after = f"{self.since.isoformat()}T00:00:00" if self.since else None
        before = f"{self.until.isoformat()}T23:59:59" if self.until else None
        url = rest_search_url(self.canonical_host, query, page, self.rest_per_page, after, before)
        return self.request(
            url,
            self.parse_rest,
            cb_kwargs={"query": query, "page": page},
            errback=self.rest_failed,
            meta={"handle_httpstatus_list": FALLBACK_STATUSES},
        )

    def search_request(self, query: str, page: int) -> Request:
        return self.request(
            search_url(self.canonical_host, query, page),
            self.parse_listing,
            cb_kwargs={"entry": f"search:{query}", "page": page},
        )

    def sitemap_request(self, path_or_url: str, alternates: list[str], **kwargs: Any) -> Request:
        url = path_or_url
        if path_or_url.startswith("/"):
            url = site_url(self.canonical_host, path_or_url)
        return self.request(
            url,
            self.parse_sitemap,
            cb_kwargs={"alternates": alternates, **kwargs},
            errback=self.sitemap_failed,
            meta={"handle_httpstatus_list": FALLBACK_STATUSES},
        )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Route a response by URL shape (used by ``scrapy parse`` without ``-c``)."""
        url = self.real_url(response)
        head = response.body[:500].lstrip()
        if "/wp-json/" in url:
            yield from self.parse_rest(response, query="", page=1)
        elif url.rstrip("/").endswith("/feed") or b"<rss" in head:
            yield from self.parse_feed(response)
        elif b"<urlset" in head or b"<sitemapindex" in head:
            yield from self.parse_sitemap(response)
        elif is_article_url(url):
            yield from self.parse_article(response)
        else:
            yield from self.parse_listing(response)

    # --- REST ---------------------------------------------------------------------------
    def parse_rest(self, response: Response, query: str, page: int) -> Iterator[Any]:
        """One page of REST search results: items, HTML fetches, the next page or a fallback."""
        if response.status != 200:
            yield from self.rest_fallback(query, page, f"http_{response.status}")
            return
        try:
            posts = read_posts(getattr(response, "text", "") or "")
        except RestError as exc:
            yield from self.rest_fallback(query, page, "not_json", str(exc))
            return
        self.inc("rest/pages")
        canonicals, days = [], []
        for post in posts:
            try:
                fields = read_post(post, lambda href: self.absolute(response, href))
            except Exception:  # noqa: BLE001 - one malformed post must not lose the page
                logger.exception("Unreadable REST post on %s", response.url)
                self.inc("errors/rest_post")
                continue
            link = self.to_real(fields.link)
            if not link or not self.is_own_url(link):
                self.inc("rest/foreign_link")
                continue
            day = listing_day(fields.published_at_raw)
            days.append(day)
            canonicals.append(base_url(link, self.canonical_host))
            if not self.in_range(day):
                self.inc("articles/out_of_range")
                continue
            yield from self.rest_post(response, fields, link)
        if not posts:
            return
        total = response.headers.get(b"X-WP-TotalPages") or b"1"
        try:
            total_pages = int(total.decode("ascii", "replace").strip())
        except ValueError:
            total_pages = 1
        if self.stop_paginating(days, canonicals) or page >= total_pages:
            return
        if self.below_max_pages(page):
            yield self.rest_request(query, page + 1)

    def rest_post(self, response: Response, fields: RestPost, link: str) -> Iterator[Any]:
        """A REST post as an item, or its HTML page when its content is unusable."""
        self.note_date(link, fields.published_at_raw, "rest")
        if not self.claim(link, fields.id):
            return
        if fields.needs_html:
            self.inc("rest/needs_html")
            self.inc("articles/requested")
            yield self.request(
                fetch_url(link, self.canonical_host),
                self.parse_article,
                cb_kwargs={"discovered": fields.published_at_raw},
            )
            return
        article = self.article_from(response, self.canonical(link, fields.canonical), fields)
        article.url = self.to_fetch(fetch_url(link, self.canonical_host))
        if self.first_emit(article):
            self.inc("rest/items")
            yield self.finish(article)

    def rest_fallback(self, query: str, page: int, reason: str, detail: str = "") -> Iterator[Any]:
        """The REST API is unusable for this query: use the HTML search from its first page."""
        self.inc(f"rest/fallback/{reason}")
        logger.info("REST search unusable (%s%s); HTML search for %r", reason, detail, query)
        if query and page == 1:
            yield self.search_request(query, 1)
        elif query:
            # A later REST page failed: HTML search would repeat page 1; stop this query.
            self.inc("rest/stopped_midway")

    def rest_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        kwargs = request.cb_kwargs
        yield from self.rest_fallback(kwargs.get("query", ""), kwargs.get("page", 1), "failed")

    # --- listings ---------------------------------------------------------------------
    def listing_entries(
        self, response: Response
    ) -> list[tuple[str, dt.date | None, str, str | None]]:
        """(article URL, day shown, raw date, post ID) of a listing page, main column only."""
        root = element_root(page_selector(response))
        links = [a for a in select(root, _LISTING_TITLES) if not in_listing_chrome(a)]
        if not links:
            links = [
                a
                for a in xpath(_LISTING_FALLBACK)(root)
                if not in_listing_chrome(a)
                and is_article_url(self.absolute(response, a.get("href")))
            ]
            if links:
                self.inc("listing/fallback_links")
        entries: dict[str, tuple[str, dt.date | None, str, str | None]] = {}
        entry_box = xpath(_ENTRY_BOX)
        for link in links:
            url = self.absolute(response, link.get("href"))
            if not self.is_own_url(url) or not is_article_url(url):
                continue
            key = article_key(url, self.canonical_host)
            if key in entries:
                continue
            box = entry_box(link)
            raw, pid = "", None
            if box:
                # Plain compiled queries: the box is a small subtree, and select()'s class
                # index would scan every class value of the page for each query.
                datetimes = css("time::attr(datetime)")(box[0])
                raw = (datetimes[0] if datetimes else None) or next(
                    (
                        text
                        for query in _ENTRY_DATES
                        for node in css(query)(box[0])[:1]
                        if (text := text_of(node).strip())
                    ),
                    "",
                )
                for attr in (box[0].get("id", ""), box[0].get("class", "")):
                    for token in attr.split():
                        if token.startswith("post-") and token[5:].isdigit():
                            pid = token[5:]
            raw = " ".join(raw.split())
            entries[key] = (url, listing_day(raw), raw, pid)
        return list(entries.values())

    def next_listing_page(self, response: Response, page: int) -> str | None:
        """The next listing page from the page's own links (never guessed): same listing,
        page number + 1; ``rel=next``-style links first."""
        here = self.real_url(response)
        base = listing_base(here)
        root = element_root(page_selector(response))
        candidates = select(root, _NEXT_LINKS) + select(root, "a::attr(href)")
        wanted = max(page, listing_page(here)) + 1
        for href in candidates:
            url = self.absolute(response, href)
            # The page number first: it rules out nearly every link, and costs least.
            if listing_page(url) == wanted and self.is_own_url(url) and listing_base(url) == base:
                return url
        return None

    def parse_listing(
        self, response: Response, entry: str = "", page: int = 1
    ) -> Iterator[Request]:
        """A search, category or tag page: its articles, then its next page."""
        entries = self.listing_entries(response)
        # Read by the layout check (extensions/coverage.py): article links per listing page.
        self.inc("listing/pages")
        self.inc("listing/entries", len(entries))
        if not entries:
            logger.warning("No article links on listing page %s", response.url)
            self.inc("listing/empty")
            return
        for url, day, raw, pid in entries:
            if not self.in_range(day):
                self.inc("articles/out_of_range")
                continue
            request = self.article_request(url, raw, "listing", pid)
            if request is not None:
                yield request
        canonicals = [base_url(url, self.canonical_host) for url, *_ in entries]
        if self.stop_paginating([day for _, day, _, _ in entries], canonicals):
            return
        next_url = self.next_listing_page(response, page)
        if next_url is None or not self.below_max_pages(page):
            return
        yield self.request(
            next_url, self.parse_listing, cb_kwargs={"entry": entry, "page": page + 1}
        )

    # --- feeds and sitemaps -----------------------------------------------------------
    def parse_feed(self, response: Response) -> Iterator[Request]:
        """RSS 2.0 / Atom: every item's link (``guid ?p=ID`` noted), dated items in range."""
        for link, entry in self.feed_entries(response):
            request = self.article_request(link, entry.date, "feed", post_id(entry.guid))
            if request is not None:
                yield request

    def parse_sitemap(
        self,
        response: Response,
        alternates: list[str] | None = None,
        queue: list[str] | None = None,
        page: int = 1,
    ) -> Iterator[Request]:
        """A sitemap index (→ its post sub-sitemaps, newest first) or a urlset (→ articles)."""
        alternates = alternates or []
        sitemap = None
        if response.status == 200:
            sitemap = self._read_sitemap(response)
        else:
            self.inc(f"sitemap/http_{response.status}")
        if sitemap is None:
            yield from self.next_sitemap(alternates, queue, page)
            return
        entries = list(sitemap)
        if sitemap.type == "sitemapindex":
            subs = self._post_sitemaps(entries)
            if subs:
                yield self.sitemap_request(subs[0], [], queue=subs[1:], page=1)
            else:
                self.inc("sitemap/no_post_sitemaps")
            return
        entries.sort(key=lambda e: e.get("lastmod", ""), reverse=True)
        days, canonicals = [], []
        for entry in entries:
            loc = self.absolute(response, entry.get("loc", ""))
            raw = entry.get("lastmod", "")
            day = listing_day(raw)
            days.append(day)
            canonicals.append(base_url(loc, self.canonical_host))
            if self.before_since(day):  # lastmod is a modification: only `since` can cut
                self.inc("articles/out_of_range")
                continue
            request = self.article_request(loc, raw, "sitemap")
            if request is not None:
                yield request
        if not queue or self.stop_paginating(days, canonicals):
            return
        if self.below_max_pages(page):
            yield self.sitemap_request(queue[0], [], queue=queue[1:], page=page + 1)

    def _read_sitemap(self, response: Response) -> Sitemap | None:
        body = response.body
        try:
            if body[:2] == b"\x1f\x8b":
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            sitemap = Sitemap(body)
        except (etree.XMLSyntaxError, StopIteration, OSError, ValueError) as exc:
            logger.warning("Unreadable sitemap %s: %s", response.url, exc)
            self.inc("sitemap/unreadable")
            return None
        if sitemap.type not in ("sitemapindex", "urlset"):
            logger.warning("Not a sitemap (%s): %s", sitemap.type, response.url)
            self.inc("sitemap/unreadable")
            return None
        return sitemap

    def _post_sitemaps(self, entries: list[dict[str, Any]]) -> list[str]:
        """Post sub-sitemaps of an index, newest first, those older than ``since`` left out."""
        subs = []
        for order, entry in enumerate(entries):
            loc = entry.get("loc", "")
            name = loc.rsplit("/", 1)[-1].lower()
            if not self.is_own_url(loc) or not (
                name.startswith(("post-sitemap", "wp-sitemap-posts-post", "sitemap-posts"))
            ):
                continue
            if self.before_since(listing_day(entry.get("lastmod"))):
                continue
            subs.append((entry.get("lastmod", ""), order, loc))
        subs.sort(reverse=True)
        return [loc for _, _, loc in subs]

    def next_sitemap(
        self, alternates: list[str], queue: list[str] | None, page: int
    ) -> Iterator[Request]:
        """After an unusable sitemap: the next entry point, else the next queued sub-sitemap."""
        if alternates:
            yield self.sitemap_request(alternates[0], alternates[1:])
        elif queue:
            yield self.sitemap_request(queue[0], [], queue=queue[1:], page=page)

    def sitemap_failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        logger.warning("Sitemap failed: %s (%s)", request.url, failure.getErrorMessage())
        self.inc("sitemap/failed")
        kwargs = request.cb_kwargs
        yield from self.next_sitemap(
            kwargs.get("alternates") or [], kwargs.get("queue"), kwargs.get("page", 1)
        )

    # --- articles -------------------------------------------------------------------------
    def first_page_url(self, url: str) -> str | None:
        """Page 1 of a multi-page post for a later page ``/slug/2/`` (not AMP), else None."""
        first, number = split_page(url)
        return first if number > 1 and not is_amp(url) else None

    def later_pages(self, response: Response, pending: list[str]) -> list[str]:
        """Later pages of this post still to read (``/slug/2/`` …), in page order."""
        here = self.real_url(response)
        key = article_key(here, self.canonical_host)
        _, current = split_page(fetch_url(here, self.canonical_host))
        known = {split_page(u)[1]: u for u in pending}
        for href in select(element_root(page_selector(response)), "a::attr(href)"):
            # Cheap tests first: only a link whose path ends in a page number can be a later
            # page (most of a page's ~70 links are not; resolving and canonicalizing each of
            # them cost 10 ms a page).
            if not _PAGE_NUMBER_HREF.search(href.strip()):
                continue
            link = self.absolute(response, href)
            if split_page(link)[1] <= current:
                continue
            if not self.is_own_url(link) or is_amp(link):
                continue
            fetch = fetch_url(link, self.canonical_host)
            _, number = split_page(fetch)
            if number > current and article_key(fetch, self.canonical_host) == key:
                known.setdefault(number, fetch)
        return [known[n] for n in sorted(known)][:MAX_ARTICLE_PAGES]

    def extract_article(self, response: Response, discovered: str = "") -> Article | None:
        """The raw fields of one article page (page 1 of a multi-page post) as an Article."""
        real = self.real_url(response)
        fields = read_page(
            page_selector(response),
            lambda href: self.absolute(response, href),
            source_name=self.source_name,
            url=response.url,
        )
        if fields.parser != PARSER:
            self.inc("fallback")
        canonical = self.canonical(real, fields.canonical)
        self._claimed.update(self.keys(canonical, fields.post_id))
        published = fields.published_at_raw
        if not published:
            published = self.discovered_date((real, canonical), discovered)
            if published:
                self.inc("dates/from_discovery")
            elif fields.fallback_date:
                published = fields.fallback_date
                self.inc("dates/from_fallback")
        article = self.article_from(response, canonical, fields, published_at_raw=published)
        return article if self.first_emit(article) else None

    def append_page(self, article: Article, response: Response) -> None:
        """Add a later page's body, images and related links to the article."""
        sel = page_selector(response)
        body, _ = read_body(sel, lambda href: self.absolute(response, href), response.url)
        if body.text:
            article.body = f"{article.body}\n\n{body.text}" if article.body else body.text
        else:
            self.inc("articles/empty_page")
        article.related.extend(body.related)
        seen = {image["url"] for image in article.images}
        for url in body.images:
            if url not in seen:
                caption = body.image_captions.get(url)
                article.images.append({"url": url, "caption": caption, "credit": None})
        article.tags = list(dict.fromkeys([*article.tags, *read_tags(sel)]))
        self.inc("articles/extra_pages")

    def first_emit(self, article: Article) -> bool:
        """False (and counted) when this run already produced an item for the canonical URL."""
        key = article_key(article.canonical_url, self.canonical_host)
        if key in self._emitted:
            self.inc("articles/duplicate_pages")
            return False
        self._emitted.add(key)
        return True
