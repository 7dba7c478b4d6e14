"""The synthetic site of a WordPress outlet (benchmarks/synth.py for the ideas).

Templates are the outlet's saved pages, whatever their theme: article pages (the body box found
with the WordPress page reader's own selectors), and listing pages cut around the entries the
spider itself reads from them (``listing_entries``), so a theme change in the fixtures needs no
change here. Discovery served: the REST API answers 403 (as many Indonesian sites do), so search
goes through the HTML search pages; category and tag listings with ``/page/{n}/``; the RSS feed;
a Yoast-style sitemap index with 1,000 posts per sitemap. Articles keep the template's URL style
(``/{slug}``, ``/{slug}/{page}`` for multi-page posts, ``/?p={id}``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from asnscraper.parsing.dates import parse_datetime
from asnscraper.parsing.wordpress_page import BODY_SELECTORS
from asnscraper.parsing.wordpress_urls import (
    base_url,
    is_amp,
    listing_url,
    rest_search_url,
    search_url,
    split_page,
)
from benchmarks.articles import SavedPage
from benchmarks.synth import (
    _EVENT,
    ANCHOR,
    EXTRA_SENTENCES,
    ArticleTemplate,
    Entry,
    ListingTemplate,
    SiteBuilder,
    SyntheticSite,
    _story_paragraphs,
    fill_dates,
    slugify,
    tokenise_dates,
    vary_words,
)

_PID = (
    re.compile(r"\bpostid-(\d+)\b"),
    re.compile(r"[?&]p=(\d+)\b"),
    re.compile(r"/posts/(\d+)\b"),
)
_PAGINATION = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' jeg_navigation ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' pagination ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' page-nav ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' nav-links ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' wp-pagenavi ')]"
)
SITEMAP_SIZE = 1000
XML = "application/xml; charset=UTF-8"


def _when(value: str | None) -> dt.datetime | None:
    return parse_datetime(value).value if value else None


def _serialize(tree: Any) -> str:
    return etree.tostring(tree, encoding="unicode", method="html", doctype="<!DOCTYPE html>")


def article_template(name: str, pages: list[tuple[int, str, str]], host: str) -> ArticleTemplate:
    """Tokenise one saved WordPress post: ``pages`` = (page number, URL, html) in order."""
    first = lxml.html.fromstring(pages[0][2])
    title = " ".join(first.xpath("string(//h1)").split()) or " ".join(
        first.xpath("string(//meta[@property='og:title']/@content)").split()
    )
    published = _when(first.xpath("string(//meta[@property='article:published_time']/@content)"))
    modified = _when(first.xpath("string(//meta[@property='article:modified_time']/@content)"))
    canonical = first.xpath("string(//link[@rel='canonical']/@href)") or pages[0][1]
    slug = split_page(base_url(canonical, host))[0].rstrip("/").rsplit("/", 1)[-1]
    pid = next((m[1] for rx in _PID for m in [rx.search(pages[0][2])] if m), "")
    style = "p" if urlsplit(pages[0][1]).path in ("", "/") else "slug"
    instants = {k: v for k, v in (("P", published), ("M", modified)) if v is not None}
    out_pages, own, fixed = [], [], set()
    for page_no, (number, _url, source) in enumerate(pages):
        tree = lxml.html.fromstring(source)
        container = next(
            (found[0] for css in BODY_SELECTORS if (found := tree.cssselect(css))), None
        )
        slots: list[str] = []
        if container is not None:
            paragraphs = _story_paragraphs(container)
            for slot, p in enumerate(paragraphs):
                text = p.text_content().strip()
                last = slot == len(paragraphs) - 1
                if (page_no == 0 and slot == 0) or last or _EVENT.search(text):
                    fixed.add((page_no, slot))
                for child in list(p):
                    p.remove(child)
                p.text = f"@@P{slot}@@"
                slots.append(text)
        own.append(slots)
        page = _serialize(tree)
        for form in (html.escape(title), html.escape(title, quote=False), title):
            page = page.replace(form, "@@TITLE@@")
        if slug:
            page = re.sub(rf"/{re.escape(slug)}(?=[/\"'?#<\s])", "/@@SLUG@@", page)
        if pid:
            page = re.sub(rf"(?<!\d){pid}(?!\d)", "@@ID@@", page)
        out_pages.append((number, tokenise_dates(page, instants)))
    return ArticleTemplate(
        name, None, title, out_pages, own, fixed, published, modified, {"style": style}
    )


def listing_template(page: SavedPage, spider: Any) -> ListingTemplate:
    """Cut a saved listing around the entries the spider reads from it."""
    entries = spider.listing_entries(page.response())
    if not entries:
        raise ValueError(f"listing template {page.url} has no entries")
    urls = {url for url, *_ in entries}
    tree = lxml.html.fromstring(page.body)
    links: dict[str, Any] = {}
    for a in tree.iter("a"):
        href = spider.absolute(page.response(), a.get("href") or "") if a.get("href") else ""
        if href in urls:
            links.setdefault(href, a)

    def box_of(link: Any, url: str) -> Any:
        element = link
        while (parent := element.getparent()) is not None:
            inside = {a.get("href") for a in parent.iter("a")} & urls
            if inside - {url, link.get("href")}:
                return element
            element = parent
        return element

    boxes = [box_of(links[url], url) for url, *_ in entries if url in links]
    url, _day, raw, pid = entries[0]
    box = boxes[0]
    title_link = max(
        (a for a in box.iter("a") if a.get("href") == links[url].get("href")),
        key=lambda a: len(a.text_content().strip()),
    )
    title = " ".join(title_link.text_content().split())
    entry = etree.tostring(box, encoding="unicode", method="html", with_tail=False)
    entry = entry.replace(f'"{html.escape(links[url].get("href"))}"', '"@@URL@@"')
    for form in (html.escape(title), html.escape(title, quote=False)):
        entry = entry.replace(form, "@@TITLE@@")
    when = _when(raw)
    if when is not None:
        entry = tokenise_dates(entry, {"E": when})
    if pid:
        entry = re.sub(rf"(?<!\d){pid}(?!\d)", "@@ID@@", entry)
    parent = box.getparent()
    parent.insert(parent.index(box), etree.Comment("@@ENTRIES@@"))
    for other in boxes:
        if other.getparent() is not None:
            other.getparent().remove(other)
    navigation = tree.xpath(_PAGINATION)
    for number, nav in enumerate(navigation):
        if number == 0:
            nav.getparent().replace(nav, etree.Comment("@@PAGINATION@@"))
        elif nav.getparent() is not None:
            nav.getparent().remove(nav)
    for link in tree.xpath("//link[@rel='next' or @rel='prev']"):
        link.getparent().remove(link)
    serialized = _serialize(tree)
    head, tail = serialized.split("<!--@@ENTRIES@@-->", 1)
    if "<!--@@PAGINATION@@-->" not in tail:
        tail = tail.replace("</body>", "<!--@@PAGINATION@@--></body>", 1)
    return ListingTemplate(head, entry, tail)


class WordPressBuilder(SiteBuilder):
    """Generates a WordPress outlet from its fixtures."""

    PER_PAGE = 10

    def __init__(self, spider: str, seed: int = 2024) -> None:
        from tests.support import make_spider

        super().__init__(spider, seed)
        self.spider_obj = make_spider(self.spidercls)
        self.articles = self._article_templates()
        listing = self.by_kind.get("category") or self.by_kind.get("tag")
        search = self.by_kind.get("search") or listing
        if not self.articles or not listing or not search:
            raise ValueError(f"fixtures/{spider} lack an article, listing or search template")
        self.listing_tpl = listing_template(self._saved(listing[0][1]), self.spider_obj)
        self.search_tpl = listing_template(self._saved(search[0][1]), self.spider_obj)

    @staticmethod
    def _saved(page: Any) -> SavedPage:
        return SavedPage(page.url, page.body(), page.content_type(), page.status)

    def _article_templates(self) -> list[ArticleTemplate]:
        groups: dict[str, list[tuple[int, str, str, str]]] = {}
        for name, page in self.site.items():
            if page.kind not in ("article", "article-page") or is_amp(page.url):
                continue
            base, number = split_page(page.url)
            groups.setdefault(base_url(base, self.host), []).append(
                (number, page.url, page.body().decode("utf-8"), name)
            )
        templates = []
        for _, pages in sorted(groups.items()):
            pages.sort()
            if pages[0][0] > 1:
                continue
            pages_in = [(n, u, h) for n, u, h, _ in pages]
            templates.append(article_template(pages[0][3], pages_in, self.host))
        return templates

    def article(self, site: SyntheticSite, number: int) -> Entry:
        rng = self.rng
        tpl = self.articles[number % len(self.articles)]
        delta = dt.timedelta(weeks=rng.randint(-80, 40))
        published = ((tpl.published or ANCHOR) + delta).replace(
            hour=rng.randint(6, 21), minute=rng.randint(0, 59), second=0
        )
        modified = published + dt.timedelta(minutes=rng.randint(5, 3000))
        post_id = str(20000 + number)
        title = self.varied_title(tpl)
        slug = f"{slugify(title)}-{post_id}"
        first_url = (
            f"https://{self.host}/?p={post_id}"
            if tpl.extra.get("style") == "p"
            else f"https://{self.host}/{slug}"
        )
        for page_no, (page_number, page) in enumerate(tpl.pages):
            body = self.fill_paragraphs(page, self.body_text(tpl, page_no, delta))
            body = body.replace("@@ID@@", post_id).replace("@@SLUG@@", slug)
            body = body.replace("@@TITLE@@", html.escape(title))
            body = fill_dates(body, {"P": published, "M": modified})
            url = first_url if page_no == 0 else f"https://{self.host}/{slug}/{page_number}"
            site.add(url, body, "article" if page_no == 0 else "article-page")
        lead = tpl.own[0][0] if tpl.own and tpl.own[0] else rng.choice(EXTRA_SENTENCES)
        return Entry(first_url, title, published, vary_words(lead, rng)[:160])

    def entry_html(self, tpl: ListingTemplate, entry: Entry) -> str:
        pid = entry.url.rsplit("-", 1)[-1] if "?p=" not in entry.url else entry.url.split("=")[-1]
        row = tpl.entry.replace("@@URL@@", html.escape(entry.url))
        row = row.replace("@@TITLE@@", html.escape(entry.title)).replace("@@ID@@", pid)
        return fill_dates(row, {"E": entry.date})

    def pagination_html(self, number: int, pages: int, url_of: Any) -> str:
        parts = ['<div class="pagination">']
        if number > 0:
            parts.append(
                f'<a class="prev page-numbers" href="{html.escape(url_of(number - 1))}">‹</a>'
            )
        parts.append(f'<span class="page-numbers current">{number + 1}</span>')
        if number + 1 < pages:
            nxt = html.escape(url_of(number + 1))
            parts.append(f'<a class="next page-numbers" rel="next" href="{nxt}">Berikutnya ›</a>')
        return "".join(parts) + "</div>"

    def discovery(self, site: SyntheticSite, entries: list[Entry]) -> int:
        spider = self.spidercls
        longest = 1
        categories = spider.categories or ("/category/news/",)
        for index, path in enumerate(categories):
            pages = self.listing(
                site, self.listing_tpl, entries[index :: len(categories)], self.PER_PAGE,
                lambda n, path=path: listing_url(self.host, path, n + 1), "category",
            )  # fmt: skip
            longest = max(longest, pages)
        for path in spider.tags:
            pages = self.listing(
                site, self.listing_tpl, entries[::7], self.PER_PAGE,
                lambda n, path=path: listing_url(self.host, path, n + 1), "tag",
            )  # fmt: skip
            longest = max(longest, pages)
        forbidden = b'{"code":"rest_forbidden","message":"Maaf, Anda tidak diizinkan.","data":{"status":403}}'
        for step, query in zip((3, 5), self.QUERIES, strict=True):
            rest = rest_search_url(self.host, query, 1, spider.rest_per_page)
            site.pages[_key(rest)] = SavedPage(
                rest, forbidden, "application/json; charset=UTF-8", 403
            )
            site.kinds[_key(rest)] = "rest"
            pages = self.listing(
                site, self.search_tpl, entries[::step], self.PER_PAGE,
                lambda n, query=query: search_url(self.host, query, n + 1), "search",
            )  # fmt: skip
            longest = max(longest, pages)
        self.rss(site, entries[:20], spider.feeds)
        self.sitemaps(site, entries)
        return longest

    def sitemaps(self, site: SyntheticSite, entries: list[Entry]) -> None:
        chunks = [entries[i : i + SITEMAP_SIZE] for i in range(0, len(entries), SITEMAP_SIZE)]
        names = [f"post-sitemap{n + 1 if n else ''}.xml" for n in range(len(chunks))]
        head = '<?xml version="1.0" encoding="UTF-8"?>'
        index = "".join(
            f"<sitemap><loc>https://{self.host}/{name}</loc>"
            f"<lastmod>{chunk[0].date.isoformat()}</lastmod></sitemap>"
            for name, chunk in zip(names, chunks, strict=True)
        )
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        site.add(
            f"https://{self.host}{self.spidercls.sitemaps[0]}",
            f"{head}<sitemapindex {ns}>{index}</sitemapindex>", "sitemap", XML,
        )  # fmt: skip
        for name, chunk in zip(names, chunks, strict=True):
            urls = "".join(
                f"<url><loc>{html.escape(e.url)}</loc><lastmod>{e.date.isoformat()}</lastmod></url>"
                for e in chunk
            )
            site.add(f"https://{self.host}/{name}", f"{head}<urlset {ns}>{urls}</urlset>",
                     "sitemap", XML)  # fmt: skip


def _key(url: str) -> str:
    from asnscraper.mirror import path_key

    return path_key(url)
