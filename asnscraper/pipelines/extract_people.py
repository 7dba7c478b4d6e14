"""ExtractPeoplePipeline: fill ``people`` with the officials named with their office.

Uses :func:`asnscraper.parsing.people.find_people` on the title and the body; the regions
already tagged (TagRegionsPipeline runs before) decide between same-named regions in roles.
Stats: ``asnscraper/people/found`` (items with at least one person), ``asnscraper/people/none``,
``asnscraper/people/persons`` (people extracted in total), ``asnscraper/people/error`` (the
extractor failed; the item keeps an empty list and goes on).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from asnscraper.parsing.people import find_people
from asnscraper.pipelines.base import ArticlePipeline, field_text

logger = logging.getLogger(__name__)


class ExtractPeoplePipeline(ArticlePipeline):
    component = "people"

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        text = "\n\n".join(
            t for t in (field_text(adapter.get("title")), field_text(adapter.get("body"))) if t
        )
        regions = adapter.get("regions")
        regions = [r for r in regions if isinstance(r, dict)] if isinstance(regions, list) else []
        try:
            people = find_people(text, regions)
        except Exception:  # an extractor bug must not stop the crawl
            logger.exception("People extraction failed for %s", adapter.get("url"))
            self.inc("error")
            people = []
        adapter["people"] = people
        if people:
            self.inc("found")
            self.inc("persons", len(people))
        else:
            self.inc("none")
        return item
