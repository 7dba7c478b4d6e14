"""A fetch that finally failed: logged once with its URL and kind, counted, never a traceback.

:class:`CountFailuresMiddleware` sits below the retry middleware, so it sees only what retries
could not fix: an HTTP error status (``http_404``, ``http_410``, ``http_503`` …) or a download
exception (``timeout``, ``connection_lost``, ``truncated``, ``too_large``, ``dns`` …). Each is
logged as one WARNING line (INFO for a page gone, 404/410, and for a body over the size limit,
which Scrapy already warns about) and counted under ``asnscraper/errors/<kind>`` (the run summary
lists them); exceptions are re-raised as :class:`FetchFailed`, an ``IgnoreRequest``, so Scrapy does not
log them a second time as an ERROR with a traceback, and a request's errback still receives them.

:class:`CountingHttpCompressionMiddleware` is Scrapy's decompression middleware counting the
bodies it refuses (a gzip bomb decompressing past ``DOWNLOAD_MAXSIZE``) the same way.

robots.txt fetches and statuses a request or spider handles itself (``handle_httpstatus_list``,
``handle_httpstatus_all``) are not failures.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.web._newclient import ResponseFailed

from asnscraper.middlewares.base import CrawlerMiddleware

logger = logging.getLogger(__name__)

STATS_PREFIX = "asnscraper/errors/"

# Exception class names (anywhere in the MRO) and the failure kind they mean. Names rather than
# imports: Scrapy renamed its download exceptions across 2.x and Twisted's live in private modules.
_KIND_BY_NAME = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "ResponseDataLossError": "truncated",
    "_DataLoss": "truncated",
    "DownloadCancelledError": "too_large",
    "CancelledError": "too_large",
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost",
    "ConnectionResetError": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "DownloadFailedError": "connection_lost",
    "ResponseFailed": "connection_lost",
    "ConnectError": "connection_failed",
}


class FetchFailed(IgnoreRequest):
    """A request given up for good; ``kind`` names why (``http_404``, ``timeout`` …)."""

    def __init__(self, kind: str, url: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {url}" + (f" ({detail})" if detail else ""))
        self.kind = kind
        self.url = url


def failure_kind(exc: BaseException) -> str:
    """The failure kind of a download exception (``timeout``, ``truncated`` …)."""
    if isinstance(exc, ResponseFailed):
        for reason in getattr(exc, "reasons", []) or []:
            value = getattr(reason, "value", None)
            if isinstance(value, BaseException) and type(value).__name__ == "_DataLoss":
                return "truncated"
    for cls in type(exc).__mro__:
        kind = _KIND_BY_NAME.get(cls.__name__)
        if kind:
            return kind
    return type(exc).__name__.lower()


#: Kinds that say a page is gone, not that the site is failing: logged at INFO, not WARNING.
GONE = frozenset({"http_404", "http_410"})
#: Kinds Scrapy itself already reported with a WARNING naming the URL: ours is INFO then.
_WARNED_BY_SCRAPY = frozenset({"too_large"})


def describe(exc: BaseException) -> str:
    """A one-line description of a download exception (the first wrapped reason, if any)."""
    reasons = getattr(exc, "reasons", None) or []
    value = getattr(reasons[0], "value", None) if reasons else None
    target = value if isinstance(value, BaseException) else exc
    text = " ".join(str(target).split())
    return f"{type(target).__name__}: {text}"[:200] if text else type(target).__name__


def record_failure(crawler: Crawler, kind: str, url: str, detail: str = "") -> FetchFailed:
    """Log one line and count ``asnscraper/errors/<kind>``; WARNING, except INFO for a page gone
    (404/410) or a body Scrapy already warned about (too large).

    Returns the exception to raise.
    """
    if crawler.stats is not None:
        crawler.stats.inc_value(f"{STATS_PREFIX}{kind}")
    level = logging.INFO if kind in GONE | _WARNED_BY_SCRAPY else logging.WARNING
    logger.log(level, "Fetch failed (%s): %s%s", kind, url, f" - {detail}" if detail else "")
    return FetchFailed(kind, url, detail)


def is_robots(request: Request) -> bool:
    return request.meta.get("dont_obey_robotstxt") is True and request.url.endswith("/robots.txt")


def handled_status(request: Request, status: int, spider: Any, settings: Any) -> bool:
    """True when the request, the spider or the settings let a callback handle ``status``
    (what Scrapy's HttpErrorMiddleware lets through is not a failure)."""
    meta = request.meta
    if meta.get("handle_httpstatus_all") or settings.getbool("HTTPERROR_ALLOW_ALL"):
        return True
    allowed = meta.get("handle_httpstatus_list")
    if allowed is None:
        allowed = getattr(spider, "handle_httpstatus_list", None)
    if allowed is None:
        allowed = settings.getlist("HTTPERROR_ALLOWED_CODES")
    return status in {int(code) for code in allowed}


class CountFailuresMiddleware(CrawlerMiddleware):
    """Downloader middleware (below RetryMiddleware): final failures logged once and counted."""

    def process_response(self, request: Request, response: Response) -> Response:
        status = response.status
        if (
            status >= 400
            and not is_robots(request)
            and not handled_status(request, status, self.crawler.spider, self.crawler.settings)
        ):
            record_failure(self.crawler, f"http_{status}", request.url)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest) or is_robots(request):
            return None
        kind = failure_kind(exception)
        raise record_failure(self.crawler, kind, request.url, describe(exception)) from exception


class CountingHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's HttpCompressionMiddleware; a body refused while decompressing counts as too_large."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.crawler = crawler
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except FetchFailed:
            raise
        except IgnoreRequest as exc:
            raise record_failure(
                self.crawler, "too_large", request.url, "decompressed past DOWNLOAD_MAXSIZE"
            ) from exc
