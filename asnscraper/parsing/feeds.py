"""Entries of an RSS 2.0 or Atom feed: link, guid and the entry's raw date.

Shared by every platform's feed callback. Namespaces are dropped (``dc:date`` reads as
``date``); the link is the item's ``<link>`` text, else an Atom ``<link href>`` (no ``rel`` or
``rel="alternate"``), else the ``guid``; entries without any are skipped. XML that cannot be
read gives no entries (the caller counts an empty feed), never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsel import Selector


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed entry: ``link`` as written (maybe relative), ``guid`` (RSS guid or Atom id,
    may be empty), ``date`` the raw pubDate/published/date with whitespace collapsed."""

    link: str
    guid: str
    date: str


def feed_entries(text: str) -> list[FeedEntry]:
    """Every entry of a feed document that names a link, in document order."""
    try:
        feed = Selector(text=text or "<rss/>", type="xml")
    except (AttributeError, ValueError):
        return []
    feed.remove_namespaces()
    out = []
    for item in feed.xpath("//item | //entry"):
        link = (
            item.xpath("link/text()").get()
            or item.xpath("link[not(@rel) or @rel='alternate']/@href").get()
            or item.xpath("guid/text()").get()
            or ""
        ).strip()
        if not link:
            continue
        guid = (item.xpath("guid/text() | id/text()").get() or "").strip()
        date = " ".join(
            (item.xpath("pubDate/text() | published/text() | date/text()").get() or "").split()
        )
        out.append(FeedEntry(link, guid, date))
    return out
