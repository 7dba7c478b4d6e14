"""A presence filter over the state store's LSH buckets (one bit per hashed bucket).

Almost every bucket a new article's 24 bands fall in holds no stored article, and each one the
``bands`` B-tree is asked about costs a page read. The filter answers "may hold" or "holds
nothing" from memory, so a lookup seeks the B-tree for two or three buckets instead of 24.
It never answers "holds nothing" for a bucket with a row: every row written through
:func:`add` sets its bit in the same transaction; rows deleted leave their bit set (a seek in
vain, until the next rebuild).

Stored in ``bucket_filter(part, bits)`` in chunks of :data:`CHUNK_BYTES` (only chunks with a
bit set exist) with ``meta.filter_log2`` (2**filter_log2 bits) and ``meta.band_rows``. The size
grows with the rows (:data:`BITS_PER_ROW` bits a row, between 8 KB and 32 MB): crossing it
rebuilds the filter from ``bands`` inside the commit that crossed it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

CHUNK_BYTES = 4096
#: Bits per band row: at most about 1 in 8 bits set, so about 3 of 24 buckets seeked in vain.
BITS_PER_ROW = 8
MIN_LOG2 = 16  # 8 KB
MAX_LOG2 = 28  # 32 MB: from about 1.4 million articles the share of bits set grows

TABLE = "CREATE TABLE IF NOT EXISTS bucket_filter (part INTEGER PRIMARY KEY, bits BLOB NOT NULL)"


def size_for(rows: int) -> int:
    """log2 of the filter's bits for ``rows`` band rows."""
    return min(MAX_LOG2, max(MIN_LOG2, (max(rows, 1) * BITS_PER_ROW - 1).bit_length()))


def _meta_int(db: sqlite3.Connection, name: str, default: int) -> int:
    row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row else default


def _set_meta(db: sqlite3.Connection, name: str, value: int) -> None:
    db.execute(
        "INSERT INTO meta VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, str(value)),
    )


def _positions(buckets: Sequence[int] | np.ndarray, log2: int) -> np.ndarray:
    return np.asarray(buckets, dtype=np.int64) & ((1 << log2) - 1)


class BucketFilter:
    """The filter as loaded by one connection; :meth:`may_hold` picks the buckets to seek."""

    def __init__(self, log2: int, bits: bytearray) -> None:
        self.log2 = log2
        self.bits = bits
        self._mask = (1 << log2) - 1

    @classmethod
    def load(cls, db: sqlite3.Connection) -> BucketFilter:
        log2 = _meta_int(db, "filter_log2", MIN_LOG2)
        bits = bytearray(1 << (log2 - 3))
        for part, blob in db.execute("SELECT part, bits FROM bucket_filter"):
            start = int(part) * CHUNK_BYTES
            bits[start : start + len(blob)] = blob
        return cls(log2, bits)

    def may_hold(self, buckets: list[int]) -> list[int]:
        """The buckets whose bit is set (those the B-tree may hold), in the given order."""
        bits, mask = self.bits, self._mask
        out = []
        for bucket in buckets:  # plain Python: faster than numpy for 24 values
            position = bucket & mask
            if bits[position >> 3] >> (position & 7) & 1:
                out.append(bucket)
        return out


def add(db: sqlite3.Connection, buckets: Sequence[int], rows: int) -> None:
    """Set the bits of ``buckets`` whose ``rows`` new band rows were just written (inside the
    caller's transaction); grow and rebuild the filter when the rows outgrow it."""
    total = _meta_int(db, "band_rows", 0) + rows
    _set_meta(db, "band_rows", total)
    log2 = _meta_int(db, "filter_log2", MIN_LOG2)
    if size_for(total) > log2:
        rebuild(db)
        return
    positions = np.sort(_positions(buckets, log2))
    parts = positions >> 15  # CHUNK_BYTES * 8 bits a chunk
    starts = np.flatnonzero(np.diff(parts, prepend=-1)).tolist()
    for start, end in zip(starts, [*starts[1:], len(positions)], strict=True):
        part = int(parts[start])
        row = db.execute("SELECT bits FROM bucket_filter WHERE part = ?", (part,)).fetchone()
        chunk = (
            np.frombuffer(row[0], dtype=np.uint8).copy()
            if row
            else np.zeros(CHUNK_BYTES, dtype=np.uint8)
        )
        inside = positions[start:end] & (CHUNK_BYTES * 8 - 1)
        np.bitwise_or.at(chunk, inside >> 3, (1 << (inside & 7)).astype(np.uint8))
        db.execute("INSERT OR REPLACE INTO bucket_filter VALUES (?, ?)", (part, chunk.tobytes()))


def removed(db: sqlite3.Connection, rows: int) -> None:
    """Count ``rows`` band rows deleted (their bits stay set until the next rebuild)."""
    if rows:
        _set_meta(db, "band_rows", max(0, _meta_int(db, "band_rows", 0) - rows))


def rebuild(db: sqlite3.Connection, batch: int = 1 << 18) -> None:
    """Rewrite the filter from every row of ``bands``, sized for their number (read in batches:
    memory is the filter and one batch)."""
    rows = int(db.execute("SELECT COUNT(*) FROM bands").fetchone()[0])
    log2 = size_for(rows)
    bits = np.zeros(1 << (log2 - 3), dtype=np.uint8)
    cursor = db.execute("SELECT bucket FROM bands")
    while chunk := cursor.fetchmany(batch):
        positions = _positions([row[0] for row in chunk], log2)
        np.bitwise_or.at(bits, positions >> 3, (1 << (positions & 7)).astype(np.uint8))
    db.execute(TABLE)  # bands written before the filter existed get one
    db.execute("DELETE FROM bucket_filter")
    chunks = bits.reshape(-1, CHUNK_BYTES)
    used = np.flatnonzero(chunks.any(axis=1)).tolist()
    db.executemany(
        "INSERT INTO bucket_filter VALUES (?, ?)", ((p, chunks[p].tobytes()) for p in used)
    )
    _set_meta(db, "filter_log2", log2)
    _set_meta(db, "band_rows", rows)
