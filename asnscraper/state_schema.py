"""The state store's SQLite schema: creating it, refusing a newer one, upgrading an older one.

``meta`` holds ``schema`` (:data:`SCHEMA_VERSION`), ``fingerprint`` (the highest
:data:`~asnscraper.parsing.fingerprint.FINGERPRINT_VERSION` that wrote articles) and ``buckets``
(:data:`~asnscraper.parsing.fingerprint.BUCKETS`, the LSH layout of the ``bands`` table).

:func:`prepare` runs when a store is opened. A store written by a newer asnscraper (higher
schema or fingerprint version) is refused with one line and left untouched; an older one is
upgraded in place in one transaction (a failure leaves it as it was). History:

* schema 1: ``articles`` keyed by ``key`` with the signature; the story index was rebuilt in
  memory from every signature at the start of each run;
* schema 2: ``articles`` get an integer ``id`` and the ``fingerprint`` version of their hash;
  ``bands`` (``WITHOUT ROWID``) maps each LSH bucket of a signature to its article, so a lookup
  reads only the buckets of the new article's bands and the signatures of its candidates.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from asnscraper import state_filter
from asnscraper.parsing.fingerprint import (
    BUCKETS,
    FINGERPRINT_VERSION,
    band_buckets,
    is_empty,
    values_from_bytes,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
#: Fingerprint version of the hashes in a store that recorded none (schema 1).
UNVERSIONED_FINGERPRINT = 1

_ARTICLES = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    story_id TEXT NOT NULL,
    duplicate_of TEXT,
    revision INTEGER NOT NULL,
    signature BLOB,
    fingerprint INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX articles_by_content ON articles (source, content_hash);
"""
_BANDS = """
CREATE TABLE bands (
    bucket INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (bucket, article)
) WITHOUT ROWID;
"""
_BANDS += state_filter.TABLE + ";\n"
_SCHEMA = f"""
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
{_ARTICLES}
{_BANDS}
CREATE TABLE seen (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE runs (
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
CREATE INDEX runs_by_spider ON runs (spider, id);
CREATE TABLE pending (
    run_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
"""


class SchemaError(RuntimeError):
    """The file is not a store this asnscraper may use (one-line message)."""


def _meta(db: sqlite3.Connection) -> dict[str, str] | None:
    """The store's meta table, or None for an empty database."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        if tables:
            raise SchemaError("is an SQLite database but not an asnscraper state store")
        return None
    return {str(row[0]): str(row[1]) for row in db.execute("SELECT name, value FROM meta")}


def _version(meta: dict[str, str], name: str, default: int) -> int:
    value = meta.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise SchemaError(f"has an unreadable {name} version {value!r}") from None


def check(db: sqlite3.Connection) -> dict[str, str] | None:
    """Refuse (SchemaError) a store written by a newer asnscraper; reads only. Returns the
    store's meta table (None for an empty database)."""
    meta = _meta(db)
    if meta is None:
        return None
    schema = _version(meta, "schema", 1)
    if schema > SCHEMA_VERSION:
        raise SchemaError(
            f"has schema {schema}, newer than this asnscraper's {SCHEMA_VERSION}: upgrade "
            "asnscraper (the store was left as it is)"
        )
    fingerprint = _version(meta, "fingerprint", UNVERSIONED_FINGERPRINT)
    if fingerprint > FINGERPRINT_VERSION:
        raise SchemaError(
            f"was written with fingerprint version {fingerprint}, newer than this asnscraper's "
            f"{FINGERPRINT_VERSION}: upgrade asnscraper (the store was left as it is)"
        )
    return meta


def _current(meta: dict[str, str] | None) -> bool:
    return (
        meta is not None
        and meta.get("schema") == str(SCHEMA_VERSION)
        and meta.get("buckets") == BUCKETS
    )


def prepare(db: sqlite3.Connection) -> None:
    """Create the schema in an empty database or upgrade an older one, in one transaction
    (nothing is written to a store that is current)."""
    if not _current(check(db)):
        db.execute("BEGIN IMMEDIATE")
        try:
            _upgrade(db, check(db))  # again under the write lock: another process may have
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def _upgrade(db: sqlite3.Connection, meta: dict[str, str] | None) -> None:
    if meta is None:
        for statement in _statements(_SCHEMA):
            db.execute(statement)
        _set(db, "schema", str(SCHEMA_VERSION))
        _set(db, "fingerprint", str(FINGERPRINT_VERSION))
        _set(db, "buckets", BUCKETS)
        state_filter.rebuild(db)
        return
    schema = _version(meta, "schema", 1)
    while schema < SCHEMA_VERSION:
        logger.info(
            "Upgrading the state store from schema %d to %d (once; a million articles take a "
            "few minutes)",
            schema,
            schema + 1,
        )
        MIGRATIONS[schema](db)
        schema += 1
        _set(db, "schema", str(schema))
    if (_meta(db) or {}).get("buckets") != BUCKETS:
        logger.info("Story index: LSH layout changed to %s, rebuilding the bands", BUCKETS)
        rebuild_bands(db)
        _set(db, "buckets", BUCKETS)


def _statements(script: str) -> list[str]:
    """The statements of a DDL script (no literal of it contains a semicolon)."""
    return [part.strip() for part in script.split(";") if part.strip()]


def _set(db: sqlite3.Connection, name: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def bump_fingerprint(db: sqlite3.Connection) -> None:
    """Record that this version wrote articles (inside the caller's transaction)."""
    db.execute(
        "UPDATE meta SET value = ? WHERE name = 'fingerprint' AND CAST(value AS INTEGER) < ?",
        (str(FINGERPRINT_VERSION), FINGERPRINT_VERSION),
    )


def band_rows(article: int, signature: bytes | None) -> list[tuple[int, int]]:
    """``(bucket, article)`` rows of a stored signature (none for no or an empty signature)."""
    if not signature:
        return []
    values = values_from_bytes(signature)
    if is_empty(values):
        return []
    return [(bucket, article) for bucket in band_buckets(values)]


def rebuild_bands(db: sqlite3.Connection, batch: int = 100_000) -> int:
    """Refill ``bands`` and the bucket filter from every stored signature (inside the caller's
    transaction). The rows go to a TEMP table first and into ``bands`` in key order: appending
    in order costs a fraction of inserting a million articles' rows at random."""
    db.execute("DELETE FROM bands")
    db.execute("CREATE TEMP TABLE fresh_bands (bucket INTEGER NOT NULL, article INTEGER NOT NULL)")
    count = 0
    rows: list[tuple[int, int]] = []
    for article, signature in db.execute(  # a cursor: one signature in memory at a time
        "SELECT id, signature FROM articles WHERE signature IS NOT NULL"
    ):
        try:
            rows += band_rows(article, signature)
        except ValueError as exc:
            logger.warning("Ignoring the stored signature of article %d: %s", article, exc)
            continue
        count += 1
        if len(rows) >= batch:
            db.executemany("INSERT INTO temp.fresh_bands VALUES (?, ?)", rows)
            rows = []
    db.executemany("INSERT INTO temp.fresh_bands VALUES (?, ?)", rows)
    db.execute(
        "INSERT OR IGNORE INTO bands SELECT bucket, article FROM temp.fresh_bands "
        "ORDER BY bucket, article"
    )
    db.execute("DROP TABLE temp.fresh_bands")
    state_filter.rebuild(db)
    logger.info("Story index: LSH bands of %d stored signature(s) written", count)
    return count


_INSERT_BAND = "INSERT OR IGNORE INTO bands VALUES (?, ?)"


def insert_bands(db: sqlite3.Connection, rows: list[tuple[int, int]]) -> None:
    """Insert band rows in bucket order (each B-tree page is visited once per batch) and set
    their bits in the bucket filter."""
    if rows:
        rows = sorted(rows)
        inserted = db.executemany(_INSERT_BAND, rows).rowcount
        state_filter.add(db, [bucket for bucket, _ in rows], max(inserted, 0))


def delete_bands(db: sqlite3.Connection, rows: list[tuple[int, int]]) -> None:
    if rows:
        cursor = db.executemany("DELETE FROM bands WHERE bucket = ? AND article = ?", sorted(rows))
        state_filter.removed(db, max(cursor.rowcount, 0))


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    """Articles get an integer id and a fingerprint version; their bands are written."""
    db.execute("ALTER TABLE articles RENAME TO articles_v1")
    db.execute("DROP INDEX IF EXISTS articles_by_content")
    db.execute("DROP INDEX IF EXISTS articles_by_first_seen")
    for statement in _statements(_ARTICLES + _BANDS):
        db.execute(statement)
    db.execute(
        "INSERT INTO articles (key, source, canonical_url, content_hash, story_id, duplicate_of, "
        "revision, signature, fingerprint, first_seen, last_seen) SELECT key, source, "
        "canonical_url, content_hash, story_id, duplicate_of, revision, signature, ?, "
        "first_seen, last_seen FROM articles_v1 ORDER BY rowid",
        (UNVERSIONED_FINGERPRINT,),
    )
    db.execute("DROP TABLE articles_v1")
    _set(db, "fingerprint", str(UNVERSIONED_FINGERPRINT))
    _set(db, "buckets", BUCKETS)
    rebuild_bands(db)


#: ``MIGRATIONS[n]`` upgrades a store of schema ``n`` to ``n + 1`` (in the open transaction).
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2}
