"""The SQLite state store: staging, two-phase delivery, recovery after a kill, reset, history,
and the ``scrapy state`` command."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from asnscraper import state, state_filter, state_schema
from asnscraper.parsing.fingerprint import (
    BUCKETS,
    FINGERPRINT_VERSION,
    band_buckets,
    normalize_body,
    signature,
    signature_bytes,
)
from asnscraper.pipelines.deduplicate import DeduplicateArticlesPipeline
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from asnscraper.state import (
    ArticleRecord,
    StateError,
    StateStore,
    active_scope,
    shared_store,
)
from asnscraper.state_schema import SCHEMA_VERSION
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
        assert [m.key for m in store.story_matches(signature(normalize_body(RELEASE)))] == ["a/1"]
        assert store.article("a/1") is None and not store.known("a/1")
    # the process ends without delivering: nothing was written, not even a band row
    with StateStore.open(path) as store:
        assert store.article("a/1") is None
        assert store.story_matches(signature(normalize_body(RELEASE))) == []
        assert count(store, "bands") == 0


def count(store: StateStore, table: str) -> int:
    return store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def buckets_of(store: StateStore, key: str) -> list[int]:
    rows = store.db.execute(
        "SELECT bucket FROM bands JOIN articles ON articles.id = bands.article WHERE key = ?",
        (key,),
    )
    return sorted(row[0] for row in rows)


def test_a_lookup_reads_the_signatures_of_its_candidates_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a store loads nothing; a lookup decodes the signatures of the articles sharing
    a bucket with it, not the thousands of others."""
    rng = np.random.default_rng(4)
    path = tmp_path / "s.sqlite3"
    with StateStore.open(path) as store:
        others = [
            record(f"r/{n}", signature=signature_bytes(rng.integers(0, 2**32, 64, np.uint32)))
            for n in range(3000)
        ]
        store.deliver([staged_run(store, record("a/1"), *others)])
    decoded: list[bytes] = []
    real = state.values_from_bytes

    def counting(data: bytes) -> np.ndarray:
        decoded.append(data)
        return real(data)

    monkeypatch.setattr(state, "values_from_bytes", counting)
    with StateStore.open(path) as store:
        assert decoded == []
        found = store.story_matches(signature(normalize_body(RELEASE)))
    assert [m.key for m in found] == ["a/1"]
    assert len(decoded) == 1


def random_records(prefix: str, count: int, seed: int) -> list[ArticleRecord]:
    """Records with the signatures of ``count`` unrelated texts (random MinHash values)."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 2**32, (count, 64), dtype=np.uint32)
    return [record(f"{prefix}/{n}", signature=signature_bytes(v)) for n, v in enumerate(values)]


def test_bucket_filter_grows_never_misses_and_spares_most_seeks(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    runs = [random_records(f"r{n}", 250, seed=n) for n in range(4)]
    with StateStore.open(path) as store:
        assert store._filter.log2 == state_filter.MIN_LOG2
        for records in runs:
            store.deliver([staged_run(store, *records)])
        rows = count(store, "bands")
        assert rows == 24 * 1000
        meta = dict(store.db.execute("SELECT name, value FROM meta").fetchall())
        assert meta["band_rows"] == str(rows)
        assert int(meta["filter_log2"]) == state_filter.size_for(rows) > state_filter.MIN_LOG2
    with StateStore.open(path) as store:  # a fresh connection loads the stored filter
        for rec in (r for records in runs for r in records):
            buckets = band_buckets(np.frombuffer(rec.signature, dtype="<u4"))
            assert store._filter.may_hold(buckets) == buckets
            assert [m.key for m in store.story_matches(np.frombuffer(rec.signature, "<u4"))] == [
                rec.key
            ]
        probes = random_records("new", 300, seed=99)
        seeks = [
            len(store._filter.may_hold(band_buckets(np.frombuffer(p.signature, dtype="<u4"))))
            for p in probes
        ]
        assert sum(seeks) / len(seeks) < 4  # of 24: at most about one bit in eight is set


def test_a_lookup_sees_what_another_process_committed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with StateStore.open(path) as reader, StateStore.open(path) as writer:
        probe = signature(normalize_body(RELEASE))
        assert reader.story_matches(probe) == []
        writer.deliver([staged_run(writer, record("a/1"), *random_records("r", 400, seed=3))])
        reader.refresh_interval = 0.0  # the next lookup checks (by default: a second later)
        assert [m.key for m in reader.story_matches(probe)] == ["a/1"]


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
        assert buckets_of(store, "a/1") == sorted(band_buckets(signature(normalize_body(RELEASE))))
        other = signature(normalize_body("teks lain sama sekali tentang kampanye"))
        store.deliver([staged_run(store, record("a/1", signature=signature_bytes(other)))])
        assert buckets_of(store, "a/1") == sorted(band_buckets(other))
        assert count(store, "bands") == 24


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
        assert [m.key for m in store.story_matches(probe)] == ["a/1"]
        run = staged_run(store, record("a/1", text="teks yang sama sekali berbeda isinya"))
        assert store.story_matches(probe) == []
        store.discard(run)
        assert [m.key for m in store.story_matches(probe)] == ["a/1"]
        assert store.runs == []


def test_reset_one_source_or_everything(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        store.deliver([staged_run(store, record("p/1"), record("p/2", text="dua"))])
        store.deliver([staged_run(store, record("m/1", "metro24", text="tiga"), spider="metro24")])
        assert store.reset("pagaralampos") == 2
        assert {s["source"] for s in store.sources()} == {"metro24"}
        assert set(store.recent_articles_found()) == {"metro24"}
        assert count(store, "bands") == 24 and buckets_of(store, "m/1")
        assert store.reset() == 1
        assert store.sources() == [] and store.recent_articles_found() == {}
        assert count(store, "bands") == 0


def test_recent_articles_found_is_newest_first_and_bounded(tmp_path: Path) -> None:
    with StateStore.open(tmp_path / "s.sqlite3") as store:
        for found in (3, 5, 0, 7, 8, 9):
            run = store.begin("pagaralampos")
            run.counts = {"articles_found": found}
            store.deliver([run])
        assert store.recent_articles_found(limit=5) == {"pagaralampos": [9, 8, 7, 0, 5]}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def set_meta(path: Path, name: str, value: str) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET value = ? WHERE name = ?", (value, name))
    db.close()


def test_unreadable_store_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="cannot open state store"):
        StateStore.connect(junk)
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    with db:
        db.execute("CREATE TABLE notes (text TEXT)")
    db.close()
    before = digest(other)
    with pytest.raises(StateError, match="is an SQLite database but not an asnscraper state store"):
        StateStore.connect(other)
    assert digest(other) == before


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("schema", "99", "has schema 99, newer than this asnscraper's"),
        ("fingerprint", str(FINGERPRINT_VERSION + 1), "fingerprint version .*, newer than"),
    ],
)
def test_store_of_a_newer_asnscraper_is_refused_and_left_untouched(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    newer = tmp_path / "newer.sqlite3"
    with StateStore.open(newer) as store:
        store.deliver([staged_run(store, record("a/1"))])
    set_meta(newer, name, value)
    before = digest(newer)
    with pytest.raises(StateError, match=message) as refused:
        StateStore.connect(newer)
    assert "\n" not in str(refused.value)
    assert digest(newer) == before and not Path(f"{newer}-wal").exists()


def test_newer_store_makes_crawl_crawlall_and_state_exit_1_with_one_line(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    with StateStore.open(newer) as store:
        store.deliver([staged_run(store, record("a/1"))])
    set_meta(newer, "fingerprint", str(FINGERPRINT_VERSION + 1))
    before = digest(newer)
    for args in (("crawl", "pagaralampos"), ("crawlall",), ("state",)):
        result = scrapy(*args, "-s", f"ASNSCRAPER_STATE={newer}", "-s", "LOG_LEVEL=ERROR")
        assert result.returncode == 1, (args, result.stderr[-2000:])
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and "newer than this asnscraper's" in errors[0], result.stderr
        assert "Traceback" not in result.stderr
    assert digest(newer) == before


SCHEMA_1 = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (key TEXT PRIMARY KEY, source TEXT NOT NULL, canonical_url TEXT NOT NULL,
    content_hash TEXT NOT NULL, story_id TEXT NOT NULL, duplicate_of TEXT,
    revision INTEGER NOT NULL, signature BLOB, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
CREATE INDEX articles_by_content ON articles (source, content_hash);
CREATE INDEX articles_by_first_seen ON articles (first_seen);
CREATE TABLE seen (key TEXT PRIMARY KEY, source TEXT NOT NULL, reason TEXT NOT NULL,
    last_seen TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, spider TEXT NOT NULL,
    started TEXT NOT NULL, finished TEXT, finish_reason TEXT, status TEXT NOT NULL,
    articles_found INTEGER NOT NULL DEFAULT 0, emitted INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,
    renames TEXT NOT NULL DEFAULT '[]');
CREATE INDEX runs_by_spider ON runs (spider, id);
CREATE TABLE pending (run_id INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL);
INSERT INTO meta VALUES ('schema', '1');
"""
T0 = "2026-10-01T08:00:00+00:00"


def schema_1_store(path: Path, part: Path, final: Path) -> None:
    """A store as schema 1 left it: two articles (one without a signature), a dropped key, a
    delivered run, and a run a killed process prepared (pending article, feed not renamed)."""
    sig = signature_bytes(signature(normalize_body(RELEASE)))
    pending = record("p/9", text="berita lain tentang pengawasan pemilu").as_json()
    del pending["fingerprint"]  # schema 1 staged no version
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_1)
    with db:
        db.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ("p/1", "pagaralampos", "https://p/1", "h1", "s1", None, 2, sig, T0, T0),
                ("p/2", "pagaralampos", "https://p/2", "h2", "s2", "https://p/1", 1, None, T0, T0),
            ],
        )
        db.execute("INSERT INTO seen VALUES ('p/5', 'pagaralampos', 'irrelevant', ?)", (T0,))
        db.execute(
            "INSERT INTO runs (spider, started, status, articles_found) "
            "VALUES ('pagaralampos', ?, 'delivered', 3)",
            (T0,),
        )
        db.execute(
            "INSERT INTO runs (spider, started, status, articles_found, renames) "
            "VALUES ('pagaralampos', ?, 'prepared', 1, ?)",
            (T0, json.dumps([[str(part), str(final)]])),
        )
        db.execute("INSERT INTO pending VALUES (2, 'article', ?)", (json.dumps(pending),))
    db.close()
    part.write_text('{"id": 9}\n')


def test_schema_1_store_is_upgraded_in_place(tmp_path: Path) -> None:
    path, part, final = tmp_path / "s.sqlite3", tmp_path / "f.jsonl.part", tmp_path / "f.jsonl"
    schema_1_store(path, part, final)
    with StateStore.open(path) as store:
        meta = dict(store.db.execute("SELECT name, value FROM meta").fetchall())
        assert meta == {
            "schema": str(SCHEMA_VERSION),
            "fingerprint": "1",
            "buckets": BUCKETS,
            "filter_log2": "16",
            "band_rows": "48",
        }
        one = store.article("p/1")
        assert (one.revision, one.story_id, one.fingerprint, one.first_seen) == (2, "s1", 1, T0)
        assert store.article("p/2").duplicate_of == "https://p/1"
        assert store.known("p/5") and store.article("p/5") is None
        # the prepared run was finished after the upgrade: renamed, committed, version 1
        assert final.exists() and not part.exists()
        assert store.article("p/9").fingerprint == 1
        assert [r for r in store.recent_articles_found()["pagaralampos"]] == [1, 3]
        assert buckets_of(store, "p/1") == sorted(band_buckets(signature(normalize_body(RELEASE))))
        assert count(store, "bands") == 48  # p/1 and p/9; p/2 has no signature
        found = store.story_matches(signature(normalize_body(RELEASE)))
        assert [m.key for m in found] == ["p/1"]
        columns = [row[1] for row in store.db.execute("PRAGMA table_info(articles)")]
        assert columns[0] == "id" and "fingerprint" in columns
        tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master")}
        assert "articles_v1" not in tables and "articles_by_first_seen" not in tables
    with StateStore.open(path) as store:  # a current store is opened without writing
        assert count(store, "articles") == 3


def test_a_failed_upgrade_leaves_the_schema_1_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, part, final = tmp_path / "s.sqlite3", tmp_path / "f.part", tmp_path / "f"
    schema_1_store(path, part, final)

    def disk_full(db: sqlite3.Connection, batch: int = 0) -> int:
        db.execute("INSERT INTO bands VALUES (1, 1)")  # something written first
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(state_schema, "rebuild_bands", disk_full)
    with pytest.raises(StateError, match="cannot open state store .*disk is full"):
        StateStore.connect(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == ("1",)
    columns = [row[1] for row in db.execute("PRAGMA table_info(articles)")]
    assert columns[0] == "key" and "fingerprint" not in columns
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone() == (2,)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "bands" not in tables and "articles_v1" not in tables
    db.close()
    assert part.exists() and not final.exists()
    monkeypatch.undo()
    with StateStore.open(path) as store:  # the next open upgrades it
        assert store.article("p/9") is not None and final.exists()


def test_bands_of_another_layout_are_rebuilt_when_the_store_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with StateStore.open(path) as store:
        store.deliver([staged_run(store, record("a/1"), record("a/2", text="dua tiga empat"))])
        expected = buckets_of(store, "a/1")
        store.db.execute("UPDATE bands SET bucket = bucket + 1")  # as another hash wrote them
    set_meta(path, "buckets", "another/24x2/64")
    with StateStore.open(path) as store:
        assert buckets_of(store, "a/1") == expected and count(store, "bands") == 48
        assert store.db.execute("SELECT value FROM meta WHERE name = 'buckets'").fetchone()[0] == (
            BUCKETS
        )


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
def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def scrapy_state(*args: str, state: Path) -> subprocess.CompletedProcess[str]:
    return scrapy("state", "-s", f"ASNSCRAPER_STATE={state}", *args)


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
    assert f"schema {SCHEMA_VERSION}, fingerprint version {FINGERPRINT_VERSION}\n" in shown.stdout
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
