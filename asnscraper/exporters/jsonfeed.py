"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as a Scrapy feed exporter (``jsonfeed``).

Each article becomes a JSON Feed item: ``id`` and ``url`` (the canonical URL), ``title``,
``content_text`` (the body), ``summary`` (the description), ``date_published``,
``date_modified``, ``authors`` (``[{"name": …}]``), ``tags``, ``language`` and ``image`` (the
first image); empty values are left out, as the spec prefers. Every Article field is also kept
under the ``_asnscraper`` extension object (the spec's rule: custom keys start with ``_`` and a
letter; readers that do not know them ignore them), with ``about`` pointing at its description.

The document streams: items are written as they arrive, the feed-level ``title`` and
``home_page_url`` (derived from the items' outlets unless given as exporter options) close it.
"""

from __future__ import annotations

import json
from typing import IO, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = "_asnscraper"
ABOUT = "https://github.com/asnscraper/asnscraper#the-article-item-the-feeds-contract"
DEFAULT_TITLE = "asnscraper: ASN neutrality in Indonesian regional news"


def feed_item(item: Any) -> dict[str, Any]:
    """The JSON Feed item of one article (with the full article under ``_asnscraper``)."""
    article = ItemAdapter(item).asdict()
    url = article.get("canonical_url") or article.get("url") or ""
    images = [i for i in article.get("images") or [] if isinstance(i, dict) and i.get("url")]
    out: dict[str, Any] = {
        "id": str(url),
        "url": url or None,
        "title": article.get("title") or None,
        "content_text": article.get("body") or "",
        "summary": article.get("description") or None,
        "date_published": article.get("published_at") or None,
        "date_modified": article.get("modified_at") or None,
        "authors": [{"name": a} for a in article.get("authors") or [] if a] or None,
        "tags": [t for t in article.get("tags") or [] if t] or None,
        "language": article.get("language") or None,
        "image": images[0]["url"] if images else None,
    }
    feed = {k: v for k, v in out.items() if v is not None}
    feed[EXTENSION] = {"about": ABOUT, **article}
    return feed


class JsonFeedItemExporter(BaseItemExporter):
    """Writes one JSON Feed 1.1 document. Options: ``title``, ``home_page_url``,
    ``feed_url``, ``description`` (FEEDS ``item_export_kwargs``)."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        self.title: str | None = kwargs.pop("title", None)
        self.home_page_url: str | None = kwargs.pop("home_page_url", None)
        self.feed_url: str | None = kwargs.pop("feed_url", None)
        self.description: str | None = kwargs.pop("description", None)
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.encoding = self.encoding or "utf-8"
        self.indent = self.indent if self.indent else None
        self._count = 0
        self._outlets: dict[str, str] = {}

    def _write(self, text: str) -> None:
        self.file.write(text.encode(self.encoding))

    def _dumps(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=self.indent, default=str)

    def start_exporting(self) -> None:
        self._write('{"version": ' + json.dumps(VERSION) + ', "items": [')

    def export_item(self, item: Any) -> None:
        data = feed_item(item)
        article = data[EXTENSION]
        host = urlsplit(str(article.get("canonical_url") or "")).netloc
        if host:
            self._outlets.setdefault(host, str(article.get("source_name") or host))
        self._write(("," if self._count else "") + "\n" + self._dumps(data))
        self._count += 1

    def finish_exporting(self) -> None:
        outlets = list(self._outlets.items())
        title = self.title
        if title is None:
            names = ", ".join(name for _, name in outlets)
            title = f"{DEFAULT_TITLE} ({names})" if names else DEFAULT_TITLE
        tail: dict[str, Any] = {"title": title}
        home = self.home_page_url or (f"https://{outlets[0][0]}/" if len(outlets) == 1 else None)
        for name, value in (
            ("home_page_url", home),
            ("feed_url", self.feed_url),
            ("description", self.description),
        ):
            if value:
                tail[name] = value
        tail["language"] = "id"
        tail[EXTENSION] = {"about": ABOUT, "items": self._count}
        self._write("\n], " + self._dumps(tail)[1:] + "\n")
