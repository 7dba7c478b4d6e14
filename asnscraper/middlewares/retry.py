"""Retries with exponential backoff that honours ``Retry-After`` within a cap.

Scrapy's RetryMiddleware retries at once. :class:`BackoffRetryMiddleware` (in its place, same
settings: ``RETRY_TIMES``, ``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``) waits before each retry:
``ASNSCRAPER_RETRY_BACKOFF_BASE * 2 ** (attempt - 1)`` seconds (plus up to 25 % jitter), at most
``ASNSCRAPER_RETRY_BACKOFF_MAX``, and never less than a ``Retry-After`` the server sent (seconds
or an HTTP date). A ``Retry-After`` longer than ``ASNSCRAPER_RETRY_AFTER_MAX`` is not waited
for in this run: the response is given up (and counted) so the next scheduled run tries again.

The wait happens inside the middleware, so only the request being retried waits; the
download slot stays free for the site's other pages (one at a time per domain by default).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import random
from typing import Self

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (delta-seconds or HTTP date); None if unusable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor  # the installed one (asyncio); never at import time

    await maybe_deferred_to_future(deferLater(reactor, seconds))


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware with exponential backoff and ``Retry-After`` (see the module doc)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("ASNSCRAPER_RETRY_BACKOFF_BASE", 2.0)
        self.max_delay = settings.getfloat("ASNSCRAPER_RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("ASNSCRAPER_RETRY_AFTER_MAX", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1, 2 …), jitter included."""
        delay = min(self.max_delay, self.base * 2 ** max(0, attempt - 1))
        return min(self.max_delay, delay * (1 + random.random() / 4))  # noqa: S311 - jitter

    def _inc(self, what: str, value: float = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"asnscraper/retry/{what}", value)

    async def _wait(self, retry: Request, retry_after: float | None) -> Request:
        attempt = int(retry.meta.get("retry_times", 1))
        delay = self.backoff(attempt)
        if retry_after is not None:
            delay = max(delay, retry_after)
            self._inc("retry_after_honoured")
        self._inc("waited_seconds", round(delay, 3))
        logger.debug("Retry %d of %s in %.2f s", attempt, retry.url, delay)
        await _sleep(delay)
        return retry

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if retry_after is not None and retry_after > self.retry_after_max:
            self._inc("retry_after_over_cap")
            logger.warning(
                "Not retrying %s in this run: the server asks to wait %.0f s "
                "(ASNSCRAPER_RETRY_AFTER_MAX is %.0f s)",
                request.url,
                retry_after,
                self.retry_after_max,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        return await self._wait(retry, retry_after)

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get(
            "dont_retry", False
        ):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        return await self._wait(retry, None)
