"""What every asnscraper spider shares, whatever the CMS.

* spider arguments (``query``, ``since``, ``until``, ``max_pages``, ``base_url``), validated
  with a one-line error (:func:`check_arguments`);
* mirror crawling: with ``base_url`` every request goes to the same path and query on the
  mirror, and URLs read back from the mirror are mapped to the outlet's real host;
* building an :class:`~asnscraper.items.Article` with the identity fields filled.

Platform base spiders (``disway.py``, ``wordpress.py``) subclass :class:`NewsSpider`; outlet
spiders are thin configurations of a platform spider.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.response import get_base_url

from asnscraper.items import Article
from asnscraper.parsing.feeds import FeedEntry, feed_entries
from asnscraper.parsing.listing_dates import listing_day
from asnscraper.parsing.urls import strip_tracking

logger = logging.getLogger(__name__)

_DATE_ARG = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: An absolute http(s) link with a host: ``urljoin`` reads only the base's scheme for it.
_HOST_HREF = re.compile(r"https?://[^/?#\s]")


@lru_cache(maxsize=8192)
def _joined(base: str, href: str) -> str:
    return urljoin(base, href)


def joined_url(base: str, href: str) -> str:
    """``urljoin(base, href)``, remembered per process (pages repeat the same links). An
    absolute http(s) link with a host joins alike against every base of one scheme, so it is
    remembered under the scheme alone and found again on the next page."""
    if _HOST_HREF.match(href):
        if base.startswith("https:"):
            base = "https:"
        elif base.startswith("http:"):
            base = "http:"
    return _joined(base, href)


class SpiderArgumentError(ValueError):
    """A spider argument (``-a name=value``) has a bad value. The message is one line."""


def _parse_date_arg(name: str, value: str) -> dt.date:
    value = value.strip()
    if not _DATE_ARG.match(value):
        raise SpiderArgumentError(f"{name}={value!r} is not a date in YYYY-MM-DD form")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SpiderArgumentError(f"{name}={value!r} is not a real calendar date") from None


def _parse_queries(value: str) -> list[str]:
    queries = [q.strip() for q in value.split(",")]
    queries = [q for q in queries if q]
    if not queries:
        raise SpiderArgumentError(f"query={value!r} holds no search terms (comma-separated list)")
    return queries


def _parse_max_pages(value: str | int) -> int:
    try:
        pages = int(str(value).strip())
    except ValueError:
        raise SpiderArgumentError(f"max_pages={value!r} is not a whole number") from None
    if pages < 1:
        raise SpiderArgumentError(f"max_pages={value!r} must be 1 or more")
    return pages


def _parse_base_url(value: str) -> tuple[str, str]:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SpiderArgumentError(
            f"base_url={value!r} is not an http(s) URL such as http://127.0.0.1:8000"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SpiderArgumentError(
            f"base_url={value!r} must have no path or query, only scheme://host:port"
        )
    return parts.scheme, parts.netloc


KNOWN_ARGUMENTS = ("query", "since", "until", "max_pages", "base_url")

# Scheduling priorities (higher goes first). Scrapy's queue is LIFO within one priority, and a
# listing page yields its next page last: without priorities a crawl follows every listing
# page before the articles they list, and tens of thousands of article requests wait in the
# queue (memory grows with the site). Articles go first, so the queue holds about one listing
# page's worth of articles per entry point; the later pages of an article being read go before
# new articles (its partial item waits in memory until its last page).
PRIORITY_ARTICLE_PAGE = 20
PRIORITY_ARTICLE = 10
PRIORITY_LISTING = 0


def request_priority(callback: Any, cb_kwargs: dict[str, Any] | None = None) -> int:
    """The priority of a request by its callback: ``parse_article`` (the article callback of
    every spider) first, a later page of a multi-page article (``partial`` given) before
    that; listings, feeds, sitemaps and REST pages after."""
    if getattr(callback, "__name__", "") != "parse_article":
        return PRIORITY_LISTING
    if cb_kwargs and cb_kwargs.get("partial") is not None:
        return PRIORITY_ARTICLE_PAGE
    return PRIORITY_ARTICLE


def check_arguments(**kwargs: Any) -> dict[str, Any]:
    """Validate spider arguments; return them parsed. Raises SpiderArgumentError (one line)."""
    parsed: dict[str, Any] = {}
    if kwargs.get("query") is not None:
        parsed["query"] = _parse_queries(str(kwargs["query"]))
    for name in ("since", "until"):
        if kwargs.get(name) is not None:
            parsed[name] = _parse_date_arg(name, str(kwargs[name]))
    if parsed.get("since") and parsed.get("until") and parsed["since"] > parsed["until"]:
        raise SpiderArgumentError(
            f"since={parsed['since']} is after until={parsed['until']}: the range is empty"
        )
    if kwargs.get("max_pages") is not None:
        parsed["max_pages"] = _parse_max_pages(kwargs["max_pages"])
    if kwargs.get("base_url") is not None:
        parsed["base_url"] = _parse_base_url(str(kwargs["base_url"]))
    return parsed


class NewsSpider(scrapy.Spider):
    """Base of every asnscraper spider. Subclasses set the class attributes below."""

    #: Outlet name as readers know it.
    source_name: ClassVar[str] = ""
    #: Host of canonical URLs (``pagaralampos.disway.id``).
    canonical_host: ClassVar[str] = ""
    #: Every host that serves the outlet (canonical, brand domain, www, mobile …).
    hosts: ClassVar[tuple[str, ...]] = ()
    #: Topic queries for search discovery; empty = the ASNSCRAPER_QUERIES setting.
    default_queries: ClassVar[tuple[str, ...]] = ()
    #: Local time of the outlet for dates shown without an offset: ``WIB`` (+07:00), ``WITA``
    #: (+08:00) or ``WIT`` (+09:00). NormalizeDatesPipeline reads it from the running spider.
    timezone: ClassVar[str] = "WIB"

    def __init__(
        self,
        name: str | None = None,
        *,
        query: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_pages: str | int | None = None,
        base_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, **kwargs)
        args = check_arguments(
            query=query, since=since, until=until, max_pages=max_pages, base_url=base_url
        )
        self._query_arg: list[str] | None = args.get("query")
        self.since: dt.date | None = args.get("since")
        self.until: dt.date | None = args.get("until")
        self._max_pages_arg: int | None = args.get("max_pages")
        self.mirror: tuple[str, str] | None = args.get("base_url")
        #: ``article URL -> bool``: is the article already in the state store from an earlier
        #: run (any URL variant, see ``article_key``)? Set by DeduplicateArticlesPipeline when a
        #: persistent store is open; None = no state.
        self.known_article: Callable[[str], bool] | None = None
        self.allowed_domains = list(self.hosts) + (
            [urlsplit(f"//{self.mirror[1]}").hostname or ""] if self.mirror else []
        )
        self._own_methods: dict[Any, Any] = {}

    # --- configuration resolved against settings --------------------------------------
    @property
    def queries(self) -> list[str]:
        if self._query_arg:
            return self._query_arg
        if self.default_queries:
            return list(self.default_queries)
        return list(self.settings.getlist("ASNSCRAPER_QUERIES"))

    @property
    def max_pages(self) -> int:
        if self._max_pages_arg:
            return self._max_pages_arg
        return self.settings.getint("ASNSCRAPER_MAX_PAGES", 5)

    # --- real URLs <-> fetched URLs ---------------------------------------------------
    def is_own_url(self, url: str) -> bool:
        """True for a URL on one of the outlet's hosts or on the mirror."""
        netloc = urlsplit(url).netloc.lower()
        host = netloc.rsplit("@", 1)[-1].split(":", 1)[0]
        if self.mirror and netloc == self.mirror[1].lower():
            return True
        return host in self.hosts

    def to_fetch(self, url: str) -> str:
        """The URL to request for a real outlet URL (the mirror's, on a mirror crawl)."""
        if not self.mirror:
            return url
        parts = urlsplit(url)
        if parts.netloc and parts.hostname not in self.hosts and parts.netloc != self.mirror[1]:
            return url
        return urlunsplit((self.mirror[0], self.mirror[1], parts.path or "/", parts.query, ""))

    def to_real(self, url: str) -> str:
        """The outlet URL for a URL read on the mirror (identity for a real crawl)."""
        if not self.mirror:
            return url
        parts = urlsplit(url)
        if parts.netloc != self.mirror[1]:
            return url
        return urlunsplit(("https", self.canonical_host, parts.path or "/", parts.query, ""))

    def request(self, url: str, callback: Any, **kwargs: Any) -> Request:
        """A Request for a real outlet URL, routed to the mirror when there is one, with the
        scheduling priority of its kind (:func:`request_priority`) unless one is given."""
        kwargs.setdefault("priority", request_priority(callback, kwargs.get("cb_kwargs")))
        if kwargs.get("errback") is not None:
            kwargs["errback"] = self.own_method(kwargs["errback"])
        return Request(self.to_fetch(url), callback=self.own_method(callback), **kwargs)

    def own_method(self, method: Any) -> Any:
        """One long-lived bound method object per method of this spider (anything else as is).

        Before each callback Scrapy checks whether it is a generator returning a value by
        parsing its source (``warn_on_generator_with_return_value``), remembered in a cache
        keyed weakly by the callable. ``self.parse_article`` makes a new bound method each time,
        which dies with its request, so the source was parsed again for nearly every response
        (about 3% of a crawl's time); one object per method keeps it to once per run."""
        if getattr(method, "__self__", None) is not self:
            return method
        return self._own_methods.setdefault(method.__func__, method)

    def real_url(self, response: Response) -> str:
        """The outlet URL of a response (what parsing code should reason about)."""
        return self.to_real(response.url)

    def absolute(self, response: Response, href: str) -> str:
        """A link on a page made absolute and mapped to the outlet's real host."""
        # response.urljoin(href), through the remembered join.
        base = get_base_url(response) if isinstance(response, TextResponse) else response.url
        return self.to_real(joined_url(base, href.strip()))

    def feed_entries(self, response: Response) -> Iterator[tuple[str, FeedEntry]]:
        """(absolute link, entry) of every entry of an RSS/Atom feed dated in [since, until]
        (undated entries kept). A feed without entries is logged and counted ``feed/empty``,
        entries out of range ``articles/out_of_range``. A body Scrapy did not type as text is
        read as UTF-8."""
        if isinstance(response, TextResponse):
            text = response.text
        else:
            text = response.body.decode("utf-8", "replace")
        entries = feed_entries(text)
        if not entries:
            logger.warning("No items in feed %s", response.url)
            self.inc("feed/empty")
        for entry in entries:
            if not self.in_range(listing_day(entry.date)):
                self.inc("articles/out_of_range")
                continue
            yield self.absolute(response, entry.link), entry

    # --- dates -----------------------------------------------------------------------
    def in_range(self, day: dt.date | None) -> bool:
        """True when ``day`` lies in [since, until] (unknown days are kept)."""
        if day is None:
            return True
        if self.since and day < self.since:
            return False
        return not (self.until and day > self.until)

    def article_key(self, url: str) -> str:
        """The identity of the article at ``url`` (any variant of its URL): the key under which
        deduplication and the state store know it. Default: host (the canonical host for any
        of the outlet's hosts or the mirror), path without a trailing slash and the query
        without tracking parameters; platform spiders with numeric ids override it."""
        parts = urlsplit(strip_tracking(url))
        host = parts.hostname or ""
        if host in self.hosts or (self.mirror and parts.netloc == self.mirror[1]):
            host = self.canonical_host
        path = parts.path.rstrip("/") or "/"
        return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")

    def all_known(self, canonical_urls: Iterable[str]) -> bool:
        """True when a listing page's articles are all known from earlier runs (stop paginating).

        Always False without a state store or for an empty page.
        """
        urls = list(canonical_urls)
        if not urls or self.known_article is None:
            return False
        return all(self.known_article(u) for u in urls)

    def before_since(self, day: dt.date | None) -> bool:
        """True when a listing entry dated ``day`` is older than ``since`` (stop paginating)."""
        return bool(day and self.since and day < self.since)

    def stop_paginating(
        self, days: Iterable[dt.date | None], canonical_urls: Iterable[str]
    ) -> bool:
        """True for a listing page (search, category, tag, REST, sitemap) whose entries are all
        older than ``since`` (``listing/stopped_at_since``), or all known from earlier runs
        (``listing/stopped_at_known``: an incremental run, older pages are known too)."""
        days = list(days)
        if days and all(self.before_since(day) for day in days):
            self.inc("listing/stopped_at_since")
            return True
        if self.all_known(canonical_urls):
            self.inc("listing/stopped_at_known")
            return True
        return False

    def below_max_pages(self, page: int) -> bool:
        """True while listing page ``page`` is under ``max_pages`` (its next page may follow);
        at the limit counted ``listing/stopped_at_max_pages``."""
        if page < self.max_pages:
            return True
        self.inc("listing/stopped_at_max_pages")
        return False

    # --- items -----------------------------------------------------------------------
    def new_article(
        self, response: Response, canonical_url: str, parser: str, **fields: Any
    ) -> Article:
        """An Article with identity fields filled; ``fields`` are the raw extracted values."""
        return Article(
            url=response.url,
            canonical_url=strip_tracking(canonical_url),
            source=self.name,
            source_name=self.source_name,
            parser=parser,
            scraped_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            **fields,
        )

    # --- discovery -------------------------------------------------------------------
    def discovery_requests(self) -> Iterable[Request]:
        """Entry-point requests (search, categories, feeds …); platform spiders implement."""
        raise NotImplementedError

    async def start(self) -> AsyncIterator[Request]:
        for request in self.discovery_requests():
            yield request
