"""Incremental crawls end to end: real ``scrapy`` processes, one state file, the loopback mirror.

Second crawl of an unchanged site emits nothing; a changed article comes back with revision 2;
a crawl killed mid-run followed by a normal one emits every article exactly once overall;
listings stop paginating at pages whose articles are all known; ``crawlall`` exit codes.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from asnscraper.mirror import Mirror, load_site
from asnscraper.parsing.fingerprint import LSH_PARAMS
from asnscraper.state import StateStore

ROOT = Path(__file__).resolve().parent.parent
SPIDER = "pagaralampos"
FAST = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "LOG_LEVEL": "INFO",
    "ASNSCRAPER_NOW": "2026-11-22T12:00:00+07:00",
    "ASNSCRAPER_KEEP_IRRELEVANT": "True",
}
CHANGED = "bkpsdm-surat-edaran.html"


def command(*args: str, state: Path, **settings: str) -> list[str]:
    options = {**FAST, "ASNSCRAPER_STATE": str(state), **settings}
    sets = [part for name, value in options.items() for part in ("-s", f"{name}={value}")]
    return [sys.executable, "-m", "scrapy", *args, *sets]


def run(*args: str, state: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(*args, state=state, **settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )


def crawl(
    mirror: Mirror, out: Path, state: Path, spider: str = SPIDER, **settings: str
) -> list[dict[str, Any]]:
    result = run(
        "crawl", spider, "-a", f"base_url={mirror.base_url}", "-O", str(out), state=state,
        **settings,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(out)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def article_id(url: str) -> str:
    """The Disway article id of any URL shape (web, AMP, category-less)."""
    match = re.search(r"/(?:read|amp)/(\d+)/", url)
    assert match, url
    return match[1]


def article_urls() -> dict[str, str]:
    return {name: page.url for name, page in load_site(SPIDER).items() if page.kind == "article"}


@pytest.fixture(scope="module")
def first_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One full crawl into a fresh state file (shared by the tests that build on it)."""
    work = tmp_path_factory.mktemp("incremental")
    state = work / "state.sqlite3"
    with Mirror.for_spider(SPIDER) as mirror:
        items = crawl(mirror, work / "run1.jsonl", state)
    return {"work": work, "state": state, "items": items}


def copy_state(first: dict[str, Any], target: Path) -> Path:
    """A private copy of the first crawl's state file (WAL checkpointed by the closed store)."""
    import sqlite3

    source = sqlite3.connect(first["state"])
    dest = sqlite3.connect(target)
    with dest:
        source.backup(dest)
    source.close()
    dest.close()
    return target


def test_first_crawl_emits_each_article_once_with_state_fields(first_crawl: dict) -> None:
    items = first_crawl["items"]
    counts = Counter(i["canonical_url"] for i in items)
    assert counts and max(counts.values()) == 1
    assert len(items) == len(article_urls())
    for item in items:
        assert item["revision"] == 1
        assert len(item["content_hash"]) == 32 and item["story_id"]
    assert first_crawl["state"].exists()


def test_second_crawl_of_an_unchanged_site_emits_nothing(first_crawl: dict, tmp_path: Path) -> None:
    state = copy_state(first_crawl, tmp_path / "state.sqlite3")
    with Mirror.for_spider(SPIDER) as mirror:
        assert crawl(mirror, tmp_path / "run2.jsonl", state) == []
    status = run("state", "--json", state=state)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["sources"][0]["articles"] == len(first_crawl["items"])
    last = report["last_runs"][SPIDER]
    assert (last["emitted"], last["unchanged"]) == (0, len(first_crawl["items"]))


def test_changed_article_is_emitted_again_with_revision_2(
    first_crawl: dict, tmp_path: Path
) -> None:
    state = copy_state(first_crawl, tmp_path / "state.sqlite3")
    url = article_urls()[CHANGED]
    before = next(i for i in first_crawl["items"] if i["canonical_url"] == url)
    with Mirror.for_spider(SPIDER) as mirror:
        page = load_site(SPIDER)[CHANGED].body()
        old = b"hukuman disiplin berat"
        assert old in page
        mirror.set_body(url, page.replace(old, b"hukuman disiplin berat, termasuk pemberhentian"))
        items = crawl(mirror, tmp_path / "run2.jsonl", state)
        assert [i["canonical_url"] for i in items] == [url]
        assert items[0]["revision"] == 2
        assert items[0]["story_id"] == before["story_id"]
        assert items[0]["content_hash"] != before["content_hash"]
        # unchanged since: the next crawl is quiet again
        assert crawl(mirror, tmp_path / "run3.jsonl", state) == []


def test_crawl_killed_mid_run_then_a_normal_run_emit_every_article_once(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.sqlite3"
    killed_out = tmp_path / "killed.jsonl"
    with Mirror.for_spider(SPIDER) as mirror:
        process = subprocess.Popen(
            command(
                "crawl",
                SPIDER,
                "-a",
                f"base_url={mirror.base_url}",
                "-O",
                str(killed_out),
                state=state,
                DOWNLOAD_DELAY="0.15",
            ),  # fmt: skip
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        part = Path(f"{killed_out}.part")
        # Kill once articles were fetched and the first items reached the feed file on disk.
        while time.monotonic() < deadline and process.poll() is None:
            fetched = sum("/read/" in key or "/amp/" in key for key in mirror.requests)
            if fetched >= 6 and part.exists() and part.stat().st_size > 0:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the crawl finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        assert not killed_out.exists()  # only the .part: nothing was published
        assert store_counts(state) == (0, 0)  # no article, no band row of the killed run
        normal = crawl(mirror, tmp_path / "normal.jsonl", state)
    published = read_jsonl(killed_out) + normal
    counts = Counter(article_id(i["canonical_url"]) for i in published)
    assert set(counts) == {article_id(url) for url in article_urls().values()}
    assert set(counts.values()) == {1}
    articles, bands = store_counts(state)
    assert articles == len(counts) and bands == LSH_PARAMS[0] * articles


def store_counts(state: Path) -> tuple[int, int]:
    """Articles and LSH band rows committed in the state store."""
    with StateStore.open(state) as store:
        return tuple(  # type: ignore[return-value]
            store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("articles", "bands")
        )


def serve_unsaved_listing_links(mirror: Mirror) -> None:
    """Serve the two search results that have no saved page (built from a saved article page
    with its id and slug replaced; its text repeats that article's, so it is a duplicate)."""
    template = load_site(SPIDER)["pppk-media-sosial.html"].body().decode("utf-8")
    original = "127602/pppk-diingatkan-tak-unggah-dukungan-ke-paslon-di-media-sosial"
    for url in (
        "https://pagaralampos.disway.id/pagaralam/read/121880/pemkot-pagar-alam-gelar-sosialisasi-netralitas-asn",
        "https://pagaralampos.disway.id/politik/read/118304/jelang-pilkada-bawaslu-pagar-alam-petakan-kerawanan-netralitas-asn",
    ):
        assert original in template
        mirror.add_page(url, template.replace(original, url.split("/read/", 1)[1]))


def test_listing_whose_articles_are_all_known_stops_paginating(tmp_path: Path) -> None:
    """First run: search page 1 leads to page 2. Second run: every article of page 1 is known
    (emitted, or dropped as a duplicate), so page 2 is not fetched."""
    state = tmp_path / "state.sqlite3"
    second_page = "/search/kata/10/10/?c=netralitas+asn&num="
    one_query = {"ASNSCRAPER_QUERIES": "netralitas asn"}
    with Mirror.for_spider(SPIDER) as mirror:
        serve_unsaved_listing_links(mirror)
        crawl(mirror, tmp_path / "run1.jsonl", state, **one_query)
        assert mirror.hits(second_page) == 1
        assert crawl(mirror, tmp_path / "run2.jsonl", state, **one_query) == []
        assert mirror.hits(second_page) == 1


def test_crawlall_exit_codes(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    feeds = tmp_path / "feeds"
    with Mirror.for_spider(SPIDER) as mirror:
        args = ("crawlall", "-s", SPIDER, "--feeds-dir", str(feeds), "-a")
        healthy = run(*args, f"base_url={mirror.base_url}", state=state)
        assert healthy.returncode == 0, healthy.stdout + healthy.stderr[-3000:]
        assert SPIDER in healthy.stdout
        written = sorted((feeds / SPIDER).glob("*.jsonl"))
        assert len(written) == 1 and not list((feeds / SPIDER).glob("*.part"))
        assert len(read_jsonl(written[0])) == len(article_urls())
        summaries = sorted(feeds.glob("run-*.json"))
        assert len(summaries) == 1
        mirror.routes.clear()  # the site is gone: 404 everywhere
        broken = run(*args, f"base_url={mirror.base_url}", state=state)
    assert broken.returncode == 1, broken.stdout + broken.stderr[-3000:]
    assert "found 0 articles where its last runs found" in broken.stdout
    bad = run("crawlall", "--format", "xml", state=state)
    assert bad.returncode == 2
    unknown = run("crawlall", "--spiders", "nosuchspider", state=state)
    assert unknown.returncode == 2


# --- stories across outlets -------------------------------------------------------------------
def by_file(spider: str, items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """The item of a saved article page (matched on its article id / permalink)."""
    page = load_site(spider)[name]
    wanted = article_id(page.url) if spider == SPIDER else page.url.rstrip("/")
    for item in items:
        got = article_id(item["canonical_url"]) if spider == SPIDER else item["canonical_url"]
        if got == wanted:
            return item
    raise AssertionError(f"{name} not among the {spider} items")


def test_press_release_republished_by_the_second_outlet_joins_the_first_ones_story(
    first_crawl: dict, tmp_path: Path
) -> None:
    """Across runs: Pagaralam Pos first (stored), then Metro24 against the same state."""
    state = copy_state(first_crawl, tmp_path / "state.sqlite3")
    with Mirror.for_spider("metro24") as mirror:
        second = crawl(mirror, tmp_path / "metro24.jsonl", state, spider="metro24")
    original = by_file(SPIDER, first_crawl["items"], "bkpsdm-surat-edaran.html")
    republished = by_file("metro24", second, "bkpsdm-surat-edaran.html")
    assert republished["duplicate_of"] == original["canonical_url"]
    assert republished["story_id"] == original["story_id"]
    report_a = by_file(SPIDER, first_crawl["items"], "rakornas-kasn-bawaslu.html")
    report_b = by_file("metro24", second, "rakornas-kasn-bawaslu.html")
    assert report_b["duplicate_of"] is None
    assert report_b["story_id"] != report_a["story_id"]
    assert [i["canonical_url"] for i in second if i["duplicate_of"]] == [
        republished["canonical_url"]
    ]


def test_crawlall_links_stories_across_spiders_run_in_one_process(tmp_path: Path) -> None:
    """Both outlets from one mirror in one crawlall process, sharing one store."""
    pages = [*load_site(SPIDER).values(), *load_site("metro24").values()]
    feeds = tmp_path / "feeds"
    with Mirror(pages) as mirror:
        result = run(
            "crawlall", "--feeds-dir", str(feeds), "-a", f"base_url={mirror.base_url}",
            state=tmp_path / "state.sqlite3",
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    items = {
        spider: read_jsonl(next((feeds / spider).glob("*.jsonl"))) for spider in (SPIDER, "metro24")
    }
    a = by_file(SPIDER, items[SPIDER], "bkpsdm-surat-edaran.html")
    b = by_file("metro24", items["metro24"], "bkpsdm-surat-edaran.html")
    assert a["story_id"] == b["story_id"]
    assert {a["duplicate_of"], b["duplicate_of"]} in (
        {None, a["canonical_url"]},
        {None, b["canonical_url"]},
    )
    c = by_file(SPIDER, items[SPIDER], "rakornas-kasn-bawaslu.html")
    d = by_file("metro24", items["metro24"], "rakornas-kasn-bawaslu.html")
    assert c["story_id"] != d["story_id"] and c["duplicate_of"] is d["duplicate_of"] is None
