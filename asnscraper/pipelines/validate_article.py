"""ValidateArticlePipeline: drop what is not a usable article, saying why.

An item is dropped, logged with its URL and counted under ``asnscraper/validate/dropped/<reason>``,
when it has no title (``no_title``), a body shorter than ``ASNSCRAPER_MIN_BODY_CHARS`` characters
(``short_body``), no publication date (``no_published_at``: NormalizeDatesPipeline could not read
one; the raw text is in the log line), or a ``published_at`` that is not ISO 8601 with an offset
(``bad_published_at``). Everything else passes unchanged (``asnscraper/validate/valid``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from itemadapter import ItemAdapter

from asnscraper.pipelines.base import ArticlePipeline, field_text


class ValidateArticlePipeline(ArticlePipeline):
    component = "validate"

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if not field_text(adapter.get("title")).strip():
            raise self.drop(adapter, "no_title")
        minimum = self.settings.getint("ASNSCRAPER_MIN_BODY_CHARS", 200)
        length = len(field_text(adapter.get("body")).strip())
        if length < minimum:
            raise self.drop(adapter, "short_body", f"{length} characters, minimum {minimum}")
        published = adapter.get("published_at")
        if not published:
            raw = field_text(adapter.get("published_at_raw"))
            raise self.drop(adapter, "no_published_at", f"raw date {raw!r}")
        if not _aware_iso(published):
            raise self.drop(adapter, "bad_published_at", repr(published))
        self.inc("valid")
        return item


def _aware_iso(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False
