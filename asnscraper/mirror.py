"""A loopback HTTP mirror of saved pages: the demo crawl and the end-to-end tests use it.

A site's fixtures live in ``fixtures/<spider>/`` with a ``meta.json`` mapping each file name to
the real URL it was saved from (plus optional ``status``, ``headers`` and ``kind``). The mirror
serves each file at the same path and query, on 127.0.0.1, so a spider run with
``-a base_url=http://127.0.0.1:PORT`` makes exactly the requests it would make on the real site.

For reliability tests the mirror also misbehaves on demand: ``mirror.fault(url, kind, times=N,
**params)`` makes the first N requests of a path (or every request) fail in one of the ways of
:data:`asnscraper.mirror_faults.FAULT_KINDS` (HTTP errors with or without ``Retry-After``,
resets, stalls, truncated bodies, redirect loops and off-site redirects, gzip bombs, oversized
and endless bodies, entity expansion, a wrong charset, empty 200s, login and consent walls).
``mirror.add_page`` serves extra pages; ``mirror.hits(url)`` and ``mirror.log`` tell what the
crawler asked for.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import socket
import struct
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from asnscraper import mirror_faults as faults
from asnscraper.mirror_faults import Fault

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = PROJECT_ROOT / "fixtures"


def path_key(url: str) -> str:
    """The lookup key of a URL on the mirror: its path and its query with sorted parameters."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return (parts.path or "/") + (f"?{query}" if query else "")


@dataclass
class Page:
    """One saved response."""

    file: Path
    url: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    kind: str = ""
    #: Bytes served instead of the file's (pages made in a test rather than saved).
    content: bytes | None = None

    def body(self) -> bytes:
        return self.content if self.content is not None else self.file.read_bytes()

    def content_type(self) -> str:
        for name, value in self.headers.items():
            if name.lower() == "content-type":
                return value
        suffix = self.file.suffix.lower()
        if suffix == ".json":
            return "application/json; charset=UTF-8"
        if suffix in (".xml", ".rss"):
            return "application/xml; charset=UTF-8"
        guessed = mimetypes.guess_type(self.file.name)[0] or "text/html"
        return f"{guessed}; charset=UTF-8"


def load_site(spider: str, fixtures_dir: Path = FIXTURES_DIR) -> dict[str, Page]:
    """The saved pages of one spider's fixture folder, keyed by file name."""
    folder = fixtures_dir / spider
    meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    pages = {}
    for name, info in meta.items():
        if name.startswith("_"):
            continue
        entry = {"url": info} if isinstance(info, str) else info
        pages[name] = Page(
            file=folder / name,
            url=entry["url"],
            status=int(entry.get("status", 200)),
            headers=dict(entry.get("headers", {})),
            kind=entry.get("kind", ""),
        )
    return pages


@dataclass(frozen=True)
class Hit:
    """One request the mirror received."""

    key: str
    at: float
    headers: dict[str, str]


class Mirror:
    """Serves a set of pages by path and query on 127.0.0.1; use as a context manager.

    ``pages`` may be changed while the server runs (``set_body`` / ``routes``) to simulate a site
    that changed between two crawls; ``fault`` makes a path misbehave.
    """

    def __init__(self, pages: dict[str, Page] | list[Page]) -> None:
        values = pages.values() if isinstance(pages, dict) else pages
        self.routes: dict[str, Page] = {path_key(p.url): p for p in values}
        self.overrides: dict[str, bytes] = {}
        self.faults: dict[str, Fault] = {}
        self.requests: list[str] = []
        self.log: list[Hit] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @classmethod
    def for_spider(cls, spider: str, fixtures_dir: Path = FIXTURES_DIR) -> Mirror:
        return cls(load_site(spider, fixtures_dir))

    @property
    def base_url(self) -> str:
        assert self._server is not None, "mirror not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def set_body(self, url: str, body: bytes) -> None:
        """Serve ``body`` instead of the saved file for ``url`` from now on."""
        self.overrides[path_key(url)] = body

    def add_page(
        self,
        url: str,
        body: bytes | str,
        *,
        content_type: str = "text/html; charset=UTF-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Page:
        """Serve ``body`` at ``url``'s path and query (a page not saved in the fixtures)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "index.html"
        page = Page(
            file=Path(name),
            url=url,
            status=status,
            headers={"Content-Type": content_type, **(headers or {})},
            content=data,
        )
        self.routes[path_key(url)] = page
        return page

    def fault(self, url: str, kind: str, *, times: int | None = None, **params: Any) -> Fault:
        """Make requests for ``url`` (a URL or a path) fail as ``kind``.

        ``times=N`` makes the fault transient (the first N requests); None makes it permanent.
        Parameters and defaults per kind: :data:`asnscraper.mirror_faults.FAULT_KINDS`.
        """
        made = Fault.make(kind, times, **params)
        self.faults[path_key(url)] = made
        return made

    def clear_faults(self) -> None:
        self.faults.clear()

    def hits(self, url: str) -> int:
        """How many requests the mirror received for ``url``'s path and query."""
        key = path_key(url)
        return sum(1 for k in list(self.requests) if k == key)

    def start(self) -> Mirror:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                key = path_key(self.path)
                mirror.requests.append(key)
                mirror.log.append(Hit(key, time.monotonic(), dict(self.headers.items())))
                fault = mirror.faults.get(key)
                try:
                    if fault is not None and fault.fires():
                        if fault.kind != "slow":
                            self._fault(fault, key)
                            return
                        mirror._stopping.wait(float(fault.params["seconds"]))
                    page = mirror.routes.get(key)
                    if page is None:
                        self._send(404, b"not found", "text/plain; charset=UTF-8", {})
                        return
                    body, ctype, extra = self._page(page, key)
                    self._send(page.status, body, ctype, extra)
                except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                    self.close_connection = True  # the crawler gave up on this response

            def _page(self, page: Page, key: str) -> tuple[bytes, str, dict[str, str]]:
                body = mirror.overrides.get(key)
                if body is None:
                    body = page.body()
                extra = {k: v for k, v in page.headers.items() if k.lower() != "content-type"}
                return body, page.content_type(), extra

            def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, status: int, chunks: Iterable[bytes], ctype: str) -> None:
                """A chunked response generated lazily; stops when the client hangs up."""
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in chunks:
                    if mirror._stopping.is_set():
                        break
                    if chunk:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")

            def _reset(self) -> None:
                """Close with a TCP RST (SO_LINGER 0) before sending anything."""
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                self.connection.close()

            def _fault(self, fault: Fault, key: str) -> None:
                params = fault.params
                html = "text/html; charset=UTF-8"
                xml = "application/xml; charset=UTF-8"
                kind = fault.kind
                if kind == "status":
                    extra = {}
                    if params["retry_after"] is not None:
                        extra["Retry-After"] = str(params["retry_after"])
                    status = int(params["status"])
                    body = f"<html><body><h1>{status}</h1></body></html>".encode()
                    self._send(status, body, html, extra)
                elif kind == "reset":
                    self._reset()
                elif kind == "stall":
                    mirror._stopping.wait(float(params["seconds"]))
                    self._reset()
                elif kind == "truncate":
                    page = mirror.routes.get(key)
                    body = page.body() if page else faults.LOGIN_WALL.encode()
                    sent = body[: int(len(body) * float(params["sent"]))]
                    self.send_response(200)
                    self.send_header("Content-Type", html)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(sent)
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                elif kind == "redirect":
                    target = str(params["to"])
                    location = target if "://" in target else mirror.base_url + target
                    self._send(int(params["status"]), b"", html, {"Location": location})
                elif kind == "gzip_bomb":
                    body = faults.gzip_bomb(int(params["size"]))
                    self._send(200, body, html, {"Content-Encoding": "gzip"})
                elif kind == "oversize":
                    size = int(params["size"])
                    if params["declare_length"]:
                        self.send_response(200)
                        self.send_header("Content-Type", html)
                        self.send_header("Content-Length", str(size))
                        self.end_headers()
                        for chunk in faults.oversize_stream(size):
                            if mirror._stopping.is_set():
                                break
                            self.wfile.write(chunk)
                    else:
                        self._stream(200, faults.oversize_stream(size), html)
                elif kind == "entity_expansion":
                    body = faults.billion_laughs(str(params["document"]), int(params["levels"]))
                    self._send(200, body, xml, {})
                elif kind == "huge_sitemap_index":
                    chunks = faults.sitemap_index_stream(
                        int(params["count"]), str(params["loc"]), mirror.base_url
                    )
                    self._stream(200, chunks, xml)
                elif kind == "charset":
                    page = mirror.routes.get(key)
                    if page is None:
                        self._send(404, b"not found", "text/plain; charset=UTF-8", {})
                        return
                    body, _, extra = self._page(page, key)
                    body = faults.reencode(body, str(params["actual"]))
                    self._send(200, body, f"text/html; charset={params['declared']}", extra)
                elif kind == "empty":
                    self._send(200, b"", html, {})
                elif kind == "login_wall":
                    self._send(200, faults.LOGIN_WALL.encode(), html, {})
                elif kind == "consent_wall":
                    self._send(200, faults.CONSENT_WALL.encode(), html, {})
                else:  # pragma: no cover - Fault.make validates kinds
                    raise ValueError(kind)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                logger.debug("mirror: " + format, *args)

        self._stopping.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Mirror:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
