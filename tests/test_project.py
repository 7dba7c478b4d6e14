"""Project consistency: spiders, fixtures, tests, pipelines, exporters and commands fit together."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings

from asnscraper.items import Article, article_fields
from asnscraper.mirror import FIXTURES_DIR, load_site

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = get_project_settings()
LOADER = SpiderLoader.from_settings(SETTINGS)
SPIDERS = sorted(LOADER.list())


def test_both_outlets_are_spiders() -> None:
    assert {"pagaralampos", "metro24"} <= set(SPIDERS)


@pytest.mark.parametrize("name", SPIDERS)
def test_spider_name_matches_file_fixtures_and_tests(name: str) -> None:
    spidercls = LOADER.load(name)
    assert Path(sys.modules[spidercls.__module__].__file__).stem == name
    assert (FIXTURES_DIR / name / "meta.json").exists(), f"fixtures/{name}/meta.json missing"
    site = load_site(name)
    for file_name in site:
        assert (FIXTURES_DIR / name / file_name).exists(), (
            f"meta.json names a missing file {file_name}"
        )
    assert sum(p.kind == "article" for p in site.values()) >= 10
    mentions = [
        p for p in (ROOT / "tests").glob("test_*.py") if name in p.read_text(encoding="utf-8")
    ]
    assert mentions, f"no test module mentions spider {name!r}"
    assert spidercls.source_name and spidercls.canonical_host in spidercls.hosts
    assert callable(getattr(spidercls, "parse_article", None))


@pytest.mark.parametrize("path", sorted(SETTINGS.getdict("ITEM_PIPELINES")))
def test_configured_pipeline_imports(path: str) -> None:
    cls = load_object(path)
    assert callable(getattr(cls, "process_item", None))
    assert hasattr(cls, "from_crawler")


@pytest.mark.parametrize("setting", ["FEED_EXPORTERS", "FEED_STORAGES"])
def test_configured_components_import(setting: str) -> None:
    for path in SETTINGS.getdict(setting).values():
        load_object(path)


def test_article_has_every_design_field() -> None:
    design = [
        "url",
        "canonical_url",
        "source",
        "source_name",
        "title",
        "description",
        "body",
        "published_at",
        "published_at_raw",
        "modified_at",
        "event_date",
        "authors",
        "editor",
        "reporter_code",
        "section",
        "tags",
        "images",
        "related",
        "dateline",
        "regions",
        "people",
        "relevance",
        "story_id",
        "duplicate_of",
        "revision",
        "content_hash",
        "language",
        "parser",
        "scraped_at",
    ]
    assert article_fields() == design
    assert Article().language == "id"


def test_custom_settings_are_prefixed() -> None:
    import asnscraper.settings as module

    ours = [n for n in dir(module) if n.isupper() and n.startswith("ASNSCRAPER")]
    assert ours and all(n.startswith("ASNSCRAPER_") for n in ours)


def test_scrapy_list_shows_both_spiders() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert {"metro24", "pagaralampos"} <= set(out.stdout.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "since=2024-13-01"], "since='2024-13-01' is not a real calendar date"),
        (["-a", "since=yesterday"], "since='yesterday' is not a date in YYYY-MM-DD form"),
        (["-a", "max_pages=0"], "max_pages='0' must be 1 or more"),
        (["-a", "max_pages=lots"], "max_pages='lots' is not a whole number"),
        (["-a", "base_url=ftp://x"], "base_url='ftp://x' is not an http(s) URL"),
        (["-a", "query= , "], "holds no search terms"),
        (["-a", "since=2024-05-01", "-a", "until=2024-01-01"], "is after until=2024-01-01"),
    ],
)
def test_bad_spider_argument_exits_with_one_line(args: list[str], message: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "metro24", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert message in lines[0]
