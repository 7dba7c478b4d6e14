"""Hostile and malformed input: the parsing functions never raise, never hang, return valid types.

Property-based (hypothesis) over arbitrary unicode, Indonesian-looking text built from the words
and punctuation the regexes key on, and random HTML trees using the class names the page readers
know; then fixed worst cases: megabyte inputs shaped to make a backtracking regex explode, and
HTML nested thousands of levels deep. Each example has a deadline; the worst cases run under a
pytest timeout, so a hang fails instead of stalling the suite.

Bugs these found and fixed: relevance scoring was quadratic in the number of term hits (a page
repeating "ASN PNS" took minutes: nearest-hit lookups now bisect an index); officials and
region lookups copied the rest of the text at every office word (quadratic on long pages);
URL canonicalization decoded the query before re-joining it (``?q=a%26b`` became ``?b=&q=a``).
"""

from __future__ import annotations

import datetime as dt
import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parsel import Selector

from asnscraper.parsing import (
    authors,
    charset,
    dates,
    disway_page,
    disway_urls,
    fallback,
    fingerprint,
    listing_dates,
    people,
    regions,
    relevance,
    text,
    urls,
    walls,
    wordpress_page,
    wordpress_rest,
    wordpress_urls,
)
from asnscraper.parsing.body import densest_container, extract_body

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
PROPERTY = settings(
    max_examples=60,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies --------------------------------------------------------------------------------
WORDS = [
    "ASN",
    "PNS",
    "PPPK",
    "netralitas",
    "netral",
    "Pilkada",
    "Pemilu",
    "Bawaslu",
    "KASN",
    "Sekda",
    "Pj",
    "Wali",
    "Kota",
    "Kabupaten",
    "Provinsi",
    "Pagar",
    "Alam",
    "Kuantan",
    "Singingi",
    "Kuansing",
    "Sumatera",
    "Selatan",
    "Riau",
    "Camat",
    "Lurah",
    "Bupati",
    "Dr.",
    "H.",
    "SE",
    "MSi",
    "Rabu",
    "Senin",
    "Kamis",
    "Jumat",
    "(27/12)",
    "(23/9/2024)",
    "28-12-2023",
    "10:15",
    "WIB",
    "WITA",
    "Desember",
    "Oktober",
    "2024",
    "BACA",
    "JUGA:",
    "Baca",
    "Juga",
    "--",
    "pagaralampos.com",
    "PAGARALAM",
    "POS,",
    "–",
    "Reporter:",
    "Editor:",
    "Penulis",
    "Oleh",
    "(Cg09)",
    "Sumber:",
    "#",
    "“",
    "”",
    "kampanye",
    "paslon",
    "deklarasi",
    "pakta",
    "integritas",
    "Tag",
    "Share",
    "Google",
    "News",
    "WhatsApp",
    "Channel",
    "Kemarin",
    "lalu",
    "jam",
    "menit",
]
SEPARATORS = [" ", "  ", "\n", "\n\n", ", ", ". ", ": ", " (", ") ", "/", "-", "\u00a0", "\t"]
indonesian = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.text(max_size=6)),
    max_size=80,
).map("".join)
any_text = st.one_of(st.text(max_size=300), indonesian)

CLASSES = [
    "post text-black-1",
    "post-content",
    "entry-content",
    "td-post-content",
    "content-inner",
    "media-content",
    "media-heading",
    "author",
    "editor",
    "bottom-15",
    "caption",
    "baca-juga",
    "pagination",
    "news-tags",
    "breadcrumb",
    "post-info",
    "date",
    "sidebar",
    "share",
    "ads",
    "jeg_post_title",
    "entry-title",
    "login-wall",
    "cmp-consent",
    "",
]
TAGS = [
    "div",
    "p",
    "span",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "strong",
    "small",
    "ul",
    "li",
    "article",
    "section",
    "main",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "time",
    "blockquote",
    "script",
    "form",
    "table",
    "td",
]


@st.composite
def html_node(draw: Any, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = ""
    if draw(st.booleans()):
        attrs += f' class="{draw(st.sampled_from(CLASSES))}"'
    if tag == "a":
        attrs += f' href="{draw(st.sampled_from(HREFS))}"'
    if tag == "time":
        attrs += f' datetime="{draw(st.sampled_from(DATES))}"'
    children = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        if draw(st.booleans()):
            children.append(draw(any_text).replace("<", "&lt;"))
        else:
            children.append(draw(html_node(depth + 1)))
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


HREFS = [
    "/politik/read/127385/bawaslu/15",
    "/amp/129530/sekda",
    "https://evil.example/read/1/x",
    "#",
    "javascript:void(0)",
    "/listtag/1/asn",
    "/kategori/7/politik/30",
    "?page=2",
    "",
    "https://metro24.co.id/9738-2",
    "/page/2/?s=asn",
    "//pagaralampos.com/read/1/a",
]
DATES = ["2023-12-28 10:15:00", "Kamis 28-12-2023,10:15 WIB", "", "bukan tanggal", "2024-13-45"]
META = [
    '<meta name="pubdate" content="{}">',
    '<meta property="article:published_time" content="{}">',
    '<meta property="og:title" content="{}">',
    '<script type="application/ld+json">{}</script>',
    "<script>dataLayer.push({{'published_date': '{}', 'rubrik': 'x'}})</script>",
]


@st.composite
def html_page(draw: Any) -> str:
    head = "".join(
        draw(st.sampled_from(META)).format(draw(st.one_of(st.sampled_from(DATES), any_text)))
        for _ in range(draw(st.integers(0, 4)))
    )
    body = "".join(draw(st.lists(html_node(), max_size=4)))
    return f"<html><head>{head}</head><body>{body}</body></html>"


urlish = st.one_of(
    st.text(max_size=120),
    st.builds(
        lambda scheme, host, path, query: f"{scheme}{host}{path}{query}",
        st.sampled_from(["https://", "http://", "//", "", "ftp://", "https://user:pw@"]),
        st.sampled_from(
            ["pagaralampos.disway.id", "www.pagaralampos.com", "metro24.co.id", "127.0.0.1:8", ""]
        ),
        st.lists(
            st.sampled_from(["/read", "/123", "/slug", "/amp", "/15", "/", "%2F", "/ä"]), max_size=6
        ).map("".join),
        st.one_of(
            st.sampled_from(["", "?utm_source=x", "?c=asn+netral&num=", "?amp=1#x", "?q=a%26b"]),
            st.text(max_size=20).map(lambda q: "?" + q),
        ),
    ),
)


# --- dates ---------------------------------------------------------------------------------------
@PROPERTY
@given(any_text)
def test_dates_never_raise_and_are_aware(value: str) -> None:
    result = dates.parse_datetime(value, now=NOW, fallback=False)
    assert result.value is None or result.value.tzinfo is not None
    if result.value is not None:
        assert dates.to_iso(result.value)[19:] in ("+07:00", "+08:00", "+09:00", "Z", "+00:00")
    day = listing_dates.listing_day(value)
    assert day is None or isinstance(day, dt.date)


@PROPERTY
@given(any_text)
def test_body_dates_never_raise(value: str) -> None:
    for found in dates.body_dates(value):
        assert 1 <= found.day <= 31 and 1 <= found.month <= 12
    event = dates.event_date(value, NOW.date())
    assert isinstance(event, dates.EventDate)
    assert isinstance(dates.publication_from_body(value, NOW.date()), dates.EventDate)


@settings(max_examples=15, deadline=timedelta(seconds=10))
@given(indonesian)
def test_dates_with_the_dateparser_fallback_never_raise(value: str) -> None:
    result = dates.parse_datetime(value, now=NOW)
    assert result.value is None or result.value.tzinfo is not None


# --- text, authors ----------------------------------------------------------------------------------
@PROPERTY
@given(any_text, st.lists(any_text, max_size=3))
def test_text_cleanup_never_raises(value: str, known: list[str]) -> None:
    cleaned = text.clean_body(value, known_related=known, known_captions=known)
    assert isinstance(cleaned.text, str)
    assert all(isinstance(r["title"], str) for r in cleaned.related)
    assert all(isinstance(p, str) for p in text.paragraphs(value))
    caption, credit = text.split_credit(value)
    assert isinstance(caption, str) and (credit is None or isinstance(credit, str))
    para, code, _ = text.split_reporter_code(value)
    assert isinstance(para, str) and (code is None or isinstance(code, str))
    assert text.parse_dateline(value) is None or isinstance(text.parse_dateline(value), str)
    assert isinstance(text.is_chrome(value), bool)
    assert text.edit_distance(value[:40], value[::-1][:40], limit=3) >= 0


@PROPERTY
@given(st.lists(any_text, max_size=4), st.one_of(st.none(), any_text))
def test_author_normalization_never_raises(raw: list[str], editor: str | None) -> None:
    result = authors.normalize_authors(raw, editor, ["Pagaralam Pos", "pagaralampos.disway.id"])
    assert all(isinstance(a, str) and a for a in result.authors)
    assert result.editor is None or isinstance(result.editor, str)


# --- regions, people, relevance ----------------------------------------------------------------------
@PROPERTY
@given(any_text, any_text, st.one_of(st.none(), any_text))
def test_regions_people_and_relevance_are_well_formed(
    title: str, body: str, line: str | None
) -> None:
    found = regions.find_regions(title, body, line)
    for region in found:
        assert region["level"] in ("provinsi", "kabupaten", "kota")
        assert set(region) == {"name", "level", "code", "province"}
    for person in people.find_people(f"{title}\n\n{body}", found):
        assert person["name"] and person["role"]
    scored = relevance.score(title, body)
    assert 0.0 <= scored["score"] <= 1.0
    assert isinstance(scored["is_relevant"], bool)
    assert all(isinstance(m, str) for m in scored["matched"])


# --- URLs ---------------------------------------------------------------------------------------------
@PROPERTY
@given(urlish)
def test_url_functions_never_raise(url: str) -> None:
    try:
        stripped = urls.strip_tracking(url)
    except ValueError:  # urlsplit refuses some hosts (e.g. bad IPv6 brackets): a clear error
        return
    assert isinstance(stripped, str)
    if stripped.startswith(("http://", "https://")):  # w3lib leaves other schemes unsettled
        assert urls.strip_tracking(stripped) == stripped, "canonical URLs are a fixed point"
    ref = disway_urls.parse_article_url(url)
    if ref is not None:
        canonical = disway_urls.canonical_article_url(url, "pagaralampos.disway.id")
        again = disway_urls.parse_article_url(canonical)
        assert again is not None and again.id == ref.id
        assert disway_urls.canonical_article_url(canonical, "pagaralampos.disway.id") == canonical
    assert isinstance(disway_urls.listing_offset(url), int)
    assert wordpress_urls.post_id(url) is None or wordpress_urls.post_id(url).isdigit()
    assert isinstance(wordpress_urls.is_article_url(url), bool)
    assert isinstance(wordpress_urls.article_key(url, "metro24.co.id"), str)
    assert isinstance(wordpress_urls.listing_page(url), int)


# --- pages --------------------------------------------------------------------------------------------
def read_everything(html: str) -> None:
    sel = Selector(text=html)
    page = disway_page.read_page(sel, source_name="Pagaralam Pos")
    assert isinstance(page.title, str) and isinstance(page.body.text, str)
    assert all(isinstance(t, str) for t in page.tags)
    wp = wordpress_page.read_page(sel, source_name="Metro24", url="https://metro24.co.id/1-2")
    assert isinstance(wp.title, str) and isinstance(wp.body.text, str)
    assert walls.wall_kind(sel) in (None, "login_wall", "consent_wall")
    container = densest_container(sel)
    if container is not None:
        assert isinstance(extract_body(container).text, str)
    assert isinstance(disway_page.pagination_hrefs(sel), list)


@PROPERTY
@given(html_page())
def test_page_readers_never_raise(html: str) -> None:
    read_everything(html)


@settings(max_examples=20, deadline=timedelta(seconds=10))
@given(html_page())
def test_fallback_extractor_never_raises(html: str) -> None:
    page = fallback.extract_fallback(html, url="https://metro24.co.id/1-2")
    assert isinstance(page.body.text, str) and isinstance(page.title, str)


@PROPERTY
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "cp1252", "latin-1", "x-bogus"]))
def test_charset_guess_never_raises(body: bytes, declared: str | None) -> None:
    assert charset.corrected_encoding(body, declared) in (None, "utf-8", "cp1252") or isinstance(
        charset.corrected_encoding(body, declared), str
    )


@PROPERTY
@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), any_text),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "link",
                        "title",
                        "content",
                        "date_gmt",
                        "modified_gmt",
                        "rendered",
                        "_embedded",
                        "author",
                        "wp:term",
                        "excerpt",
                        "name",
                        "protected",
                    ]
                ),
                inner,
                max_size=6,
            ),
        ),
        max_leaves=30,
    )
)
def test_rest_posts_are_read_or_refused_clearly(data: Any) -> None:
    try:
        posts = wordpress_rest.read_posts(json.dumps(data))
    except wordpress_rest.RestError:
        return
    for post in posts:
        try:
            fields = wordpress_rest.read_post(post)
        except wordpress_rest.RestError:
            continue
        assert isinstance(fields.title, str) and isinstance(fields.body.text, str)


@PROPERTY
@given(any_text)
def test_fingerprints_never_raise(body: str) -> None:
    normalized = fingerprint.normalize_body(body)
    assert len(fingerprint.content_hash(normalized)) >= 16
    assert fingerprint.signature(normalized) is not None


# --- worst cases ------------------------------------------------------------------------------------
HUGE = 1 << 19  # half a megabyte: a quadratic step takes minutes, a linear one a second
ADVERSARIAL = {
    "spaces": " " * HUGE,
    "one word": "a" * HUGE,
    "open parentheses": "Rabu (" * (HUGE // 6),
    "dates without end": "(27/12/" * (HUGE // 7),
    "digits": "1" * HUGE,
    "baca juga": "BACA JUGA:" * (HUGE // 10),
    "titles": "Dr. H. " * (HUGE // 7),
    "office words": "Pj Sekda Kota " * (HUGE // 14),
    "dashes": "- – — " * (HUGE // 6),
    "no break spaces": "\u00a0\u200b" * (HUGE // 2),
    "capitals": "ASN PNS PPPK KASN " * (HUGE // 18),
    "newlines": "x\n" * (HUGE // 2),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_huge_inputs_finish(name: str) -> None:
    value = ADVERSARIAL[name]
    dates.parse_datetime(value[:2000], now=NOW, fallback=False)
    list(dates.body_dates(value))
    dates.event_date(value, NOW.date())
    text.clean_body(value)
    authors.normalize_authors([value[:5000]], value[:5000])
    found = regions.find_regions(value[:300], value)
    people.find_people(value, found)
    relevance.score(value[:300], value)
    listing_dates.listing_day(value)
    urls.strip_tracking("https://pagaralampos.disway.id/" + value[:5000])
    disway_urls.parse_article_url("https://pagaralampos.disway.id/read/1/" + value[:5000])
    fingerprint.normalize_body(value)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_is_read(depth: int) -> None:
    paragraph = "<p>Sekda mengingatkan seluruh ASN agar menjaga netralitas selama Pilkada.</p>"
    html = (
        "<html><body>"
        + '<div class="post text-black-1">' * depth
        + paragraph * 5
        + "</div>" * depth
        + "</body></html>"
    )
    read_everything(html)
    fallback.extract_fallback(html)
    for name in ARTICLE_URLS:
        assert all(
            r == "item" or r.startswith("dropped: ") for r in outcome(spider_for(name), html)
        )


@pytest.mark.timeout(60)
def test_a_quarter_megabyte_page_of_markup_is_read() -> None:
    html = "<html><body>" + "<div><span>ASN netral</span></div>" * (HUGE // 68) + "</body></html>"
    read_everything(html)


def test_an_encoded_separator_stays_in_its_value() -> None:
    url = "https://pagaralampos.disway.id/search/kata/?c=asn%26pns&utm_source=wa"
    assert urls.strip_tracking(url) == "https://pagaralampos.disway.id/search/kata/?c=asn%26pns"


# --- whole pages through the spiders and the pipelines ------------------------------------------
ARTICLE_URLS = {
    "pagaralampos": "https://pagaralampos.disway.id/politik/read/900601/halaman-uji",
    "metro24": "https://metro24.co.id/halaman-uji-acak",
}
EMPTY_PAGES = [
    "",
    "<html></html>",
    "<html><head><title></title></head><body></body></html>",
    "<html><body><script>var a = 1;</script><nav><a href='/'>Beranda</a></nav></body></html>",
    "<html><body><div class='post text-black-1'></div><div class='entry-content'></div></body>",
    "<p>x</p>",
    "\x00\x01\x02",
]


def spider_for(name: str) -> Any:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    from tests.support import make_spider

    spidercls = SpiderLoader.from_settings(get_project_settings()).load(name)
    return make_spider(spidercls)


def outcome(spider: Any, html: str) -> list[str]:
    """What each item of a page became: ``"item"`` or ``"dropped: <reason>"``; asserts that
    extraction itself raised nothing (the spider counts ``errors/extract`` when it does)."""
    from scrapy.exceptions import DropItem
    from scrapy.http import HtmlResponse, Request

    from asnscraper.items import Article
    from tests.support import run_callback, run_pipelines

    url = ARTICLE_URLS[spider.name]
    response = HtmlResponse(
        url, body=html.encode("utf-8", "surrogatepass"), encoding="utf-8", request=Request(url)
    )
    results = []
    for out in run_callback(spider.parse_article, response):
        if not isinstance(out, Article):
            continue
        try:
            run_pipelines(spider, out)
            results.append("item")
        except DropItem as exc:
            assert str(exc).strip(), "a drop names its reason"
            results.append(f"dropped: {exc}")
    stats = spider.crawler.stats.get_stats()
    assert not [k for k in stats if k.endswith("/errors/extract")], stats
    return results


@pytest.mark.parametrize("name", list(ARTICLE_URLS))
@pytest.mark.parametrize("html", EMPTY_PAGES)
def test_a_page_missing_every_element_is_dropped_with_a_reason(name: str, html: str) -> None:
    results = outcome(spider_for(name), html)
    assert results and all(r.startswith("dropped: ") for r in results), results


@settings(max_examples=25, deadline=timedelta(seconds=10))
@given(st.sampled_from(list(ARTICLE_URLS)), html_page())
def test_any_page_becomes_an_item_or_a_drop_with_a_reason(name: str, html: str) -> None:
    for result in outcome(spider_for(name), html):
        assert result == "item" or result.startswith("dropped: ")
