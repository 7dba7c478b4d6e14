"""State kept across runs: an embedded SQLite store (WAL) of articles, stories and runs.

What it holds, per article key (the spider's identity of an article, e.g. Disway host + id):
canonical URL, source, content hash, story id, ``duplicate_of``, revision and the story
signature (MinHash); per source the keys of items dropped earlier (``seen``: known for
pagination only); per run the spider, times, counts and delivery status.

Nothing a run decides is written while it runs. Decisions are *staged* in a :class:`RunStage`
(visible to later lookups in the same process, so stories link across spiders run together)
and committed by :meth:`StateStore.deliver` only after the feed files were finalized, in two
phases:

1. *prepare*: the staged rows and the feed renames still to do (``.part`` -> final name) are
   written in one transaction (run status ``prepared``);
2. the ``.part`` files are renamed;
3. *commit*: the rows move into ``articles`` / ``seen`` and the run becomes ``delivered``.

A process killed before 1 leaves only ``.part`` files: the next run emits those items again
(nothing lost, and no final feed file held them: nothing doubled). Killed between 1 and 3, the
next :meth:`StateStore.open` finishes the renames and the commit (:meth:`recover`).

An empty path is an in-memory store: every run starts empty and emits everything.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from asnscraper.parsing.fingerprint import (
    DEFAULT_THRESHOLD,
    StoryIndex,
    values_from_bytes,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
MEMORY = ":memory:"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    story_id TEXT NOT NULL,
    duplicate_of TEXT,
    revision INTEGER NOT NULL,
    signature BLOB,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_content ON articles (source, content_hash);
CREATE INDEX IF NOT EXISTS articles_by_first_seen ON articles (first_seen);
CREATE TABLE IF NOT EXISTS seen (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    spider TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    finish_reason TEXT,
    status TEXT NOT NULL,
    articles_found INTEGER NOT NULL DEFAULT 0,
    emitted INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    renames TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS runs_by_spider ON runs (spider, id);
CREATE TABLE IF NOT EXISTS pending (
    run_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
"""
_ARTICLE_COLUMNS = (
    "key",
    "source",
    "canonical_url",
    "content_hash",
    "story_id",
    "duplicate_of",
    "revision",
    "signature",
    "first_seen",
    "last_seen",
)


class StateError(RuntimeError):
    """The state store cannot be used (unreadable file, newer schema …). One-line message."""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass
class ArticleRecord:
    """What the store knows of one article."""

    key: str
    source: str
    canonical_url: str
    content_hash: str
    story_id: str
    duplicate_of: str | None
    revision: int
    signature: bytes | None = None
    first_seen: str = ""
    last_seen: str = ""

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["signature"] = self.signature.hex() if self.signature else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleRecord:
        data = dict(data)
        data["signature"] = bytes.fromhex(data["signature"]) if data.get("signature") else None
        return cls(**data)


@dataclass
class RunStage:
    """One spider run's staged state: decisions, emitted keys, renames, counts."""

    spider: str
    started: str = field(default_factory=utc_now)
    records: dict[str, ArticleRecord] = field(default_factory=dict)
    emitted: set[str] = field(default_factory=set)
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)
    renames: list[tuple[str, str]] = field(default_factory=list)
    finished: str | None = None
    finish_reason: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    closed: bool = False


class StateStore:
    """The SQLite store plus the story index and the runs staged in this process."""

    def __init__(
        self, connection: sqlite3.Connection, path: str, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        self.db = connection
        self.path = path
        self.threshold = threshold
        #: Days back (by first_seen) whose articles are loaded into the story index; None = all.
        self.index_days: int | None = None
        self.runs: list[RunStage] = []
        self._locks: dict[str, int] = {}
        self._index: StoryIndex | None = None
        self._content: dict[tuple[str, str], str] = {}

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def connect(cls, path: str | os.PathLike[str] | None, **kwargs: Any) -> StateStore:
        """Open (creating if needed) the store at ``path``; empty/None = in memory."""
        target = str(path) if path else MEMORY
        try:
            if target != MEMORY:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(target, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            # Pages freed by delivered runs' pending rows go back to the file system.
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")
            if target != MEMORY:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            version = db.execute("SELECT value FROM meta WHERE name='schema'").fetchone()
            if version is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif version[0] != SCHEMA_VERSION:
                raise StateError(
                    f"state store {target} has schema {version[0]}, this asnscraper "
                    f"reads {SCHEMA_VERSION}"
                )
        except sqlite3.DatabaseError as exc:
            raise StateError(f"cannot open state store {target}: {exc}") from None
        store = cls(db, target, **kwargs)
        store.recover()
        return store

    @classmethod
    @contextmanager
    def open(cls, path: str | os.PathLike[str] | None, **kwargs: Any) -> Iterator[StateStore]:
        store = cls.connect(path, **kwargs)
        try:
            yield store
        finally:
            store.close()

    @property
    def persistent(self) -> bool:
        return self.path != MEMORY

    def close(self) -> None:
        for fd in self._locks.values():
            os.close(fd)  # closing the descriptor releases the lock
        self._locks.clear()
        self.db.close()

    def lock(self, spider: str) -> None:
        """Hold ``<store>.<spider>.lock`` until :meth:`close`: one run per spider and store at a
        time (two overlapping runs of a spider would both emit its new articles). The kernel
        drops the lock of a killed process. Raises StateError when another process holds it."""
        if not self.persistent or spider in self._locks:
            return
        path = f"{self.path}.{spider}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise StateError(
                f"another {spider} run (pid {holder}) is using the state store {self.path}"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._locks[spider] = fd

    # --- lookups -------------------------------------------------------------------------
    def article(self, key: str) -> ArticleRecord | None:
        """The committed record of ``key`` (earlier runs), or None."""
        row = self.db.execute(
            f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE key = ?", (key,)
        ).fetchone()
        return ArticleRecord(**dict(row)) if row else None

    def staged(self, key: str) -> ArticleRecord | None:
        """The record of ``key`` staged by a run of this process, or None."""
        for run in self.runs:
            record = run.records.get(key)
            if record is not None:
                return record
        return None

    def record(self, key: str) -> ArticleRecord | None:
        """Staged (this process) or committed record of ``key``."""
        return self.staged(key) or self.article(key)

    def known(self, key: str) -> bool:
        """True when an earlier run saw the article (emitted or dropped)."""
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE key = ? UNION ALL SELECT 1 FROM seen WHERE key = ? "
            "LIMIT 1",
            (key, key),
        ).fetchone()
        return row is not None

    def content_owner(self, source: str, content_hash: str) -> str | None:
        """The key of an article of ``source`` with this content hash (staged or committed)."""
        owner = self._content.get((source, content_hash))
        if owner is not None:
            return owner
        row = self.db.execute(
            "SELECT key FROM articles WHERE source = ? AND content_hash = ? LIMIT 1",
            (source, content_hash),
        ).fetchone()
        return row[0] if row else None

    @property
    def index(self) -> StoryIndex:
        """The story index: committed signatures (loaded on first use) plus staged ones."""
        if self._index is None:
            self._index = StoryIndex(self.threshold)
            query = "SELECT key, signature FROM articles WHERE signature IS NOT NULL"
            params: tuple[Any, ...] = ()
            if self.index_days:
                since = dt.datetime.now(dt.UTC) - dt.timedelta(days=self.index_days)
                query += " AND first_seen >= ?"
                params = (since.replace(microsecond=0).isoformat(),)
            for row in self.db.execute(query, params):
                try:
                    self._index.add(row[0], values_from_bytes(row[1]))
                except ValueError as exc:
                    logger.warning("Ignoring the stored signature of %s: %s", row[0], exc)
            for run in self.runs:
                for record in run.records.values():
                    if record.signature:
                        self._index.add(record.key, values_from_bytes(record.signature))
        return self._index

    # --- staging -------------------------------------------------------------------------
    def begin(self, spider: str) -> RunStage:
        run = RunStage(spider=spider)
        self.runs.append(run)
        return run

    def stage(self, run: RunStage, record: ArticleRecord) -> None:
        """Stage a decision: later lookups in this process see it; nothing is written yet."""
        run.records[record.key] = record
        self._content[(record.source, record.content_hash)] = record.key
        if record.signature:
            self.index.add(record.key, values_from_bytes(record.signature))

    def discard(self, run: RunStage) -> None:
        """Forget a run that will not be delivered (its feed failed): nothing is committed."""
        if run in self.runs:
            self.runs.remove(run)
        for record in run.records.values():
            self._content.pop((record.source, record.content_hash), None)
            if self._index is not None:
                self._index.remove(record.key)
                committed = self.article(record.key)
                if committed is not None and committed.signature:
                    self._index.add(committed.key, values_from_bytes(committed.signature))
        logger.warning(
            "State of the %s run discarded: the next run emits its items again", run.spider
        )

    # --- delivery ------------------------------------------------------------------------
    def deliver(self, runs: Iterable[RunStage], renames: Iterable[tuple[str, str]] = ()) -> None:
        """Commit ``runs`` (their emitted records) and rename the feed files, crash-safely."""
        runs = list(runs)
        all_renames = [*renames, *(r for run in runs for r in run.renames)]
        batch = self.prepare(runs, all_renames)
        apply_renames(all_renames)
        self.commit(batch)
        for run in runs:
            if run in self.runs:
                self.runs.remove(run)

    def prepare(self, runs: list[RunStage], renames: list[tuple[str, str]]) -> list[int]:
        """Phase 1: write the runs, their emitted records and the renames as ``prepared``."""
        ids = []
        with self._transaction():
            for position, run in enumerate(runs):
                counts = run.counts
                cursor = self.db.execute(
                    "INSERT INTO runs (spider, started, finished, finish_reason, status, "
                    "articles_found, emitted, new, updated, unchanged, duplicates, renames) "
                    "VALUES (?, ?, ?, ?, 'prepared', ?, ?, ?, ?, ?, ?, ?)",
                    (
                        run.spider,
                        run.started,
                        run.finished or utc_now(),
                        run.finish_reason,
                        counts.get("articles_found", 0),
                        counts.get("emitted", len(run.emitted)),
                        counts.get("new", 0),
                        counts.get("updated", 0),
                        counts.get("unchanged", 0),
                        counts.get("duplicates", 0),
                        json.dumps(renames if position == 0 else []),
                    ),
                )
                run_id = int(cursor.lastrowid or 0)
                ids.append(run_id)
                rows = [
                    (run_id, "article", json.dumps(run.records[key].as_json()))
                    for key in run.emitted
                    if key in run.records
                ]
                rows += [
                    (run_id, "seen", json.dumps([key, source, reason]))
                    for key, (source, reason) in run.seen.items()
                    if key not in run.records
                ]
                self.db.executemany("INSERT INTO pending VALUES (?, ?, ?)", rows)
        return ids

    def commit(self, run_ids: list[int]) -> None:
        """Phase 3: move prepared rows into the store; the runs become ``delivered``."""
        now = utc_now()
        with self._transaction():
            for run_id in run_ids:
                for kind, data in self.db.execute(
                    "SELECT kind, data FROM pending WHERE run_id = ?", (run_id,)
                ).fetchall():
                    if kind == "article":
                        self._upsert(ArticleRecord.from_json(json.loads(data)), now)
                    else:
                        key, source, reason = json.loads(data)
                        # Known articles (dropped as unchanged, duplicate …) stay articles.
                        self.db.execute(
                            "INSERT INTO seen SELECT ?, ?, ?, ? WHERE NOT EXISTS "
                            "(SELECT 1 FROM articles WHERE key = ?) ON CONFLICT (key) DO UPDATE "
                            "SET reason = excluded.reason, last_seen = excluded.last_seen",
                            (key, source, reason, now, key),
                        )
                self.db.execute("DELETE FROM pending WHERE run_id = ?", (run_id,))
                self.db.execute("UPDATE runs SET status = 'delivered' WHERE id = ?", (run_id,))
        self.db.executescript("PRAGMA incremental_vacuum;")  # execute() frees one page a call

    def _upsert(self, record: ArticleRecord, now: str) -> None:
        self.db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO "
            "UPDATE SET canonical_url = excluded.canonical_url, content_hash = "
            "excluded.content_hash, story_id = excluded.story_id, duplicate_of = "
            "excluded.duplicate_of, revision = excluded.revision, signature = "
            "excluded.signature, last_seen = excluded.last_seen",
            (
                record.key,
                record.source,
                record.canonical_url,
                record.content_hash,
                record.story_id,
                record.duplicate_of,
                record.revision,
                record.signature,
                record.first_seen or now,
                now,
            ),
        )
        self.db.execute("DELETE FROM seen WHERE key = ?", (record.key,))

    def recover(self) -> None:
        """Finish deliveries a killed process prepared but did not commit."""
        rows = self.db.execute(
            "SELECT id, renames FROM runs WHERE status = 'prepared' ORDER BY id"
        ).fetchall()
        if not rows:
            return
        for row in rows:
            apply_renames([tuple(r) for r in json.loads(row["renames"])])
        self.commit([row["id"] for row in rows])
        logger.warning("Finished %d run(s) delivered by a process that was stopped", len(rows))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- reporting and maintenance ----------------------------------------------------------
    def recent_articles_found(self, limit: int = 5) -> dict[str, list[int]]:
        """Articles found by each spider in its last ``limit`` delivered runs, newest first."""
        out: dict[str, list[int]] = {}
        for row in self.db.execute(
            "SELECT spider, articles_found FROM runs WHERE status = 'delivered' ORDER BY id DESC"
        ):
            found = out.setdefault(row[0], [])
            if len(found) < limit:
                found.append(int(row[1]))
        return out

    def sources(self) -> list[dict[str, Any]]:
        """Per source: articles, stories, near-duplicates, revised articles, known-dropped."""
        out: dict[str, dict[str, Any]] = {}
        for row in self.db.execute(
            "SELECT source, COUNT(*), COUNT(DISTINCT story_id), "
            "SUM(duplicate_of IS NOT NULL), SUM(revision > 1), MAX(last_seen) "
            "FROM articles GROUP BY source"
        ):
            out[row[0]] = {
                "source": row[0],
                "articles": row[1],
                "stories": row[2],
                "near_duplicates": row[3] or 0,
                "revised": row[4] or 0,
                "last_seen": row[5],
                "seen_dropped": 0,
            }
        for row in self.db.execute("SELECT source, COUNT(*) FROM seen GROUP BY source"):
            entry = out.setdefault(
                row[0],
                {
                    "source": row[0],
                    "articles": 0,
                    "stories": 0,
                    "near_duplicates": 0,
                    "revised": 0,
                    "last_seen": None,
                },
            )
            entry["seen_dropped"] = row[1]
        return [out[name] for name in sorted(out)]

    def last_runs(self) -> dict[str, dict[str, Any]]:
        """The last delivered run of each spider."""
        out: dict[str, dict[str, Any]] = {}
        for row in self.db.execute(
            "SELECT * FROM runs WHERE status = 'delivered' ORDER BY id DESC"
        ):
            if row["spider"] not in out:
                data = dict(row)
                data.pop("renames", None)
                out[row["spider"]] = data
        return out

    def known_sources(self) -> set[str]:
        names = {r[0] for r in self.db.execute("SELECT DISTINCT source FROM articles")}
        names |= {r[0] for r in self.db.execute("SELECT DISTINCT source FROM seen")}
        names |= {r[0] for r in self.db.execute("SELECT DISTINCT spider FROM runs")}
        return names

    def reset(self, source: str | None = None) -> int:
        """Forget one source (articles, seen keys, runs) or everything; returns articles removed."""
        with self._transaction():
            if source is None:
                removed = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                for table in ("articles", "seen", "runs", "pending"):
                    self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
            else:
                removed = self.db.execute(
                    "SELECT COUNT(*) FROM articles WHERE source = ?", (source,)
                ).fetchone()[0]
                self.db.execute("DELETE FROM articles WHERE source = ?", (source,))
                self.db.execute("DELETE FROM seen WHERE source = ?", (source,))
                self.db.execute(
                    "DELETE FROM pending WHERE run_id IN (SELECT id FROM runs WHERE spider = ?)",
                    (source,),
                )
                self.db.execute("DELETE FROM runs WHERE spider = ?", (source,))
        self._index = None
        self._content.clear()
        return int(removed)

    def size_on_disk(self) -> int:
        """Bytes of the database file and its WAL (0 in memory)."""
        if not self.persistent:
            return 0
        total = 0
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(self.path + suffix)
            if candidate.exists():
                total += candidate.stat().st_size
        return total


def apply_renames(renames: Iterable[tuple[str, str]]) -> None:
    """Rename finished feed files into place (a rename already done is skipped)."""
    for part, final in renames:
        if os.path.exists(part):
            os.replace(part, final)
            logger.info("Feed written: %s", final)
        elif not os.path.exists(final):
            logger.error("Feed file %s is missing: cannot publish %s", part, final)


# --- one store per process (crawlall / demo run several spiders on it) ---------------------
@dataclass
class StoreScope:
    """A store shared by every crawler of this process; ``deliver_by_command``: the command
    writes the feed itself (combined ``-O``) and delivers the staged runs after it."""

    store: StateStore
    deliver_by_command: bool = False


_scope: StoreScope | None = None


def active_scope() -> StoreScope | None:
    return _scope


@contextmanager
def shared_store(
    path: str | None, *, deliver_by_command: bool = False, **kwargs: Any
) -> Iterator[StoreScope]:
    """Open one store for every crawler started in this block (the pipelines find it)."""
    global _scope
    if _scope is not None:
        raise StateError("a shared state store is already open in this process")
    store = StateStore.connect(path, **kwargs)
    _scope = StoreScope(store, deliver_by_command)
    try:
        yield _scope
    finally:
        _scope = None
        store.close()
