"""Where a request may go: the outlet's own hosts only, through the mirror when there is one.

:class:`RequestGuardMiddleware` checks every request of an asnscraper spider (anything with
``is_own_url``) when it is scheduled and again before it is sent:

* a request for a host that is not the outlet's (``spider.hosts``) nor its mirror is refused;
  after a redirect it counts as ``asnscraper/errors/redirect_offsite``. Unlike Scrapy's
  OffsiteMiddleware this holds for ``dont_filter`` requests too (retries, redirects of retries),
  and on a mirror crawl the port counts: another server on 127.0.0.1 is another site;
* a redirect back to a URL already in its redirect chain is a loop:
  ``asnscraper/errors/redirect_loop``, logged once with the URL (Scrapy would otherwise drop it
  silently as a duplicate or follow it to ``REDIRECT_MAX_TIMES``);
* on a mirror crawl (``-a base_url=``), a request for the outlet's real host (a redirect to an
  absolute URL, say) goes to the same path on the mirror instead: a mirror crawl never leaves it.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from w3lib.url import canonicalize_url

from asnscraper.middlewares.base import CrawlerMiddleware
from asnscraper.middlewares.failures import record_failure

logger = logging.getLogger(__name__)


class RequestGuardMiddleware(CrawlerMiddleware):
    """Downloader middleware (and request_scheduled handler): see the module doc."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.refused_hosts: set[str] = set()
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)

    def request_scheduled(self, request: Request, spider: Any) -> None:
        self.check(request)

    def process_request(self, request: Request) -> Request | None:
        self.check(request)
        spider = self.crawler.spider
        if getattr(spider, "mirror", None) and hasattr(spider, "to_fetch"):
            routed = spider.to_fetch(request.url)
            if routed != request.url:
                return request.replace(url=routed)
        return None

    def check(self, request: Request) -> None:
        """Raise IgnoreRequest for a loop or a request off the outlet's hosts."""
        spider = self.crawler.spider
        if spider is None or not hasattr(spider, "is_own_url"):
            return
        chain = request.meta.get("redirect_urls") or []
        if chain:
            here = canonicalize_url(request.url)
            if any(canonicalize_url(url) == here for url in chain):
                raise record_failure(
                    self.crawler, "redirect_loop", chain[0], f"redirected back to {request.url}"
                )
        if spider.is_own_url(request.url):
            return
        if chain:
            raise record_failure(
                self.crawler, "redirect_offsite", chain[-1], f"redirects to {request.url}"
            )
        self._refuse(request)

    def _refuse(self, request: Request) -> None:
        host = request.url.split("//", 1)[-1].split("/", 1)[0]
        self.inc("guard/offsite_refused")
        if host not in self.refused_hosts:
            self.refused_hosts.add(host)
            logger.info("Refused request off the outlet's hosts: %s", request.url)
        raise IgnoreRequest(f"off the outlet's hosts: {request.url}")
