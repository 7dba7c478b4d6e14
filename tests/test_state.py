"""The SQLite state store: staging, two-phase delivery, recovery after a kill, reset, history,
and the ``scrapy state`` command."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from asnscraper.parsing.fingerprint import normalize_body, signature, signature_bytes
from asnscraper.pipelines.deduplicate import DeduplicateArticlesPipeline
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from asnscraper.state import (
    ArticleRecord,
    StateError,
    StateStore,
    active_scope,
    shared_store,
)
from tests.support import make_spider

ROOT = Path(__file__).resolve().parent.parent
RELEASE = (ROOT / "fixtures" / "_shared" / "press_release_bkpsdm.txt").read_text(encoding="utf-8")


def record(
    key: str, source: str = "pagaralampos", text: str = RELEASE, **kw: object
) -> ArticleRecord:
    values: dict = {
        "key": key,
        "source": source,
        "canonical_url": f"https://{key}",
        "content_hash": f"hash-{key}",
        "story_id": f"story-{key}",
        "duplicate_of": None,
        "revision": 1,
        "signature": signature_bytes(signature(normalize_body(text))),
    }
    values.update(kw)
    return ArticleRecord(**values)  # type: ignore[arg-type]


def staged_run(store: StateStore, *records: ArticleRecord, spider: str = "pagaralampos"):
    run = store.begin(spider)
    for rec in records:
        store.stage(run, rec)
        run.emitted.add(rec.key)
    run.counts = {"articles_found": len(records), "emitted": len(records), "new": len(records)}
    run.closed = True
    return run


def test_store_is_wal_sqlite_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.sqlite3"
    with StateStore.open(path) as store:
        assert store.persistent
        mode = store.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        store.deliver([staged_run(store, record("a/1"))])
    with StateStore.open(path) as store:
        assert store.known("a/1") and not store.known("a/2")
        assert store.article("a/1").story_id == "story-a/1"
        assert store.recent_articles_found() == {"pagaralampos": [1]}


def test_empty_path_is_in_memory() -> None:
    with StateStore.open("") as store:
        assert not store.persistent and store.size_on_disk() == 0


def test_staged_records_are_visible_but_not_committed(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with StateStore.open(path) as store:
        run = staged_run(store, record("a/1"))
        assert store.record("a/1") is run.records["a/1"]
        assert store.content_owner("pagaralampos", "hash-a/1") == "a/1"
        assert [m.key for m in store.index.matches(signature(normalize_body(RELEASE)))] == ["a/1"]
        assert store.article("a/1") is None and not store.known("a/1")
    # the process ends without delivering: nothing was written
    with StateStore.open(path) as store:
        assert store.article("a/1") is None
        assert store.index.matches(signature(normalize_body(RELEASE))) == []


def test_only_emitted_records_are_committed(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        run = staged_run(store, record("a/1"), record("a/2", text="lain sama sekali"))
        run.emitted.discard("a/2")
        store.deliver([run])
        assert store.known("a/1") and not store.known("a/2")


def test_seen_keys_are_known_but_not_articles(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        run = staged_run(store, record("a/1"))
        run.seen["a/9"] = ("pagaralampos", "irrelevant")
        run.seen["a/1"] = ("pagaralampos", "duplicate_url")
        store.deliver([run])
        assert store.known("a/9") and store.article("a/9") is None
        assert store.sources()[0]["seen_dropped"] == 1


def test_revision_upsert_keeps_first_seen(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        store.deliver([staged_run(store, record("a/1"))])
        first = store.article("a/1")
        store.deliver([staged_run(store, record("a/1", content_hash="new", revision=2))])
        again = store.article("a/1")
        assert (again.revision, again.content_hash) == (2, "new")
        assert again.first_seen == first.first_seen


def test_delivery_renames_feed_files(tmp_path: Path) -> None:
    part, final = tmp_path / "feed.jsonl.part", tmp_path / "feed.jsonl"
    part.write_text("{}\n")
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        run = staged_run(store, record("a/1"))
        run.renames.append((str(part), str(final)))
        store.deliver([run])
    assert final.read_text() == "{}\n" and not part.exists()


def test_kill_between_prepare_and_commit_is_finished_at_next_open(tmp_path: Path) -> None:
    """The process dies after phase 1: the next open renames the feed and commits the state."""
    path = tmp_path / "s.sqlite3"
    part, final = tmp_path / "feed.jsonl.part", tmp_path / "feed.jsonl"
    part.write_text('{"id": 1}\n')
    store = StateStore.connect(path)
    run = staged_run(store, record("a/1"))
    store.prepare([run], [(str(part), str(final))])
    store.db.close()  # killed here: no rename, no commit
    assert part.exists() and not final.exists()
    with StateStore.open(path) as store:
        assert final.exists() and not part.exists()
        assert store.known("a/1")
        assert store.last_runs()["pagaralampos"]["status"] == "delivered"
        assert store.db.execute("SELECT COUNT(*) FROM pending").fetchone()[0] == 0


def test_kill_after_rename_before_commit_is_finished_too(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    part, final = tmp_path / "f.part", tmp_path / "f"
    part.write_text("x")
    store = StateStore.connect(path)
    store.prepare([staged_run(store, record("a/1"))], [(str(part), str(final))])
    part.replace(final)  # renamed, then killed before the commit
    store.db.close()
    with StateStore.open(path) as store:
        assert store.known("a/1") and final.read_text() == "x"


def test_discard_forgets_a_run_and_restores_the_committed_signature(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        store.deliver([staged_run(store, record("a/1"))])
        probe = signature(normalize_body(RELEASE))
        assert [m.key for m in store.index.matches(probe)] == ["a/1"]
        run = staged_run(store, record("a/1", text="teks yang sama sekali berbeda isinya"))
        assert store.index.matches(probe) == []
        store.discard(run)
        assert [m.key for m in store.index.matches(probe)] == ["a/1"]
        assert store.runs == []


def test_reset_one_source_or_everything(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        store.deliver([staged_run(store, record("p/1"), record("p/2", text="dua"))])
        store.deliver([staged_run(store, record("m/1", "metro24", text="tiga"), spider="metro24")])
        assert store.reset("pagaralampos") == 2
        assert {s["source"] for s in store.sources()} == {"metro24"}
        assert set(store.recent_articles_found()) == {"metro24"}
        assert store.reset() == 1
        assert store.sources() == [] and store.recent_articles_found() == {}


def test_recent_articles_found_is_newest_first_and_bounded(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        for found in (3, 5, 0, 7, 8, 9):
            run = store.begin("pagaralampos")
            run.counts = {"articles_found": found}
            store.deliver([run])
        assert store.recent_articles_found(limit=5) == {"pagaralampos": [9, 8, 7, 0, 5]}


def test_unreadable_or_newer_store_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="cannot open state store"):
        StateStore.connect(junk)
    newer = tmp_path / "newer.sqlite3"
    StateStore.connect(newer).close()
    db = sqlite3.connect(newer)
    with db:
        db.execute("UPDATE meta SET value = '99' WHERE name = 'schema'")
    db.close()
    with pytest.raises(StateError, match="has schema 99"):
        StateStore.connect(newer)


def test_one_run_per_spider_and_store_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    first = StateStore.connect(path)
    first.lock("pagaralampos")
    second = StateStore.connect(path)
    with pytest.raises(StateError, match=r"another pagaralampos run \(pid \d+\) is using"):
        second.lock("pagaralampos")
    second.lock("metro24")  # another spider may run beside it
    first.close()  # the run ended (or was killed): the lock is free
    second.lock("pagaralampos")
    second.close()
    with StateStore.open("") as memory:
        memory.lock("pagaralampos")  # nothing to lock in memory


def test_shared_store_is_found_by_every_pipeline_of_the_process(tmp_path: Path) -> None:
    assert active_scope() is None
    with shared_store(str(tmp_path / "s.sqlite3")) as scope:
        pipelines = []
        for _ in range(2):
            spider = make_spider(PagaralamposSpider)
            pipeline = DeduplicateArticlesPipeline.from_crawler(spider.crawler)
            pipeline.open_spider()
            pipelines.append(pipeline)
        assert pipelines[0].store is pipelines[1].store is scope.store
        assert callable(pipelines[0].crawler.spider.known_article)
        with pytest.raises(StateError, match="already open"), shared_store(None):
            pass
    assert active_scope() is None


# --- scrapy state ------------------------------------------------------------------------------
def scrapy_state(*args: str, state: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "state", "-s", f"ASNSCRAPER_STATE={state}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_state_command_shows_resets_and_refuses_unknown_sources(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    missing = scrapy_state(state=path)
    assert missing.returncode == 0 and "not created yet" in missing.stdout
    with StateStore.open(path) as store:
        store.deliver([staged_run(store, record("p/1"), record("p/2", text="dua"))])
        store.deliver([staged_run(store, record("m/1", "metro24", text="tiga"), spider="metro24")])
    shown = scrapy_state(state=path)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert any(line.split()[:2] == ["pagaralampos", "2"] for line in lines)
    assert any(line.split()[:2] == ["metro24", "1"] for line in lines)
    assert "last run of each spider" in shown.stdout
    unknown = scrapy_state("--reset", "nosuch", state=path)
    assert unknown.returncode == 2
    assert unknown.stderr.strip().count("\n") == 0 and "unknown source 'nosuch'" in unknown.stderr
    one = scrapy_state("--reset", "metro24", state=path)
    assert one.returncode == 0 and "1 article(s) forgotten" in one.stdout
    with StateStore.open(path) as store:
        assert [s["source"] for s in store.sources()] == ["pagaralampos"]
    everything = scrapy_state("--reset", "all", state=path)
    assert everything.returncode == 0 and "2 article(s) forgotten" in everything.stdout
    empty = scrapy_state(state=path)
    assert "empty" in empty.stdout


# --- the pipeline's delivery ---------------------------------------------------------------------
@pytest.mark.parametrize("feed_failed", [False, True])
def test_pipeline_commits_after_the_feed_and_never_after_a_failed_one(
    tmp_path: Path, feed_failed: bool
) -> None:
    from asnscraper.items import Article

    path = tmp_path / "s.sqlite3"
    feeds = {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}}
    spider = make_spider(
        PagaralamposSpider, settings={"ASNSCRAPER_STATE": str(path), "FEEDS": feeds}
    )
    pipeline = DeduplicateArticlesPipeline.from_crawler(spider.crawler)
    pipeline.open_spider()
    url = "https://pagaralampos.disway.id/pagaralam/read/7/artikel"
    item = pipeline.process_item(Article(url=url, canonical_url=url, body=RELEASE))
    pipeline.item_scraped(item)
    pipeline.spider_closed(reason="finished")
    with StateStore.open(path) as store:
        assert not store.known("pagaralampos.disway.id/read/7")  # feeds not closed yet
    if feed_failed:
        pipeline.stats.set_value("feedexport/failed_count/FileFeedStorage", 1)
    pipeline.feed_exporter_closed()
    with StateStore.open(path) as store:
        assert store.known("pagaralampos.disway.id/read/7") is not feed_failed
        assert bool(store.last_runs()) is not feed_failed
