"""URL shapes of the Disway network CMS (CodeIgniter): articles, AMP pages, listings.

Pure functions, no Scrapy. Shapes (see SITES.md section 1):

* web article ``/{category}/read/{id}/{slug}`` or ``/read/{id}/{slug}``; later pages of a
  multi-page article append an offset ``/15``, ``/30`` …;
* AMP article ``/amp/{id}/{slug}`` (offsets step by 16);
* category listing ``/kategori/{id}/{slug}[/{offset}]``, tag ``/listtag/{id}/{slug}[/{offset}]``,
  search ``/search/kata/?c=q`` then ``/search/kata/{offset}/{limit}/?c=q&num=``.

``{id}`` is numeric and unique per site, so (host, id) identifies an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

_WEB_ARTICLE = re.compile(
    r"^/(?:(?P<category>[A-Za-z0-9][\w-]*)/)?read/(?P<id>\d+)/(?P<slug>[^/?#]+?)"
    r"(?:/(?P<offset>\d+))?/?$"
)
_AMP_ARTICLE = re.compile(r"^/amp/(?P<id>\d+)/(?P<slug>[^/?#]+?)(?:/(?P<offset>\d+))?/?$")
_SEARCH_OFFSET = re.compile(r"^/search/kata/(?P<offset>\d+)(?:/\d+)?/?$")
_LISTING = re.compile(
    r"^/(?P<kind>kategori|listtag|kanal|tag)/(?P<id>\d+)/(?P<slug>[^/?#]+)(?:/(?P<offset>\d+))?/?$"
)
# Path segments that are never a category in front of /read/.
_NOT_CATEGORY = frozenset({"amp", "search", "kategori", "listtag", "rss", "upload"})


@dataclass(frozen=True)
class ArticleRef:
    """The parts of a Disway article URL."""

    id: str
    slug: str
    category: str | None = None
    offset: int = 0
    amp: bool = False


def parse_article_url(url: str) -> ArticleRef | None:
    """The article a URL points to (web or AMP, any page), or None for other URLs."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    match = _WEB_ARTICLE.match(path)
    if match:
        category = match["category"]
        if category and category.lower() in _NOT_CATEGORY:
            return None
        return ArticleRef(
            id=match["id"],
            slug=match["slug"],
            category=category.lower() if category else None,
            offset=int(match["offset"] or 0),
        )
    match = _AMP_ARTICLE.match(path)
    if match:
        return ArticleRef(
            id=match["id"], slug=match["slug"], offset=int(match["offset"] or 0), amp=True
        )
    return None


def is_article_url(url: str) -> bool:
    return parse_article_url(url) is not None


def canonical_article_url(url: str, host: str, category: str | None = None) -> str:
    """The canonical web URL of an article on ``host``: ``https://{host}/{category}/read/{id}/{slug}``.

    Accepts web, AMP, later-page and brand-domain URLs; query and fragment are dropped. The
    category comes from the URL or from ``category``; without one (AMP URLs carry none) the
    category-less shape ``/read/{id}/{slug}`` is returned. A URL that is not an article URL
    is returned unchanged.
    """
    ref = parse_article_url(url)
    if ref is None:
        return url
    cat = ref.category or (category.strip("/").lower() if category else None)
    path = f"/{cat}/read/{ref.id}/{ref.slug}" if cat else f"/read/{ref.id}/{ref.slug}"
    return urlunsplit(("https", host, path, "", ""))


def article_fetch_url(url: str, host: str) -> str | None:
    """The first-page URL to fetch for an article link, on ``host``; None if not an article.

    Web links become their canonical URL; AMP links stay AMP (their category is unknown) but
    move to ``host`` and lose any page offset.
    """
    ref = parse_article_url(url)
    if ref is None:
        return None
    if ref.amp:
        return urlunsplit(("https", host, f"/amp/{ref.id}/{ref.slug}", "", ""))
    return canonical_article_url(url, host)


def page_offset(url: str) -> int:
    """The page offset of an article URL (0 for the first page or a non-article URL)."""
    ref = parse_article_url(url)
    return ref.offset if ref else 0


def listing_offset(url: str) -> int:
    """The item offset of a listing URL (search, category, tag); 0 for a first page."""
    path = urlsplit(url).path
    match = _SEARCH_OFFSET.match(path) or _LISTING.match(path)
    if match and match["offset"]:
        return int(match["offset"])
    return 0


def search_url(host: str, query: str) -> str:
    """The first search-results page for ``query``: ``https://{host}/search/kata/?c={query}``."""
    return urlunsplit(("https", host, "/search/kata/", urlencode({"c": query}), ""))


def site_url(host: str, path: str) -> str:
    """``https://{host}{path}`` for a configured site path such as ``/kategori/7/politik``."""
    if not path.startswith("/"):
        path = "/" + path
    return urlunsplit(("https", host, path, "", ""))
