"""End to end: real `scrapy` processes crawl a loopback HTTP mirror of the fixtures."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from asnscraper.mirror import Mirror
from tests.expected import article_fixtures, expected_path, load_expected

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]


def scrapy(*args: str, cwd: Path = ROOT, timeout: int = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def read_jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def expected_canonical_urls(spider: str) -> set[str]:
    return {
        load_expected(s, n)["canonical_url"]
        for s, n in article_fixtures()
        if s == spider and expected_path(s, n).exists()
    }


@pytest.mark.parametrize("spider", ["metro24", "pagaralampos"])
def test_crawl_of_the_mirror_yields_every_article_once(spider: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with Mirror.for_spider(spider) as mirror:
        result = scrapy(
            "crawl",
            spider,
            "-a",
            f"base_url={mirror.base_url}",
            "-O",
            str(out),
            "-s",
            "ASNSCRAPER_STATE=",
            "-s",
            "ASNSCRAPER_KEEP_IRRELEVANT=True",
            *FAST,
        )
        requested = list(mirror.requests)
    assert result.returncode == 0, result.stderr[-3000:]
    items = read_jsonl(out)
    counts = Counter(item["canonical_url"] for item in items)
    assert [u for u, n in counts.items() if n > 1] == []
    assert set(counts) == expected_canonical_urls(spider)
    assert all(item["url"].startswith("http://127.0.0.1:") for item in items)
    assert all(not item["canonical_url"].startswith("http://127.0.0.1") for item in items)
    assert "/robots.txt" in requested


def test_demo_writes_both_seed_articles(tmp_path: Path) -> None:
    out = tmp_path / "demo.jsonl"
    result = scrapy("demo", "-O", str(out))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "pagaralampos" in result.stdout and "metro24" in result.stdout
    items = {item["canonical_url"]: item for item in read_jsonl(out)}
    seeds = {
        "pagaralampos": "Jaga Netralitas, Beri Contoh Positif bagi Masyarakat",
        "metro24": "Sekda Kuansing Dr. Fahdiansyah Ingatkan ASN Harus Netral",
    }
    for spider, title in seeds.items():
        found = [i for i in items.values() if i["source"] == spider and i["title"] == title]
        assert len(found) == 1, f"{spider} seed missing from demo feed"
        seed = found[0]
        assert seed["published_at"] and seed["published_at"][19:] == "+07:00"
        body = seed["body"]
        assert len(body) > 1000
        for junk in (
            "BACA JUGA",
            "Baca Juga",
            "--pagaralampos.com",
            "Tinggalkan Balasan",
            "Google News",
        ):
            assert junk not in body, f"{spider} seed body still has {junk!r}"
