"""NormalizeAuthorsPipeline: ``authors`` (people, titles stripped) and ``editor`` from bylines.

Uses :func:`asnscraper.parsing.authors.normalize_authors` on the raw ``authors`` (strings; a
single string is accepted) and ``editor``; the outlet's name and hosts (item ``source_name``,
the spider's ``source_name``, ``canonical_host``, ``hosts``) tell the outlet from a person. Bylines
naming no person (``Redaksi``, ``Admin``, ``Tim``, the outlet) are left out of ``authors`` and
counted. Stats ``asnscraper/authors/<what>``: ``with_authors``, ``no_author``, ``not_person``,
``with_editor``, ``error`` (the parser failed: the item keeps empty authors and goes on).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from asnscraper.parsing.authors import normalize_authors
from asnscraper.pipelines.base import ArticlePipeline
from asnscraper.pipelines.clean_text import outlet_names

logger = logging.getLogger(__name__)


class NormalizeAuthorsPipeline(ArticlePipeline):
    component = "authors"

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        raw = adapter.get("authors")
        if isinstance(raw, str):
            raw = [raw]
        bylines = [a for a in raw if isinstance(a, str)] if isinstance(raw, list) else []
        editor = adapter.get("editor")
        editor = editor if isinstance(editor, str) else None
        spider = getattr(self.crawler, "spider", None)
        try:
            result = normalize_authors(bylines, editor, outlet_names(adapter, spider))
        except Exception:  # a parser bug must not stop the crawl
            logger.exception("Author normalization failed for %s", adapter.get("url"))
            self.inc("error")
            adapter["authors"], adapter["editor"] = [], None
            return item
        adapter["authors"] = result.authors
        adapter["editor"] = result.editor
        if result.not_people:
            self.inc("not_person", len(result.not_people))
        self.inc("with_authors" if result.authors else "no_author")
        if result.editor:
            self.inc("with_editor")
        return item
