"""Which encoding a page's bytes really use when the declared charset is wrong.

Regional sites often declare one charset and send another: a ``windows-1252`` header on a UTF-8
page (``–`` read as ``â€“``), or a UTF-8 header on bytes saved from an old Windows editor (``“``
read as U+FFFD). :func:`corrected_encoding` looks at the bytes: UTF-8 multi-byte sequences are
almost never produced by accident by a single-byte charset, so counting well-formed sequences
against stray high bytes tells the two apart. Pure Python + w3lib; no Scrapy.
"""

from __future__ import annotations

import re

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
#: The single-byte charset assumed for non-UTF-8 bytes when the page names none other.
SINGLE_BYTE_DEFAULT = "cp1252"


def _codec(name: str | None) -> str | None:
    return resolve_encoding(name) if name else None


def _is_utf8(body: bytes) -> bool:
    """Strictly valid UTF-8 (the common case, decided in C): then every high byte belongs to a
    well-formed sequence, so :func:`_mostly_utf8` would say yes too."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(body: bytes) -> bool:
    """At least as many well-formed UTF-8 sequences as stray high bytes."""
    sequences = _UTF8_SEQUENCE.findall(body)
    in_sequences = sum(len(s) for s in sequences)
    stray = len(_HIGH_BYTE.findall(body)) - in_sequences
    return len(sequences) >= stray


def corrected_encoding(body: bytes, declared: str | None) -> str | None:
    """The encoding to decode ``body`` with when ``declared`` does not fit it, else None.

    None also when the bytes cannot tell (pure ASCII, a byte-order mark, a declared multi-byte
    charset other than UTF-8). A page mostly made of well-formed UTF-8 sequences is UTF-8; one
    whose high bytes mostly are not is the single-byte charset its ``<meta>`` names, else cp1252.
    """
    if not body or body.isascii() or read_bom(body)[0]:
        return None
    declared_codec = _codec(declared)
    looks_utf8 = _is_utf8(body) or _mostly_utf8(body)
    if looks_utf8:
        return None if declared_codec == "utf-8" else "utf-8"
    if declared_codec not in (None, "utf-8"):
        return None
    in_body = _codec(html_body_declared_encoding(body))
    return in_body if in_body and in_body != "utf-8" else SINGLE_BYTE_DEFAULT
