"""A page declared in one charset but sent in another is decoded with the charset it uses.

:class:`CharsetMiddleware` (downloader, after decompression) asks
:func:`asnscraper.parsing.charset.corrected_encoding` whether the encoding Scrapy would use
for a text response fits its bytes; when it does not (a ``windows-1252`` header on UTF-8 bytes,
a UTF-8 header on ``windows-1252`` bytes), the response is re-declared with the right one and
``asnscraper/charset/corrected`` counted.
"""

from __future__ import annotations

import logging

from scrapy.http import Request, Response, TextResponse

from asnscraper.middlewares.base import CrawlerMiddleware
from asnscraper.parsing.charset import corrected_encoding

logger = logging.getLogger(__name__)


class CharsetMiddleware(CrawlerMiddleware):
    """Downloader middleware: see the module doc."""

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        declared = response.encoding
        actual = corrected_encoding(response.body, declared)
        if actual is None:
            return response
        self.inc("charset/corrected")
        logger.info("Decoding %s as %s (declared %s)", response.url, actual, declared)
        return response.replace(encoding=actual)
