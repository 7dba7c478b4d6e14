"""Security basics: no request off the outlet's hosts, no credentials or cookies across hosts,
and nothing a crawled page contains can move the feed or state files.

The crawls run real ``scrapy`` processes against the mirror, with a second loopback server as
"another site" that must never receive a request.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

import asnscraper.settings as project_settings
from asnscraper.middlewares.guard import RequestGuardMiddleware
from asnscraper.mirror import Mirror, load_site, path_key
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from tests import support
from tests.crawls import Crawl, crawl_mirror, disway_listing, read_jsonl, run_scrapy

SITE = "https://pagaralampos.disway.id"
SPIDER = "pagaralampos"
CATEGORY = f"{SITE}/kategori/3/pagaralam"
SEED = "jaga-netralitas.html"
HOSTILE_ARTICLE = f"{SITE}/pagaralam/read/900201/uji-isi-berbahaya"
SECRET = "Basic YXNuOnJhaGFzaWE="  # asn:rahasia


def crawl(mirror: Mirror, workdir: Path, **settings: str) -> Crawl:
    return crawl_mirror(SPIDER, mirror.base_url, workdir, DOWNLOAD_TIMEOUT="2", **settings)


@pytest.fixture
def evil() -> Any:
    with Mirror([]) as server:
        yield server


def test_links_off_the_outlets_hosts_are_never_requested(tmp_path: Path, evil: Mirror) -> None:
    evil_port = evil.base_url.rsplit(":", 1)[1]
    offsite = [
        f"{evil.base_url}/pagaralam/read/900301/pelabuhan-lain",  # same address, other port
        f"http://localhost:{evil_port}/pagaralam/read/900302/nama-lain",
        "https://evil.example/pagaralam/read/900303/situs-lain",
        "//evil.example/pagaralam/read/900304/tanpa-skema",
        "https://pagaralampos.disway.id.evil.example/pagaralam/read/900305/akhiran",
        "https://evilpagaralampos.disway.id/pagaralam/read/900306/awalan",
        "https://user:pw@evil.example/pagaralam/read/900307/kredensial",
    ]
    own = f"{SITE}/politik/read/130244/debat-publik-kedua-paslon-wali-kota-pagar-alam-adu-gagasan-soal-pertanian-dan-pariwisata"
    with Mirror.for_spider(SPIDER) as mirror:
        mirror.add_page(CATEGORY, disway_listing([*offsite, own]))
        result = crawl(mirror, tmp_path)
        requested = set(mirror.requests)
    assert result.returncode == 0, result.log[-2000:]
    assert evil.requests == []
    assert path_key(own) in requested, "the own-host link was followed (through the mirror)"
    assert all("evil" not in line for line in result.lines("Fetch failed"))


def test_redirect_off_site_carries_no_credentials_anywhere(tmp_path: Path, evil: Mirror) -> None:
    target = f"{SITE}/pagaralam/read/900401/pindah-ke-situs-lain"
    with Mirror.for_spider(SPIDER) as mirror:
        mirror.add_page(CATEGORY, disway_listing([target]))
        mirror.fault(target, "redirect", to=f"{evil.base_url}/curi", status=301)
        result = crawl(
            mirror,
            tmp_path,
            DEFAULT_REQUEST_HEADERS=json.dumps({"Authorization": SECRET}),
        )
        sent = [hit for hit in mirror.log if hit.key == path_key(target)]
    assert result.returncode == 0
    assert sent and sent[0].headers.get("Authorization") == SECRET, "the header was really set"
    assert evil.requests == []
    assert result.stat(SPIDER, "asnscraper/errors/redirect_offsite") == 1


def test_cookies_a_site_sets_are_never_sent_back(tmp_path: Path) -> None:
    assert project_settings.COOKIES_ENABLED is False
    with Mirror.for_spider(SPIDER) as mirror:
        page = mirror.add_page(CATEGORY, disway_listing([f"{SITE}/pagaralam/read/900501/kue"]))
        page.headers["Set-Cookie"] = "sesi=rahasia; Path=/"
        result = crawl(mirror, tmp_path)
        cookies = [hit.key for hit in mirror.log if "Cookie" in hit.headers]
    assert result.returncode == 0
    assert mirror.hits(CATEGORY) == 1
    assert cookies == []


def test_scrapy_redirects_drop_authorization_and_cookie_across_hosts() -> None:
    crawler = get_crawler(settings_dict=support.test_settings())
    middleware = RedirectMiddleware.from_crawler(crawler)
    headers = {"Authorization": SECRET, "Cookie": "sesi=rahasia"}
    request = Request("https://pagaralampos.disway.id/a", headers=headers)

    def redirected(location: str) -> Request:
        response = HtmlResponse(
            request.url, status=302, headers={"Location": location}, request=request
        )
        result = middleware.process_response(request, response)
        assert isinstance(result, Request)
        return result

    across = redirected("https://evil.example/b")
    assert b"Authorization" not in across.headers and b"Cookie" not in across.headers
    same = redirected("https://pagaralampos.disway.id/b")
    assert same.headers.get("Authorization") == SECRET.encode()


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/pagaralam/read/1/x",
        "http://127.0.0.1:1/pagaralam/read/1/x",
        "https://pagaralampos.disway.id.evil.example/read/1/x",
    ],
)
def test_guard_refuses_off_site_requests_even_with_dont_filter(url: str) -> None:
    spider = support.make_spider(PagaralamposSpider, base_url="http://127.0.0.1:8123")
    guard = RequestGuardMiddleware(spider.crawler)
    with pytest.raises(IgnoreRequest):
        guard.check(Request(url, dont_filter=True))
    redirect = Request(url, dont_filter=True, meta={"redirect_urls": ["http://127.0.0.1:8123/a"]})
    with pytest.raises(IgnoreRequest):
        guard.check(redirect)
    assert spider.crawler.stats.get_value("asnscraper/errors/redirect_offsite") == 1
    guard.check(Request("http://127.0.0.1:8123/pagaralam/read/1/x", dont_filter=True))


HOSTILE = [
    "../../../../../tmp/asnscraper-escape",
    "/etc/asnscraper-escape",
    "%(name)s/../../asnscraper-escape",
    "..\\..\\asnscraper-escape",
]


def hostile_page() -> str:
    """The seed article with path-like strings in every field a page controls."""
    html = (load_site(SPIDER)[SEED].body()).decode("utf-8")
    trap = " ".join(HOSTILE)
    html = html.replace("<title>", f"<title>{trap} ", 1)
    html = html.replace('<h1 class="text-black">', f'<h1 class="text-black">{trap} ', 1)
    # A paragraph of its own, so the page is not a duplicate of the seed.
    html = html.replace(
        '<div class="post text-black-1">',
        '<div class="post text-black-1"><p>Halaman uji ini menyimpan teks yang menyerupai jalur '
        "berkas di setiap kolom yang dikendalikan halaman, untuk memastikan teks itu tetap "
        "menjadi data dan tidak pernah menjadi nama berkas.</p>",
        1,
    )
    html = re.sub(r'<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>', "", html)
    html = html.replace(
        "</head>",
        f'<link rel="canonical" href="{HOSTILE[0]}"><meta property="og:url" content="{HOSTILE[1]}">'
        f'<meta property="article:section" content="{HOSTILE[2]}"></head>',
        1,
    )
    return html


def test_nothing_a_page_contains_moves_the_feed_or_state_files(tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    work = sandbox / "work"
    work.mkdir(parents=True)
    with Mirror.for_spider(SPIDER) as mirror:
        mirror.add_page(CATEGORY, disway_listing([HOSTILE_ARTICLE]))
        page = mirror.add_page(HOSTILE_ARTICLE, hostile_page())
        page.headers["Content-Disposition"] = f'attachment; filename="{HOSTILE[0]}"'
        result = run_scrapy(
            "crawlall",
            "--spiders",
            SPIDER,
            "-a",
            f"base_url={mirror.base_url}",
            workdir=tmp_path / "logs",
            cwd=work,
            env={"SCRAPY_SETTINGS_MODULE": "asnscraper.settings"},
            settings={"ASNSCRAPER_STATE": ".asnscraper/state.sqlite3"},
        )
    assert result.returncode in (0, 1), result.stdout[-2000:] + result.log[-2000:]
    created = sorted(
        str(Path(root, name).relative_to(sandbox))
        for root, _, files in os.walk(sandbox)
        for name in files
    )
    allowed = ("work/feeds/pagaralampos/", "work/feeds/run-", "work/.asnscraper/")
    assert created and all(path.startswith(allowed) for path in created), created
    assert not Path("/tmp/asnscraper-escape").exists()
    assert not Path("/etc/asnscraper-escape").exists()
    items = [i for f in (work / "feeds").rglob("*.jsonl") for i in read_jsonl(f)]
    hostile = [i for i in items if i["url"].endswith(path_key(HOSTILE_ARTICLE))]
    assert hostile and HOSTILE[0] in hostile[0]["title"], "the strings stayed data in the feed"
