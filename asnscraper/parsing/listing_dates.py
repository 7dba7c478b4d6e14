"""The calendar day a listing entry or feed item shows, to decide crawling (since/until).

Fast path for the shapes listings and feeds use (``Kamis 28-12-2023,10:15 WIB``,
``2023-12-28 10:15:00``, ``2024-10-21T02:30:00+00:00``, ``28 Desember 2023``, RFC 822
``Mon, 21 Oct 2024 02:30:00 +0000``); anything else goes to the shared Indonesian date parser
(its fast path only). Never used to fill an item. Pure functions; no Scrapy.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from asnscraper.parsing.dates import MONTHS, parse_date

_DMY = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_YMD = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_D_MONTH_Y = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b")


def listing_day(text: str | None) -> dt.date | None:
    """The calendar day a listing entry or feed item shows, or None when unreadable.

    Fast path for Disway and RSS shapes (``Kamis 28-12-2023,10:15 WIB``, ``2023-12-28 10:15:00``,
    ``28 Desember 2023``, RFC 822); anything else goes to the
    shared parser's fast path.
    Used only to decide crawling (since/until), never to fill an item.
    """
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        if match := _YMD.search(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY.search(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if (match := _D_MONTH_Y.search(text)) and match[2].lower() in MONTHS:
            return dt.date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    parsed = parse_date(text, fallback=False)  # never raises; no dateparser for a crawl decision
    return parsed.date() if parsed else None
