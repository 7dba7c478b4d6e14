"""Fault injection: real ``scrapy`` processes crawl a mirror that misbehaves on purpose.

Three crawls of the Pagaralam Pos mirror share one server: a clean one (the reference items and
the reference memory peak), one where every fault is transient (each retried with backoff: the
same items must arrive and the run must be healthy), and one where every fault is permanent
(each logged once with its URL and counted; the crawl goes on; memory stays bounded). Faults
that have no saved page to break are served at article URLs listed on an extra category page.
Settings are small (1 s download timeout, 1 MiB DOWNLOAD_MAXSIZE, backoff base 0.1 s) so the
whole module runs in well under a minute.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from asnscraper.mirror import Mirror, path_key
from tests.crawls import Crawl, crawl_mirror, disway_listing, read_jsonl, run_scrapy

SITE = "https://pagaralampos.disway.id"
SPIDER = "pagaralampos"
MIB = 1 << 20
LIMITS = {
    "DOWNLOAD_TIMEOUT": "1",
    "RETRY_TIMES": "3",
    "DOWNLOAD_MAXSIZE": str(MIB),
    "DOWNLOAD_WARNSIZE": str(MIB // 2),
    "ASNSCRAPER_RETRY_BACKOFF_BASE": "0.1",
    "ASNSCRAPER_RETRY_BACKOFF_MAX": "1",
    "ASNSCRAPER_RETRY_AFTER_MAX": "10",
}

JAGA = f"{SITE}/pagaralam/read/105871/jaga-netralitas-beri-contoh-positif-bagi-masyarakat"
APEL = (
    f"{SITE}/pagaralam/read/125560/"
    "apel-ikrar-netralitas-pj-wali-kota-pagar-alam-minta-asn-jauhi-politik-praktis"
)
LURAH = (
    f"{SITE}/politik/read/126410/"
    "diduga-foto-bersama-paslon-seorang-lurah-di-pagar-alam-dilaporkan-ke-bawaslu"
)
BAWASLU = (
    f"{SITE}/politik/read/127385/"
    "bawaslu-pagar-alam-perketat-pengawasan-netralitas-asn-selama-masa-kampanye"
)
PPPK = f"{SITE}/pagaralam/read/127602/pppk-diingatkan-tak-unggah-dukungan-ke-paslon-di-media-sosial"
CAMAT = f"{SITE}/politik/read/128790/terbukti-hadiri-kampanye-camat-di-pagar-alam-dijatuhi-sanksi-disiplin"
RAKORNAS = (
    f"{SITE}/politik/read/129233/"
    "bawaslu-pagar-alam-ikuti-rakornas-pengawasan-netralitas-asn-secara-daring"
)
DEBAT = (
    f"{SITE}/politik/read/130244/"
    "debat-publik-kedua-paslon-wali-kota-pagar-alam-adu-gagasan-soal-pertanian-dan-pariwisata"
)
BKPSDM = (
    f"{SITE}/pagaralam/read/129801/"
    "bkpsdm-pagar-alam-terbitkan-surat-edaran-larangan-asn-ikut-kampanye"
)

#: Transient faults (url, kind, times, params): each clears after ``times`` requests.
TRANSIENT = [
    (JAGA, "status", 1, {"status": 503, "retry_after": 1}),
    (APEL, "status", 2, {"status": 500}),
    (LURAH, "reset", 2, {}),
    (f"{BAWASLU}/15", "stall", 1, {"seconds": 3}),
    (PPPK, "truncate", 1, {}),
    (CAMAT, "status", 1, {"status": 429, "retry_after": 1}),
    (RAKORNAS, "status", 1, {"status": 502}),
    (f"{SITE}/rss", "status", 1, {"status": 503}),
]
#: Pages served in a charset other than the one declared (every request).
CHARSETS = [
    (BKPSDM, {"declared": "utf-8", "actual": "windows-1252"}),
    (DEBAT, {"declared": "windows-1252", "actual": "utf-8"}),
]

#: Permanent faults at article URLs of an extra category page: name -> (kind, params, outcome)
#: where outcome is the stats key that must count it.
PERMANENT: dict[str, tuple[str, dict[str, Any], str]] = {
    "hilang": ("status", {"status": 404}, "asnscraper/errors/http_404"),
    "dihapus": ("status", {"status": 410}, "asnscraper/errors/http_410"),
    "gangguan-server": ("status", {"status": 503}, "asnscraper/errors/http_503"),
    "tunggu-sejam": ("status", {"status": 503, "retry_after": 3600}, "asnscraper/errors/http_503"),
    "koneksi-putus": ("reset", {}, "asnscraper/errors/connection_lost"),
    "macet": ("stall", {"seconds": 6}, "asnscraper/errors/timeout"),
    "terpotong": ("truncate", {}, "asnscraper/errors/truncated"),
    "berputar": ("redirect", {"to": "self"}, "asnscraper/errors/redirect_loop"),
    "pindah-situs": ("redirect", {"to": "evil"}, "asnscraper/errors/redirect_offsite"),
    "bom-gzip": ("gzip_bomb", {"size": 64 * MIB}, "asnscraper/errors/too_large"),
    "terlalu-besar": ("oversize", {"size": 256 * MIB}, "asnscraper/errors/too_large"),
    "tanpa-akhir": (
        "oversize",
        {"size": 256 * MIB, "declare_length": False},
        "asnscraper/errors/too_large",
    ),
    "indeks-raksasa": ("huge_sitemap_index", {}, "asnscraper/errors/too_large"),
    "kosong": ("empty", {}, "asnscraper/pages/dropped/empty"),
    "wajib-masuk": ("login_wall", {}, "asnscraper/pages/dropped/login_wall"),
    "izin-cookie": ("consent_wall", {}, "asnscraper/pages/dropped/consent_wall"),
}
EXTRA_LISTING = f"{SITE}/kategori/3/pagaralam"


def fault_url(n: int, name: str) -> str:
    return f"{SITE}/pagaralam/read/{900100 + n}/uji-{name}"


def comparable(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in ("scraped_at",)}


@pytest.fixture(scope="module")
def evil() -> Any:
    """Another site on the same loopback address: nothing may ever reach it."""
    with Mirror([]) as server:
        yield server


@pytest.fixture(scope="module")
def mirror() -> Any:
    with Mirror.for_spider(SPIDER) as server:
        yield server


@pytest.fixture(scope="module")
def clean(mirror: Mirror, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    mirror.clear_faults()
    return crawl_mirror(SPIDER, mirror.base_url, tmp_path_factory.mktemp("clean"), **LIMITS)


@pytest.fixture(scope="module")
def transient(
    mirror: Mirror, clean: Crawl, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Crawl, dict[str, Any]]:
    """A crawlall run where every fault clears after a few requests; its summary too."""
    mirror.clear_faults()
    for url, kind, times, params in TRANSIENT:
        mirror.fault(url, kind, times=times, **params)
    for url, params in CHARSETS:
        mirror.fault(url, "charset", **params)
    first = len(mirror.log)
    workdir = tmp_path_factory.mktemp("transient")
    result = run_scrapy(
        "crawlall",
        "--spiders",
        SPIDER,
        "--feeds-dir",
        str(workdir / "feeds"),
        "-a",
        f"base_url={mirror.base_url}",
        workdir=workdir,
        settings=LIMITS,
    )
    result.items = [i for f in sorted((workdir / "feeds").rglob("*.jsonl")) for i in read_jsonl(f)]
    summaries = sorted((workdir / "feeds").glob("run-*.json"))
    summary = json.loads(summaries[-1].read_text(encoding="utf-8")) if summaries else {}
    hits: dict[str, list[float]] = {}
    for hit in mirror.log[first:]:
        hits.setdefault(hit.key, []).append(hit.at)
    mirror.clear_faults()
    return result, {"summary": summary, "hits": hits}


@pytest.fixture(scope="module")
def permanent(
    mirror: Mirror, evil: Mirror, clean: Crawl, tmp_path_factory: pytest.TempPathFactory
) -> Crawl:
    mirror.clear_faults()
    mirror.add_page(
        EXTRA_LISTING, disway_listing([fault_url(n, name) for n, name in enumerate(PERMANENT)])
    )
    for n, (name, (kind, params, _)) in enumerate(PERMANENT.items()):
        url = fault_url(n, name)
        given = dict(params)
        if given.get("to") == "self":
            given["to"] = path_key(url)
        elif given.get("to") == "evil":
            given["to"] = evil.base_url + path_key(url)
        mirror.fault(url, kind, **given)
    mirror.fault(f"{SITE}/rss", "entity_expansion", document="rss")
    mirror.fault(f"{BAWASLU}/30", "reset")
    mirror.fault(JAGA, "status", status=503)
    try:
        return crawl_mirror(SPIDER, mirror.base_url, tmp_path_factory.mktemp("permanent"), **LIMITS)
    finally:
        mirror.clear_faults()
        mirror.routes.pop(path_key(EXTRA_LISTING), None)


# --- the clean reference -----------------------------------------------------------------
def test_clean_crawl_is_the_reference(clean: Crawl) -> None:
    assert clean.returncode == 0, clean.log[-3000:]
    assert len(clean.items) >= 10
    assert clean.stat(SPIDER, "finish_reason") == "finished"


# --- transient faults --------------------------------------------------------------------
def test_transient_faults_lose_nothing(
    transient: tuple[Crawl, dict[str, Any]], clean: Crawl
) -> None:
    result, _ = transient
    assert result.returncode == 0, result.stdout[-2000:] + result.log[-3000:]
    got = {i["canonical_url"]: comparable(i) for i in result.items}
    want = {i["canonical_url"]: comparable(i) for i in clean.items}
    assert sorted(got) == sorted(want)
    for url, item in want.items():
        assert got[url] == item, f"{url} differs after transient faults"


def test_transient_faults_are_retried_not_counted_as_failures(
    transient: tuple[Crawl, dict[str, Any]],
) -> None:
    result, extra = transient
    retried = [k for k in result.stats[SPIDER] if k.startswith("retry/reason_count/")]
    assert result.stat(SPIDER, "retry/count") >= 7, retried
    failures = {k: v for k, v in result.stats[SPIDER].items() if k.startswith("asnscraper/errors/")}
    # Links to pages the mirror does not hold are 404s on every crawl; nothing else failed.
    assert set(failures) <= {"asnscraper/errors/http_404"}, failures
    summary = extra["summary"]["spiders"][0]
    assert summary["healthy"], summary["problems"]
    assert summary["finish_reason"] == "finished"


def test_retry_after_is_honoured(transient: tuple[Crawl, dict[str, Any]]) -> None:
    _, extra = transient
    for url in (JAGA, CAMAT):
        times = extra["hits"][path_key(url)]
        assert len(times) == 2, url
        assert times[1] - times[0] >= 1.0, f"{url} retried {times[1] - times[0]:.2f} s later"


def test_retries_back_off(transient: tuple[Crawl, dict[str, Any]]) -> None:
    _, extra = transient
    times = extra["hits"][path_key(APEL)]
    assert len(times) == 3
    first, second = times[1] - times[0], times[2] - times[1]
    assert first >= 0.1 and second >= 0.2, (first, second)


def test_stalled_page_times_out_and_is_fetched_again(
    transient: tuple[Crawl, dict[str, Any]],
) -> None:
    result, extra = transient
    assert len(extra["hits"][path_key(f"{BAWASLU}/15")]) == 2
    assert result.stat(SPIDER, "retry/reason_count/scrapy.exceptions.DownloadTimeoutError") >= 1
    article = next(i for i in result.items if i["canonical_url"] == BAWASLU)
    assert article["body"].count("\n\n") >= 6, "the three pages of the article are joined"


def test_wrong_charset_is_decoded_right(
    transient: tuple[Crawl, dict[str, Any]], clean: Crawl
) -> None:
    result, _ = transient
    assert result.stat(SPIDER, "asnscraper/charset/corrected") >= 2
    for url, _ in CHARSETS:
        item = next(i for i in result.items if i["canonical_url"] == url)
        text = item["title"] + item["body"]
        assert "\ufffd" not in text and "â€" not in text, url


# --- permanent faults --------------------------------------------------------------------
def test_permanent_faults_do_not_end_the_crawl(permanent: Crawl, clean: Crawl) -> None:
    assert permanent.returncode == 0, permanent.log[-3000:]
    assert permanent.stat(SPIDER, "finish_reason") == "finished"
    assert "Traceback" not in permanent.log
    assert permanent.stat(SPIDER, "log_count/ERROR") == 0
    got = {i["canonical_url"] for i in permanent.items}
    want = {i["canonical_url"] for i in clean.items} - {JAGA}
    assert got == want


@pytest.mark.parametrize("name", list(PERMANENT))
def test_each_permanent_fault_is_logged_once_with_its_url_and_counted(
    permanent: Crawl, mirror: Mirror, name: str
) -> None:
    n = list(PERMANENT).index(name)
    kind, _, key = PERMANENT[name]
    url = mirror.base_url + path_key(fault_url(n, name))
    assert permanent.stat(SPIDER, key) >= 1, key
    ours = [
        line
        for line in permanent.lines(url)
        if "Fetch failed" in line or "Dropped" in line or "Not retrying" in line
    ]
    reported = [line for line in ours if "Not retrying" not in line]
    assert len(reported) == 1, ours
    assert not any(i["url"] == url for i in permanent.items), "junk emitted"


def test_partial_multi_page_article_keeps_the_pages_it_read(permanent: Crawl, clean: Crawl) -> None:
    whole = next(i for i in clean.items if i["canonical_url"] == BAWASLU)
    partial = next(i for i in permanent.items if i["canonical_url"] == BAWASLU)
    assert 0 < len(partial["body"]) < len(whole["body"])
    assert whole["body"].startswith(partial["body"][:200])
    assert permanent.stat(SPIDER, "asnscraper/disway/articles/page_missing") == 1


def test_long_retry_after_is_not_waited_for(permanent: Crawl) -> None:
    assert permanent.stat(SPIDER, "asnscraper/retry/retry_after_over_cap") == 1
    assert permanent.seconds < 60


def test_redirects_never_leave_the_site(permanent: Crawl, evil: Mirror) -> None:
    assert evil.requests == []
    assert permanent.stat(SPIDER, "asnscraper/errors/redirect_offsite") == 1


def test_entity_expansion_feed_is_not_expanded(permanent: Crawl) -> None:
    assert permanent.returncode == 0
    assert not any("tawa" * 100 in json.dumps(i) for i in permanent.items)


def test_memory_stays_bounded(permanent: Crawl, clean: Crawl) -> None:
    # 64 MiB gzip bomb, two 256 MiB bodies, a 10-million-URL sitemap index and a
    # billion-laughs feed: the crawl's peak stays within 100 MB of the clean crawl's.
    assert clean.peak_rss > 0 and permanent.peak_rss > 0
    growth = (permanent.peak_rss - clean.peak_rss) / 1e6
    assert growth < 100, f"peak grew {growth:.0f} MB (clean {clean.peak_rss / 1e6:.0f} MB)"


def test_failed_fetches_are_in_the_run_summary(permanent: Crawl) -> None:
    from asnscraper.runner import format_table, summarize

    summary = summarize(SPIDER, permanent.stats[SPIDER])
    assert summary.failed["redirect_loop"] == 1
    assert summary.failed["too_large"] == 4
    assert summary.dropped["login_wall"] == 1
    assert "failed fetches" in format_table([summary])


# --- layout change -----------------------------------------------------------------------
#: A template overhaul: every class and id the Disway selectors know is renamed; the meta tags
#: and the text stay. Applied to the saved pages to make the redesigned mirror.
REDESIGN = [
    ("text-black-1", "isi-artikel"),
    ('class="post ', 'class="artikel '),
    ("text-black", "judul-utama"),
    ('id="author"', 'id="penulis-berita"'),
    ('class="author"', 'class="penulis-berita"'),
    ('id="editor"', 'id="penyunting"'),
    ("breadcrumb", "jejak-navigasi"),
    ("post-info", "meta-terbit"),
    ("media-heading", "judul-daftar"),
    ("media-content", "isi-daftar"),
    ("news-tags", "label-topik"),
]


def redesigned_site() -> Mirror:
    from asnscraper.mirror import load_site

    pages = []
    for page in load_site(SPIDER).values():
        body = page.body()
        if page.file.suffix == ".html":
            text = body.decode("utf-8")
            for old, new in REDESIGN:
                text = text.replace(old, new)
            body = text.encode("utf-8")
        pages.append(
            type(page)(
                file=page.file,
                url=page.url,
                status=page.status,
                headers=page.headers,
                kind=page.kind,
                content=body,
            )
        )
    return Mirror(pages)


def test_a_redesigned_template_fails_the_layout_check(tmp_path: Path) -> None:
    with redesigned_site() as site:
        result = run_scrapy(
            "crawlall",
            "--spiders",
            SPIDER,
            "--feeds-dir",
            str(tmp_path / "feeds"),
            "-a",
            f"base_url={site.base_url}",
            workdir=tmp_path,
            settings=LIMITS,
        )
    assert result.returncode == 1, result.stdout[-2000:] + result.log[-2000:]
    summary = json.loads(next((tmp_path / "feeds").glob("run-*.json")).read_text())
    problems = summary["spiders"][0]["problems"]
    fallback = [p for p in problems if "fallback extractor" in p]
    assert len(fallback) == 1, problems
    assert fallback[0].startswith("layout check failed for pagaralampos: ")
    assert "ASNSCRAPER_COVERAGE_MAX_FALLBACK" in fallback[0]
    assert any("authors" in p for p in problems), problems
    assert "PROBLEM: layout check failed for pagaralampos" in result.stdout
    logged = [line for line in result.lines("layout check failed") if "WARNING" in line]
    assert len(logged) == len([p for p in problems if p.startswith("layout check")])


# --- state across runs -------------------------------------------------------------------
def crawlall(mirror: Mirror, workdir: Path, feeds: Path, **settings: str) -> Crawl:
    result = run_scrapy(
        "crawlall",
        "--spiders",
        SPIDER,
        "--feeds-dir",
        str(feeds),
        "-a",
        f"base_url={mirror.base_url}",
        workdir=workdir,
        settings={**LIMITS, **settings},
    )
    return result


def test_an_article_that_failed_is_fetched_again_next_run(
    mirror: Mirror, clean: Crawl, tmp_path: Path
) -> None:
    state = str(tmp_path / "state.sqlite3")
    mirror.clear_faults()
    mirror.fault(JAGA, "status", status=503)
    try:
        first = crawlall(mirror, tmp_path / "run1", tmp_path / "feeds1", ASNSCRAPER_STATE=state)
    finally:
        mirror.clear_faults()
    assert first.stat(SPIDER, "asnscraper/errors/http_503") == 1
    first_items = [i for f in (tmp_path / "feeds1").rglob("*.jsonl") for i in read_jsonl(f)]
    emitted = {i["canonical_url"] for i in first_items}
    assert emitted == {i["canonical_url"] for i in clean.items} - {JAGA}

    second = crawlall(mirror, tmp_path / "run2", tmp_path / "feeds2", ASNSCRAPER_STATE=state)
    assert second.returncode == 0, second.stdout[-2000:] + second.log[-2000:]
    again = [i for f in (tmp_path / "feeds2").rglob("*.jsonl") for i in read_jsonl(f)]
    assert [i["canonical_url"] for i in again] == [JAGA], "only the article that failed is new"
    assert mirror.hits(JAGA) >= 1


@pytest.mark.parametrize(
    "page",
    [
        "<html><body class='login-page'><p>x</p></body></html>",
        "<html>text<!--c--> more</html>",
        "<html><body><div id='cookie-consent'>we use cookies</div>tail<!--x-->after"
        "<nav>n</nav>t2<script>s()</script></body></html>",
        "<html><body role='dialog modal'>a</body></html>",
        "<html><head><title>t</title></head></html>",
    ],
)
def test_content_chars_walk_counts_what_the_xpath_selects(page: str) -> None:
    from parsel import Selector

    from asnscraper.mirror import FIXTURES_DIR
    from asnscraper.parsing import walls

    pages = [page] + [f.read_text(encoding="utf-8") for f in FIXTURES_DIR.glob("*/*.html")]
    for text in pages:
        sel = Selector(text=text)
        by_xpath = sum(len(t.strip()) for t in sel.xpath(walls._OUTSIDE_TEXT).getall())
        assert walls.content_chars(sel) == by_xpath


# --- sitemaps (WordPress) ----------------------------------------------------------------
WP_SITE = "https://metro24.co.id"


def test_hostile_sitemaps_are_refused_and_the_crawl_goes_on(tmp_path: Path) -> None:
    """A 10-million-URL sitemap index (streamed) and a billion-laughs sitemap, with the
    project's own DOWNLOAD_MAXSIZE: both refused, memory bounded, the other routes still work."""
    with Mirror.for_spider("metro24") as site:
        clean_wp = crawl_mirror("metro24", site.base_url, tmp_path / "clean")
        site.requests.clear()
        site.fault(f"{WP_SITE}/sitemap_index.xml", "huge_sitemap_index", count=10_000_000)
        site.fault(f"{WP_SITE}/wp-sitemap.xml", "entity_expansion", document="sitemap")
        hostile = crawl_mirror("metro24", site.base_url, tmp_path / "hostile")
        index_hits = site.hits(f"{WP_SITE}/sitemap_index.xml")
        laughs_hits = site.hits(f"{WP_SITE}/wp-sitemap.xml")
    assert clean_wp.returncode == 0 and hostile.returncode == 0, hostile.log[-3000:]
    assert hostile.stat("metro24", "finish_reason") == "finished"
    assert index_hits == 1 and laughs_hits == 1
    assert hostile.stat("metro24", "asnscraper/errors/too_large") == 1
    assert hostile.stat("metro24", "log_count/ERROR") == 0
    clean_urls = {i["canonical_url"] for i in clean_wp.items}
    got = {i["canonical_url"] for i in hostile.items}
    assert got <= clean_urls and len(got) >= len(clean_urls) - 1, sorted(clean_urls - got)
    growth = (hostile.peak_rss - clean_wp.peak_rss) / 1e6
    assert growth < 100, f"peak grew {growth:.0f} MB"


# --- the pieces, offline -----------------------------------------------------------------
def test_retry_after_reads_seconds_and_http_dates() -> None:
    import datetime as dt

    from asnscraper.middlewares.retry import retry_after_seconds

    now = dt.datetime(2024, 11, 27, 8, 0, tzinfo=dt.UTC)
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds("Wed, 27 Nov 2024 08:01:30 GMT", now) == 90.0
    assert retry_after_seconds("Wed, 27 Nov 2024 07:00:00 GMT", now) == 0.0
    for junk in (None, b"", "soon", "-5", "1.5"):
        assert retry_after_seconds(junk, now) is None


def test_failure_kinds_name_the_cause() -> None:
    from scrapy.exceptions import DownloadTimeoutError, ResponseDataLossError
    from twisted.internet.error import ConnectionLost, DNSLookupError

    from asnscraper.middlewares.failures import failure_kind

    assert failure_kind(DownloadTimeoutError("x")) == "timeout"
    assert failure_kind(ResponseDataLossError()) == "truncated"
    assert failure_kind(ConnectionLost()) == "connection_lost"
    assert failure_kind(DNSLookupError()) == "dns"
    assert failure_kind(KeyError("x")) == "keyerror"


def test_statuses_a_callback_handles_are_not_failures() -> None:
    from scrapy import Request
    from scrapy.settings import Settings

    from asnscraper.middlewares.failures import handled_status

    plain = Settings()
    assert not handled_status(Request("https://a.id/"), 404, None, plain)
    asked = Request("https://a.id/", meta={"handle_httpstatus_list": [403, 404]})
    assert handled_status(asked, 404, None, plain)
    assert handled_status(
        Request("https://a.id/"), 410, None, Settings({"HTTPERROR_ALLOWED_CODES": [410]})
    )


def test_no_saved_page_of_either_site_looks_like_a_wall() -> None:
    from parsel import Selector

    from asnscraper.mirror import load_site
    from asnscraper.mirror_faults import CONSENT_WALL, LOGIN_WALL
    from asnscraper.parsing.walls import wall_kind

    assert wall_kind(Selector(LOGIN_WALL)) == "login_wall"
    assert wall_kind(Selector(CONSENT_WALL)) == "consent_wall"
    for spider in (SPIDER, "metro24"):
        for name, page in load_site(spider).items():
            if page.file.suffix == ".html":
                assert wall_kind(Selector(page.body().decode("utf-8"))) is None, (spider, name)


def test_a_cookie_banner_on_a_real_article_is_not_a_wall() -> None:
    from parsel import Selector

    from asnscraper.mirror import load_site
    from asnscraper.mirror_faults import CONSENT_WALL
    from asnscraper.parsing.walls import wall_kind

    article = load_site(SPIDER)["jaga-netralitas.html"].body().decode("utf-8")
    banner = CONSENT_WALL.split("<body>", 1)[1].split("</body>", 1)[0]
    assert wall_kind(Selector(article.replace("</body>", banner + "</body>"))) is None


def test_charset_correction_both_ways() -> None:
    from asnscraper.parsing.charset import corrected_encoding

    text = "PAGARALAM – “ASN harus netral,” ujarnya."
    assert corrected_encoding(text.encode("utf-8"), "cp1252") == "utf-8"
    assert corrected_encoding(text.encode("cp1252"), "utf-8") == "cp1252"
    assert corrected_encoding(text.encode("utf-8"), "utf-8") is None
    assert corrected_encoding(text.encode("cp1252"), "cp1252") is None
    assert corrected_encoding(b"plain ascii", "cp1252") is None


def test_coverage_problems_name_spider_field_and_numbers() -> None:
    from scrapy.settings import Settings

    import asnscraper.settings as project
    from asnscraper.extensions.coverage import coverage_problems

    settings = Settings({k: getattr(project, k) for k in dir(project) if k.isupper()})
    counts = {"title": 10, "published_at": 10, "body": 3, "authors": 10, "section": 10}
    stats = {
        "asnscraper/disway/listing/pages": 4,
        "asnscraper/disway/listing/entries": 2,
        "response_received_count": 20,
        "asnscraper/errors/http_404": 5,
    }
    shares, problems = coverage_problems("pagaralampos", counts, 10, stats, settings)
    assert shares["body"] == 0.3 and shares["listing_entries"] == 0.5
    assert shares["failed"] == 0.0, "pages gone (404) are not a failing site"
    assert problems == [
        "layout check failed for pagaralampos: 3 of 10 articles have a body of 200+ characters "
        "(30%), expected at least 90% [ASNSCRAPER_COVERAGE_BODY]",
        "layout check failed for pagaralampos: listing pages show 0.5 article links on average "
        "(2 on 4 pages), expected at least 1 [ASNSCRAPER_COVERAGE_MIN_LISTING_ENTRIES]",
    ]
    few = coverage_problems("pagaralampos", {"title": 1}, 2, {}, settings)[1]
    assert few == [], "two articles prove nothing"
    down = {"response_received_count": 4, "asnscraper/errors/timeout": 6}
    assert "6 of 10 fetches failed" in coverage_problems("x", {}, 0, down, settings)[1][0]
