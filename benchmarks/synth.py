"""A synthetic site of thousands of articles built from a spider's saved fixture pages.

The saved pages are the templates: their chrome, markup and body blocks stay as the outlet
serves them, while each generated article gets its own id, slug, title, dates (shifted by whole
weeks so weekday names stay true, event dates in the text shifted with them), paragraph order,
paragraphs borrowed from other templates and words swapped for synonyms, so no two pages are
byte-identical and near-duplicate detection sees distinct texts. Listings (category pages,
search results with their offset pages, a tag page) and an RSS feed link every article, so a
spider discovers the whole site the way it discovers the real one.

Platforms: Disway (``DiswaySpider`` subclasses, :class:`DiswayBuilder` here) and WordPress
(``benchmarks/synth_wordpress.py``); both share :class:`SiteBuilder`. A spider of another platform
gets ``None`` from :func:`synthetic_site` until an adapter is added (the benchmarks then say so).
Deterministic: the same (spider, size, seed) builds the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode

import lxml.html
from lxml import etree

from asnscraper.mirror import load_site, path_key
from benchmarks.articles import SavedPage, spider_loader

HTML = "text/html; charset=UTF-8"
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_HARI_RE = "(?:" + "|".join(HARI) + ")"
WIB = dt.timezone(dt.timedelta(hours=7))
#: Stand-in instant for a template whose page shows no publication date (its body does).
ANCHOR = dt.datetime(2024, 9, 23, 8, 0, tzinfo=WIB)

# Synonym swaps for Indonesian news prose (written for this project). Applied per word at
# random, in both directions, keeping an initial capital.
SYNONYMS = (
    ("kegiatan", "acara"),
    ("seluruh", "semua"),
    ("menjaga", "memelihara"),
    ("mengingatkan", "mengimbau"),
    ("menyampaikan", "mengatakan"),
    ("penting", "utama"),
    ("berlangsung", "digelar"),
    ("dihadiri", "diikuti"),
    ("pegawai", "aparatur"),
    ("tegas", "keras"),
    ("masyarakat", "warga"),
    ("meminta", "mengajak"),
    ("tahapan", "rangkaian"),
    ("menegaskan", "menekankan"),
    ("pelaksanaan", "penyelenggaraan"),
    ("kantor", "gedung"),
    ("terlibat", "ikut"),
    ("diketahui", "tercatat"),
    ("laporan", "aduan"),
    ("segera", "langsung"),
    ("juga", "pula"),
    ("agar", "supaya"),
    ("namun", "tetapi"),
    ("hingga", "sampai"),
    ("besar", "luas"),
)
_SWAP = {a: b for a, b in SYNONYMS} | {b: a for a, b in SYNONYMS}
_SWAP_RE = re.compile(r"\b(" + "|".join(sorted(_SWAP, key=len, reverse=True)) + r")\b", re.I)
# Sentences added to some paragraphs so texts differ beyond swapped words (written for this
# project; numbers vary).
EXTRA_SENTENCES = (
    "Sebanyak {n} peserta mengikuti kegiatan tersebut hingga selesai.",
    "Kegiatan itu berlangsung sekitar {n} menit dan ditutup dengan doa bersama.",
    "Menurutnya, sosialisasi serupa sudah dilakukan di {n} kelurahan sepanjang tahun ini.",
    "Ia menyebut ada {n} laporan masyarakat yang masuk dan semuanya sedang ditindaklanjuti.",
    "Pihaknya juga membuka layanan pengaduan yang aktif selama {n} jam setiap hari.",
    "Hingga pekan ini tercatat {n} ASN telah menandatangani pernyataan sikap netral.",
    "Rapat lanjutan dijadwalkan digelar {n} hari setelah pertemuan pertama.",
)
TITLE_PREFIXES = ("Jelang Pilkada, ", "Pilkada 2024: ", "Soal Netralitas, ", "", "", "")
_EVENT = re.compile(r"\((\d{1,2})/(\d{1,2})(?:/(\d{4}))?\)")
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    return _SLUG_CHARS.sub("-", title.lower()).strip("-")[:90] or "berita"


def vary_words(text: str, rng: random.Random, rate: float = 0.5) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match[0]
        if rng.random() >= rate:
            return word
        new = _SWAP[word.lower()]
        return new.capitalize() if word[0].isupper() else new

    return _SWAP_RE.sub(swap, text)


def vary_paragraph(text: str, rng: random.Random) -> str:
    text = vary_words(text, rng)
    if rng.random() < 0.35:
        extra = rng.choice(EXTRA_SENTENCES).format(n=rng.randint(3, 250))
        text = f"{text.rstrip()} {extra}"
    return text


# --- templates --------------------------------------------------------------------------
@dataclass
class ArticleTemplate:
    """A saved article (all its pages) with tokens where generated values go."""

    name: str
    category: str | None
    title: str
    pages: list[tuple[int, str]]  # (page offset, html with tokens)
    own: list[list[str]]  # per page: the text of each story-paragraph slot
    fixed: set[tuple[int, int]]  # (page, slot) kept with its template (dateline, dates, code)
    published: dt.datetime | None
    modified: dt.datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)  # platform details (URL style …)


def _story_paragraphs(container: Any) -> list[Any]:
    """The plain prose paragraphs of a body box (no links, captions or short chrome lines)."""
    out = []
    for p in container.iter("p"):
        text = p.text_content().strip()
        if len(text) < 40 or p.xpath(".//a | .//img | ancestor::*[@class='bottom-15']"):
            continue
        if re.match(r"^\s*(baca|lihat|simak)\s+juga", text, re.I):
            continue
        out.append(p)
    return out


#: Every rendering of an instant the two sites show (SITES.md), by name. A template's dates are
#: found by rendering its known instants in each form and replaced by ``@@D:<which>:<form>@@``.
DATE_FORMS: dict[str, Any] = {
    "iso": lambda d: d.isoformat(),
    "ymdhms": lambda d: d.strftime("%Y-%m-%d %H:%M:%S"),
    "disway": lambda d: f"{HARI[d.weekday()]} {d:%d-%m-%Y,%H:%M}",
    "dmyhm": lambda d: d.strftime("%d-%m-%Y,%H:%M"),
    "hari_d_bulan_y": lambda d: f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month - 1]} {d.year}",
    "d_bulan_y_hm": lambda d: f"{d.day} {BULAN[d.month - 1]} {d.year} {d:%H:%M}",
    "d_bulan_y": lambda d: f"{d.day} {BULAN[d.month - 1]} {d.year}",
    "dd_bulan_y": lambda d: f"{d:%d} {BULAN[d.month - 1]} {d.year}",
    "bulan_d_y": lambda d: f"{BULAN[d.month - 1]} {d.day}, {d.year}",
    "ymd": lambda d: d.strftime("%Y-%m-%d"),
}
BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
_DATE_TOKEN = re.compile(r"@@D:(\w+):(\w+)@@")


def tokenise_dates(page: str, instants: dict[str, dt.datetime]) -> str:
    """Replace every rendering of ``instants`` (``{"P": published, "M": modified}``) by a token."""
    renderings = sorted(
        (
            (form(when), which, name)
            for which, when in instants.items()
            for name, form in DATE_FORMS.items()
        ),
        key=lambda r: -len(r[0]),
    )
    for text, which, name in renderings:
        page = page.replace(text, f"@@D:{which}:{name}@@")
    return page


def fill_dates(page: str, instants: dict[str, dt.datetime]) -> str:
    return _DATE_TOKEN.sub(lambda m: DATE_FORMS[m[2]](instants[m[1]]), page)


def _disway_article_template(name: str, pages: list[tuple[int, str, str]]) -> ArticleTemplate:
    """Tokenise one saved Disway article: ``pages`` = (offset, url, html) in offset order."""
    from asnscraper.parsing.disway_page import BODY_SELECTORS
    from asnscraper.parsing.disway_urls import parse_article_url

    ref = parse_article_url(pages[0][1])
    assert ref is not None
    first = lxml.html.fromstring(pages[0][2])
    title = (first.xpath("string(//meta[@property='og:title']/@content)") or "").strip()
    pubdate = (first.xpath("string(//meta[@name='pubdate']/@content)") or "").strip()
    published = dt.datetime.strptime(pubdate, "%Y-%m-%d %H:%M:%S").replace(tzinfo=WIB)
    out_pages, own, fixed = [], [], set()
    for page_no, (offset, _url, source) in enumerate(pages):
        tree = lxml.html.fromstring(source)
        container = None
        for css in BODY_SELECTORS:
            found = tree.cssselect(css)
            if found:
                container = found[0]
                break
        slots: list[str] = []
        if container is not None:
            paragraphs = _story_paragraphs(container)
            for slot, p in enumerate(paragraphs):
                text = p.text_content().strip()
                if (
                    (page_no == 0 and slot == 0)
                    or slot == len(paragraphs) - 1
                    or _EVENT.search(text)
                ):
                    fixed.add((page_no, slot))
                for child in list(p):
                    p.remove(child)
                p.text = f"@@P{slot}@@"
                slots.append(text)
        own.append(slots)
        page = etree.tostring(tree, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
        page = page.replace(html.escape(title, quote=False), "@@TITLE@@")
        page = page.replace(html.escape(title), "@@TITLE@@").replace(title, "@@TITLE@@")
        page = page.replace(f"/{ref.id}/{ref.slug}", "/@@ID@@/@@SLUG@@")
        page = page.replace(f"'{ref.id}'", "'@@ID@@'").replace(f'"{ref.id}"', '"@@ID@@"')
        out_pages.append((offset, tokenise_dates(page, {"P": published})))
    return ArticleTemplate(name, ref.category, title, out_pages, own, fixed, published)


def _shift_events(text: str, published: dt.datetime, delta: dt.timedelta) -> str:
    """Move ``(27/12)`` / ``(23/9/2024)`` event dates by ``delta`` (year inferred as a reader)."""

    def shift(match: re.Match[str]) -> str:
        day, month = int(match[1]), int(match[2])
        year = int(match[3]) if match[3] else published.year
        try:
            when = dt.date(year, month, day)
        except ValueError:
            return match[0]
        if not match[3] and when > published.date():
            when = when.replace(year=year - 1)
        new = when + delta
        return f"({new.day}/{new.month}/{new.year})" if match[3] else f"({new.day}/{new.month})"

    return _EVENT.sub(shift, text)


@dataclass
class ListingTemplate:
    """A saved listing page cut around its entries: head + entries + pagination + tail."""

    head: str
    entry: str
    tail: str


def _listing_template(source: str) -> ListingTemplate:
    tree = lxml.html.fromstring(source)
    entries = tree.xpath(
        "//div[contains(concat(' ', normalize-space(@class), ' '), ' media ')]"
        "[.//*[contains(@class, 'media-content')]//h2]"
    )
    if not entries:
        raise ValueError("listing template has no entries")
    entry = entries[0]
    for a in entry.iter("a"):
        a.set("href", "@@URL@@")
    for img in entry.iter("img"):
        img.set("alt", "@@TITLE@@")
    for h2 in entry.iter("h2"):
        for a in h2.iter("a"):
            a.text = "@@TITLE@@"
    for span in entry.xpath(".//*[contains(@class, 'date')]"):
        span.text = "@@DATE@@"
    for p in entry.xpath(".//p"):
        p.text = "@@DESC@@"
    entry_html = etree.tostring(entry, encoding="unicode", method="html", with_tail=False)
    parent = entry.getparent()
    marker = etree.Comment("@@ENTRIES@@")
    parent.insert(parent.index(entry), marker)
    for other in entries:
        other.getparent().remove(other)
    for pagination in tree.xpath("//ul[contains(@class, 'pagination')]"):
        pagination.getparent().replace(pagination, etree.Comment("@@PAGINATION@@"))
    page = etree.tostring(tree, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    head, tail = page.split("<!--@@ENTRIES@@-->", 1)
    if "<!--@@PAGINATION@@-->" not in tail:
        tail = tail.replace("</body>", "<!--@@PAGINATION@@--></body>", 1)
    return ListingTemplate(head, entry_html, tail)


# --- the site ---------------------------------------------------------------------------
@dataclass
class Entry:
    url: str
    title: str
    date: dt.datetime
    desc: str


@dataclass
class SyntheticSite:
    """Generated pages keyed by mirror path key, at the outlet's real URLs."""

    spider: str
    pages: dict[str, SavedPage] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    article_keys: list[str] = field(default_factory=list)
    spider_args: dict[str, str] = field(default_factory=dict)

    def add(self, url: str, body: str, kind: str, ctype: str = HTML) -> None:
        key = path_key(url)
        self.pages[key] = SavedPage(url, body.encode("utf-8"), ctype)
        self.kinds[key] = kind
        if kind == "article":
            self.article_keys.append(key)

    def manifest(self) -> list[tuple[str, str]]:
        """(path key, kind) of every page, for peers that fetch a URL list."""
        return sorted(self.kinds.items())


class SiteBuilder:
    """What every platform's generator shares: templates, paragraph mixing, listings, RSS."""

    QUERIES = ("netralitas asn", "asn netral")
    articles: list[ArticleTemplate]

    def __init__(self, spider: str, seed: int = 2024) -> None:
        self.spider = spider
        self.spidercls = spider_loader().load(spider)
        self.host = self.spidercls.canonical_host
        self.rng = random.Random(seed)
        self.site = load_site(spider)
        self.by_kind: dict[str, list[Any]] = {}
        for name, page in sorted(self.site.items()):
            self.by_kind.setdefault(page.kind, []).append((name, page))

    @property
    def pool(self) -> list[str]:
        """Paragraphs any article may borrow (not datelines, dated or closing paragraphs)."""
        return [
            text
            for t in self.articles
            for page_no, slots in enumerate(t.own)
            for slot, text in enumerate(slots)
            if (page_no, slot) not in t.fixed
        ]

    def body_text(self, tpl: ArticleTemplate, page_no: int, delta: dt.timedelta) -> list[str]:
        """The paragraph texts of one generated page: the template's own, shuffled, some
        borrowed, words varied, event dates moved by ``delta``."""
        rng, pool = self.rng, self._pool
        slots = list(tpl.own[page_no])
        movable = [i for i in range(len(slots)) if (page_no, i) not in tpl.fixed]
        texts = [slots[i] for i in movable]
        for n in range(len(texts)):
            borrowed = rng.choice(pool) if pool else texts[n]
            if rng.random() < 0.3 and borrowed not in texts:
                texts[n] = borrowed
        rng.shuffle(texts)
        for i, text in zip(movable, texts, strict=True):
            slots[i] = text
        anchor = tpl.published or ANCHOR
        return [_shift_events(vary_paragraph(t, rng), anchor, delta) for t in slots]

    @staticmethod
    def fill_paragraphs(page: str, texts: list[str]) -> str:
        for i, text in enumerate(texts):
            page = page.replace(f"@@P{i}@@", html.escape(text, quote=False), 1)
        return page

    def varied_title(self, tpl: ArticleTemplate) -> str:
        title = self.rng.choice(TITLE_PREFIXES) + vary_words(tpl.title, self.rng)
        return title[0].upper() + title[1:]

    # --- listings -----------------------------------------------------------------------
    def entry_html(self, tpl: ListingTemplate, entry: Entry) -> str:
        raise NotImplementedError

    def pagination_html(self, number: int, pages: int, url_of: Any) -> str:
        raise NotImplementedError

    def listing(
        self,
        site: SyntheticSite,
        tpl: ListingTemplate,
        entries: list[Entry],
        per_page: int,
        url_of: Any,
        kind: str,
    ) -> int:
        """Listing pages of ``entries``, ``per_page`` each, at ``url_of(n)``; their count."""
        pages = max(1, -(-len(entries) // per_page))
        for number in range(pages):
            chunk = entries[number * per_page : (number + 1) * per_page]
            rows = "\n".join(self.entry_html(tpl, e) for e in chunk)
            pagination = self.pagination_html(number, pages, url_of)
            body = tpl.head + rows + tpl.tail.replace("<!--@@PAGINATION@@-->", pagination)
            site.add(url_of(number), body, kind)
        return pages

    def rss(self, site: SyntheticSite, entries: list[Entry], paths: tuple[str, ...]) -> None:
        items = "".join(
            f"<item><title>{html.escape(e.title)}</title><link>{html.escape(e.url)}</link>"
            f"<pubDate>{format_datetime(e.date)}</pubDate>"
            f"<description>{html.escape(e.desc)}</description></item>"
            for e in entries
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{html.escape(self.spidercls.source_name)}</title>"
            f"<link>https://{self.host}/</link>{items}</channel></rss>"
        )
        for path in paths:
            site.add(
                f"https://{self.host}{path}", body, "rss", "application/rss+xml; charset=UTF-8"
            )

    def article(self, site: SyntheticSite, number: int) -> Entry:
        raise NotImplementedError

    def discovery(self, site: SyntheticSite, entries: list[Entry]) -> int:
        """Listings, search, feeds linking ``entries`` (newest first); the longest listing."""
        raise NotImplementedError

    def build(self, articles: int) -> SyntheticSite:
        site = SyntheticSite(self.spider)
        self._pool = self.pool
        entries = [self.article(site, n) for n in range(articles)]
        entries.sort(key=lambda e: e.date, reverse=True)
        longest = self.discovery(site, entries)
        site.spider_args = {"query": ",".join(self.QUERIES), "max_pages": str(longest + 1)}
        return site


class DiswayBuilder(SiteBuilder):
    """Generates a Disway outlet (the spider's hosts, categories, tag, RSS and search URLs)."""

    PER_CATEGORY_PAGE = 30
    PER_SEARCH_PAGE = 10

    def __init__(self, spider: str, seed: int = 2024) -> None:
        super().__init__(spider, seed)
        self.articles = self._article_templates(self.site)
        by_kind = self.by_kind
        category = by_kind.get("category") or by_kind.get("tag") or by_kind.get("search")
        search = by_kind.get("search") or category
        if not self.articles or not category or not search:
            raise ValueError(f"fixtures/{spider} lack an article, listing or search template")
        self.category_tpl = _listing_template(category[0][1].body().decode("utf-8"))
        self.search_tpl = _listing_template(search[0][1].body().decode("utf-8"))

    def _article_templates(self, site: dict[str, Any]) -> list[ArticleTemplate]:
        from asnscraper.parsing.disway_urls import parse_article_url

        groups: dict[str, list[tuple[int, str, str, str]]] = {}
        for name, page in site.items():
            ref = parse_article_url(page.url)
            if ref is None or ref.amp or page.kind not in ("article", "article-page"):
                continue
            groups.setdefault(ref.id, []).append(
                (ref.offset, page.url, page.body().decode("utf-8"), name)
            )
        templates = []
        for _, pages in sorted(groups.items()):
            pages.sort()
            if pages[0][0] != 0:
                continue
            templates.append(
                _disway_article_template(pages[0][3], [(o, u, h) for o, u, h, _ in pages])
            )
        return templates

    def article(self, site: SyntheticSite, number: int) -> Entry:
        rng = self.rng
        tpl = self.articles[number % len(self.articles)]
        delta = dt.timedelta(weeks=rng.randint(-80, 40))
        published = ((tpl.published or ANCHOR) + delta).replace(
            hour=rng.randint(6, 21), minute=rng.randint(0, 59), second=0
        )
        art_id = str(300000 + number)
        title = self.varied_title(tpl)
        slug = slugify(title)
        base_path = (
            f"/{tpl.category}/read/{art_id}/{slug}" if tpl.category else f"/read/{art_id}/{slug}"
        )
        for page_no, (offset, page) in enumerate(tpl.pages):
            body = self.fill_paragraphs(page, self.body_text(tpl, page_no, delta))
            body = body.replace("@@ID@@", art_id).replace("@@SLUG@@", slug)
            body = fill_dates(body.replace("@@TITLE@@", html.escape(title)), {"P": published})
            url = f"https://{self.host}{base_path}" + (f"/{offset}" if offset else "")
            site.add(url, body, "article" if offset == 0 else "article-page")
        desc = vary_words(tpl.own[0][1] if len(tpl.own[0]) > 1 else tpl.title, rng)[:160]
        return Entry(f"https://{self.host}{base_path}", title, published, desc)

    def entry_html(self, tpl: ListingTemplate, entry: Entry) -> str:
        shown = f"{HARI[entry.date.weekday()]} {entry.date.strftime('%d-%m-%Y,%H:%M')} WIB"
        return (
            tpl.entry.replace("@@URL@@", html.escape(entry.url))
            .replace("@@TITLE@@", html.escape(entry.title))
            .replace("@@DATE@@", shown)
            .replace("@@DESC@@", html.escape(entry.desc))
        )

    def pagination_html(self, number: int, pages: int, url_of: Any) -> str:
        links = []
        if number > 0:
            links.append(
                f'<li><a href="{html.escape(url_of(number - 1))}" rel="prev">&lt;</a></li>'
            )
        links.append(f'<li class="active"><a href="#">{number + 1}</a></li>')
        if number + 1 < pages:
            nxt = html.escape(url_of(number + 1))
            links.append(
                f'<li><a href="{nxt}" data-ci-pagination-page="{number + 2}" rel="next">'
                "&gt;</a></li>"
            )
        return '<ul class="pagination">' + "".join(links) + "</ul>"

    def discovery(self, site: SyntheticSite, entries: list[Entry]) -> int:
        categories = self.spidercls.categories or ("/kategori/7/politik",)
        longest = 1
        for index, path in enumerate(categories):

            def category_url(n: int, path: str = path) -> str:
                suffix = f"/{n * self.PER_CATEGORY_PAGE}" if n else ""
                return f"https://{self.host}{path}{suffix}"

            chosen = entries[index :: len(categories)]
            pages = self.listing(
                site, self.category_tpl, chosen, self.PER_CATEGORY_PAGE, category_url, "category"
            )
            longest = max(longest, pages)
        for step, query in zip((3, 5), self.QUERIES, strict=True):

            def search_url(n: int, query: str = query) -> str:
                q = urlencode({"c": query})
                if not n:
                    return f"https://{self.host}/search/kata/?{q}"
                offset, limit = n * self.PER_SEARCH_PAGE, self.PER_SEARCH_PAGE
                return f"https://{self.host}/search/kata/{offset}/{limit}/?{q}&num="

            pages = self.listing(
                site, self.search_tpl, entries[::step], self.PER_SEARCH_PAGE, search_url, "search"
            )
            longest = max(longest, pages)
        for path in self.spidercls.tags:
            self.listing(
                site, self.category_tpl, entries[:30], 30,
                lambda n, path=path: f"https://{self.host}{path}", "tag",
            )  # fmt: skip
        self.rss(site, entries[:20], self.spidercls.rss_feeds)
        return longest


def builder_for(spider: str) -> type[SiteBuilder] | None:
    from asnscraper.spiders.platforms.disway import DiswaySpider

    spidercls = spider_loader().load(spider)
    if issubclass(spidercls, DiswaySpider):
        return DiswayBuilder
    try:
        from asnscraper.spiders.platforms.wordpress import WordPressSpider
    except ImportError:
        return None
    if issubclass(spidercls, WordPressSpider):
        from benchmarks.synth_wordpress import WordPressBuilder

        return WordPressBuilder
    return None


def build_site(spider: str, articles: int, seed: int = 2024) -> SyntheticSite | None:
    """A synthetic site of ``articles`` articles for ``spider``, or None (no adapter yet)."""
    builder = builder_for(spider)
    return None if builder is None else builder(spider, seed).build(articles)


def synthetic_site(ctx: Any, spider: str, articles: int) -> SyntheticSite | None:
    """:func:`build_site` cached in a benchmark context."""
    return ctx.cached(f"synth:{spider}:{articles}", lambda: build_site(spider, articles))
