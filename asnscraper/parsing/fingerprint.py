"""Article fingerprints: normalized body, content hash, word shingles, MinHash, story index.

Pure logic, no Scrapy. Three identities of an article's text:

* :func:`normalize_body` folds what differs between two copies of one text and is not the
  text: case (casefold), Unicode forms (NFKC), punctuation and whitespace, a leading dateline
  (``PAGARALAM POS, Pagaralam –``), a trailing reporter code (``(Cg09)``), ``Baca Juga`` and
  ``Sumber:`` lines an outlet inserts;
* :func:`content_hash` of the normalized body: equal hashes mean the same text;
* :func:`signature`: a MinHash (datasketch) over word shingles of the normalized body, whose
  estimated Jaccard similarity finds the same press release republished by another outlet
  with its own lead, dateline or ending. :func:`band_buckets` gives its LSH buckets (band/row
  parameters chosen for :data:`DEFAULT_THRESHOLD`; the state store indexes them on disk) and
  :func:`confirm` keeps the candidates whose estimated similarity reaches the threshold.

:data:`FINGERPRINT_VERSION` names the normalization and hashing of this module: bump it with
any change that moves a hash or a signature.

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
from datasketch import MinHash

from asnscraper.parsing.word_scanner import without_marks

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
#: Version of what makes :func:`content_hash` and :func:`signature` from a body. Bump it with
#: every change to :func:`normalize_body`, :func:`fold_words`, the shingles or the MinHash
#: parameters above: the state store records it per article, and a later sighting of an
#: article hashed by another version recomputes its hash and signature instead of emitting it
#: as a revision (``asnscraper/dedup/rehashed``).
FINGERPRINT_VERSION = 1
#: Name of the LSH bucket hash and layout (:func:`band_buckets`); a state store whose bands
#: were written under another name rebuilds them from its signatures when opened.
BUCKETS = f"mulshift/{LSH_PARAMS[0]}x{LSH_PARAMS[1]}/{NUM_PERM}"

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
# Bucket hash (multiply-shift over 64 bits): odd factors per row, an offset per band (equal
# values in two bands are two buckets), and a last odd factor whose high 32 bits are the bucket.
_ROW_FACTORS = np.array([0x9E3779B97F4A7C15 + 2 * i for i in range(NUM_PERM)], dtype=np.uint64)
_BAND_SALT = np.arange(1, NUM_PERM + 1, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93)
_SPREAD = np.uint64(0xFF51AFD7ED558CCD)


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


#: Every ASCII character but a letter or digit to a space.
_ASCII_NON_ALNUM = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def fold_words(text: str) -> str:
    """Casefolded words of ``text`` separated by single spaces; punctuation runs split words.

    A word is a run of letters and digits (``[^\\W_]``). Punctuation only separates words, so
    the typographic marks become spaces first (most bodies are then ASCII); ASCII text is
    folded by C-level string methods (on ASCII, casefold is lower), any other word by word.
    """
    text = without_marks(text)
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_NON_ALNUM).split())
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


def signature_array(sig: Signature) -> np.ndarray:
    """The MinHash values of a signature (a MinHash or its value array)."""
    return sig.hashvalues if isinstance(sig, MinHash) else sig


def signature_bytes(sig: Signature) -> bytes:
    """A signature as bytes for storage (uint32, little-endian)."""
    return np.asarray(signature_array(sig), dtype="<u4").tobytes()


def values_from_bytes(data: bytes) -> np.ndarray:
    """The signature values stored by :func:`signature_bytes`."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    if len(values) != NUM_PERM:
        raise ValueError(f"stored signature has {len(values)} values, expected {NUM_PERM}")
    return values


def signature_from_bytes(data: bytes) -> MinHash:
    """A signature stored by :func:`signature_bytes`, as a MinHash."""
    return _as_minhash(values_from_bytes(data))


def is_empty(sig: Signature) -> bool:
    """True for the signature of an empty body (every value at its maximum): never a story."""
    return bool((signature_array(sig) == _EMPTY).all())


def band_buckets(sig: Signature, params: tuple[int, int] = LSH_PARAMS) -> list[int]:
    """The LSH bucket of each band: a signed 32-bit hash of the band index and its ``rows``
    values (what the state store indexes; :data:`BUCKETS` names this hash).

    Two signatures share a bucket when a band's values are equal (the candidates datasketch's
    ``MinHashLSH`` proposes; tests/test_dedup.py checks it); unequal bands share one with
    probability about 2**-32: a false candidate that confirmation rejects.
    """
    bands, rows = params
    grid = signature_array(sig)[: bands * rows].astype(np.uint64).reshape(bands, rows)
    mixed = grid @ _ROW_FACTORS[:rows] + _BAND_SALT[:bands]  # modulo 2**64
    return ((mixed * _SPREAD) >> np.uint64(32)).astype(np.uint32).view(np.int32).tolist()


def estimated_similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal MinHash values."""
    left, right = signature_array(a), signature_array(b)
    return float(np.count_nonzero(left == right)) / len(left)


def candidate_probability(similarity: float, params: tuple[int, int] = LSH_PARAMS) -> float:
    """Probability that LSH with ``params=(bands, rows)`` proposes a pair of this similarity."""
    bands, rows = params
    return 1.0 - (1.0 - similarity**rows) ** bands


@dataclass(frozen=True)
class Match:
    """An indexed article whose body is a near-duplicate of the one looked up."""

    key: Hashable
    similarity: float


def confirm(
    sig: Signature,
    candidates: Iterable[tuple[Hashable, Signature]],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """The candidates whose estimated similarity to ``sig`` reaches ``threshold``, most similar
    first (ties: key order)."""
    values = signature_array(sig)
    found = []
    for key, other in candidates:
        score = estimated_similarity(values, other)
        if score >= threshold:
            found.append(Match(key, score))
    found.sort(key=lambda m: (-m.similarity, str(m.key)))
    return found
