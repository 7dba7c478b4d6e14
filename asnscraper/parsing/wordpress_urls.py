"""URL shapes of WordPress news sites: articles and their variants, listings, search, REST.

Pure functions, no Scrapy. Shapes (see SITES.md section 2):

* article: any permalink structure (``/%postname%/``, ``/%year%/%monthnum%/%postname%/``,
  ``/%category%/%postname%/`` …), or ``/?p={id}``; variants of one article: ``/slug/amp/``,
  ``?amp=1``, ``utm_*`` parameters, ``www.`` host, and later pages ``/slug/2/`` of a
  ``<!--nextpage-->`` post. WordPress never gives a post a purely numeric slug (it appends
  ``-2``), so a trailing numeric segment after a slug is a page number;
* listings: ``/category/{slug}/`` and ``/tag/{slug}/`` (+ ``/page/{n}/``), search ``/?s={q}`` and
  ``/page/{n}/?s={q}``, REST ``/wp-json/wp/v2/posts?search={q}&page={n}``, feed ``/feed/``,
  sitemaps ``/sitemap_index.xml`` (Yoast, RankMath) and ``/wp-sitemap.xml`` (core).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from asnscraper.parsing.urls import strip_tracking

_PAGE_SUFFIX = re.compile(r"^(?P<base>.*[^/0-9][^/]*)/(?P<page>\d{1,3})/?$")
_AMP_SUFFIX = re.compile(r"/amp/?$")
_LISTING_PAGE = re.compile(r"^(?P<base>.*?)/page/(?P<page>\d+)/?$")
_DATE_ARCHIVE = re.compile(r"^/\d{4}(?:/\d{2}(?:/\d{2})?)?/?$")
_NOT_ARTICLE_PREFIX = re.compile(
    r"^/(?:category|tag|author|page|search|feed|comments|wp-json|wp-content|wp-admin|"
    r"wp-includes|wp-login\.php|wp-sitemap|xmlrpc\.php|topik|kategori|indeks|index)(?:/|$|\.)",
    re.IGNORECASE,
)
_NOT_ARTICLE_SUFFIX = re.compile(
    r"(?:/feed/?|/trackback/?|\.(?:xml|xml\.gz|jpe?g|png|gif|webp|svg|pdf|css|js|ico|zip|mp4|"
    r"mp3))$",
    re.IGNORECASE,
)
_NOT_ARTICLE_QUERY = frozenset({"s", "cat", "tag", "author", "paged", "feed", "page_id"})


def _parts(url: str) -> tuple[str, str, str, str] | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return None
    return parts.scheme, parts.netloc, parts.path or "/", parts.query


def post_id(url: str) -> str | None:
    """The post ID of a ``?p={id}`` URL (shortlink, RSS guid), else None."""
    parts = _parts(url)
    if parts is None:
        return None
    for key, value in parse_qsl(parts[3]):
        if key == "p" and value.isdigit():
            return value
    return None


def is_article_url(url: str) -> bool:
    """True for a URL that may be a post (listings, feeds, archives and files excluded)."""
    parts = _parts(url)
    if parts is None:
        return False
    path, query = parts[2], parts[3]
    if post_id(url):
        return True
    keys = {k for k, _ in parse_qsl(query, keep_blank_values=True)}
    if keys & _NOT_ARTICLE_QUERY:
        return False
    if path in ("", "/") or _DATE_ARCHIVE.match(path):
        return False
    if _NOT_ARTICLE_PREFIX.match(path) or _NOT_ARTICLE_SUFFIX.search(path):
        return False
    return not _LISTING_PAGE.match(path)


def split_page(url: str) -> tuple[str, int]:
    """(URL of page 1, page number) for a later page ``/slug/{n}/`` of a multi-page post.

    A first page, a ``?p=`` URL or a URL of another shape gives ``(url, 1)``.
    """
    parts = _parts(url)
    if parts is None:
        return url, 1
    scheme, netloc, path, query = parts
    match = _PAGE_SUFFIX.match(path)
    if not match or _DATE_ARCHIVE.match(match["base"] + "/"):
        return url, 1
    slash = "/" if path.endswith("/") else ""
    base = urlunsplit((scheme, netloc, match["base"] + slash, query, ""))
    return base, max(int(match["page"]), 1)


def is_amp(url: str) -> bool:
    """True for an AMP variant: ``/slug/amp/`` or an ``amp`` query parameter."""
    parts = _parts(url)
    if parts is None:
        return False
    keys = {k.lower() for k, _ in parse_qsl(parts[3], keep_blank_values=True)}
    return bool(_AMP_SUFFIX.search(parts[2])) or "amp" in keys


def fetch_url(url: str, host: str) -> str:
    """The URL to request for an article link: on ``host`` over https, tracking parameters and
    ``?amp=1`` dropped (w3lib canonicalization). ``/amp/`` paths and ``?p=`` stay: the page
    served there names its canonical URL itself."""
    parts = _parts(url)
    if parts is None:
        return url
    rebuilt = urlunsplit(("https", host, parts[2], parts[3], ""))
    return strip_tracking(rebuilt)


def base_url(url: str, host: str) -> str:
    """The article's own URL for any variant of a link to it: on ``host``, tracking and AMP
    marks removed, page 1 of a multi-page post; the path's trailing-slash style is kept."""
    parts = urlsplit(fetch_url(url, host))
    path = _AMP_SUFFIX.sub("/" if parts.path.endswith("/") else "", parts.path) or "/"
    base, _ = split_page(urlunsplit(("https", host, path, parts.query, "")))
    return base


def article_key(url: str, host: str) -> str:
    """One key for every variant of an article URL (:func:`base_url` without a trailing
    slash). ``?p=`` URLs keep their ID; see also :func:`post_id`."""
    parts = urlsplit(base_url(url, host))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, parts.query, ""))


def listing_page(url: str) -> int:
    """The page number of a listing URL (``/page/{n}/`` or ``?paged={n}``); 1 for a first page."""
    parts = _parts(url)
    if parts is None:
        return 1
    match = _LISTING_PAGE.match(parts[2])
    if match:
        return int(match["page"])
    for key, value in parse_qsl(parts[3]):
        if key == "paged" and value.isdigit():
            return int(value)
    return 1


def listing_base(url: str) -> str:
    """A listing URL without its page number (``/category/x/page/3/`` → ``/category/x/``)."""
    parts = _parts(url)
    if parts is None:
        return url
    scheme, netloc, path, query = parts
    match = _LISTING_PAGE.match(path)
    if match:
        path = (match["base"] or "") + "/"
    kept = sorted((k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "paged")
    return urlunsplit(("https", netloc.lower(), path, urlencode(kept), ""))


def site_url(host: str, path: str, query: dict[str, str | int] | None = None) -> str:
    """``https://{host}{path}`` with an optional query (kept in the given order)."""
    if not path.startswith("/"):
        path = "/" + path
    return urlunsplit(("https", host, path, urlencode(query or {}), ""))


def search_url(host: str, query: str, page: int = 1) -> str:
    """HTML search results: ``/?s={q}``, later pages ``/page/{n}/?s={q}``."""
    path = "/" if page <= 1 else f"/page/{page}/"
    return site_url(host, path, {"s": query})


def rest_search_url(
    host: str,
    query: str,
    page: int = 1,
    per_page: int = 20,
    after: str | None = None,
    before: str | None = None,
) -> str:
    """REST API search: ``/wp-json/wp/v2/posts?search={q}&per_page=…&page=…&_embed=1``.

    ``after`` / ``before`` (ISO 8601) narrow the results to a publication range.
    """
    params: dict[str, str | int] = {"search": query, "per_page": per_page, "page": page}
    params["_embed"] = 1
    if after:
        params["after"] = after
    if before:
        params["before"] = before
    return site_url(host, "/wp-json/wp/v2/posts", params)


def listing_url(host: str, path: str, page: int = 1) -> str:
    """A category/tag listing ``/category/{slug}/`` and its page ``/category/{slug}/page/{n}/``."""
    path = "/" + path.strip("/") + "/"
    return site_url(host, path if page <= 1 else f"{path}page/{page}/")
