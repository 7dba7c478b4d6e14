"""State kept across runs: an embedded SQLite store (WAL) of articles, stories and runs.

What it holds, per article key (the spider's identity of an article, e.g. Disway host + id):
canonical URL, source, content hash (and the fingerprint version that made it), story id,
``duplicate_of``, revision and the story signature (MinHash); the LSH buckets of every
signature (``bands``: the story index, on disk); per source the keys of items dropped earlier
(``seen``: known for pagination only); per run the spider, times, counts and delivery status.
Schema, versions and upgrades: :mod:`asnscraper.state_schema`.

The story index is never loaded: :meth:`StateStore.story_matches` reads the buckets of the new
article's bands and the signatures of their articles only, so opening a store costs the same
at a hundred articles as at a million, and memory does not grow with it.

Nothing a run decides is written while it runs. Decisions are *staged* in a :class:`RunStage`
(visible to later lookups in the same process, so stories link across spiders run together;
their LSH buckets sit in a compact in-memory :class:`~asnscraper.parsing.buckets.BucketIndex`)
and committed by :meth:`StateStore.deliver` only after the feed files were finalized, in two
phases:

1. *prepare*: the staged rows and the feed renames still to do (``.part`` -> final name) are
   written in one transaction (run status ``prepared``);
2. the ``.part`` files are renamed;
3. *commit*: the rows move into ``articles`` / ``bands`` / ``seen`` and the run becomes
   ``delivered``.

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
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from asnscraper import state_filter, state_schema
from asnscraper.parsing.buckets import BucketIndex
from asnscraper.parsing.fingerprint import (
    DEFAULT_THRESHOLD,
    FINGERPRINT_VERSION,
    LSH_PARAMS,
    Match,
    Signature,
    band_buckets,
    confirm,
    is_empty,
    signature_array,
    signature_bytes,
    values_from_bytes,
)
from asnscraper.state_filter import BucketFilter
from asnscraper.state_schema import UNVERSIONED_FINGERPRINT, SchemaError

logger = logging.getLogger(__name__)

MEMORY = ":memory:"
_ARTICLE_COLUMNS = (
    "key",
    "source",
    "canonical_url",
    "content_hash",
    "story_id",
    "duplicate_of",
    "revision",
    "signature",
    "fingerprint",
    "first_seen",
    "last_seen",
)


def _candidates_query(buckets: int, since: bool) -> str:
    """Stored articles in ``buckets`` buckets (one B-tree seek each), first seen since ``?``."""
    query = (
        "SELECT a.key, a.signature FROM bands b JOIN articles a ON a.id = b.article "
        f"WHERE b.bucket IN ({', '.join('?' * buckets)})"
    )
    return query + " AND a.first_seen >= ?" if since else query


_QUERIES = {
    (n, since): _candidates_query(n, since)
    for n in range(1, LSH_PARAMS[0] + 1)
    for since in (False, True)
}


class StateError(RuntimeError):
    """The state store cannot be used (unreadable file, newer schema …). One-line message."""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(slots=True)
class ArticleRecord:
    """What the store knows of one article (``fingerprint``: the version of
    :mod:`asnscraper.parsing.fingerprint` that made ``content_hash`` and ``signature``)."""

    key: str
    source: str
    canonical_url: str
    content_hash: str
    story_id: str
    duplicate_of: str | None
    revision: int
    signature: bytes | None = None
    fingerprint: int = FINGERPRINT_VERSION
    first_seen: str = ""
    last_seen: str = ""

    def as_json(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__slots__}  # flat: no asdict copy
        data["signature"] = self.signature.hex() if self.signature else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleRecord:
        data = dict(data)
        data["signature"] = bytes.fromhex(data["signature"]) if data.get("signature") else None
        data.setdefault("fingerprint", UNVERSIONED_FINGERPRINT)  # staged by schema 1
        return cls(**data)


@dataclass
class RunStage:
    """One spider run's staged state: decisions, emitted keys, renames, counts.

    Delivery commits the records of ``emitted`` keys (they reached the feed) and of
    ``refreshed`` ones (known articles whose hash was recomputed, not emitted)."""

    spider: str
    started: str = field(default_factory=utc_now)
    records: dict[str, ArticleRecord] = field(default_factory=dict)
    emitted: set[str] = field(default_factory=set)
    refreshed: set[str] = field(default_factory=set)
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)
    renames: list[tuple[str, str]] = field(default_factory=list)
    finished: str | None = None
    finish_reason: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    closed: bool = False


class StateStore:
    """The SQLite store (story index included) and the runs staged in this process."""

    def __init__(
        self, connection: sqlite3.Connection, path: str, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        self.db = connection
        self.path = path
        self.threshold = threshold
        #: Days back (by first_seen) of the stored articles a new one is compared with; None = all.
        self.index_days: int | None = None
        self.runs: list[RunStage] = []
        self._locks: dict[str, int] = {}
        self._content: dict[tuple[str, str], str] = {}
        self._staged_index = BucketIndex()
        self._last_buckets: tuple[bytes, list[int]] = (b"", [])
        self._filter = BucketFilter.load(connection)
        self._data_version = self._version()
        #: Seconds between checks whether another process committed (its articles become
        #: story candidates here at the next check).
        self.refresh_interval = 1.0
        self._checked = time.monotonic()

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def connect(cls, path: str | os.PathLike[str] | None, **kwargs: Any) -> StateStore:
        """Open (creating if needed) the store at ``path``; empty/None = in memory."""
        target = str(path) if path else MEMORY
        try:
            if target != MEMORY:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(target, timeout=30, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise StateError(f"cannot open state store {target}: {exc}") from None
        try:
            if state_schema.check(db) is None:  # nothing is written to a newer store
                # Pages freed by delivered runs' pending rows go back to the file system (set
                # before the first table: it cannot change later without a VACUUM).
                db.execute("PRAGMA auto_vacuum = INCREMENTAL")
            if target != MEMORY:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                # A big delivery touches many band pages: the WAL shrinks back after it.
                db.execute("PRAGMA journal_size_limit = 67108864")
            state_schema.prepare(db)
            db.row_factory = sqlite3.Row
            store = cls(db, target, **kwargs)
            store.recover()
        except SchemaError as exc:
            db.close()
            raise StateError(f"state store {target} {exc}") from None
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StateError(f"cannot open state store {target}: {exc}") from None
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

    def story_candidates(self, sig: Signature) -> dict[str, np.ndarray]:
        """Keys (with their signature values) sharing an LSH bucket with ``sig``: stored
        articles (first seen within :attr:`index_days`) and the records staged in this
        process. A staged record stands for its key: the stored signature is not used."""
        values = signature_array(sig)
        if is_empty(values):
            return {}
        buckets = self._buckets(values)
        found: dict[str, np.ndarray] = {}
        for key, blob in self._stored_candidates(buckets):
            if key in found or self.staged(key) is not None:
                continue
            try:
                found[key] = values_from_bytes(blob)
            except ValueError as exc:
                logger.warning("Ignoring the stored signature of %s: %s", key, exc)
        for key in self._staged_index.candidates(buckets):
            record = self.staged(key)  # None once its run was delivered or discarded
            if record is not None and record.signature:
                found[key] = values_from_bytes(record.signature)
        return found

    def _stored_candidates(self, buckets: list[int]) -> list[tuple[str, bytes]]:
        """(key, signature) of stored articles in these buckets: the B-tree is asked only
        about the buckets the filter may hold (reloaded when another process committed: checked
        every :attr:`refresh_interval` seconds)."""
        now = time.monotonic()
        if now - self._checked >= self.refresh_interval:
            self._checked, version = now, self._version()
            if version != self._data_version:
                self._filter, self._data_version = BucketFilter.load(self.db), version
        present = self._filter.may_hold(buckets)
        if not present:
            return []
        if not self.index_days:
            return self.db.execute(_QUERIES[len(present), False], present).fetchall()
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=self.index_days)
        params = [*present, since.replace(microsecond=0).isoformat()]
        return self.db.execute(_QUERIES[len(present), True], params).fetchall()

    def _version(self) -> int:
        """SQLite's data_version: changes when another connection commits."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def story_matches(self, sig: Signature, exclude: Iterable[str] = ()) -> list[Match]:
        """Stored or staged articles whose estimated similarity to ``sig`` reaches the
        threshold, most similar first (ties: key order)."""
        skip = set(exclude)
        candidates = self.story_candidates(sig)
        return confirm(
            sig, ((k, v) for k, v in candidates.items() if k not in skip), self.threshold
        )

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
            values = values_from_bytes(record.signature)
            if not is_empty(values):
                self._staged_index.add(record.key, self._buckets(values))

    def _buckets(self, values: np.ndarray) -> list[int]:
        """LSH buckets of ``values`` (the last ones are kept: an article is looked up, then
        staged with the same signature)."""
        data = signature_bytes(values)
        if self._last_buckets[0] != data:
            self._last_buckets = (data, band_buckets(values))
        return self._last_buckets[1]

    def _unstage(self, run: RunStage) -> None:
        if run in self.runs:
            self.runs.remove(run)
        if not self.runs:
            self._staged_index.clear()

    def discard(self, run: RunStage) -> None:
        """Forget a run that will not be delivered (its feed failed): nothing is committed."""
        self._unstage(run)
        for record in run.records.values():
            self._content.pop((record.source, record.content_hash), None)
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
            self._unstage(run)  # its bands are in the store now

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
                    for key in sorted(run.emitted | run.refreshed)
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
        bands = _BandChanges()
        with self._transaction():
            for run_id in run_ids:
                for kind, data in self.db.execute(
                    "SELECT kind, data FROM pending WHERE run_id = ?", (run_id,)
                ).fetchall():
                    if kind == "article":
                        self._upsert(ArticleRecord.from_json(json.loads(data)), now, bands)
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
            bands.write(self.db)
            if bands.articles:
                state_schema.bump_fingerprint(self.db)
        self.db.executescript("PRAGMA incremental_vacuum;")  # execute() frees one page a call
        self._filter = BucketFilter.load(self.db)  # with this commit's bits

    def _upsert(self, record: ArticleRecord, now: str, bands: _BandChanges) -> None:
        row = self.db.execute(
            "SELECT id, signature FROM articles WHERE key = ?", (record.key,)
        ).fetchone()
        values = (
            record.canonical_url,
            record.content_hash,
            record.story_id,
            record.duplicate_of,
            record.revision,
            record.signature,
            record.fingerprint,
            now,
        )
        if row is None:
            cursor = self.db.execute(
                "INSERT INTO articles (source, key, first_seen, canonical_url, content_hash, "
                "story_id, duplicate_of, revision, signature, fingerprint, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.source, record.key, record.first_seen or now, *values),
            )
            article, before = int(cursor.lastrowid or 0), None
        else:
            self.db.execute(
                "UPDATE articles SET canonical_url = ?, content_hash = ?, story_id = ?, "
                "duplicate_of = ?, revision = ?, signature = ?, fingerprint = ?, last_seen = ? "
                "WHERE id = ?",
                (*values, row[0]),
            )
            article, before = int(row[0]), row[1]
        bands.change(article, before, record.signature)
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

    def versions(self) -> dict[str, Any]:
        """Schema and fingerprint versions: this code's, and the articles per stored version."""
        by_version = {
            int(row[0]): int(row[1])
            for row in self.db.execute(
                "SELECT fingerprint, COUNT(*) FROM articles GROUP BY fingerprint"
            )
        }
        return {
            "schema": state_schema.SCHEMA_VERSION,
            "fingerprint": FINGERPRINT_VERSION,
            "articles_by_fingerprint": by_version,
            "other_fingerprint": sum(n for v, n in by_version.items() if v != FINGERPRINT_VERSION),
        }

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
                for table in ("bands", "articles", "seen", "runs", "pending"):
                    self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
                state_filter.rebuild(self.db)
            else:
                removed = self.db.execute(
                    "SELECT COUNT(*) FROM articles WHERE source = ?", (source,)
                ).fetchone()[0]
                cursor = self.db.execute(
                    "DELETE FROM bands WHERE article IN (SELECT id FROM articles WHERE source = ?)",
                    (source,),
                )
                state_filter.removed(self.db, max(cursor.rowcount, 0))
                self.db.execute("DELETE FROM articles WHERE source = ?", (source,))
                self.db.execute("DELETE FROM seen WHERE source = ?", (source,))
                self.db.execute(
                    "DELETE FROM pending WHERE run_id IN (SELECT id FROM runs WHERE spider = ?)",
                    (source,),
                )
                self.db.execute("DELETE FROM runs WHERE spider = ?", (source,))
        self._content.clear()
        self._filter = BucketFilter.load(self.db)
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


class _BandChanges:
    """The band rows one commit changes: per article its signature before the commit and its
    last one (an article delivered twice in one commit changes its rows once)."""

    def __init__(self) -> None:
        self.before: dict[int, bytes | None] = {}
        self.after: dict[int, bytes | None] = {}

    @property
    def articles(self) -> int:
        return len(self.after)

    def change(self, article: int, before: bytes | None, after: bytes | None) -> None:
        self.before.setdefault(article, before)
        self.after[article] = after

    def write(self, db: sqlite3.Connection) -> None:
        removed: list[tuple[int, int]] = []
        added: list[tuple[int, int]] = []
        for article, after in self.after.items():
            before = self.before[article]
            if before == after:
                continue
            removed += _rows_or_none(article, before)
            added += _rows_or_none(article, after)
        state_schema.delete_bands(db, removed)
        state_schema.insert_bands(db, added)


def _rows_or_none(article: int, signature: bytes | None) -> list[tuple[int, int]]:
    try:
        return state_schema.band_rows(article, signature)
    except ValueError as exc:
        logger.warning("Ignoring the signature of article %d: %s", article, exc)
        return []


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
