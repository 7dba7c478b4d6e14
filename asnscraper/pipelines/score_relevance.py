"""ScoreRelevancePipeline: set ``relevance`` and drop articles not about ASN neutrality.

The score comes from :func:`asnscraper.parsing.relevance.score` (title + body). An article
with ``is_relevant`` false is dropped (``dropped/irrelevant``) unless the setting
``ASNSCRAPER_KEEP_IRRELEVANT`` is true, then it is kept with ``is_relevant: false``.
Stats: ``asnscraper/relevance/relevant``, ``asnscraper/relevance/irrelevant``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from asnscraper.parsing.relevance import score
from asnscraper.pipelines.base import ArticlePipeline, field_text

logger = logging.getLogger(__name__)


class ScoreRelevancePipeline(ArticlePipeline):
    component = "relevance"

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        title, body = field_text(adapter.get("title")), field_text(adapter.get("body"))
        try:
            relevance = score(title, body)
        except Exception as exc:  # a scorer bug must not stop the crawl
            logger.exception("Relevance scoring failed for %s", adapter.get("url"))
            raise self.drop(adapter, "relevance_error", repr(exc)) from exc
        adapter["relevance"] = relevance
        if relevance["is_relevant"]:
            self.inc("relevant")
            return item
        self.inc("irrelevant")
        if self.settings.getbool("ASNSCRAPER_KEEP_IRRELEVANT", False):
            return item
        raise self.drop(adapter, "irrelevant", f"score={relevance['score']}")
