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

from asnscraper.parsing.queries import Tree, html_root

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
        tree = _TREES[response] = html_root(response.text)
    return tree
