"""What the platform spiders share once a page is known to be an article.

* ``inc``: stats counters ``asnscraper/<platform>/<what>``;
* ``article_from``: an :class:`~asnscraper.items.Article` from a page's raw
  :class:`~asnscraper.parsing.structured.PageFields`;
* ``parse_article``: the article callback of both platforms; a later page given directly starts
  from page 1, the platform's hooks (``first_page_url``, ``extract_article``, ``append_page``,
  ``later_pages``) read the pages, and a malformed page never stops the crawl;
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
    real_url: Any

    # --- the platform's hooks -----------------------------------------------------------
    def first_page_url(self, url: str) -> str | None:
        """Page 1 of a multi-page article when ``url`` is a later page of it, else None."""
        raise NotImplementedError

    def extract_article(self, response: Response, **context: Any) -> Article | None:
        """The raw fields of an article's first page (None: the page is not an article)."""
        raise NotImplementedError

    def append_page(self, article: Article, response: Response) -> None:
        """Add a later page's body (and related links, tags …) to the article."""
        raise NotImplementedError

    def later_pages(self, response: Response, pending: list[str]) -> list[str]:
        """The later pages still to read, in order."""
        raise NotImplementedError

    # --- the article callback -------------------------------------------------------------
    def parse_article(
        self,
        response: Response,
        partial: Article | None = None,
        pending: list[str] | None = None,
        **context: Any,
    ) -> Iterator[Article | Request]:
        """One article: its raw fields, with the later pages of a multi-page article joined in
        order. ``context`` is what discovery passed along (e.g. the date a listing showed)."""
        try:
            if partial is None:
                first = self.first_page_url(self.real_url(response))
                if first:
                    # A later page given directly: start from the first page instead.
                    yield self.request(first, self.parse_article, cb_kwargs=context)
                    return
                article = self.extract_article(response, **context)
                if article is None:
                    return
                pending = self.later_pages(response, [])
            else:
                article = partial
                self.append_page(article, response)
                pending = self.later_pages(response, pending or [])
        except Exception:  # noqa: BLE001 - a malformed page must never stop the crawl
            logger.exception("Could not extract article from %s", response.url)
            self.inc("errors/extract")
            if partial is not None:
                yield self.finish(partial)
            return
        if pending:
            yield self.next_page_request(article, pending)
            return
        yield self.finish(article)

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
        """Count and log what the article lacks; it is yielded anyway (validation decides).

        A page without its own date is INFO: the date normalizer still reads the discovery
        entry's or the body's date, and validation logs the drop when neither has one."""
        for name in ("title", "body", "published_at_raw"):
            if not getattr(article, name):
                self.inc(f"missing/{name}")
                level = logging.INFO if name == "published_at_raw" else logging.WARNING
                logger.log(level, "Article without %s: %s", name, article.url)
        self.inc("articles/extracted")
        return article
