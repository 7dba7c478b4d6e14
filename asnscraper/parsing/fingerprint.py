"""Article fingerprints: normalized body, content hash, word shingles, MinHash, story index.

Pure logic, no Scrapy. Three identities of an article's text:

* :func:`normalize_body` folds what differs between two copies of one text and is not the
  text: case (casefold), Unicode forms (NFKC), punctuation and whitespace, a leading dateline
  (``PAGARALAM POS, Pagaralam –``), a trailing reporter code (``(Cg09)``), ``Baca Juga`` and
  ``Sumber:`` lines an outlet inserts;
* :func:`content_hash` of the normalized body: equal hashes mean the same text;
* :func:`signature`: a MinHash (datasketch) over word shingles of the normalized body, whose
  estimated Jaccard similarity finds the same press release republished by another outlet
  with its own lead, dateline or ending. :class:`StoryIndex` wraps datasketch's MinHashLSH with
  band/row parameters chosen for :data:`DEFAULT_THRESHOLD` and confirms candidates by their
  estimated similarity.

The shingle size, signature length, threshold and LSH bands were measured on the labelled pairs
in ``fixtures/dedup/`` (see its README and ``python -m benchmarks.dedup``).
"""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
import zlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

#: Words per shingle.
SHINGLE_WORDS = 4
#: MinHash permutations (signature length).
NUM_PERM = 64
#: LSH bands x rows (``b * r <= NUM_PERM``); see :func:`candidate_probability`.
LSH_PARAMS = (24, 2)
#: Estimated Jaccard similarity from which two bodies are one story (setting
#: ``ASNSCRAPER_NEAR_DUPLICATE_THRESHOLD`` overrides it).
DEFAULT_THRESHOLD = 0.35
#: MinHash seed: fixed, signatures are stored across runs.
SEED = 20241105
#: datasketch permutation scheme of stored signatures.
SCHEME = "affine32"

_DASHES = "\u2013\u2014\u2012\u2015-"
# "PAGARALAM POS, Pagaralam – ", "TELUK KUANTAN, METRO24.CO.ID - ", "Kuansing (Metro24) - "
_DATELINE = re.compile(rf"^\s*(?P<head>[^\n{_DASHES}]{{2,70}}?)\s*[{_DASHES}]{{1,2}}\s+")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_SITE_NAME = re.compile(r"\.(?:com|co\.id|id|net)\b|\bPOS\b", re.IGNORECASE)
# (Cg09), (rls), (adv/kmf), (***), (*): short, no inner spaces, at the very end.
_REPORTER_CODE = re.compile(r"\s*\(\s*[\w*][\w*/.+-]{0,11}\s*\)\s*$")
_INSERTED_LINE = re.compile(
    r"^\s*(?:baca\s+juga|simak\s+juga|lihat\s+juga|sumber|editor|reporter|penulis|"
    r"redaktur|foto)\s*[:\-]",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[\W_]+")
_WORD_CACHE_LIMIT = 200_000
# Odd 32-bit multiplier for the polynomial combination of word hashes into shingle hashes.
_MIX = np.uint32(0x9E3779B1)


def _strip_dateline(paragraph: str) -> str:
    match = _DATELINE.match(paragraph)
    if not match:
        return paragraph
    head = match["head"]
    if len(head.split()) > 7 or not (
        "," in head or _CAPS_WORD.search(head) or _SITE_NAME.search(head) or head.endswith(")")
    ):
        return paragraph
    return paragraph[match.end() :]


def normalize_body(body: str) -> str:
    """The body folded for comparison: one line of casefolded words separated by single spaces.

    A leading dateline, a trailing reporter code and inserted ``Baca Juga`` / ``Sumber:`` lines
    are dropped first; then NFKC, casefold, and every run of punctuation or whitespace becomes
    one space. ``""`` for an empty body.
    """
    if not body:
        return ""
    text = unicodedata.normalize("NFKC", body)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if p.strip()]
    paragraphs = [p for p in paragraphs if not (_INSERTED_LINE.match(p) and len(p) < 300)]
    if paragraphs:
        paragraphs[0] = _strip_dateline(paragraphs[0])
        paragraphs[-1] = _REPORTER_CODE.sub("", paragraphs[-1])
    return fold_words(" ".join(paragraphs))


def fold_words(text: str) -> str:
    """Casefolded words of ``text`` separated by single spaces; punctuation runs split words."""
    out: list[str] = []
    for word in text.casefold().split():
        if word.isalnum():
            out.append(word)
        else:
            out.extend(_NON_WORD.sub(" ", word).split())
    return " ".join(out)


def content_hash(normalized: str) -> str:
    """Hash (BLAKE2b, 128 bits, hex) of a normalized body."""
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).hexdigest()


def word_shingles(normalized: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of a normalized body (a shorter text is one shingle)."""
    words = normalized.split()
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


class _WordHashes(dict[str, int]):
    """CRC-32 of words, cached (most words of a language repeat); bounded in size."""

    def __missing__(self, word: str) -> int:
        value = zlib.crc32(word.encode("utf-8"))
        if len(self) < _WORD_CACHE_LIMIT:
            self[word] = value
        return value


_word_hashes = _WordHashes()


def shingle_hashes(normalized: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """32-bit hashes of the ``size``-word shingles (what :func:`signature` hashes).

    Each word is hashed once (CRC-32); a shingle's hash is a polynomial of its words' hashes
    modulo 2**32. Equal shingles get equal hashes in every process and run. Repeated shingles
    repeat their hash (a MinHash is a minimum: repeats do not change it).
    """
    hashes = np.fromiter(map(_word_hashes.__getitem__, normalized.split()), dtype=np.uint32)
    if not len(hashes):
        return hashes
    span = min(size, len(hashes))
    count = len(hashes) - span + 1
    combined = hashes[:count]
    for offset in range(1, span):
        combined = combined * _MIX + hashes[offset : offset + count]
    return combined


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=operator.index, scheme=SCHEME)
try:  # datasketch's own input mixing, to apply its permutations to a whole array at once
    from datasketch.minhash import _fmix
except ImportError:  # pragma: no cover - a datasketch without it: update_batch below
    _fmix = None


_EMPTY = _TEMPLATE.hashvalues.copy()


_PERM_A = _TEMPLATE.permutations[0].reshape(-1, 1)
_PERM_B = _TEMPLATE.permutations[1].reshape(-1, 1)


def _minhash_values(hashes: np.ndarray) -> np.ndarray:
    """What ``MinHash.update_batch`` computes from these 32-bit hashes, in one numpy pass: each
    permutation ``a * fmix(h) + b`` as a row, minimum along the row (tests/test_dedup.py checks
    the two agree)."""
    return (_PERM_A * _fmix(hashes, 32) + _PERM_B).min(axis=1)


def signature_values(normalized: str) -> np.ndarray:
    """The MinHash values (uint32, :data:`NUM_PERM`) of the body's word shingles.

    Computed in one numpy pass with datasketch's permutations; equal to ``MinHash.update_batch``
    over :func:`shingle_hashes` (tests/test_dedup.py checks it).
    """
    hashes = shingle_hashes(normalized)
    if not len(hashes):
        return _TEMPLATE.hashvalues.copy()
    if _fmix is None:  # pragma: no cover
        minhash = _TEMPLATE.copy()
        minhash.update_batch(hashes.tolist())
        return minhash.hashvalues
    return np.minimum(_minhash_values(hashes), _TEMPLATE.hashvalues)


def _as_minhash(values: np.ndarray) -> MinHash:
    return MinHash(
        seed=SEED,
        hashfunc=operator.index,
        hashvalues=values,
        permutations=_TEMPLATE.permutations,
        scheme=SCHEME,
    )


def signature(normalized: str) -> MinHash:
    """MinHash (datasketch) of the body's word shingles: :data:`NUM_PERM` permutations, fixed
    seed, so signatures compare across runs."""
    return _as_minhash(signature_values(normalized))


Signature = MinHash | np.ndarray


def _values(sig: Signature) -> np.ndarray:
    return sig.hashvalues if isinstance(sig, MinHash) else sig


def signature_bytes(sig: Signature) -> bytes:
    """A signature as bytes for storage (uint32, little-endian)."""
    return np.asarray(_values(sig), dtype="<u4").tobytes()


def values_from_bytes(data: bytes) -> np.ndarray:
    """The signature values stored by :func:`signature_bytes`."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    if len(values) != NUM_PERM:
        raise ValueError(f"stored signature has {len(values)} values, expected {NUM_PERM}")
    return values


def signature_from_bytes(data: bytes) -> MinHash:
    """A signature stored by :func:`signature_bytes`, as a MinHash."""
    return _as_minhash(values_from_bytes(data))


def candidate_probability(similarity: float, params: tuple[int, int] = LSH_PARAMS) -> float:
    """Probability that LSH with ``params=(bands, rows)`` proposes a pair of this similarity."""
    bands, rows = params
    return 1.0 - (1.0 - similarity**rows) ** bands


@dataclass(frozen=True)
class Match:
    """An indexed article whose body is a near-duplicate of the one looked up."""

    key: Hashable
    similarity: float


class StoryIndex:
    """Near-duplicate lookup: datasketch MinHashLSH for candidates, estimated Jaccard to confirm.

    Signatures are MinHash objects or their value arrays. Band keys are computed once per
    article from one byte-swapped copy of the values (the bytes datasketch's own ``query`` and
    ``insert`` compute band by band) and looked up in the index's own hash tables.
    """

    def __init__(
        self, threshold: float = DEFAULT_THRESHOLD, params: tuple[int, int] = LSH_PARAMS
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold {threshold!r} must be in (0, 1]")
        self.threshold = threshold
        self.params = params
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=params)
        self._bands, rows = params
        self._step = rows * np.dtype(np.uint32).itemsize
        self._values: dict[Hashable, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def band_keys(self, sig: Signature) -> list[bytes]:
        """The LSH bucket key of each band (``bytes`` of the byte-swapped band values)."""
        raw = _values(sig)[: self._bands * (self._step // 4)].byteswap().tobytes()
        step = self._step
        return [raw[i : i + step] for i in range(0, len(raw), step)]

    def add(self, key: Hashable, sig: Signature) -> None:
        """Index ``key`` (replacing an earlier signature of the same key)."""
        if key in self._values:
            self.remove(key)
        keys = self.band_keys(sig)
        self._lsh.keys.insert(key, *keys)
        for band_key, table in zip(keys, self._lsh.hashtables, strict=True):
            table.insert(band_key, key)
        self._values[key] = _values(sig)

    def remove(self, key: Hashable) -> None:
        if self._values.pop(key, None) is not None:
            self._lsh.remove(key)

    def candidates(self, sig: Signature) -> set[Hashable]:
        """Keys sharing at least one band with ``sig`` (what ``MinHashLSH.query`` returns)."""
        found: set[Hashable] = set()
        for band_key, table in zip(self.band_keys(sig), self._lsh.hashtables, strict=True):
            found.update(table.get(band_key))
        return found

    def similarity(self, sig: Signature, key: Hashable) -> float:
        """Estimated Jaccard similarity between ``sig`` and the indexed ``key``."""
        values = self._values[key]
        return float(np.count_nonzero(values == _values(sig))) / len(values)

    def matches(self, sig: Signature, exclude: Iterable[Hashable] = ()) -> list[Match]:
        """Indexed keys at or above the threshold, most similar first (ties: key order)."""
        values = _values(sig)
        if not self._values or (values == _EMPTY).all():
            return []
        skip = set(exclude)
        found = []
        for key in self.candidates(values):
            if key in skip:
                continue
            similarity = self.similarity(values, key)
            if similarity >= self.threshold:
                found.append(Match(key, similarity))
        found.sort(key=lambda m: (-m.similarity, str(m.key)))
        return found
