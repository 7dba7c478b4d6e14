"""Responses that are not pages: empty 200s, login walls and consent walls are dropped.

:class:`RejectWallsMiddleware` (spider middleware, after HttpErrorMiddleware) looks at each
2xx response before its callback: an empty body, or an HTML page that
:func:`asnscraper.parsing.walls.wall_kind` recognizes as a login or consent wall, is logged once
with its URL, counted under ``asnscraper/pages/dropped/<reason>`` (``empty``, ``login_wall``,
``consent_wall``: the run summary lists the drop reasons) and never reaches the callback, so
no junk article is built from it. A request's errback still runs (a multi-page article keeps
the pages it already read).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.http import HtmlResponse, Response

from asnscraper.middlewares.base import CrawlerMiddleware
from asnscraper.pages import page_tree
from asnscraper.parsing.walls import wall_kind

logger = logging.getLogger(__name__)


class NotAPage(Exception):
    """A response that holds no page (``reason``: empty, login_wall, consent_wall)."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.reason = reason
        self.url = url


def not_a_page_reason(response: Response) -> str | None:
    """Why a 2xx response is not a page, or None."""
    if not response.body.strip():
        return "empty"
    if isinstance(response, HtmlResponse):
        return wall_kind(page_tree(response))  # the tree the callback reads too
    return None


class RejectWallsMiddleware(CrawlerMiddleware):
    """Spider middleware: see the module doc."""

    def process_spider_input(self, response: Response) -> None:
        if not 200 <= response.status < 300:
            return
        reason = not_a_page_reason(response)
        if reason is None:
            return
        self.inc(f"pages/dropped/{reason}")
        labels = {"empty": "an empty 200 response", "login_wall": "a login wall"}
        logger.warning(
            "Dropped %s: %s, not an article", response.url, labels.get(reason, "a consent wall")
        )
        raise NotAPage(reason, response.url)

    def process_spider_exception(
        self, response: Response, exception: Exception
    ) -> Iterable[Any] | None:
        if isinstance(exception, NotAPage):
            return []
        return None
