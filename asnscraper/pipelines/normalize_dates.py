"""NormalizeDatesPipeline: ``published_at``, ``modified_at`` and ``event_date`` from raw dates.

* ``published_at`` from ``published_at_raw`` (or a ``published_at`` string when no raw was
  given), read by :func:`asnscraper.parsing.dates.parse_datetime` in the outlet's zone (the
  running spider's ``timezone``: ``WIB``, ``WITA`` or ``WIT``) and written as ISO 8601 in that
  zone's offset (an instant given in UTC comes out as the same instant at +07:00 for a WIB
  outlet). Unreadable or rejected dates give None, logged with the reason; ValidateArticlePipeline
  drops the item (``no_published_at``): never a guessed value.
* A page with no publication date at all (``published_at_raw`` empty) takes the first full body
  date whose weekday matches (``Senin (23/9/2024)``) at local midnight; ``published_at_raw``
  records the text it came from.
* ``modified_at`` likewise (None when unreadable; the item is kept).
* ``event_date`` (``YYYY-MM-DD``): the first body date ``Hari (dd/mm[/yyyy])`` whose weekday
  matches, a missing year inferred from the publication date.

dateparser is called at most once per article (the publication date first). Stats
``asnscraper/dates/<what>``: ``published``, ``published_unreadable/<reason>``,
``published_from_body``, ``modified``, ``modified_unreadable/<reason>``, ``dateparser_calls``,
``weekday_mismatch`` (a header date whose weekday contradicts it, kept), ``event_date``,
``event_weekday_mismatch``, ``event_future_mention``, ``dropped/bad_timezone``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from itemadapter import ItemAdapter

from asnscraper.parsing.dates import (
    FUTURE_SLACK,
    DateResult,
    event_date,
    local_midnight,
    local_now,
    parse_datetime,
    publication_from_body,
    to_iso,
    zone,
)
from asnscraper.pipelines.base import ArticlePipeline, field_text

logger = logging.getLogger(__name__)

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class NormalizeDatesPipeline(ArticlePipeline):
    component = "dates"

    def _zone(self) -> dt.tzinfo | None:
        name = getattr(getattr(self.crawler, "spider", None), "timezone", "WIB")
        try:
            return zone(name)
        except ValueError:
            return None

    def _parse(self, text: str, tz: dt.tzinfo, now: dt.datetime, budget: int) -> DateResult:
        result = parse_datetime(text, tz=tz, now=now, fallback=budget > 0)
        if result.dateparser_calls:
            self.inc("dateparser_calls", result.dateparser_calls)
        if result.weekday_mismatch:
            self.inc("weekday_mismatch")
        return result

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        tz = self._zone()
        if tz is None:
            spider = getattr(self.crawler, "spider", None)
            name = getattr(spider, "timezone", None)
            raise self.drop(
                adapter, "bad_timezone", f"spider timezone {name!r} is not WIB/WITA/WIT"
            )
        now = self.now
        budget = 1

        raw = field_text(adapter.get("published_at_raw")).strip()
        given = adapter.get("published_at")
        text = raw or (given.strip() if isinstance(given, str) else "")
        published: dt.datetime | None = None
        if text:
            result = self._parse(text, tz, now, budget)
            budget -= result.dateparser_calls
            published = result.value
            if published is None:
                self.inc(f"published_unreadable/{result.reason}")
                logger.warning(
                    "Unreadable publication date %r (%s): %s",
                    text,
                    result.reason,
                    adapter.get("url"),
                )
        body = field_text(adapter.get("body"))
        if published is None and not text:
            latest = (local_now(now, tz) + FUTURE_SLACK).date()
            found = publication_from_body(body, latest)
            if found.date is not None:
                published = local_midnight(found.date, tz)
                adapter["published_at_raw"] = found.text
                self.inc("published_from_body")
        adapter["published_at"] = to_iso(published, tz) if published else None
        if published is not None:
            self.inc("published")

        modified = adapter.get("modified_at")
        if isinstance(modified, str) and modified.strip():
            result = self._parse(modified, tz, now, budget)
            budget -= result.dateparser_calls
            adapter["modified_at"] = to_iso(result.value, tz) if result.value else None
            self.inc("modified" if result.value else f"modified_unreadable/{result.reason}")
        else:
            adapter["modified_at"] = None

        report_day = published.astimezone(tz).date() if published else None
        event = event_date(body, report_day)
        if event.weekday_mismatches:
            self.inc("event_weekday_mismatch", event.weekday_mismatches)
        if event.future_mentions:
            self.inc("event_future_mention", event.future_mentions)
        if event.date is not None:
            adapter["event_date"] = event.date.isoformat()
            self.inc("event_date")
        else:
            existing = adapter.get("event_date")
            valid = isinstance(existing, str) and _ISO_DAY.match(existing)
            adapter["event_date"] = existing if valid else None
        return item
