"""TagRegionsPipeline: fill ``regions`` with the regions the article is about, main one first.

Uses :func:`asnscraper.parsing.regions.find_regions` on the title, the body and the dateline
(set by CleanTextPipeline). Stats: ``asnscraper/regions/tagged`` (at least one region),
``asnscraper/regions/none`` (no region found), ``asnscraper/regions/error`` (the tagger
failed; the item keeps an empty list and goes on: regions are metadata, not a reason to drop).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from asnscraper.parsing.regions import find_regions
from asnscraper.pipelines.base import ArticlePipeline

logger = logging.getLogger(__name__)


def _text(value: Any) -> str:
    """A field as text: strings as they are, lists of strings joined by blank lines, else empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n\n".join(v for v in value if isinstance(v, str))
    return ""


class TagRegionsPipeline(ArticlePipeline):
    component = "regions"

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        dateline = adapter.get("dateline")
        try:
            regions = find_regions(
                _text(adapter.get("title")),
                _text(adapter.get("body")),
                dateline if isinstance(dateline, str) else None,
            )
        except Exception:  # a tagger bug must not stop the crawl
            logger.exception("Region tagging failed for %s", adapter.get("url"))
            self.inc("error")
            regions = []
        adapter["regions"] = regions
        self.inc("tagged" if regions else "none")
        return item
