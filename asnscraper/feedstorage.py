"""Feed files that a reader never sees half-written.

With overwrite (``-O``, or crawlall's per-run files) the feed is written to ``<path>.part`` and
renamed over ``<path>`` when the spider closes; a crawl killed mid-way leaves only the ``.part``.
Appending feeds (``-o``) write in place, as Scrapy does.

When a persistent state store is open, the rename is handed to it through the
:data:`feed_file_ready` signal: the state store renames the finished files and commits the
run's state as one crash-safe delivery (see :mod:`asnscraper.state`), so a feed file appears
exactly when the articles in it become known.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import IO, Any, Self

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)

#: Signal sent with ``part`` and ``final`` (paths) when a complete feed file waits to be
#: renamed into place. A receiver returning True takes over the rename.
feed_file_ready = object()


class AtomicFileFeedStorage(FileFeedStorage):
    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.atomic = self.write_mode == "wb"
        self.tmp_path = f"{self.path}.part"
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Any) -> IO[bytes]:
        if not self.atomic:
            return super().open(spider)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        return Path(self.tmp_path).open("wb")

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        os.fsync(file.fileno())
        file.close()
        if not self.atomic:
            return
        if self.crawler is not None:
            answers = self.crawler.signals.send_catch_log(
                feed_file_ready, part=self.tmp_path, final=self.path
            )
            if any(result is True for _, result in answers):
                logger.debug("Feed %s waits for the state commit", self.path)
                return
        os.replace(self.tmp_path, self.path)
        logger.info("Feed written: %s", self.path)
