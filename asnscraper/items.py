"""The Article item: the contract of every feed asnscraper writes.

Spiders fill the *raw* fields (what the page shows); pipelines turn them into the
normalized values documented here. Which stage fills which field is listed in the
README's field table. Every field has a default so a spider can build an Article
from whatever a page offers and let validation decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict


class Image(TypedDict):
    url: str | None  # None: a caption found in the text whose image the page did not show
    caption: str | None
    credit: str | None


class Link(TypedDict):
    title: str
    url: str | None


class Region(TypedDict):
    name: str
    level: str  # "provinsi" | "kabupaten" | "kota"
    code: str  # Kemendagri code, e.g. "16.72" (Kota Pagar Alam; BPS writes it 1673)
    province: str


class Person(TypedDict):
    name: str
    role: str


class Relevance(TypedDict):
    score: float
    is_relevant: bool
    matched: list[str]


@dataclass
class Article:
    """One news article.

    Raw on the way in, normalized on the way out. Field by field:
    """

    url: str = ""
    """URL fetched (after redirects); on a mirror crawl, the mirror's URL."""
    canonical_url: str = ""
    """Canonical URL on the outlet's canonical host: the deduplication key."""
    source: str = ""
    """Spider name, e.g. ``pagaralampos``."""
    source_name: str = ""
    """Outlet name, e.g. ``Pagaralam Pos``."""
    title: str = ""
    """Headline."""
    description: str | None = None
    """Standfirst / og:description."""
    body: str = ""
    """Article text, paragraphs joined by a blank line. Raw from the spider; after
    CleanTextPipeline: no captions, BACA JUGA lines, credits or page chrome."""
    published_at: str | None = None
    """ISO 8601 with offset (``2023-12-28T10:15:00+07:00``); set by NormalizeDatesPipeline."""
    published_at_raw: str = ""
    """The publication date exactly as the page showed it (spider)."""
    modified_at: str | None = None
    """Raw modification date from the spider; ISO 8601 with offset after NormalizeDatesPipeline."""
    event_date: str | None = None
    """``YYYY-MM-DD`` of the event reported (``Rabu (27/12)``, year inferred)."""
    authors: list[str] = field(default_factory=list)
    """Reporters/writers; raw bylines from the spider, titles stripped by NormalizeAuthorsPipeline."""
    editor: str | None = None
    """Editor's name."""
    reporter_code: str | None = None
    """Reporter code such as ``Cg09`` from a trailing ``(Cg09)``."""
    section: str | None = None
    """Category / rubric."""
    tags: list[str] = field(default_factory=list)
    """Tags without ``#``."""
    images: list[Image] = field(default_factory=list)
    """Images with caption and credit (``{url, caption, credit}``)."""
    related: list[Link] = field(default_factory=list)
    """BACA JUGA / Baca Juga links removed from the body (``{title, url}``)."""
    dateline: str | None = None
    """Place named in the dateline (``Pagaralam``, ``Kuantan Singingi``)."""
    regions: list[Region] = field(default_factory=list)
    """Official regions the article is about, main one first."""
    people: list[Person] = field(default_factory=list)
    """Officials named with their role."""
    relevance: Relevance | None = None
    """ASN-neutrality relevance ``{score, is_relevant, matched}``."""
    story_id: str | None = None
    """Same for near-duplicates of one story across outlets."""
    duplicate_of: str | None = None
    """canonical_url of the first-seen article of the same story, else null."""
    revision: int = 1
    """1, then +1 each time a later crawl finds the article's content changed."""
    content_hash: str | None = None
    """Hash of the normalized body."""
    language: str = "id"
    """ISO 639-1 language code."""
    parser: str = ""
    """Extractor that produced the item: ``disway``, ``wordpress``, ``wordpress-rest``, ``fallback``."""
    scraped_at: str = ""
    """When the page was extracted, ISO 8601 UTC."""


def article_fields() -> list[str]:
    """Names of the Article fields, in feed order."""
    return list(Article.__dataclass_fields__)


def as_dict(article: Article) -> dict[str, Any]:
    """A plain dict of an Article (what the feeds contain)."""
    from dataclasses import asdict

    return asdict(article)
