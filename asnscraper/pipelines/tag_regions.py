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
from asnscraper.pipelines.base import ArticlePipeline, field_text

logger = logging.getLogger(__name__)


class TagRegionsPipeline(ArticlePipeline):
    component = "regions"

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        dateline = adapter.get("dateline")
        try:
            regions = find_regions(
                field_text(adapter.get("title")),
                field_text(adapter.get("body")),
                dateline if isinstance(dateline, str) else None,
            )
        except Exception:  # a tagger bug must not stop the crawl
            logger.exception("Region tagging failed for %s", adapter.get("url"))
            self.inc("error")
            regions = []
        adapter["regions"] = regions
        self.inc("tagged" if regions else "none")
        return item
