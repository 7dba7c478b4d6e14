"""The parsed tree of a response, built once per response and shared by every component.

An HTML response is parsed by :func:`asnscraper.parsing.queries.html_root`: the tree parsel
builds for ``response.selector`` (same parser, options and text), made of plain lxml elements,
which Python code walks about five times faster than ``lxml.html``'s. The walls middleware and
the spiders read the same tree, so a page is parsed once, and ``response.selector`` is never
built for it. Other responses (XML, JSON, plain text) keep ``response.selector``: its type
detection decides what they are, as before.
"""

from __future__ import annotations

import weakref

from scrapy.exceptions import NotSupported
from scrapy.http import HtmlResponse, Response, TextResponse
from w3lib.encoding import read_bom

from asnscraper.parsing.queries import Tree, html_root, html_root_utf8

_TREES: weakref.WeakKeyDictionary[Response, Tree] = weakref.WeakKeyDictionary()


def page_tree(response: Response) -> Tree:
    """The tree of ``response``: an lxml root element for an HTML response (parsed on first
    use, then kept as long as the response), else ``response.selector``. A response without
    text raises NotSupported, as ``response.css()`` does."""
    if not isinstance(response, HtmlResponse):
        if isinstance(response, TextResponse):
            return response.selector
        raise NotSupported("Response content isn't text")
    tree = _TREES.get(response)
    if tree is None:
        tree = _TREES[response] = _parse(response)
    return tree


def _parse(response: HtmlResponse) -> Tree:
    """``html_root(response.text)``; for a UTF-8 page the body's own bytes are parsed instead
    of the text encoded back to UTF-8. ``response.text`` is the body decoded with
    ``response.encoding`` (the byte-order mark removed, bad bytes replaced by U+FFFD), so a
    UTF-8 text without U+FFFD from a body without a byte-order mark is exactly
    ``body.decode("utf-8")``."""
    text = response.text
    if response.encoding == "utf-8" and read_bom(response.body)[0] is None and "\ufffd" not in text:
        tree = html_root_utf8(response.body)
        if tree is not None:
            return tree
    return html_root(text)
