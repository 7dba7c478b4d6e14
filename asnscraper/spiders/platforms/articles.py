"""What the platform spiders share once a page is known to be an article.

* ``inc``: stats counters ``asnscraper/<platform>/<what>``;
* ``article_from``: an :class:`~asnscraper.items.Article` from a page's raw
  :class:`~asnscraper.parsing.structured.PageFields`;
* multi-page articles: ``next_page_request`` chains the later pages through ``parse_article``
  with the partial item, ``article_page_failed`` yields what the earlier pages gave when a later
  page cannot be fetched;
* ``finish``: counts and logs what an article lacks (it is yielded anyway: validation decides).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, ClassVar

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from asnscraper.items import Article
from asnscraper.parsing.structured import PageFields

logger = logging.getLogger(__name__)


class ArticlePagesMixin:
    """Mixed into a :class:`~asnscraper.spiders.platforms.base.NewsSpider` subclass."""

    #: Stats namespace: ``asnscraper/<platform>/…``.
    platform: ClassVar[str] = ""

    crawler: Any
    new_article: Any
    request: Any
    parse_article: Any

    def inc(self, what: str, count: int = 1) -> None:
        """Add to the stats counter ``asnscraper/<platform>/<what>``."""
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(f"asnscraper/{self.platform}/{what}", count)

    def article_from(
        self, response: Response, canonical: str, fields: PageFields, **overrides: Any
    ) -> Article:
        """An Article holding a page's raw fields (``overrides`` replace some of them)."""
        values: dict[str, Any] = {
            "title": fields.title,
            "description": fields.description,
            "body": fields.body.text,
            "published_at_raw": fields.published_at_raw,
            "modified_at": fields.modified_at,
            "authors": fields.authors,
            "editor": fields.editor,
            "section": fields.section,
            "tags": fields.tags,
            "images": fields.images,
            "related": fields.related,
        }
        values.update(overrides)
        return self.new_article(response, canonical, fields.parser, **values)

    def next_page_request(self, article: Article, pending: list[str]) -> Request:
        """The request for the next later page of a multi-page article."""
        return self.request(
            pending[0],
            self.parse_article,
            cb_kwargs={"partial": article, "pending": pending[1:]},
            errback=self.article_page_failed,
        )

    def article_page_failed(self, failure: Failure) -> Iterator[Article]:
        """A later page could not be fetched: yield what the earlier pages gave."""
        request = failure.request  # type: ignore[attr-defined]
        logger.warning("Article page failed, yielding earlier pages only: %s", request.url)
        self.inc("articles/page_missing")
        partial = request.cb_kwargs.get("partial")
        if partial is not None:
            yield self.finish(partial)

    def finish(self, article: Article) -> Article:
        """Count and log what the article lacks; it is yielded anyway (validation decides)."""
        for name in ("title", "body", "published_at_raw"):
            if not getattr(article, name):
                self.inc(f"missing/{name}")
                logger.warning("Article without %s: %s", name, article.url)
        self.inc("articles/extracted")
        return article
