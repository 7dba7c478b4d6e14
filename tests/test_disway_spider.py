"""The Disway platform spider on the Pagaralam Pos fixtures: discovery, pagination, dedup,
multi-page articles, AMP/brand-domain canonicalization and raw field extraction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from twisted.python.failure import Failure

from asnscraper.items import Article
from asnscraper.mirror import load_site
from asnscraper.parsing.disway_urls import (
    article_fetch_url,
    canonical_article_url,
    listing_offset,
    page_offset,
    parse_article_url,
    search_url,
)
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from asnscraper.spiders.platforms.disway import DiswaySpider, listing_day
from tests.support import crawl_offline, fixture_response, make_spider, run_callback

ROOT = Path(__file__).resolve().parent.parent
SPIDER = "pagaralampos"
H = "https://pagaralampos.disway.id"
SEED_URL = f"{H}/pagaralam/read/105871/jaga-netralitas-beri-contoh-positif-bagi-masyarakat"
MULTI_URL = f"{H}/politik/read/127385/bawaslu-pagar-alam-perketat-pengawasan-netralitas-asn-selama-masa-kampanye"
AMP_URL = f"{H}/amp/129530/sekda-minta-kepala-opd-awasi-bawahan-jelang-pencoblosan"
AMP_CANONICAL = f"{H}/pagaralam/read/129530/sekda-minta-kepala-opd-awasi-bawahan-jelang-pencoblosan"
GURU_SERVED = f"{H}/read/130610/disdik-pagar-alam-ingatkan-guru-asn-tak-bawa-politik-ke-ruang-kelas"
GURU_CANONICAL = f"{H}/pendidikan/read/130610/disdik-pagar-alam-ingatkan-guru-asn-tak-bawa-politik-ke-ruang-kelas"
APEL_URL = f"{H}/pagaralam/read/125560/apel-ikrar-netralitas-pj-wali-kota-pagar-alam-minta-asn-jauhi-politik-praktis"
LURAH_URL = f"{H}/politik/read/126410/diduga-foto-bersama-paslon-seorang-lurah-di-pagar-alam-dilaporkan-ke-bawaslu"
PPPK_URL = (
    f"{H}/pagaralam/read/127602/pppk-diingatkan-tak-unggah-dukungan-ke-paslon-di-media-sosial"
)
CAMAT_URL = (
    f"{H}/politik/read/128790/terbukti-hadiri-kampanye-camat-di-pagar-alam-dijatuhi-sanksi-disiplin"
)
RAKORNAS_URL = f"{H}/politik/read/129233/bawaslu-pagar-alam-ikuti-rakornas-pengawasan-netralitas-asn-secara-daring"
BKPSDM_URL = (
    f"{H}/pagaralam/read/129801/bkpsdm-pagar-alam-terbitkan-surat-edaran-larangan-asn-ikut-kampanye"
)
DEBAT_URL = f"{H}/politik/read/130244/debat-publik-kedua-paslon-wali-kota-pagar-alam-adu-gagasan-soal-pertanian-dan-pariwisata"

ALL_CANONICAL = {
    SEED_URL,
    APEL_URL,
    LURAH_URL,
    MULTI_URL,
    PPPK_URL,
    CAMAT_URL,
    RAKORNAS_URL,
    AMP_CANONICAL,
    BKPSDM_URL,
    DEBAT_URL,
    GURU_CANONICAL,
}
SIDEBAR_IDS = {"131020", "131011", "131002", "130954", "130930", "130902", "130877", "130860"}
JUNK = (
    "BACA JUGA",
    "Baca Juga",
    "--pagaralampos.com",
    "Google News",
    "WhatsApp Channel",
    "Sumber:",
    "Berita Terkait",
    "Berita Terkini",
    "Terpopuler",
    "Share",
    "adsbygoogle",
)


def spider(**kwargs: Any) -> PagaralamposSpider:
    return make_spider(PagaralamposSpider, **kwargs)  # type: ignore[return-value]


def article_requests(out: list[Any]) -> list[str]:
    return [r.url for r in out if isinstance(r, Request) and r.callback.__name__ == "parse_article"]


def listing_requests(out: list[Any]) -> list[str]:
    return [r.url for r in out if isinstance(r, Request) and r.callback.__name__ == "parse_listing"]


def listing(sp: DiswaySpider, name: str, page: int = 1) -> list[Any]:
    response = fixture_response(SPIDER, name)
    return run_callback(sp.parse_listing, response, entry=name, page=page)


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


def stat(sp: DiswaySpider, what: str) -> int:
    return sp.crawler.stats.get_value(f"asnscraper/disway/{what}", 0)


# --- URL shapes (pure) -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (SEED_URL, ("105871", "pagaralam", 0, False)),
        (MULTI_URL + "/30", ("127385", "politik", 30, False)),
        (AMP_URL, ("129530", None, 0, True)),
        (AMP_URL + "/16", ("129530", None, 16, True)),
        (GURU_SERVED, ("130610", None, 0, False)),
        (
            "https://www.pagaralampos.com/politik/read/9/x-y?utm_source=fb#top",
            ("9", "politik", 0, False),
        ),
    ],
)
def test_parse_article_url(url: str, expected: tuple[Any, ...]) -> None:
    ref = parse_article_url(url)
    assert ref is not None
    assert (ref.id, ref.category, ref.offset, ref.amp) == expected


@pytest.mark.parametrize(
    "url",
    [
        f"{H}/kategori/7/politik",
        f"{H}/kategori/7/politik/30",
        f"{H}/listtag/4521/netralitas-asn",
        f"{H}/search/kata/?c=asn",
        f"{H}/rss",
        f"{H}/search/read/1/x",
        "https://pagaralampos.com/jaga-netralitas-beri-contoh/",
        "not a url",
    ],
)
def test_non_article_urls(url: str) -> None:
    assert parse_article_url(url) is None
    assert canonical_article_url(url, "pagaralampos.disway.id") == url


@pytest.mark.parametrize(
    ("url", "category", "expected"),
    [
        (SEED_URL, None, SEED_URL),
        (SEED_URL.replace(H, "https://www.pagaralampos.com"), None, SEED_URL),
        (
            SEED_URL.replace(H, "http://pagaralampos.com") + "?utm_source=wa#komentar",
            None,
            SEED_URL,
        ),
        (MULTI_URL + "/15", None, MULTI_URL),
        (AMP_URL, "pagaralam", AMP_CANONICAL),
        (AMP_URL.replace(H, "https://www.pagaralampos.com") + "/16", "/pagaralam/", AMP_CANONICAL),
        (AMP_URL, None, f"{H}/read/129530/sekda-minta-kepala-opd-awasi-bawahan-jelang-pencoblosan"),
        (GURU_SERVED, "pendidikan", GURU_CANONICAL),
    ],
)
def test_canonical_article_url(url: str, category: str | None, expected: str) -> None:
    assert canonical_article_url(url, "pagaralampos.disway.id", category) == expected


def test_fetch_urls_collapse_variants_and_keep_amp() -> None:
    host = "pagaralampos.disway.id"
    assert article_fetch_url(MULTI_URL.replace(H, "https://pagaralampos.com") + "/30", host) == (
        MULTI_URL
    )
    assert article_fetch_url(AMP_URL.replace(H, "https://www.pagaralampos.com"), host) == AMP_URL
    assert article_fetch_url(f"{H}/kategori/7/politik", host) is None
    assert page_offset(MULTI_URL + "/30") == 30 and page_offset(MULTI_URL) == 0


def test_listing_offsets_and_search_url() -> None:
    assert search_url("pagaralampos.disway.id", "netralitas asn") == (
        f"{H}/search/kata/?c=netralitas+asn"
    )
    assert listing_offset(f"{H}/search/kata/?c=asn") == 0
    assert listing_offset(f"{H}/search/kata/20/10/?c=asn&num=") == 20
    assert listing_offset(f"{H}/kategori/7/politik") == 0
    assert listing_offset(f"{H}/kategori/7/politik/60") == 60
    assert listing_offset(f"{H}/listtag/4521/netralitas-asn/30") == 30


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Kamis 28-12-2023,10:15 WIB", dt.date(2023, 12, 28)),
        ("2024-11-08 13:00:00", dt.date(2024, 11, 8)),
        ("Wed, 20 Nov 2024 09:15:00 +0700", dt.date(2024, 11, 20)),
        ("Rabu 23 Oct 2024 - 22:31 WIB", dt.date(2024, 10, 23)),
        ("5 Desember 2024", dt.date(2024, 12, 5)),
        ("", None),
        ("Dibaca 1.234 kali", None),
        ("31-02-2024", None),
    ],
)
def test_listing_day(text: str, day: dt.date | None) -> None:
    assert listing_day(text) == day


# --- discovery and listings ---------------------------------------------------------------
def test_discovery_requests_cover_search_categories_tags_and_rss() -> None:
    sp = spider(query="netralitas asn, asn netral")
    urls = [r.url for r in sp.discovery_requests()]
    assert urls == [
        f"{H}/search/kata/?c=netralitas+asn",
        f"{H}/search/kata/?c=asn+netral",
        f"{H}/kategori/7/politik",
        f"{H}/kategori/3/pagaralam",
        f"{H}/listtag/4521/netralitas-asn",
        f"{H}/rss",
    ]


def test_discovery_through_a_mirror_keeps_paths() -> None:
    sp = spider(query="asn", base_url="http://127.0.0.1:8123")
    urls = [r.url for r in sp.discovery_requests()]
    assert urls[0] == "http://127.0.0.1:8123/search/kata/?c=asn"
    assert all(u.startswith("http://127.0.0.1:8123/") for u in urls)


def test_search_first_page_articles_and_next_page() -> None:
    out = listing(spider(), "search-netralitas-asn.html")
    arts = article_requests(out)
    assert arts[:8] == [
        GURU_SERVED,
        BKPSDM_URL,
        RAKORNAS_URL,
        CAMAT_URL,
        PPPK_URL,
        MULTI_URL,
        LURAH_URL,
        APEL_URL,
    ]
    assert len(arts) == 10
    assert listing_requests(out) == [f"{H}/search/kata/10/10/?c=netralitas+asn&num="]


def test_search_last_page_has_no_next_page() -> None:
    out = listing(spider(), "search-netralitas-asn-10.html", page=2)
    assert SEED_URL in article_requests(out)
    assert len(article_requests(out)) == 3
    assert listing_requests(out) == []


def test_search_brand_domain_and_amp_links_map_to_the_canonical_host() -> None:
    out = listing(spider(), "search-asn-netral.html")
    assert article_requests(out) == [AMP_URL, CAMAT_URL, PPPK_URL, APEL_URL, SEED_URL]
    assert listing_requests(out) == []


def test_category_pages_and_their_next_pages() -> None:
    sp = spider()
    first = listing(sp, "kategori-politik.html")
    assert len(article_requests(first)) == 30
    assert all(u.startswith(f"{H}/politik/read/") for u in article_requests(first))
    assert DEBAT_URL in article_requests(first) and LURAH_URL not in article_requests(first)
    assert listing_requests(first) == [f"{H}/kategori/7/politik/30"]
    second = listing(sp, "kategori-politik-30.html", page=2)
    assert article_requests(second)[0] == LURAH_URL
    assert len(article_requests(second)) == 8
    assert listing_requests(second) == [f"{H}/kategori/7/politik/60"]


def test_tag_page_without_dates() -> None:
    out = listing(spider(), "tag-netralitas-asn.html")
    arts = article_requests(out)
    assert arts[:3] == [GURU_SERVED, BKPSDM_URL, AMP_URL]
    assert MULTI_URL in arts  # linked on www.pagaralampos.com
    assert APEL_URL in arts  # linked with utm_* parameters
    assert len(arts) == 11
    assert listing_requests(out) == []


def test_rss_items() -> None:
    sp = spider()
    out = run_callback(sp.parse_feed, fixture_response(SPIDER, "rss.xml"))
    arts = article_requests(out)
    assert len(arts) == 10
    assert arts[0] == GURU_SERVED
    assert PPPK_URL in arts  # utm parameters dropped
    assert DEBAT_URL in arts


def test_default_parse_routes_by_url_shape() -> None:
    sp = spider()
    assert len(article_requests(list(sp.parse(fixture_response(SPIDER, "rss.xml"))))) == 10
    listed = list(spider().parse(fixture_response(SPIDER, "search-asn-netral.html")))
    assert len(article_requests(listed)) == 5
    items = list(spider().parse(fixture_response(SPIDER, "jaga-netralitas.html")))
    assert [type(i) for i in items] == [Article]


def test_sidebar_h4_links_are_never_followed() -> None:
    sp = spider()
    for name in ("search-netralitas-asn.html", "kategori-politik.html", "tag-netralitas-asn.html"):
        ids = {parse_article_url(u).id for u in article_requests(listing(sp, name))}  # type: ignore[union-attr]
        assert not ids & SIDEBAR_IDS, name


def test_fallback_listing_links_on_an_unknown_theme() -> None:
    html = f"""<html><body><nav><a href="{H}/politik/read/1/nav-link">nav</a></nav>
    <div class="col-md-8"><article><h3><a href="/politik/read/11/satu">Satu</a></h3>
    <span>Senin 14-10-2024,11:05 WIB</span></article>
    <article><h3><a href="https://www.pagaralampos.com/read/12/dua">Dua</a></h3></article>
    <a href="https://other.example/politik/read/13/luar">luar</a></div>
    <div class="col-md-4 sidebar"><h4><a href="{H}/politik/read/14/samping">samping</a></h4></div>
    </body></html>"""
    sp = spider()
    response = HtmlResponse(url=f"{H}/kategori/7/politik", body=html.encode(), encoding="utf-8")
    out = run_callback(sp.parse_listing, response)
    assert article_requests(out) == [f"{H}/politik/read/11/satu", f"{H}/read/12/dua"]
    assert stat(sp, "listing/fallback_links") == 1


# --- max_pages and since ------------------------------------------------------------------
def test_max_pages_stops_pagination() -> None:
    one = spider(max_pages=1)
    assert listing_requests(listing(one, "kategori-politik.html")) == []
    assert stat(one, "listing/stopped_at_max_pages") == 1
    two = spider(max_pages=2)
    assert listing_requests(listing(two, "kategori-politik.html")) != []
    assert listing_requests(listing(two, "kategori-politik-30.html", page=2)) == []


def test_since_stops_when_a_whole_page_is_older() -> None:
    sp = spider(since="2025-01-01")
    out = listing(sp, "kategori-politik.html")
    assert out == []
    assert stat(sp, "listing/stopped_at_since") == 1
    assert stat(sp, "articles/out_of_range") == 30


def test_since_inside_a_page_keeps_newer_entries_and_paginates() -> None:
    sp = spider(since="2024-10-10")
    first = listing(sp, "kategori-politik.html")
    assert DEBAT_URL in article_requests(first)
    assert len(article_requests(first)) == 27  # 10-09, 10-06 and 10-05 are older
    assert listing_requests(first) == [f"{H}/kategori/7/politik/30"]
    second = listing(sp, "kategori-politik-30.html", page=2)
    assert second == []


def test_undated_listing_is_not_cut_by_since() -> None:
    sp = spider(since="2025-01-01")
    assert len(article_requests(listing(sp, "tag-netralitas-asn.html"))) == 11


def test_rss_respects_since_and_until() -> None:
    sp = spider(since="2024-11-01", until="2024-11-15")
    arts = article_requests(run_callback(sp.parse_feed, fixture_response(SPIDER, "rss.xml")))
    assert arts == [BKPSDM_URL, RAKORNAS_URL]


# --- dedup ----------------------------------------------------------------------------------
def test_one_request_per_article_id_across_listings_and_variants() -> None:
    sp = spider()
    urls: list[str] = []
    for name in ("search-asn-netral.html", "tag-netralitas-asn.html", "search-netralitas-asn.html"):
        urls += article_requests(listing(sp, name))
    urls += article_requests(run_callback(sp.parse_feed, fixture_response(SPIDER, "rss.xml")))
    ids = [parse_article_url(u).id for u in urls]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))
    assert stat(sp, "articles/duplicate_links") > 10
    assert urls.count(AMP_URL) == 1


# --- articles -------------------------------------------------------------------------------
def test_multi_page_article_is_one_item_with_all_pages_in_order() -> None:
    sp = spider()
    page = load_site(SPIDER)["bawaslu-awasi-kampanye.html"]
    items, seen = crawl_offline(
        sp,
        [Request(page.url, callback=sp.parse_article)],
        follow=lambda r: r.callback.__name__ == "parse_article",
    )
    assert [r.url for r in seen] == [MULTI_URL + "/15", MULTI_URL + "/30"]
    assert len(items) == 1
    item = items[0]
    body = item.body
    first = body.index("memperketat pengawasan terhadap netralitas")
    second = body.index("Patroli Siber")
    third = body.index("Ajak Warga Melapor")
    assert first < second < third
    assert body.endswith("berlangsung jujur dan adil,” pungkasnya. (Cg09)")
    assert body.count("\n\n") == 12
    assert item.canonical_url == MULTI_URL and item.url == MULTI_URL
    assert item.tags == ["netralitas asn", "bawaslu pagar alam", "pilkada 2024"]
    assert [r["title"] for r in item.related] == [
        "Diduga Foto Bersama Paslon, Seorang Lurah di Pagar Alam Dilaporkan ke Bawaslu"
    ]
    assert stat(sp, "articles/extra_pages") == 2


def test_missing_later_page_still_yields_the_earlier_pages() -> None:
    sp = spider()
    out = run_callback(sp.parse_article, fixture_response(SPIDER, "bawaslu-awasi-kampanye.html"))
    (request,) = out
    assert request.url == MULTI_URL + "/15" and request.errback is not None
    failure = Failure(OSError("connection lost"))
    failure.request = request  # type: ignore[attr-defined]
    (item,) = list(request.errback(failure))
    assert "memperketat pengawasan" in item.body and "Patroli Siber" not in item.body
    assert stat(sp, "articles/page_missing") == 1


def test_a_later_page_given_directly_starts_from_the_first_page() -> None:
    sp = spider()
    out = run_callback(sp.parse_article, fixture_response(SPIDER, "bawaslu-awasi-kampanye-30.html"))
    assert article_requests(out) == [MULTI_URL]


def test_amp_page_maps_to_the_canonical_web_url() -> None:
    item = article("sekda-opd-awasi-bawahan-amp.html")
    assert item.url == AMP_URL
    assert item.canonical_url == AMP_CANONICAL
    assert item.published_at_raw == "2024-11-08T13:00:00+07:00"  # JSON-LD first
    assert item.modified_at == "2024-11-08T13:24:00+07:00"
    assert item.authors == ["Aldi Saputra"] and item.editor is None
    assert item.images[0]["caption"] == (
        "RAPAT STAF: Sekda Kota Pagar Alam memimpin rapat staf bersama para kepala OPD di "
        "Ruang Rapat Besemah I. --pagaralampos.com"
    )
    assert item.parser == "disway"
    assert "Lihat versi lengkap" not in item.body and "Google News" not in item.body


def test_category_less_url_takes_the_rel_canonical() -> None:
    item = article("guru-asn-politik-sekolah.html")
    assert item.url == GURU_SERVED and item.canonical_url == GURU_CANONICAL


CASES = {
    "jaga-netralitas.html": dict(
        title="Jaga Netralitas, Beri Contoh Positif bagi Masyarakat",
        published_at_raw="2023-12-28 10:15:00",
        authors=["Hendri Yanto"],
        editor="Yulia Sari",
        section="Pagaralam",
        tags=["netralitas asn", "deklarasi netralitas", "pemkot pagar alam"],
        caption_end="se-Sumsel. --pagaralampos.com",
        related=3,
        related_first="Makanan Sumber Gizi Terbaik, Ini 5 Manfaat Petai Untuk Kesehatan Anda!",
        starts="PAGRALAM POS, Pagaralam – Pj Sekretaris Daerah (Sekda) Kota Pagar Alam",
        ends="pihak-pihak yang tidak berkepentingan. (Cg09)",
        paragraphs=11,
    ),
    "apel-ikrar.html": dict(
        title="Apel Ikrar Netralitas, Pj Wali Kota Pagar Alam Minta ASN Jauhi Politik Praktis",
        published_at_raw="2024-09-24 09:40:00",
        authors=["Aldi Saputra"],
        editor="Yulia Sari",
        section="Pagaralam",
        tags=["netralitas asn", "pilkada pagar alam", "bkpsdm"],
        caption_end="Kantor Wali Kota Pagar Alam. --pagaralampos.com",
        related=1,
        related_first="Harga Kopi Robusta di Pagar Alam Naik, Petani Sambut Gembira",
        starts="PAGARALAM POS, Pagaralam – Ratusan aparatur sipil negara",
        ends="hingga ke tingkat rukun tetangga. (Ald)",
        paragraphs=8,
    ),
    "lurah-foto-paslon.html": dict(
        title="Diduga Foto Bersama Paslon, Seorang Lurah di Pagar Alam Dilaporkan ke Bawaslu",
        published_at_raw="2024-10-04 14:20:00",
        authors=["Rina Marlina"],
        editor="Yulia Sari",
        section="Politik",
        tags=["netralitas asn", "bawaslu pagar alam", "lurah"],
        caption_end="yang dilaporkan warga. --pagaralampos.com",
        related=3,
        related_first="Apel Ikrar Netralitas, Pj Wali Kota Pagar Alam Minta ASN Jauhi Politik Praktis",
        starts="PAGARALAM POS, Pagaralam – Seorang lurah di Kecamatan Dempo Utara",
        ends="identitas pelapor yang jelas. (Rin)",
        paragraphs=8,
    ),
    "pppk-media-sosial.html": dict(
        title="PPPK Diingatkan Tak Unggah Dukungan ke Paslon di Media Sosial",
        published_at_raw="2024-10-16 08:30:00",
        authors=[],
        editor="M. Rizal",
        section="Pagaralam",
        tags=["netralitas asn", "pppk", "media sosial"],
        caption_end="sosialisasi netralitas ASN di Gedung Dempo.",
        related=1,
        related_first="Bawaslu Pagar Alam Perketat Pengawasan Netralitas ASN Selama Masa Kampanye",
        starts="PAGARALAM POS, Pagaralam – Pegawai pemerintah dengan perjanjian kerja (PPPK)",
        ends="pemungutan suara pada 27 November mendatang.",
        paragraphs=8,
    ),
    "camat-dijatuhi-sanksi.html": dict(
        title="Terbukti Hadiri Kampanye, Camat di Pagar Alam Dijatuhi Sanksi Disiplin",
        published_at_raw="2024-10-31 16:45:00",
        authors=["Hendri Yanto"],
        editor="Yulia Sari",
        section="Politik",
        tags=["netralitas asn", "camat", "sanksi asn"],
        caption_end="kepada seorang camat. --pagaralampos.com",
        related=0,
        related_first=None,
        starts="PAGARALAM, PAGARALAMPOS.COM – Seorang camat di Kota Pagar Alam",
        ends="masih menunggu keputusan. (Cg09)",
        paragraphs=8,
    ),
    "rakornas-kasn-bawaslu.html": dict(
        title="Bawaslu Pagar Alam Ikuti Rakornas Pengawasan Netralitas ASN Secara Daring",
        published_at_raw="2024-11-05 19:10:00",
        authors=["Rina Marlina"],
        editor="M. Rizal",
        section="Politik",
        tags=["netralitas asn", "bawaslu pagar alam", "kasn"],
        caption_end="dari ruang rapat kantor Bawaslu. --pagaralampos.com",
        related=1,
        related_first="Terbukti Hadiri Kampanye, Camat di Pagar Alam Dijatuhi Sanksi Disiplin",
        starts="PAGARALAM POS, Pagaralam – Jajaran Badan Pengawas Pemilihan Umum (Bawaslu)",
        ends="berjalan sehat atau tidak. (Rin)",
        paragraphs=8,
    ),
    "bkpsdm-surat-edaran.html": dict(
        title="BKPSDM Pagar Alam Terbitkan Surat Edaran Larangan ASN Ikut Kampanye",
        published_at_raw="2024-11-11 10:00:00",
        authors=["Dedi Irawan"],
        editor="Yulia Sari",
        section="Pagaralam",
        tags=["netralitas asn", "bkpsdm", "pilkada 2024"],
        caption_end="larangan ASN terlibat kampanye. --pagaralampos.com",
        related=1,
        related_first="Sekda Minta Kepala OPD Awasi Bawahan Jelang Pencoblosan",
        starts="PAGARALAM POS, Pagaralam – Pemerintah Kota Pagar Alam kembali mengingatkan",
        ends="hingga seluruh tahapan Pilkada selesai.",
        paragraphs=8,
    ),
    "debat-publik-kpu.html": dict(
        title=(
            "Debat Publik Kedua, Paslon Wali Kota Pagar Alam Adu Gagasan Soal Pertanian dan "
            "Pariwisata"
        ),
        published_at_raw="2024-11-16 21:30:00",
        authors=["Dedi Irawan"],
        editor="M. Rizal",
        section="Politik",
        tags=["pilkada pagar alam", "kpu pagar alam", "debat publik"],
        caption_end="mengikuti debat publik kedua. --pagaralampos.com",
        related=1,
        related_first="KPU Pagar Alam Mulai Distribusikan Logistik Pilkada ke Kecamatan",
        starts="PAGARALAM POS, Pagaralam – Komisi Pemilihan Umum (KPU) Kota Pagar Alam",
        ends="Rabu, 27 November 2024. (Ded)",
        paragraphs=8,
    ),
    "guru-asn-politik-sekolah.html": dict(
        title="Disdik Pagar Alam Ingatkan Guru ASN Tak Bawa Politik ke Ruang Kelas",
        published_at_raw="2024-11-20 09:15:00",
        authors=["Rina Marlina"],
        editor="M. Rizal",
        section="Pendidikan",
        tags=["netralitas asn", "guru", "dinas pendidikan"],
        caption_end="arahan kepada kepala sekolah. --pagaralampos.com",
        related=1,
        related_first="Sekda Minta Kepala OPD Awasi Bawahan Jelang Pencoblosan",
        starts="PAGARALAM POS, Pagaralam – Dinas Pendidikan (Disdik) Kota Pagar Alam",
        ends="sebelum libur hari pemungutan suara. (Rin)",
        paragraphs=8,
    ),
    "sekda-opd-awasi-bawahan-amp.html": dict(
        title="Sekda Minta Kepala OPD Awasi Bawahan Jelang Pencoblosan",
        published_at_raw="2024-11-08T13:00:00+07:00",
        authors=["Aldi Saputra"],
        editor=None,
        section="Pagaralam",
        tags=["netralitas asn", "sekda pagar alam"],
        caption_end="Ruang Rapat Besemah I. --pagaralampos.com",
        related=0,
        related_first=None,
        starts="PAGARALAM POS, Pagaralam – Sekretaris Daerah (Sekda) Kota Pagar Alam",
        ends="seluruh tahapan Pilkada selesai. (Ald)",
        paragraphs=8,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_raw_fields(name: str) -> None:
    want = CASES[name]
    item = article(name)
    assert item.title == want["title"]
    assert item.published_at_raw == want["published_at_raw"]
    assert item.authors == want["authors"]
    assert item.editor == want["editor"]
    assert item.section == want["section"]
    assert item.tags == want["tags"]
    assert item.images and item.images[0]["url"].startswith(f"{H}/upload/")
    assert item.images[0]["caption"].endswith(want["caption_end"])
    assert item.images[0]["credit"] is None
    assert len(item.related) == want["related"]
    if want["related_first"]:
        assert item.related[0]["title"] == want["related_first"]
        assert item.related[0]["url"].startswith(f"{H}/")
    assert item.body.startswith(want["starts"])
    assert item.body.endswith(want["ends"])
    assert item.body.count("\n\n") + 1 == want["paragraphs"]
    for junk in JUNK:
        assert junk not in item.body, f"{name}: {junk!r} left in body"
    assert item.images[0]["caption"] not in item.body
    assert item.description and item.parser == "disway"
    assert item.source == "pagaralampos" and item.source_name == "Pagaralam Pos"


def test_stacked_baca_juga_paragraphs_become_related_links() -> None:
    item = article("lurah-foto-paslon.html")
    assert [r["url"] for r in item.related] == [
        APEL_URL,
        f"{H}/politik/read/126102/kpu-pagar-alam-tetapkan-daftar-pemilih-tetap-pilkada-2024",
        f"{H}/pagaralam/read/126377/jalan-menuju-kawasan-wisata-gunung-dempo-mulai-diperbaiki",
    ]
    paragraphs = item.body.split("\n\n")
    assert paragraphs[2].startswith("Ketua Bawaslu Kota Pagar Alam membenarkan")
    assert paragraphs[3].startswith("“Laporannya sudah kami registrasi.")


def test_seed_body_is_the_seed_text() -> None:
    seed = Path("/work/shared/seeds/pagaralampos_jaga-netralitas.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in seed.splitlines() if line.strip()]
    story = [line for line in lines[2 : lines.index("Tag")] if not line.startswith("BACA JUGA:")]
    item = article("jaga-netralitas.html")
    assert item.body.split("\n\n") == story


def test_press_release_paragraphs_are_kept_verbatim() -> None:
    release = (ROOT / "fixtures/_shared/press_release_bkpsdm.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in release.split("\n\n") if p.strip()]
    body = article("bkpsdm-surat-edaran.html").body.split("\n\n")
    assert body[1:] == paragraphs


def test_stacked_related_lines_inside_one_paragraph() -> None:
    html = """<html><head><title>T</title></head><body><h1 class="text-black">Judul</h1>
    <div class="post text-black-1"><p>Paragraf pertama cerita.</p>
    <p>Baca juga : <a href="/politik/read/1/a">Satu</a><br>BACA JUGA:<a href="/politik/read/2/b">Dua</a></p>
    <div>Teks lepas tanpa paragraf.<br><br>Teks lepas kedua.</div>
    <p>Tag</p><p>Sumber: Humas</p></div></body></html>"""
    sp = spider()
    response = HtmlResponse(url=f"{H}/politik/read/3/c", body=html.encode(), encoding="utf-8")
    (item,) = run_callback(sp.parse_article, response)
    assert (
        item.body == "Paragraf pertama cerita.\n\nTeks lepas tanpa paragraf.\n\nTeks lepas kedua."
    )
    assert item.related == [
        {"title": "Satu", "url": f"{H}/politik/read/1/a"},
        {"title": "Dua", "url": f"{H}/politik/read/2/b"},
    ]
    assert item.published_at_raw == ""
    assert stat(sp, "missing/published_at_raw") == 1


def test_unknown_theme_falls_back_to_the_densest_paragraph_block() -> None:
    text = "Kalimat berita yang cukup panjang untuk dianggap isi artikel utama. " * 3
    html = f"""<html><head><meta property="og:title" content="Judul OG"></head><body>
    <nav><p>menu</p></nav><div class="isi-berita"><p>{text}</p><p>{text}</p></div>
    <footer><p>hak cipta</p></footer></body></html>"""
    sp = spider()
    response = HtmlResponse(url=f"{H}/politik/read/4/d", body=html.encode(), encoding="utf-8")
    (item,) = run_callback(sp.parse_article, response)
    assert item.title == "Judul OG"
    assert item.parser == "fallback"
    assert item.body.count("\n\n") == 1


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><p>404 Halaman tidak ditemukan</p></body></html>",
        b"",
        b"\x00\xff<<<>>>not html at all",
    ],
)
def test_page_without_article_markup_is_not_fatal(body: bytes) -> None:
    sp = spider()
    response = HtmlResponse(url=f"{H}/politik/read/5/e", body=body, encoding="utf-8")
    items = run_callback(sp.parse_article, response)
    assert len(items) <= 1
    for item in items:
        assert isinstance(item, Article) and item.canonical_url == f"{H}/politik/read/5/e"
    assert stat(sp, "missing/title") + stat(sp, "errors/extract") == 1


def test_listing_page_given_to_parse_article_is_not_fatal() -> None:
    sp = spider()
    items = run_callback(sp.parse_article, fixture_response(SPIDER, "kategori-politik.html"))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert items[0].published_at_raw == ""  # validation drops it later
    assert stat(sp, "missing/published_at_raw") == 1


# --- the whole site offline -----------------------------------------------------------------
def test_offline_crawl_reaches_every_article_exactly_once() -> None:
    sp = spider()
    items, seen = crawl_offline(sp, list(sp.discovery_requests()))
    counts = Counter(i.canonical_url for i in items)
    assert set(counts) == ALL_CANONICAL
    assert all(n == 1 for n in counts.values())
    site = load_site(SPIDER)
    assert sum(p.kind == "article" for p in site.values()) == len(ALL_CANONICAL)
    fetched = [r.url for r in seen if r.callback.__name__ == "parse_article"]
    first_pages = [u for u in fetched if page_offset(u) == 0]
    ids = [parse_article_url(u).id for u in first_pages]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))
    assert not set(ids) & SIDEBAR_IDS
    assert {MULTI_URL + "/15", MULTI_URL + "/30"} <= set(fetched)
    assert all(not i.body or "BACA JUGA" not in i.body for i in items)


def test_prose_starting_with_baca_juga_is_kept() -> None:
    html = """<html><body><h1 class="text-black">Judul</h1><div class="post text-black-1">
    <p>Baca juga buku panduan netralitas yang dibagikan BKPSDM kepada setiap pegawai.</p>
    <p>Baca Juga: Berita tanpa tautan</p></div></body></html>"""
    response = HtmlResponse(url=f"{H}/politik/read/6/f", body=html.encode(), encoding="utf-8")
    (item,) = run_callback(spider().parse_article, response)
    assert item.body == (
        "Baca juga buku panduan netralitas yang dibagikan BKPSDM kepada setiap pegawai."
    )
    assert item.related == [{"title": "Berita tanpa tautan", "url": None}]
