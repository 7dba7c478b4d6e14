"""Faults the test mirror can inject (:meth:`asnscraper.mirror.Mirror.fault`).

Each fault kind names one way a real news site misbehaves. This module holds the fault table
(kinds, their parameters and defaults), the request counting that makes a fault transient
(first ``times`` requests) or permanent, and the bodies some faults serve: a gzip bomb, a
billion-laughs XML document, a 10-million-URL sitemap index generated lazily, an oversized
stream, a page re-encoded in another charset, and login / consent walls. Nothing large is
ever held in memory: streamed bodies are generators of small chunks.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

#: Fault kinds with their parameters and defaults. ``status``: an HTTP error status, optional
#: ``Retry-After``; ``reset``: TCP reset before any byte; ``stall``: no answer for ``seconds``,
#: then a reset; ``slow``: the normal answer, ``seconds`` late;
#: ``truncate``: ``Content-Length`` larger than the bytes sent, then close; ``redirect``: a
#: redirect to ``to`` (a path on the mirror or an absolute URL: itself for a loop, another host
#: for an off-site redirect); ``gzip_bomb``: ``size`` bytes of zeros gzip-compressed;
#: ``oversize``: a ``size``-byte HTML stream, with or without ``Content-Length``;
#: ``entity_expansion``: nested XML entities (billion laughs) as a sitemap or RSS feed;
#: ``huge_sitemap_index``: a sitemap index of ``count`` sitemaps, streamed chunked;
#: ``charset``: the saved page re-encoded to ``actual`` but declared as ``declared``;
#: ``empty``: a 200 with no body; ``login_wall`` / ``consent_wall``: a wall page instead of
#: the article.
FAULT_KINDS: dict[str, dict[str, Any]] = {
    "status": {"status": 503, "retry_after": None},
    "reset": {},
    "stall": {"seconds": 5.0},
    "slow": {"seconds": 2.0},
    "truncate": {"sent": 0.5},
    "redirect": {"to": "/", "status": 302},
    "gzip_bomb": {"size": 64 * 1024 * 1024},
    "oversize": {"size": 64 * 1024 * 1024, "declare_length": True},
    "entity_expansion": {"document": "sitemap", "levels": 10},
    "huge_sitemap_index": {"count": 10_000_000, "loc": "{base}/sitemap-{n}.xml"},
    "charset": {"declared": "utf-8", "actual": "windows-1252"},
    "empty": {},
    "login_wall": {},
    "consent_wall": {},
}

CHUNK = 64 * 1024


@dataclass
class Fault:
    """One fault on one mirror path: transient (``times`` = first N requests) or permanent."""

    kind: str
    times: int | None = None
    params: dict[str, Any] = field(default_factory=dict)
    hits: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def make(cls, kind: str, times: int | None = None, **params: Any) -> Fault:
        """A validated fault; unknown kinds or parameters raise ValueError naming them."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; choose from {', '.join(FAULT_KINDS)}")
        defaults = FAULT_KINDS[kind]
        unknown = sorted(set(params) - set(defaults))
        if unknown:
            raise ValueError(
                f"fault {kind!r} takes {', '.join(defaults) or 'no parameters'}, "
                f"not {', '.join(unknown)}"
            )
        if times is not None and times < 1:
            raise ValueError(f"times={times!r}: a transient fault needs 1 or more requests")
        return cls(kind=kind, times=times, params={**defaults, **params})

    def fires(self) -> bool:
        """Count one request; True while the fault applies to it."""
        with self._lock:
            self.hits += 1
            return self.times is None or self.hits <= self.times


# --- bodies ------------------------------------------------------------------------------
@cache
def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of zeros, gzip-compressed (about 1000:1), built chunk by chunk."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(min(size, 1024 * 1024))
    out = []
    left = size
    while left > 0:
        piece = zeros if left >= len(zeros) else zeros[:left]
        out.append(compressor.compress(piece))
        left -= len(piece)
    out.append(compressor.flush())
    return b"".join(out)


def oversize_stream(size: int) -> Iterator[bytes]:
    """A ``size``-byte HTML document in chunks (the opening, then repeated paragraphs)."""
    head = b"<!DOCTYPE html><html><head><title>Arsip</title></head><body>"
    paragraph = b"<p>Arsip berita daerah yang sangat panjang tanpa akhir.</p>\n"
    block = paragraph * (CHUNK // len(paragraph))
    yield head
    sent = len(head)
    while sent < size:
        piece = block[: size - sent]
        yield piece
        sent += len(piece)


def billion_laughs(document: str = "sitemap", levels: int = 10) -> bytes:
    """An XML document whose entities expand to 10**levels copies of a word (a few hundred bytes)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<!DOCTYPE lolz [", '<!ENTITY lol0 "tawa">']
    for level in range(1, levels + 1):
        refs = f"&lol{level - 1};" * 10
        lines.append(f'<!ENTITY lol{level} "{refs}">')
    lines.append("]>")
    bomb = f"&lol{levels};"
    if document == "rss":
        lines.append(
            '<rss version="2.0"><channel><title>Umpan</title>'
            f"<item><title>{bomb}</title><link>/read/1/{bomb}</link></item></channel></rss>"
        )
    else:
        lines.append(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{bomb}</loc></url></urlset>"
        )
    return "\n".join(lines).encode("utf-8")


def sitemap_index_stream(count: int, loc: str, base: str) -> Iterator[bytes]:
    """A sitemap index listing ``count`` sitemaps, generated lazily in chunks of 2000 entries."""
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    )
    step = 2000
    for start in range(0, count, step):
        yield "".join(
            f"<sitemap><loc>{loc.format(base=base, n=n)}</loc></sitemap>\n"
            for n in range(start, min(start + step, count))
        ).encode("ascii")
    yield b"</sitemapindex>\n"


def reencode(body: bytes, actual: str) -> bytes:
    """A UTF-8 page's bytes in another encoding (characters it lacks as character references)."""
    return body.decode("utf-8", errors="replace").encode(actual, errors="xmlcharrefreplace")


LOGIN_WALL = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Masuk - Portal Berita</title>
<meta name="robots" content="noindex"></head>
<body>
<header><nav><a href="/">Beranda</a> <a href="/kategori/7/politik">Politik</a></nav></header>
<main class="login-wall">
  <h1>Masuk untuk melanjutkan</h1>
  <p>Silakan masuk dengan akun Anda untuk membaca berita selengkapnya.</p>
  <form action="/member/login" method="post">
    <label>Email <input type="email" name="email"></label>
    <label>Kata sandi <input type="password" name="password"></label>
    <button type="submit">Masuk</button>
  </form>
  <p>Belum punya akun? <a href="/member/daftar">Daftar gratis</a></p>
</main>
<footer>Hak cipta dilindungi undang-undang.</footer>
</body></html>
"""

CONSENT_WALL = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Sebelum Anda melanjutkan</title></head>
<body>
<div id="consent-overlay" class="cmp-consent-wall" role="dialog">
  <h2>Kami menghargai privasi Anda</h2>
  <p>Kami dan mitra kami menggunakan cookie untuk menyimpan dan mengakses informasi di perangkat
  Anda, untuk iklan yang dipersonalisasi dan pengukuran konten.</p>
  <p>Dengan mengklik "Setuju" Anda menyetujui penggunaan cookie tersebut. Anda dapat mengubah
  pilihan kapan saja melalui pengaturan privasi.</p>
  <button class="cmp-accept">Setuju</button> <button class="cmp-manage">Kelola pilihan</button>
</div>
</body></html>
"""
