"""One feed file for items of several spiders run in one process (``-O`` with demo/crawlall).

Scrapy's FEEDS open one file per crawler, so two spiders given the same ``-O`` path would
overwrite each other. The commands that run several spiders collect the items through the
``item_scraped`` signal and write them once, with the same exporter classes FEEDS uses.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object


class ItemCollector:
    """Keeps every item any connected crawler scraped, in arrival order."""

    def __init__(self) -> None:
        self.items: list[Any] = []

    def connect(self, crawler: Crawler) -> None:
        crawler.signals.connect(self._scraped, signal=signals.item_scraped)

    def _scraped(self, item: Any, **kwargs: Any) -> None:
        self.items.append(item)


def take_cli_feeds(settings: BaseSettings) -> dict[str, dict[str, Any]]:
    """Remove FEEDS given on the command line (-o/-O) from ``settings`` and return them."""
    feeds = dict(settings.getdict("FEEDS"))
    if feeds:
        settings.set("FEEDS", {}, priority="cmdline")
    return feeds


def write_feed(uri: str, options: dict[str, Any], items: list[Any], settings: BaseSettings) -> Path:
    """Write ``items`` to the file ``uri`` in ``options['format']`` (atomically when overwriting)."""
    target, path = stage_feed(uri, options, items, settings)
    if target != path:
        target.replace(path)
    return path


def stage_feed(
    uri: str, options: dict[str, Any], items: list[Any], settings: BaseSettings
) -> tuple[Path, Path]:
    """Write ``items`` as for :func:`write_feed` but leave an overwriting feed at its ``.part``
    name; returns ``(written, final)`` (equal for appending feeds). The caller renames (the
    state store does, when it commits the run: see asnscraper.state)."""
    exporters = settings.getwithbase("FEED_EXPORTERS")
    fmt = options.get("format", "jsonlines")
    exporter_cls = load_object(exporters[fmt])
    path = Path(uri.removeprefix("file://"))
    path.parent.mkdir(parents=True, exist_ok=True)
    overwrite = options.get("overwrite", False)
    target = path.with_name(path.name + ".part") if overwrite else path
    with target.open("wb" if overwrite else "ab") as handle:
        exporter = exporter_cls(
            handle,
            encoding=options.get("encoding") or settings.get("FEED_EXPORT_ENCODING") or "utf-8",
            indent=options.get("indent", settings.getint("FEED_EXPORT_INDENT", 0)),
            **(options.get("item_export_kwargs") or {}),
        )
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()
        handle.flush()
        os.fsync(handle.fileno())
    return target, path
