"""The WordPress platform spider on the Metro24 (metro24) fixtures: URL variants, REST paging and
its fallback to HTML search, feed, sitemaps, category/tag listings, since/until/max_pages, one
request per article, raw fields on the tagDiv, JNews and AMP themes, multi-page posts, the
trafilatura fallback, and malformed input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from twisted.python.failure import Failure

from asnscraper.items import Article
from asnscraper.mirror import Mirror, load_site
from asnscraper.parsing.body import collapse
from asnscraper.parsing.wordpress_rest import read_post
from asnscraper.parsing.wordpress_urls import (
    article_key,
    base_url,
    fetch_url,
    is_amp,
    is_article_url,
    listing_base,
    listing_page,
    post_id,
    rest_search_url,
    search_url,
    split_page,
)
from asnscraper.spiders.metro24 import Metro24Spider
from asnscraper.spiders.platforms.wordpress import WordPressSpider
from tests.support import crawl_offline, fixture_response, make_spider, run_callback

ROOT = Path(__file__).resolve().parent.parent
SPIDER = "metro24"
H = "https://metro24.co.id"
SEED = f"{H}/9738-2"
TELUSURI = f"{H}/bawaslu-kuansing-telusuri-dugaan-asn-kecamatan-hadiri-kampanye-paslon"
DISDIK = f"{H}/disdik-kuansing-ingatkan-guru-asn-tak-unggah-dukungan-paslon"
INSPEKTORAT = f"{H}/inspektorat-kuansing-periksa-asn-yang-berswafoto-dengan-paslon"
SHORTLINK = f"{H}/?p=10412"
CAMAT = f"{H}/camat-se-kuansing-teken-pakta-integritas-netralitas"
CAMAT_AMP = CAMAT + "/amp"
MULTI = f"{H}/bawaslu-kuansing-perketat-pengawasan-netralitas-asn-jelang-masa-tenang"
BUPATI = f"{H}/bupati-kuansing-minta-asn-tak-terlibat-tim-sukses"
RAKORNAS = f"{H}/bawaslu-kuansing-ikuti-rakornas-kasn-bawaslu-ri-pengawasan-netralitas-asn"
BKPSDM = f"{H}/bkpsdm-terbitkan-surat-edaran-larangan-asn-ikut-kampanye"
DEBAT = f"{H}/kpu-kuansing-gelar-debat-kedua-paslon-bupati-dan-wakil-bupati"
ALL_CANONICAL = {
    SEED,
    TELUSURI,
    DISDIK,
    INSPEKTORAT,
    CAMAT,
    MULTI,
    BUPATI,
    RAKORNAS,
    BKPSDM,
    DEBAT,
}
REST_1 = f"{H}/wp-json/wp/v2/posts?search=netralitas+asn&per_page=5&page=1&_embed=1"
REST_2 = REST_1.replace("page=1", "page=2")
REST_403 = REST_1.replace("netralitas+asn", "asn+netral")
SEARCH_1 = f"{H}/?s=asn+netral"
SEARCH_2 = f"{H}/page/2/?s=asn+netral"
JUNK = (
    "Baca Juga",
    "Tinggalkan Balasan",
    "Alamat email Anda",
    "Ruas yang wajib",
    "Kirim Komentar",
    "ARTIKEL TERKAIT",
    "Berita Terkait",
    "Advertisement",
    "adsbygoogle",
    "Facebook",
    "Bagikan di",
    "BAGIKAN",
    "TAGS",
    "Artikel sebelumnya",
)


def spider(**kwargs: Any) -> Metro24Spider:
    return make_spider(Metro24Spider, **kwargs)  # type: ignore[return-value]


def requests_to(out: list[Any], callback: str) -> list[str]:
    return [r.url for r in out if isinstance(r, Request) and r.callback.__name__ == callback]


def items_of(out: list[Any]) -> list[Article]:
    return [o for o in out if isinstance(o, Article)]


def stat(sp: WordPressSpider, what: str) -> int:
    return sp.crawler.stats.get_value(f"asnscraper/wordpress/{what}", 0)


def listing(sp: WordPressSpider, name: str, page: int = 1) -> list[Any]:
    return run_callback(sp.parse_listing, fixture_response(SPIDER, name), entry=name, page=page)


def rest(sp: WordPressSpider, name: str, query: str = "netralitas asn", page: int = 1) -> list[Any]:
    return run_callback(sp.parse_rest, fixture_response(SPIDER, name), query=query, page=page)


def article(name: str, **kwargs: Any) -> Article:
    sp = spider(**kwargs)
    page = load_site(SPIDER)[name]
    items, _ = crawl_offline(
        sp,
        [Request(page.url, callback=sp.parse_article)],
        follow=lambda r: r.callback.__name__ == "parse_article",
    )
    assert len(items) == 1, f"{name}: {len(items)} items"
    return items[0]


def html(url: str, body: str | bytes, status: int = 200) -> HtmlResponse:
    data = body.encode() if isinstance(body, str) else body
    return HtmlResponse(url=url, body=data, encoding="utf-8", status=status)


# --- URL shapes (pure) -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "key"),
    [
        (SEED, SEED),
        ("https://www.metro24.co.id/9738-2/?utm_source=wa&utm_medium=share#respond", SEED),
        (SEED + "/amp", SEED),
        (SEED + "/?amp=1", SEED),
        (MULTI + "/3", MULTI),
        ("http://www.metro24.co.id/2024/09/23/slug/2/", f"{H}/2024/09/23/slug"),
        (SHORTLINK + "&utm_campaign=x", SHORTLINK),
    ],
)
def test_article_key_collapses_variants(url: str, key: str) -> None:
    assert article_key(url, "metro24.co.id") == key


def test_dedup_and_state_key_the_spider_gives_collapses_the_same_variants() -> None:
    metro24 = spider()
    keys = {
        metro24.article_key(u) for u in (SEED, SEED + "/amp", "http://www.metro24.co.id/9738-2/")
    }
    assert keys == {"metro24.co.id/9738-2"}
    assert metro24.article_key(MULTI + "/3") == metro24.article_key(MULTI)


def test_base_fetch_and_page_helpers() -> None:
    host = "metro24.co.id"
    assert fetch_url("https://www.metro24.co.id/9738-2?utm_source=rss&amp=1", host) == SEED
    assert fetch_url(CAMAT_AMP, host) == CAMAT_AMP  # the AMP page names its canonical itself
    assert base_url(CAMAT_AMP, host) == CAMAT
    assert base_url(f"{H}/slug/amp/", host) == f"{H}/slug/"
    assert split_page(MULTI + "/2") == (MULTI, 2)
    assert split_page(SEED) == (SEED, 1)  # "-2" is WordPress's slug suffix, not a page
    assert split_page(f"{H}/2024/09/") == (f"{H}/2024/09/", 1)
    assert post_id(SHORTLINK) == "10412" and post_id(SEED) is None
    assert is_amp(CAMAT_AMP) and is_amp(SEED + "?amp") and not is_amp(SEED)


@pytest.mark.parametrize(
    "url",
    [
        f"{H}/",
        f"{H}/category/news/",
        f"{H}/category/news/page/2/",
        f"{H}/tag/netralitas-asn/",
        f"{H}/author/redaksi/",
        f"{H}/page/2/?s=asn",
        f"{H}/?s=asn",
        f"{H}/2024/09/",
        f"{H}/feed/",
        f"{H}/9738-2/feed",
        f"{H}/wp-content/uploads/2024/09/a.jpg",
        f"{H}/wp-json/wp/v2/posts",
        f"{H}/post-sitemap.xml",
        "mailto:redaksi@metro24.co.id",
        "not a url",
    ],
)
def test_non_article_urls(url: str) -> None:
    assert not is_article_url(url)


def test_listing_and_search_urls() -> None:
    assert search_url("metro24.co.id", "asn netral") == SEARCH_1
    assert search_url("metro24.co.id", "asn netral", 2) == SEARCH_2
    assert rest_search_url("metro24.co.id", "netralitas asn", 1, 5) == REST_1
    assert listing_page(SEARCH_2) == 2 and listing_page(SEARCH_1) == 1
    assert listing_page(f"{H}/category/news/?paged=4") == 4
    assert listing_base(SEARCH_2) == listing_base(SEARCH_1)
    assert listing_base(f"{H}/category/news/page/2/") == f"{H}/category/news/"


# --- discovery ------------------------------------------------------------------------------
def test_discovery_requests() -> None:
    sp = spider(query="netralitas asn, asn netral")
    reqs = list(sp.discovery_requests())
    assert [r.url for r in reqs] == [
        REST_1,
        REST_403,
        f"{H}/feed/",
        f"{H}/sitemap_index.xml",
        f"{H}/category/news/",
        f"{H}/category/kuansing/",
        f"{H}/tag/netralitas-asn/",
    ]
    assert [r.callback.__name__ for r in reqs[:4]] == [
        "parse_rest",
        "parse_rest",
        "parse_feed",
        "parse_sitemap",
    ]
    assert 403 in reqs[0].meta["handle_httpstatus_list"] and reqs[0].errback is not None


def test_discovery_through_a_mirror_keeps_paths_and_dates_narrow_rest() -> None:
    sp = spider(query="asn", base_url="http://127.0.0.1:8123", since="2024-10-01")
    urls = [r.url for r in sp.discovery_requests()]
    assert all(u.startswith("http://127.0.0.1:8123/") for u in urls)
    assert "after=2024-10-01T00%3A00%3A00" in urls[0]


def test_metro24_never_follows_the_medan_namesake() -> None:
    sp = spider()
    assert not sp.is_own_url("https://metro24.com/9738-2")
    assert sp.article_request("https://www.metro24news.com/sekda-asn-netral") is None
    assert sp.article_request("https://www.metro24.co.id/9738-2") is not None


# --- REST -----------------------------------------------------------------------------------
def test_rest_pages_become_items_and_follow_total_pages() -> None:
    sp = spider()
    first = rest(sp, "rest-netralitas-asn-1.json")
    items = items_of(first)
    assert [i.canonical_url for i in items] == [BKPSDM, RAKORNAS, BUPATI, MULTI, CAMAT]
    assert {i.parser for i in items} == {"wordpress-rest"}
    assert requests_to(first, "parse_rest") == [REST_2]
    assert requests_to(first, "parse_article") == []
    last = rest(sp, "rest-netralitas-asn-2.json", page=2)
    assert [i.canonical_url for i in items_of(last)] == [INSPEKTORAT, DISDIK, TELUSURI, SEED]
    assert requests_to(last, "parse_rest") == []
    assert stat(sp, "rest/items") == 9


def test_rest_item_raw_fields() -> None:
    (multi,) = [
        i
        for i in items_of(rest(spider(), "rest-netralitas-asn-1.json"))
        if i.canonical_url == MULTI
    ]
    assert multi.title == "Bawaslu Kuansing Perketat Pengawasan Netralitas ASN Jelang Masa Tenang"
    assert multi.published_at_raw == "2024-10-24T08:40:00+00:00"  # date_gmt marked as UTC
    assert multi.modified_at == "2024-10-24T09:17:00+00:00"
    assert multi.authors == ["Rahmat Hidayat"]
    assert multi.section == "News" and multi.tags == [
        "netralitas asn",
        "bawaslu kuansing",
        "patroli siber",
    ]
    assert multi.images[0]["caption"].endswith("Foto: Metro24")
    assert multi.related == [
        {
            "title": "Inspektorat Kuansing Periksa ASN yang Berswafoto dengan Paslon",
            "url": SHORTLINK,
        }
    ]
    assert multi.url == MULTI
    html_item = article("bawaslu-perketat-pengawasan.html")
    assert multi.body == html_item.body  # all three pages, through the same body walker


def test_rest_post_with_yoast_head_and_protected_content() -> None:
    post = {
        "id": 77,
        "link": f"{H}/rahasia",
        "date_gmt": "2024-10-01T01:00:00",
        "title": {"rendered": "Judul &#8211; Terkunci"},
        "content": {"rendered": "", "protected": True},
        "yoast_head_json": {
            "og_description": "Ringkasan Yoast",
            "og_image": [{"url": f"{H}/a.jpg"}],
        },
    }
    fields = read_post(post)
    assert fields.needs_html and fields.title == "Judul – Terkunci"
    assert fields.description == "Ringkasan Yoast" and fields.images[0]["url"] == f"{H}/a.jpg"
    sp = spider()
    body = json.dumps([post]).encode()
    response = TextResponse(url=REST_1, body=body, headers={"X-WP-TotalPages": "1"})
    out = run_callback(sp.parse_rest, response, query="netralitas asn", page=1)
    assert items_of(out) == [] and requests_to(out, "parse_article") == [f"{H}/rahasia"]
    assert out[0].cb_kwargs == {"discovered": "2024-10-01T01:00:00+00:00"}
    assert stat(sp, "rest/needs_html") == 1


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (401, b'{"code":"rest_not_logged_in"}', "http_401"),
        (403, None, "http_403"),
        (404, b"<html>not found</html>", "http_404"),
        (200, b"<html><body>Checking your browser</body></html>", "not_json"),
        (200, b'{"code":"rest_no_route","message":"x"}', "not_json"),
    ],
)
def test_rest_falls_back_to_html_search(status: int, body: bytes | None, reason: str) -> None:
    sp = spider()
    if body is None:
        response = fixture_response(SPIDER, "rest-asn-netral-403.json")
    else:
        response = TextResponse(url=REST_403, body=body, status=status)
    out = run_callback(sp.parse_rest, response, query="asn netral", page=1)
    assert requests_to(out, "parse_listing") == [SEARCH_1]
    assert stat(sp, f"rest/fallback/{reason}") == 1


def test_rest_network_failure_falls_back_to_html_search() -> None:
    sp = spider(query="asn netral")
    (request,) = list(sp.discovery_requests())[:1]
    failure = Failure(OSError("connection refused"))
    failure.request = request  # type: ignore[attr-defined]
    assert requests_to(list(request.errback(failure)), "parse_listing") == [SEARCH_1]


# --- HTML listings --------------------------------------------------------------------------
def test_search_pages_and_next_page() -> None:
    sp = spider()
    first = listing(sp, "search-asn-netral.html")
    arts = requests_to(first, "parse_article")
    assert arts[:7] == [BKPSDM, RAKORNAS, BUPATI, MULTI, DISDIK, TELUSURI, SEED]
    assert len(arts) == 10
    assert requests_to(first, "parse_listing") == [SEARCH_2]
    last = listing(sp, "search-asn-netral-2.html", page=2)
    assert len(requests_to(last, "parse_article")) == 2
    assert requests_to(last, "parse_listing") == []


def test_listing_dates_travel_with_the_request() -> None:
    out = listing(spider(), "search-asn-netral.html")
    assert out[0].cb_kwargs == {"discovered": "12 November 2024"}


def test_category_pages_and_their_next_pages() -> None:
    sp = spider()
    first = listing(sp, "category-news.html")
    arts = requests_to(first, "parse_article")
    assert len(arts) == 10 and DEBAT in arts and MULTI in arts
    assert requests_to(first, "parse_listing") == [f"{H}/category/news/page/2/"]
    second = listing(sp, "category-news-2.html", page=2)
    arts = requests_to(second, "parse_article")
    assert arts[0] == SHORTLINK and TELUSURI in arts and SEED in arts
    assert requests_to(second, "parse_listing") == [f"{H}/category/news/page/3/"]


def test_tag_page_on_the_tagdiv_theme() -> None:
    out = listing(spider(), "tag-netralitas-asn.html")
    arts = requests_to(out, "parse_article")
    assert arts[:4] == [CAMAT_AMP, DISDIK, TELUSURI, SEED]
    assert len(arts) == 7
    assert out[0].cb_kwargs == {"discovered": "2024-10-18T10:05:00+07:00"}
    assert requests_to(out, "parse_listing") == [f"{H}/tag/netralitas-asn/page/2/"]


def test_sidebar_header_and_related_links_are_never_followed() -> None:
    sp = spider()
    chrome = {
        f"{H}/pemkab-kuansing-salurkan-bantuan-bibit-karet-untuk-petani",  # JNews sidebar, ticker
        f"{H}/polres-kuansing-gelar-simulasi-pengamanan-tps",  # tagDiv sidebar and mega menu
    }
    assert not chrome & set(
        requests_to(listing(sp, "search-asn-netral-2.html", 2), "parse_article")
    )
    assert not chrome & set(requests_to(listing(sp, "tag-netralitas-asn.html"), "parse_article"))


def test_unknown_theme_listing_falls_back_to_main_column_links() -> None:
    page = f"""<html><body><header class="site-header"><a href="{H}/menu-berita">menu</a></header>
    <main id="main"><div class="kotak"><a href="{H}/berita-satu">Satu</a></div>
    <div class="kotak"><a href="https://www.metro24.co.id/berita-dua?utm_source=x">Dua</a></div>
    <a href="{H}/category/news/">News</a><a href="https://metro24.com/luar">luar</a></main>
    <aside><a href="{H}/samping">samping</a></aside></body></html>"""
    sp = spider()
    out = run_callback(sp.parse_listing, html(f"{H}/category/news/", page))
    assert requests_to(out, "parse_article") == [f"{H}/berita-satu", f"{H}/berita-dua"]
    assert stat(sp, "listing/fallback_links") == 1


# --- feed and sitemaps ------------------------------------------------------------------------
def test_feed_items_drop_utm_and_note_post_ids() -> None:
    sp = spider()
    out = run_callback(sp.parse_feed, fixture_response(SPIDER, "feed.xml"))
    arts = requests_to(out, "parse_article")
    assert len(arts) == 10 and DEBAT in arts and BKPSDM in arts
    assert all("utm_" not in u for u in arts)
    assert out[3].cb_kwargs == {"discovered": "Fri, 15 Nov 2024 16:10:00 +0000"}
    assert sp.article_request(f"{H}/?p=11104") is None  # DEBAT's guid: the same article


def test_sitemap_index_leads_to_post_sitemaps_newest_first() -> None:
    sp = spider()
    out = run_callback(sp.parse_sitemap, fixture_response(SPIDER, "sitemap_index.xml"))
    (request,) = out
    assert request.url == f"{H}/post-sitemap2.xml"
    assert request.cb_kwargs["queue"] == [f"{H}/post-sitemap.xml"]
    # post-sitemap2.xml is not saved: its 404 moves on to the queued sub-sitemap.
    missing = XmlResponse(url=request.url, body=b"not found", status=404, request=request)
    (nxt,) = run_callback(sp.parse_sitemap, missing, **request.cb_kwargs)
    assert nxt.url == f"{H}/post-sitemap.xml"
    arts = requests_to(
        run_callback(sp.parse_sitemap, fixture_response(SPIDER, "post-sitemap.xml")),
        "parse_article",
    )
    assert arts[:3] == [DISDIK, f"{H}/polres-kuansing-gelar-simulasi-pengamanan-tps", TELUSURI]
    assert SEED in arts and len(arts) == 10


def test_sitemap_index_missing_tries_the_core_sitemap() -> None:
    sp = spider()
    (request,) = [r for r in sp.discovery_requests() if r.callback.__name__ == "parse_sitemap"]
    response = HtmlResponse(url=request.url, body=b"<html>404</html>", status=404, request=request)
    (nxt,) = run_callback(sp.parse_sitemap, response, **request.cb_kwargs)
    assert nxt.url == f"{H}/wp-sitemap.xml"
    core = f"""<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>{H}/wp-sitemap-posts-post-1.xml</loc></sitemap><sitemap><loc>{H}/wp-sitemap-posts-page-1.xml</loc></sitemap>
    <sitemap><loc>{H}/wp-sitemap-taxonomies-category-1.xml</loc></sitemap></sitemapindex>"""
    (sub,) = run_callback(sp.parse_sitemap, XmlResponse(url=nxt.url, body=core.encode()))
    assert sub.url == f"{H}/wp-sitemap-posts-post-1.xml"


def test_sitemap_with_entities_and_garbage_is_not_fatal() -> None:
    sp = spider()
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://metro24.co.id/&b;</loc></url></urlset>"""
    out = run_callback(sp.parse_sitemap, XmlResponse(url=f"{H}/post-sitemap.xml", body=bomb))
    assert all("aaaaaaaaaa" not in r.url for r in out)
    assert run_callback(sp.parse_sitemap, XmlResponse(url=f"{H}/x.xml", body=b"\x00\xff<<")) == []
    assert stat(sp, "sitemap/unreadable") == 1


# --- since, until, max_pages, all_known ----------------------------------------------------
def test_max_pages_stops_every_paginated_route() -> None:
    sp = spider(max_pages=1)
    assert requests_to(listing(sp, "category-news.html"), "parse_listing") == []
    assert requests_to(rest(sp, "rest-netralitas-asn-1.json"), "parse_rest") == []
    assert stat(sp, "listing/stopped_at_max_pages") == 2


def test_since_stops_when_a_whole_page_is_older() -> None:
    sp = spider(since="2024-11-01")
    first = listing(sp, "category-news.html")
    assert requests_to(first, "parse_listing") == [f"{H}/category/news/page/2/"]
    assert DEBAT in requests_to(first, "parse_article") and MULTI not in requests_to(
        first, "parse_article"
    )
    assert listing(sp, "category-news-2.html", page=2) == []
    assert stat(sp, "listing/stopped_at_since") == 1
    fresh = spider(since="2024-11-01")
    out = rest(fresh, "rest-netralitas-asn-1.json")
    assert [i.canonical_url for i in items_of(out)] == [BKPSDM, RAKORNAS]
    (nxt,) = requests_to(out, "parse_rest")
    assert "after=2024-11-01T00%3A00%3A00" in nxt and "page=2" in nxt
    assert items_of(rest(fresh, "rest-netralitas-asn-2.json", page=2)) == []
    assert stat(fresh, "articles/out_of_range") == 7


def test_until_skips_newer_entries() -> None:
    sp = spider(until="2024-10-31")
    arts = requests_to(
        run_callback(sp.parse_feed, fixture_response(SPIDER, "feed.xml")), "parse_article"
    )
    assert arts == [BUPATI, f"{H}/festival-pacu-jalur-mini-meriahkan-hari-jadi-desa", MULTI]


def test_known_articles_stop_pagination() -> None:
    sp = spider()
    sp.known_article = lambda url: True
    out = listing(sp, "category-news.html")
    assert requests_to(out, "parse_listing") == []
    assert stat(sp, "listing/stopped_at_known") == 1


# --- one request per article ------------------------------------------------------------------
def test_one_request_per_article_across_routes_and_variants() -> None:
    sp = spider()
    out = rest(sp, "rest-netralitas-asn-1.json") + rest(sp, "rest-netralitas-asn-2.json", page=2)
    for name in (
        "search-asn-netral.html",
        "category-news.html",
        "category-news-2.html",
        "tag-netralitas-asn.html",
    ):
        out += listing(sp, name)
    out += run_callback(sp.parse_feed, fixture_response(SPIDER, "feed.xml"))
    out += run_callback(sp.parse_sitemap, fixture_response(SPIDER, "post-sitemap.xml"))
    keys = [article_key(u, "metro24.co.id") for u in requests_to(out, "parse_article")]
    keys += [article_key(i.canonical_url, "metro24.co.id") for i in items_of(out)]
    assert len(keys) == len(set(keys))
    assert not {SHORTLINK, CAMAT, CAMAT_AMP} & set(requests_to(out, "parse_article"))
    assert stat(sp, "articles/duplicate_links") > 20
    for variant in (
        SEED + "/amp",
        SEED + "?amp=1",
        "https://www.metro24.co.id/9738-2?utm_source=x",
    ):
        assert sp.article_request(variant) is None


def test_an_article_fetched_through_an_unknown_variant_is_yielded_once() -> None:
    sp = spider()
    first = run_callback(
        sp.parse_article, fixture_response(SPIDER, "inspektorat-periksa-asn-swafoto.html")
    )
    again = run_callback(
        sp.parse_article,
        html(INSPEKTORAT, fixture_response(SPIDER, "inspektorat-periksa-asn-swafoto.html").body),
    )
    assert len(items_of(first)) == 1 and again == []
    assert sp.article_request(INSPEKTORAT) is None  # learnt from rel=canonical
    assert stat(sp, "articles/duplicate_pages") == 1


# --- articles ---------------------------------------------------------------------------------
CASES = {
    "sekda-kuansing-asn-netral.html": dict(
        theme="tagdiv",
        title="Sekda Kuansing Dr. Fahdiansyah Ingatkan ASN Harus Netral",
        published_at_raw="",
        modified_at=None,
        authors=[],
        section="News",
        tags=["netralitas asn", "pilkada kuansing"],
        captions=[None],
        related=2,
        starts="Metro24, Kuantan Singingi – Apel Deklarasi Netralitas ASN",
        ends="harus hati hati menggunakan media sosial,” tutupnya.",
        paragraphs=9,
    ),
    "bawaslu-telusuri-asn-kecamatan.html": dict(
        theme="tagdiv",
        title="Bawaslu Kuansing Telusuri Dugaan ASN Kecamatan Hadiri Kampanye Paslon",
        published_at_raw="2024-10-02T07:20:00+00:00",
        modified_at="2024-10-02T07:57:00+00:00",
        authors=["Rahmat Hidayat"],
        section="News",
        tags=["netralitas asn", "bawaslu kuansing", "kampanye"],
        captions=["(Foto: Istimewa)"],
        related=2,
        starts="Metro24, Kuantan Singingi – Badan Pengawas Pemilihan Umum (Bawaslu)",
        ends="dalam tenggat yang diatur undang-undang.",
        paragraphs=7,
    ),
    "disdik-guru-asn-media-sosial.html": dict(
        theme="tagdiv",
        title="Disdik Kuansing Ingatkan Guru ASN Tak Unggah Dukungan Paslon",
        published_at_raw="2024-10-08T02:05:00+00:00",
        modified_at="2024-10-08T02:42:00+00:00",
        authors=[],
        section="Pendidikan",
        tags=["netralitas asn", "guru", "dinas pendidikan"],
        captions=[None, "Foto: Metro24/Dok", None],
        related=0,
        starts="Metro24, Kuantan Singingi – Dinas Pendidikan Kabupaten Kuantan Singingi",
        ends="selama tahapan Pilkada Serentak 2024.",
        paragraphs=7,
    ),
    "inspektorat-periksa-asn-swafoto.html": dict(
        theme="tagdiv",
        title="Inspektorat Kuansing Periksa ASN yang Berswafoto dengan Paslon",
        published_at_raw="2024-10-14T04:30:00+00:00",
        modified_at="2024-10-14T05:07:00+00:00",
        authors=["Desi Ratnasari"],
        section="News",
        tags=["inspektorat", "asn", "media sosial"],
        captions=["Ilustrasi pegawai negeri sipil Pemkab Kuansing saat apel pagi."],
        related=1,
        starts="Metro24, Kuantan Singingi – Inspektorat Kabupaten Kuantan Singingi",
        ends="hingga hari pemungutan suara 27 November 2024.",
        paragraphs=8,
    ),
    "camat-pakta-integritas-amp.html": dict(
        theme="amp",
        title="Camat se-Kuansing Teken Pakta Integritas Netralitas",
        published_at_raw="2024-10-18T10:05:00+07:00",
        modified_at="2024-10-18T10:42:00+07:00",
        authors=["Andi Pratama"],
        section="Kuansing",
        tags=["camat", "netralitas asn", "pakta integritas"],
        captions=["(Foto: Istimewa)"],
        related=0,
        starts="Metro24, Kuantan Singingi – Sebanyak 15 camat",
        ends="agar dapat dipantau bersama Bawaslu.",
        paragraphs=8,
    ),
    "bawaslu-perketat-pengawasan.html": dict(
        theme="jnews",
        title="Bawaslu Kuansing Perketat Pengawasan Netralitas ASN Jelang Masa Tenang",
        published_at_raw="2024-10-24T15:40:00+07:00",
        modified_at="2024-10-24T16:17:00+07:00",
        authors=["Rahmat Hidayat"],
        section="News",
        tags=["netralitas asn", "bawaslu kuansing", "patroli siber"],
        captions=["Foto: Metro24"],
        related=1,
        starts="Metro24, Kuantan Singingi – Badan Pengawas Pemilihan Umum (Bawaslu)",
        ends="tanpa mobilisasi pegawai,” pungkasnya.",
        paragraphs=10,
    ),
    "bupati-asn-tim-sukses.html": dict(
        theme="jnews",
        title="Bupati Kuansing Minta ASN Tak Terlibat Tim Sukses",
        published_at_raw="2024-10-29T08:30:00+07:00",
        modified_at="2024-10-30T10:15:00+07:00",
        authors=["Rina Marlinda"],
        section="News",
        tags=["netralitas asn", "bupati kuansing", "tim sukses"],
        captions=[None],
        related=2,
        starts="Metro24, Kuantan Singingi – Bupati Kuantan Singingi Dr Suhardiman Amby",
        ends="sesuai mekanisme yang berlaku.",
        paragraphs=8,
    ),
    "rakornas-kasn-bawaslu.html": dict(
        theme="jnews",
        title="Bawaslu Kuansing Ikuti Rakornas KASN-Bawaslu RI Pengawasan Netralitas ASN",
        published_at_raw="2024-11-05T20:15:00+07:00",
        modified_at="2024-11-05T20:52:00+07:00",
        authors=["Andi Pratama"],
        section="News",
        tags=["netralitas asn", "bawaslu kuansing", "kasn"],
        captions=[None],
        related=0,
        starts="Metro24, Kuantan Singingi – Badan Pengawas Pemilihan Umum (Bawaslu)",
        ends="tidak berhenti pada laporan saja,” kata Siti.",
        paragraphs=8,
    ),
    "bkpsdm-surat-edaran.html": dict(
        theme="jnews",
        title="BKPSDM Terbitkan Surat Edaran Larangan ASN Ikut Kampanye",
        published_at_raw="2024-11-12T11:00:00+07:00",
        modified_at="2024-11-12T11:37:00+07:00",
        authors=["Redaksi"],
        section="News",
        tags=["netralitas asn", "bkpsdm", "surat edaran"],
        captions=[
            "Surat edaran larangan ASN ikut kampanye dibagikan kepada perangkat daerah di Kuansing."
        ],
        related=2,
        starts="Metro24, Kuantan Singingi – Pemerintah Kabupaten Kuantan Singingi meneruskan",
        ends="hingga seluruh tahapan Pilkada selesai.",
        paragraphs=8,
    ),
    "debat-kedua-paslon-bupati.html": dict(
        theme="jnews",
        title="KPU Kuansing Gelar Debat Kedua Paslon Bupati dan Wakil Bupati",
        published_at_raw="2024-11-15T23:10:00+07:00",
        modified_at="2024-11-15T23:47:00+07:00",
        authors=["Desi Ratnasari"],
        section="Politik",
        tags=["pilkada kuansing", "kpu kuansing", "debat publik"],
        captions=["(Foto: Istimewa)"],
        related=1,
        starts="Metro24, Kuantan Singingi – Komisi Pemilihan Umum (KPU) Kabupaten Kuantan Singingi",
        ends="pada 27 November 2024.",
        paragraphs=8,
    ),
}


def test_every_article_fixture_has_a_case() -> None:
    site = load_site(SPIDER)
    assert sorted(n for n, p in site.items() if p.kind == "article") == sorted(CASES)
    assert {c["theme"] for c in CASES.values()} == {"tagdiv", "jnews", "amp"}
    for name, case in CASES.items():
        text = (ROOT / "fixtures" / SPIDER / name).read_text(encoding="utf-8")
        marker = {"tagdiv": "td-post-content", "jnews": "jeg_post_title", "amp": "<html amp"}
        assert marker[case["theme"]] in text, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_raw_fields(name: str) -> None:
    want = CASES[name]
    item = article(name)
    assert item.title == want["title"]
    assert item.published_at_raw == want["published_at_raw"]
    assert item.modified_at == want["modified_at"]
    assert item.authors == want["authors"]
    assert item.section == want["section"]
    assert item.tags == want["tags"]
    assert item.images and all(i["url"].startswith(f"{H}/wp-content/uploads/") for i in item.images)
    captions = [i["caption"] for i in item.images]
    assert len(captions) == len(want["captions"])
    for got, end in zip(captions, want["captions"], strict=True):
        assert got == end if end is None else got.endswith(end), (name, got)
        assert got is None or got not in item.body
    assert all(i["credit"] is None for i in item.images)
    assert len(item.related) == want["related"]
    assert all(r["url"] and r["url"].startswith(f"{H}/") for r in item.related)
    assert all(r["title"] not in item.body for r in item.related)
    assert item.body.startswith(want["starts"])
    assert item.body.endswith(want["ends"])
    assert item.body.count("\n\n") + 1 == want["paragraphs"]
    for junk in JUNK:
        assert junk not in item.body, f"{name}: {junk!r} left in body"
    assert not item.body.startswith(("News", "Pendidikan", "Kuansing", "Politik"))
    assert item.parser == "wordpress"
    assert item.source == "metro24" and item.source_name == "Metro24"
    assert item.canonical_url in ALL_CANONICAL


def test_seed_body_is_the_seed_text_and_its_only_date_is_in_the_body() -> None:
    seed = Path("/work/shared/seeds/metro24_sekda-kuansing-asn-netral.txt").read_text(
        encoding="utf-8"
    )
    lines = [line for line in seed.splitlines() if line.strip()]
    story = lines[2 : lines.index("Tinggalkan Balasan")]
    item = article("sekda-kuansing-asn-netral.html")
    assert item.body.split("\n\n") == [
        collapse(s) for s in story if not s.startswith("Baca Juga :")
    ]
    assert [r["title"] for r in item.related] == [
        collapse(s.split(":", 1)[1]) for s in story if s.startswith("Baca Juga :")
    ]
    assert item.published_at_raw == "" and "Senin (23/9/2024)" in item.body
    assert item.url == SEED and item.canonical_url == SEED


def test_a_page_without_a_date_takes_the_best_discovery_date() -> None:
    sp = spider()
    page = fixture_response(SPIDER, "sekda-kuansing-asn-netral.html")
    (item,) = run_callback(sp.parse_article, page, discovered="23 September 2024")
    assert item.published_at_raw == "23 September 2024"
    sp = spider()
    sp.note_date(SEED, "2024-09-23T06:10:00+00:00", "sitemap")
    sp.note_date(SEED, "Mon, 23 Sep 2024 05:47:00 +0000", "feed")
    (item,) = run_callback(sp.parse_article, page, discovered="2024-09-23T06:10:00+00:00")
    assert item.published_at_raw == "Mon, 23 Sep 2024 05:47:00 +0000"  # sitemap lastmod last
    assert stat(sp, "dates/from_discovery") == 1


def test_stacked_baca_juga_boxes_become_related_links() -> None:
    item = article("bawaslu-telusuri-asn-kecamatan.html")
    assert [r["url"] for r in item.related] == [
        SEED,
        f"{H}/harga-tbs-sawit-di-kuansing-naik-rp120-per-kilogram-pekan-ini",
    ]
    paragraphs = item.body.split("\n\n")
    assert paragraphs[1].startswith("Ketua Bawaslu Kuansing, Hendra Saputra, mengatakan")
    assert paragraphs[2].startswith("“Kami sudah memanggil pelapor")


def test_json_ld_date_wins_over_the_visible_date() -> None:
    page = (ROOT / "fixtures" / SPIDER / "bupati-asn-tim-sukses.html").read_text(encoding="utf-8")
    assert '<div class="jeg_meta_date"><a href="' + BUPATI + '">30 Oktober 2024</a>' in page
    assert article("bupati-asn-tim-sukses.html").published_at_raw == "2024-10-29T08:30:00+07:00"


def test_multi_page_post_is_one_item_with_all_pages_in_order() -> None:
    sp = spider()
    page = load_site(SPIDER)["bawaslu-perketat-pengawasan.html"]
    items, seen = crawl_offline(
        sp,
        [Request(page.url, callback=sp.parse_article)],
        follow=lambda r: r.callback.__name__ == "parse_article",
    )
    assert [r.url for r in seen] == [MULTI + "/2", MULTI + "/3"]
    (item,) = items
    body = item.body
    assert (
        body.index("memperketat pengawasan")
        < body.index("tim patroli siber")
        < body.index("berperan aktif")
    )
    assert item.canonical_url == MULTI and stat(sp, "articles/extra_pages") == 2
    assert "Halaman:" not in body


def test_a_later_page_given_directly_starts_from_the_first_page() -> None:
    sp = spider()
    out = run_callback(
        sp.parse_article, fixture_response(SPIDER, "bawaslu-perketat-pengawasan-3.html")
    )
    assert requests_to(out, "parse_article") == [MULTI]


def test_missing_later_page_still_yields_the_earlier_pages() -> None:
    sp = spider()
    (request,) = run_callback(
        sp.parse_article, fixture_response(SPIDER, "bawaslu-perketat-pengawasan.html")
    )
    failure = Failure(OSError("connection lost"))
    failure.request = request  # type: ignore[attr-defined]
    (item,) = list(request.errback(failure))
    assert "memperketat pengawasan" in item.body and "patroli siber" not in item.body
    assert stat(sp, "articles/page_missing") == 1


def test_amp_page_maps_to_the_canonical_url() -> None:
    item = article("camat-pakta-integritas-amp.html")
    assert item.url == CAMAT_AMP and item.canonical_url == CAMAT


def test_shortlink_page_takes_its_rel_canonical() -> None:
    item = article("inspektorat-periksa-asn-swafoto.html")
    assert item.url == SHORTLINK and item.canonical_url == INSPEKTORAT


def test_press_release_paragraphs_are_kept_verbatim() -> None:
    release = (ROOT / "fixtures/_shared/press_release_bkpsdm.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in release.split("\n\n") if p.strip()]
    body = article("bkpsdm-surat-edaran.html").body.split("\n\n")
    assert body[1:] == paragraphs
    assert body[0].startswith("Metro24, Kuantan Singingi –")


def test_independent_report_text_is_the_shared_file() -> None:
    shared = (ROOT / "fixtures/_shared/independent_event_metro24.txt").read_text(encoding="utf-8")
    assert article("rakornas-kasn-bawaslu.html").body == shared.strip()
    assert "Selasa (5/11/2024)" in shared


def test_unknown_theme_falls_back_to_trafilatura() -> None:
    text = (
        "Kalimat berita tentang netralitas aparatur sipil negara di Kuansing yang cukup panjang. "
    )
    page = f"""<html><head><title>Judul Tema Asing - Metro24</title>
    <meta property="article:published_time" content="2024-10-03T09:00:00+07:00"></head><body>
    <nav><a href="/">Beranda</a></nav><div class="kolom-kiri"><h1>Judul Tema Asing</h1>
    <div class="isi"><p>{text * 2}</p><p><strong>Baca Juga :</strong> <a href="{H}/lain">Berita Lain Sekali</a></p>
    <p>{text}dua.</p></div><div class="isi"><p>{text}tiga.</p></div></div>
    <div id="respond"><h3>Tinggalkan Balasan</h3><p>Alamat email Anda tidak akan dipublikasikan.</p></div>
    <footer><p>Hak cipta Metro24</p></footer></body></html>"""
    sp = spider()
    (item,) = run_callback(sp.parse_article, html(f"{H}/tema-asing", page))
    assert item.parser == "fallback" and stat(sp, "fallback") == 1
    assert item.title == "Judul Tema Asing"
    assert item.published_at_raw == "2024-10-03T09:00:00+07:00"
    assert item.body.count("\n\n") == 2 and item.body.endswith("tiga.")
    assert item.related == [{"title": "Berita Lain Sekali", "url": f"{H}/lain"}]
    for junk in ("Tinggalkan", "Alamat email", "Hak cipta", "Beranda"):
        assert junk not in item.body


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><p>404 Halaman tidak ditemukan</p></body></html>",
        b"",
        b"\x00\xff<<<>>>not html at all",
        b'<html><body><div class="entry-content"></div><script type="application/ld+json">{bad</script></body></html>',
    ],
)
def test_page_without_article_markup_is_not_fatal(body: bytes) -> None:
    sp = spider()
    items = run_callback(sp.parse_article, html(f"{H}/rusak", body))
    assert len(items) <= 1
    for item in items:
        assert isinstance(item, Article) and item.canonical_url == f"{H}/rusak"
    assert stat(sp, "missing/title") + stat(sp, "missing/body") + stat(sp, "errors/extract") >= 1


def test_wrong_content_given_to_each_callback_is_not_fatal() -> None:
    sp = spider()
    listing_page = fixture_response(SPIDER, "category-news.html")
    (item,) = items_of(run_callback(sp.parse_article, listing_page))
    assert item.canonical_url == f"{H}/category/news/"  # validation drops it later
    rest_json = fixture_response(SPIDER, "rest-netralitas-asn-1.json")
    assert run_callback(sp.parse_listing, rest_json) == []
    assert run_callback(sp.parse_feed, listing_page) == []
    weird = TextResponse(url=REST_1, body=b'[1, "x", {"id": 3}, {"link": 5, "content": []}]')
    assert items_of(run_callback(sp.parse_rest, weird, query="q", page=1)) == []
    assert stat(sp, "listing/empty") == 1 and stat(sp, "feed/empty") == 1


def test_default_parse_routes_by_url_shape() -> None:
    for name, callback_output in (
        ("feed.xml", "parse_article"),
        ("sitemap_index.xml", "parse_sitemap"),
        ("rest-netralitas-asn-2.json", "items"),
        ("tag-netralitas-asn.html", "parse_article"),
    ):
        out = list(spider().parse(fixture_response(SPIDER, name)))
        found = items_of(out) if callback_output == "items" else requests_to(out, callback_output)
        assert found, name
    assert [
        type(i) for i in spider().parse(fixture_response(SPIDER, "rakornas-kasn-bawaslu.html"))
    ] == [Article]


# --- the whole site offline ---------------------------------------------------------------------
def test_offline_crawl_reaches_every_article_exactly_once() -> None:
    sp = spider()
    items, seen = crawl_offline(sp, list(sp.discovery_requests()))
    counts = Counter(i.canonical_url for i in items)
    assert set(counts) == ALL_CANONICAL
    assert all(n == 1 for n in counts.values())
    fetched = [
        article_key(r.url, "metro24.co.id")
        for r in seen
        if r.callback.__name__ == "parse_article" and not r.cb_kwargs.get("partial")
    ]
    assert len(fetched) == len(set(fetched))
    assert all("Baca Juga" not in i.body for i in items)


def test_scrapy_parse_reads_one_article_from_a_mirror() -> None:
    with Mirror.for_spider(SPIDER) as mirror:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "parse",
                "--spider",
                "metro24",
                "-c",
                "parse_article",
                "-a",
                f"base_url={mirror.base_url}",
                "--nolog",
                f"{mirror.base_url}/9738-2",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Sekda Kuansing Dr. Fahdiansyah Ingatkan ASN Harus Netral" in result.stdout
    assert "'canonical_url': 'https://metro24.co.id/9738-2'" in result.stdout
