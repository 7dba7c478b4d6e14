"""A loopback HTTP mirror of saved pages: the demo crawl and the end-to-end tests use it.

A site's fixtures live in ``fixtures/<spider>/`` with a ``meta.json`` mapping each file name to
the real URL it was saved from (plus optional ``status``, ``headers`` and ``kind``). The mirror
serves each file at the same path and query, on 127.0.0.1, so a spider run with
``-a base_url=http://127.0.0.1:PORT`` makes exactly the requests it would make on the real site.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

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

    def body(self) -> bytes:
        return self.file.read_bytes()

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


class Mirror:
    """Serves a set of pages by path and query on 127.0.0.1; use as a context manager.

    ``pages`` may be changed while the server runs (``set_body`` / ``routes``) to simulate a site
    that changed between two crawls.
    """

    def __init__(self, pages: dict[str, Page] | list[Page]) -> None:
        values = pages.values() if isinstance(pages, dict) else pages
        self.routes: dict[str, Page] = {path_key(p.url): p for p in values}
        self.overrides: dict[str, bytes] = {}
        self.requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

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

    def start(self) -> Mirror:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                key = path_key(self.path)
                mirror.requests.append(key)
                page = mirror.routes.get(key)
                if page is None:
                    self._send(404, b"not found", "text/plain; charset=UTF-8", {})
                    return
                body = mirror.overrides.get(key)
                if body is None:
                    body = page.body()
                extra = {k: v for k, v in page.headers.items() if k.lower() != "content-type"}
                self._send(page.status, body, page.content_type(), extra)

            def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                logger.debug("mirror: " + format, *args)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Mirror:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
