"""A compact in-memory LSH bucket index: which keys were added with a given bucket.

Pure logic, no Scrapy. The state store keeps its own buckets on disk; this holds the buckets
of the records a process stages during its runs (bounded by the size of those runs) at eight
bytes per bucket (a Python dict would take about sixty): the newest keys in a small dict,
older ones in sorted numpy runs that are merged like a binary counter (``log2`` runs at most,
each searched with ``searchsorted``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

#: Keys kept in the dict before they move into a sorted run.
RECENT_KEYS = 2048


class BucketIndex:
    """``add(key, buckets)``; ``candidates(buckets)``: the keys added with any of them."""

    def __init__(self, recent: int = RECENT_KEYS) -> None:
        self._recent_limit = recent
        self.clear()

    def clear(self) -> None:
        self._keys: list[Hashable] = []
        # Newest keys: bucket -> ordinal of its first key; later keys of a bucket (rare: the
        # same band in two articles) in _shared.
        self._recent: dict[int, int] = {}
        self._shared: dict[int, list[int]] = {}
        self._recent_keys = 0
        # Sorted runs: (buckets int32 ascending, ordinals int32), largest first.
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        """Keys added (a key added twice counts twice)."""
        return len(self._keys)

    def add(self, key: Hashable, buckets: Iterable[int]) -> None:
        ordinal = len(self._keys)
        self._keys.append(key)
        recent = self._recent
        for bucket in buckets:
            if recent.setdefault(bucket, ordinal) != ordinal:
                self._shared.setdefault(bucket, []).append(ordinal)
        self._recent_keys += 1
        if self._recent_keys >= self._recent_limit:
            self._flush()

    def candidates(self, buckets: Iterable[int]) -> set[Hashable]:
        wanted = list(buckets)
        ordinals: set[int] = set()
        recent = self._recent
        for bucket in wanted:
            first = recent.get(bucket)
            if first is not None:
                ordinals.add(first)
                ordinals.update(self._shared.get(bucket, ()))
        if self._runs and wanted:
            query = np.array(wanted, dtype=np.int32)
            for sorted_buckets, run_ordinals in self._runs:
                first = sorted_buckets.searchsorted(query)
                np.minimum(first, len(sorted_buckets) - 1, out=first)
                hit = sorted_buckets[first] == query
                if hit.any():  # rare: a bucket some key was added with
                    ends = sorted_buckets.searchsorted(query[hit], side="right")
                    for start, end in zip(first[hit].tolist(), ends.tolist(), strict=True):
                        ordinals.update(run_ordinals[start:end].tolist())
        return {self._keys[ordinal] for ordinal in ordinals}

    def _flush(self) -> None:
        size = len(self._recent)
        shared = [(b, o) for b, later in self._shared.items() for o in later]
        buckets = np.fromiter(self._recent.keys(), dtype=np.int32, count=size)
        ordinals = np.fromiter(self._recent.values(), dtype=np.int32, count=size)
        if shared:
            more = np.array(shared, dtype=np.int32).reshape(-1, 2)
            buckets = np.concatenate([buckets, more[:, 0]])
            ordinals = np.concatenate([ordinals, more[:, 1]])
        self._recent.clear()
        self._shared.clear()
        self._recent_keys = 0
        run = _sorted(buckets, ordinals)
        while self._runs and len(self._runs[-1][0]) <= 2 * len(run[0]):
            last = self._runs.pop()
            run = _sorted(np.concatenate([last[0], run[0]]), np.concatenate([last[1], run[1]]))
        self._runs.append(run)


def _sorted(buckets: np.ndarray, ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(buckets, kind="stable")
    return buckets[order], ordinals[order]
