"""Feeds: JSON Feed 1.1 documents, atomic feed files handed to the state store, JSON / JSON
Lines / JSON Feed from real ``scrapy crawl -O`` and ``crawlall`` runs against the mirror."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from asnscraper.exporters.jsonfeed import EXTENSION, VERSION, JsonFeedItemExporter, feed_item
from asnscraper.feedstorage import AtomicFileFeedStorage, feed_file_ready
from asnscraper.items import Article, article_fields
from asnscraper.mirror import Mirror
from asnscraper.state import StateStore

ROOT = Path(__file__).resolve().parent.parent
SPIDER = "pagaralampos"
FAST = [
    *("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"),
    *("-s", "ASNSCRAPER_NOW=2026-11-22T12:00:00+07:00"),
]
_EXTENSION_KEY = re.compile(r"^_[A-Za-z]")
_FEED_KEYS = {
    "version", "title", "home_page_url", "feed_url", "description", "user_comment",
    "next_url", "icon", "favicon", "authors", "language", "expired", "hubs", "items",
}  # fmt: skip
_ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "tags", "language",
    "attachments",
}  # fmt: skip


def rfc3339(value: str) -> bool:
    return bool(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$", value))


def check_json_feed(doc: dict[str, Any]) -> None:
    """The rules of https://jsonfeed.org/version/1.1 a reader relies on."""
    assert doc["version"] == VERSION
    assert isinstance(doc["title"], str) and doc["title"]
    assert isinstance(doc["items"], list)
    for key in doc:
        assert key in _FEED_KEYS or _EXTENSION_KEY.match(key), key
    for item in doc["items"]:
        for key in item:
            assert key in _ITEM_KEYS or _EXTENSION_KEY.match(key), key
        assert isinstance(item["id"], str) and item["id"]
        assert "content_text" in item or "content_html" in item
        for date in ("date_published", "date_modified"):
            if date in item:
                assert rfc3339(item[date]), item[date]
                dt.datetime.fromisoformat(item[date])
        for author in item.get("authors", []):
            assert set(author) <= {"name", "url", "avatar"} and author["name"]
        assert all(isinstance(t, str) for t in item.get("tags", []))
        for key, value in item.items():
            if key.startswith("_"):
                assert isinstance(value, dict)  # custom objects are objects


ARTICLE = Article(
    url="http://127.0.0.1:8000/pagaralam/read/1/a",
    canonical_url="https://pagaralampos.disway.id/pagaralam/read/1/a",
    source="pagaralampos",
    source_name="Pagaralam Pos",
    title="Judul",
    description="Ringkasan",
    body="Paragraf satu.\n\nParagraf dua.",
    published_at="2024-11-05T10:15:00+07:00",
    modified_at=None,
    authors=["Reporter Satu"],
    tags=["netralitas asn"],
    images=[
        {"url": "https://pagaralampos.disway.id/upload/a.jpg", "caption": None, "credit": None}
    ],
    story_id="abc",
    content_hash="0" * 32,
)


def export(items: list[Any], **options: Any) -> dict[str, Any]:
    handle = io.BytesIO()
    exporter = JsonFeedItemExporter(handle, **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return json.loads(handle.getvalue().decode("utf-8"))


def test_json_feed_item_maps_the_article() -> None:
    item = feed_item(ARTICLE)
    assert item["id"] == item["url"] == ARTICLE.canonical_url
    assert item["content_text"] == ARTICLE.body and item["summary"] == "Ringkasan"
    assert item["authors"] == [{"name": "Reporter Satu"}]
    assert item["image"] == "https://pagaralampos.disway.id/upload/a.jpg"
    assert item["date_published"] == "2024-11-05T10:15:00+07:00"
    assert "date_modified" not in item  # null values are left out
    extension = item[EXTENSION]
    assert extension["about"].startswith("https://")
    assert set(article_fields()) <= set(extension)
    assert extension["url"] == ARTICLE.url and extension["story_id"] == "abc"


@pytest.mark.parametrize("indent", [None, 2])
def test_json_feed_document_is_valid(indent: int | None) -> None:
    other = Article(**{**ARTICLE.__dict__, "canonical_url": ARTICLE.canonical_url + "-b"})
    doc = export([ARTICLE, other], indent=indent)
    check_json_feed(doc)
    assert [i["id"] for i in doc["items"]] == [ARTICLE.canonical_url, other.canonical_url]
    assert doc["home_page_url"] == "https://pagaralampos.disway.id/"
    assert "Pagaralam Pos" in doc["title"]


def test_empty_and_titled_json_feeds() -> None:
    check_json_feed(export([]))
    doc = export([ARTICLE], title="Pantauan", home_page_url="https://example.org/")
    assert (doc["title"], doc["home_page_url"]) == ("Pantauan", "https://example.org/")


def test_feed_of_several_outlets_has_no_single_home_page() -> None:
    metro = Article(**{**ARTICLE.__dict__, "canonical_url": "https://metro24.co.id/x"})
    metro.source_name = "Metro24"
    doc = export([ARTICLE, metro])
    check_json_feed(doc)
    assert "home_page_url" not in doc and "Metro24" in doc["title"]


# --- atomic feed files --------------------------------------------------------------------------
def test_atomic_storage_renames_itself_without_a_state_store(tmp_path: Path) -> None:
    target = tmp_path / "out" / "feed.jsonl"
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": True})
    handle = storage.open(None)
    handle.write(b"{}\n")
    assert Path(f"{target}.part").exists() and not target.exists()
    storage.store(handle)
    assert target.read_bytes() == b"{}\n" and not Path(f"{target}.part").exists()


def test_atomic_storage_hands_the_rename_to_a_receiver(tmp_path: Path) -> None:
    crawler = get_crawler()
    taken: list[tuple[str, str]] = []

    def receiver(part: str, final: str, **kwargs: Any) -> bool:
        taken.append((part, final))
        return True

    crawler.signals.connect(receiver, signal=feed_file_ready)
    target = tmp_path / "feed.jsonl"
    storage = AtomicFileFeedStorage.from_crawler(
        crawler, str(target), feed_options={"overwrite": True}
    )
    storage.store(storage.open(None))
    assert taken == [(f"{target}.part", str(target))]
    assert not target.exists() and Path(f"{target}.part").exists()


def test_appending_feeds_write_in_place(tmp_path: Path) -> None:
    target = tmp_path / "feed.jsonl"
    storage = AtomicFileFeedStorage(str(target), feed_options={"overwrite": False})
    handle = storage.open(None)
    handle.write(b"x")
    storage.store(handle)
    assert target.read_bytes() == b"x"


# --- real crawls ----------------------------------------------------------------------------------
def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args, *FAST],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_crawl_writes_json_lines_json_and_json_feed(tmp_path: Path) -> None:
    outputs = {
        "jsonl": tmp_path / "out.jsonl",
        "json": tmp_path / "out.json",
        "jsonfeed": tmp_path / "out.feed.json",
    }
    with Mirror.for_spider(SPIDER) as mirror:
        result = scrapy(
            "crawl", SPIDER, "-a", f"base_url={mirror.base_url}",
            "-O", str(outputs["jsonl"]), "-O", str(outputs["json"]),
            "-O", f"{outputs['jsonfeed']}:jsonfeed",
            "-s", f"ASNSCRAPER_STATE={tmp_path / 'state.sqlite3'}",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(x) for x in outputs["jsonl"].read_text(encoding="utf-8").splitlines()]
    array = json.loads(outputs["json"].read_text(encoding="utf-8"))
    doc = json.loads(outputs["jsonfeed"].read_text(encoding="utf-8"))
    check_json_feed(doc)
    urls = [i["canonical_url"] for i in lines]
    assert urls and sorted(urls) == sorted(i["canonical_url"] for i in array)
    assert sorted(urls) == sorted(i["id"] for i in doc["items"])
    assert all(i[EXTENSION]["story_id"] and i[EXTENSION]["revision"] == 1 for i in doc["items"])
    assert doc["home_page_url"] == "https://pagaralampos.disway.id/"
    assert not list(tmp_path.glob("*.part"))
    with StateStore.open(tmp_path / "state.sqlite3") as store:
        assert store.sources()[0]["articles"] == len(urls)


def test_crawlall_per_run_feeds_in_several_formats(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    with Mirror.for_spider(SPIDER) as mirror:
        result = scrapy(
            "crawlall", "--spiders", SPIDER, "--feeds-dir", str(feeds),
            "--format", "jsonl,jsonfeed", "-a", f"base_url={mirror.base_url}",
            "-s", f"ASNSCRAPER_STATE={tmp_path / 'state.sqlite3'}",
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    jsonl = list((feeds / SPIDER).glob("*.jsonl"))
    feed = list((feeds / SPIDER).glob("*.feed.json"))
    assert len(jsonl) == len(feed) == 1
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d", jsonl[0].name)  # named by UTC time
    doc = json.loads(feed[0].read_text(encoding="utf-8"))
    check_json_feed(doc)
    assert len(doc["items"]) == len(jsonl[0].read_text(encoding="utf-8").splitlines())
    summary = json.loads(next(feeds.glob("run-*.json")).read_text(encoding="utf-8"))
    row = summary["spiders"][0]
    assert row["spider"] == SPIDER and row["healthy"] and row["new"] == len(doc["items"])
    for column in ("pages_fetched", "articles_found", "relevant", "unchanged", "dropped"):
        assert column in row


def test_crawlall_combined_feed_is_written_then_state_committed(tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    state = tmp_path / "state.sqlite3"
    with Mirror.for_spider(SPIDER) as mirror:
        args = ("crawlall", "-s", SPIDER, "--feeds-dir", str(tmp_path / "feeds"), "-O", str(out))
        args += ("-a", f"base_url={mirror.base_url}", "-s", f"ASNSCRAPER_STATE={state}")
        first = scrapy(*args)
        assert first.returncode == 0, first.stdout + first.stderr[-3000:]
        emitted = out.read_text(encoding="utf-8").splitlines()
        assert emitted and not Path(f"{out}.part").exists()
        with StateStore.open(state) as store:
            assert store.sources()[0]["articles"] == len(emitted)
        again = scrapy(*args)
    assert again.returncode == 0, again.stdout + again.stderr[-3000:]
    assert out.read_text(encoding="utf-8") == ""
