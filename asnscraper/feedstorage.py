"""Feed files that a reader never sees half-written.

With overwrite (``-O``, or crawlall's per-run files) the feed is written to ``<path>.part`` and
renamed over ``<path>`` when the spider closes; a crawl killed mid-way leaves only the ``.part``.
Appending feeds (``-o``) write in place, as Scrapy does.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)


class AtomicFileFeedStorage(FileFeedStorage):
    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.atomic = self.write_mode == "wb"
        self.tmp_path = f"{self.path}.part"

    def open(self, spider: Any) -> IO[bytes]:
        if not self.atomic:
            return super().open(spider)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        return Path(self.tmp_path).open("wb")

    def store(self, file: IO[bytes]) -> None:
        file.close()
        if self.atomic:
            os.replace(self.tmp_path, self.path)
            logger.info("Feed written: %s", self.path)
