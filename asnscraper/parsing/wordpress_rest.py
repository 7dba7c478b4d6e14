"""Posts of the WordPress REST API (``/wp-json/wp/v2/posts?…&_embed=1``) as raw article fields.

``content.rendered`` goes through the same body walker as HTML pages; dates are ``date_gmt`` /
``modified_gmt`` marked as UTC (``2024-10-21T02:30:00+00:00``); authors and terms come from
``_embedded`` (``author``, ``wp:term`` categories and tags, ``wp:featuredmedia``); Yoast's
``yoast_head_json`` adds the description and lead image when present. A post whose content is
protected or empty is flagged ``needs_html`` so the spider fetches its ``link`` instead.

Pure functions; no Scrapy.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parsel import Selector

from asnscraper.items import Image
from asnscraper.parsing.body import Body, collapse, extract_body
from asnscraper.parsing.structured import PageFields, ld_article_in, page_images

logger = logging.getLogger(__name__)

PARSER = "wordpress-rest"


class RestError(ValueError):
    """A REST answer that is not a list of posts (HTML challenge page, error object …)."""


@dataclass
class RestPost(PageFields):
    """One REST post: PageFields plus its ID, link and whether its HTML page is needed."""

    id: str = ""
    link: str = ""
    #: Content protected or empty: fetch the HTML ``link`` instead of using this post.
    needs_html: bool = False


def html_text(fragment: Any) -> str:
    """Text of a rendered HTML fragment (``title.rendered``), entities decoded."""
    if not isinstance(fragment, str) or not fragment.strip():
        return ""
    return collapse(" ".join(Selector(text=f"<div>{fragment}</div>").css("div ::text").getall()))


def _rendered(post: dict[str, Any], key: str) -> str:
    value = post.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def utc(value: Any) -> str:
    """A REST ``*_gmt`` value marked as UTC; ``""`` when absent."""
    if not isinstance(value, str) or not value.strip():
        return ""
    value = value.strip()
    return value if value.endswith(("Z", "+00:00")) else value + "+00:00"


def _embedded(post: dict[str, Any]) -> dict[str, Any]:
    embedded = post.get("_embedded")
    return embedded if isinstance(embedded, dict) else {}


def _terms(post: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    groups = _embedded(post).get("wp:term")
    for group in groups if isinstance(groups, list) else []:
        for term in group if isinstance(group, list) else []:
            if isinstance(term, dict) and isinstance(term.get("name"), str):
                taxonomy = str(term.get("taxonomy") or "")
                out.setdefault(taxonomy, []).append(html_text(term["name"]))
    return out


def _authors(post: dict[str, Any], yoast: dict[str, Any]) -> list[str]:
    names = []
    authors = _embedded(post).get("author")
    for author in authors if isinstance(authors, list) else []:
        if isinstance(author, dict) and isinstance(author.get("name"), str):
            names.append(collapse(author["name"]))
    if not names and isinstance(yoast.get("author"), str):
        names.append(collapse(yoast["author"]))
    return [n for n in names if n]


def _lead(post: dict[str, Any], yoast: dict[str, Any]) -> tuple[str, str | None]:
    media = _embedded(post).get("wp:featuredmedia")
    if isinstance(media, list) and media and isinstance(media[0], dict):
        url = media[0].get("source_url")
        if isinstance(url, str) and url.strip():
            caption = html_text(_rendered(media[0], "caption")) or None
            return url.strip(), caption
    images = yoast.get("og_image")
    if isinstance(images, list) and images and isinstance(images[0], dict):
        url = images[0].get("url")
        if isinstance(url, str) and url.strip():
            return url.strip(), None
    return "", None


def read_post(post: dict[str, Any], urljoin: Callable[[str], str] = str) -> RestPost:
    """Raw fields of one REST post object."""
    yoast = post.get("yoast_head_json")
    yoast = yoast if isinstance(yoast, dict) else {}
    content = post.get("content") if isinstance(post.get("content"), dict) else {}
    rendered = _rendered(post, "content")
    body = extract_body(Selector(text=f"<div>{rendered}</div>").css("div")[0], urljoin)
    if not rendered.strip():
        body = Body()
    schema = yoast.get("schema")
    ld = ld_article_in([json.dumps(schema)]) if isinstance(schema, dict) else {}
    terms = _terms(post)
    lead, lead_caption = _lead(post, yoast)
    link = post.get("link") if isinstance(post.get("link"), str) else ""
    description = html_text(_rendered(post, "excerpt")) or collapse(
        str(yoast.get("og_description") or yoast.get("description") or "")
    )
    images: list[Image] = page_images(lead, lead_caption, body, urljoin)
    return RestPost(
        id=str(post.get("id") or ""),
        link=link.strip(),
        title=html_text(_rendered(post, "title")) or collapse(str(yoast.get("og_title") or "")),
        description=description or None,
        published_at_raw=utc(post.get("date_gmt")) or str(ld.get("datePublished") or ""),
        modified_at=utc(post.get("modified_gmt")) or None,
        authors=_authors(post, yoast),
        section=(terms.get("category") or [None])[0],
        tags=[t for t in terms.get("post_tag", []) if t],
        images=images,
        related=list(body.related),
        body=body,
        canonical=link.strip() or None,
        parser=PARSER,
        needs_html=bool(content.get("protected")) or not body.blocks,
    )


def read_posts(text: str) -> list[dict[str, Any]]:
    """The post objects of a REST answer. Raises RestError when it is not a JSON list."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise RestError(f"not JSON ({exc.msg} at {exc.pos})") from None
    if not isinstance(data, list):
        code = data.get("code") if isinstance(data, dict) else type(data).__name__
        raise RestError(f"not a list of posts ({code})")
    return [p for p in data if isinstance(p, dict)]
