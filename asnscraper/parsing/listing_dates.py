"""The calendar day a listing entry or feed item shows, to decide crawling (since/until).

Fast path for the shapes listings and feeds use (``Kamis 28-12-2023,10:15 WIB``,
``2023-12-28 10:15:00``, ``2024-10-21T02:30:00+00:00``, ``28 Desember 2023``, RFC 822
``Mon, 21 Oct 2024 02:30:00 +0000``); anything else goes to the shared Indonesian date parser
when present. Never used to fill an item. Pure functions; no Scrapy.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

try:  # the shared Indonesian date parser, when present, reads what the fast path below cannot
    from asnscraper.parsing.dates import parse_date as _shared_parse_date
except ImportError:  # pragma: no cover - depends on the tree
    _shared_parse_date = None

_DMY = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_YMD = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_D_MONTH_Y = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "januari", "january"),
            ("feb", "februari", "pebruari", "february"),
            ("mar", "maret", "march"),
            ("apr", "april"),
            ("mei", "may"),
            ("jun", "juni", "june"),
            ("jul", "juli", "july"),
            ("agu", "agt", "ags", "agustus", "aug", "august"),
            ("sep", "sept", "september"),
            ("okt", "oktober", "oct", "october"),
            ("nov", "nopember", "november"),
            ("des", "desember", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def listing_day(text: str | None) -> dt.date | None:
    """The calendar day a listing entry or feed item shows, or None when unreadable.

    Fast path for Disway and RSS shapes (``Kamis 28-12-2023,10:15 WIB``, ``2023-12-28 10:15:00``,
    ``28 Desember 2023``, RFC 822); anything else goes to the shared parser when present.
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
        if (match := _D_MONTH_Y.search(text)) and match[2].lower() in _MONTHS:
            return dt.date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    if _shared_parse_date is not None:
        try:
            parsed = _shared_parse_date(text)
        except Exception:  # noqa: BLE001 - a crawl decision must never fail on a date
            return None
        return parsed.date() if parsed else None
    return None
