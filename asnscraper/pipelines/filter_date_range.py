"""FilterDateRangePipeline: drop articles published outside the spider's ``since``/``until``.

``since`` and ``until`` (``datetime.date`` or None, from ``-a since=… -a until=…``) are inclusive
and compared with the publication day in the outlet's local time (``published_at`` as
NormalizeDatesPipeline wrote it, converted to the spider's ``timezone``). An item without a
readable ``published_at`` passes: ValidateArticlePipeline drops it with its own reason. Stats
``asnscraper/date_range/<what>``: ``in_range``, ``dropped/out_of_range``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from itemadapter import ItemAdapter

from asnscraper.parsing.dates import zone
from asnscraper.pipelines.base import ArticlePipeline


class FilterDateRangePipeline(ArticlePipeline):
    component = "date_range"

    def process_item(self, item: Any) -> Any:
        spider = getattr(self.crawler, "spider", None)
        since = getattr(spider, "since", None)
        until = getattr(spider, "until", None)
        if since is None and until is None:
            return item
        adapter = ItemAdapter(item)
        published = adapter.get("published_at")
        if not isinstance(published, str):
            return item
        try:
            value = dt.datetime.fromisoformat(published)
        except ValueError:
            return item
        if value.tzinfo is not None:
            with contextlib.suppress(ValueError):  # a bad zone: keep the offset the date carries
                value = value.astimezone(zone(getattr(spider, "timezone", "WIB")))
        day = value.date()
        if (since is not None and day < since) or (until is not None and day > until):
            raise self.drop(
                adapter, "out_of_range", f"published {day}, range {since or '…'} to {until or '…'}"
            )
        self.inc("in_range")
        return item
