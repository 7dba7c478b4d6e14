"""A fast loopback HTTP/1.1 server for benchmark mirrors, run in its own process.

``python -m benchmarks.server SPIDER ARTICLES MANIFEST`` builds the synthetic site
(benchmarks/synth.py), writes ``MANIFEST`` (JSON: port, spider arguments, every path and its
kind) and serves the pages from memory on 127.0.0.1 with asyncio (keep-alive, no per-request
file reads), until its standard input closes. Serving from another process keeps the server's
CPU and memory out of the crawler's figures. :class:`ServedSite` starts and stops it.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from benchmarks.articles import SavedPage

ROOT = Path(__file__).resolve().parent.parent


def _not_found() -> bytes:
    return (
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nnot found"
    )


def responses(pages: dict[str, SavedPage]) -> dict[str, bytes]:
    """The full HTTP response bytes of every page, keyed by path + query as requested."""
    from asnscraper.mirror import path_key

    out = {}
    for key, page in pages.items():
        head = (
            f"HTTP/1.1 {page.status} OK\r\nContent-Type: {page.content_type}\r\n"
            f"Content-Length: {len(page.body)}\r\n\r\n"
        ).encode("ascii")
        out[path_key(key)] = head + page.body
    return out


async def serve(routes: dict[str, bytes], ready: Any) -> None:
    from asnscraper.mirror import path_key

    missing = _not_found()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode("latin-1")
                body = routes.get(target) or routes.get(path_key(target)) or missing
                writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.CancelledError, ConnectionError, IndexError):
            pass  # client gone, or the server shutting down
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=512)
    ready(server.sockets[0].getsockname()[1])
    loop = asyncio.get_running_loop()
    stdin_closed = loop.create_future()
    loop.add_reader(sys.stdin.fileno(), lambda: stdin_closed.done() or stdin_closed.set_result(1))
    async with server:
        await stdin_closed


def main() -> None:
    from benchmarks.synth import build_site

    spider, articles, manifest = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    site = build_site(spider, articles)
    if site is None:
        manifest.write_text(json.dumps({"error": f"no synthetic-site adapter for {spider}"}))
        return
    routes = responses(site.pages)
    total_bytes = sum(len(p.body) for p in site.pages.values())
    del site.pages

    def ready(port: int) -> None:
        payload = {
            "port": port,
            "spider_args": site.spider_args,
            "pages": site.manifest(),
            "articles": len(site.article_keys),
            "bytes": total_bytes,
        }
        tmp = manifest.with_name(manifest.name + ".part")
        tmp.write_text(json.dumps(payload))
        tmp.replace(manifest)

    asyncio.run(serve(routes, ready))


class ServedSite:
    """Context manager: a server process for (spider, articles); ``info`` is its manifest."""

    def __init__(self, spider: str, articles: int, workdir: Path, timeout: float = 300) -> None:
        self.spider, self.articles, self.timeout = spider, articles, timeout
        self.manifest = workdir / f"mirror-{spider}-{articles}-{os.getpid()}.json"
        self.process: subprocess.Popen[bytes] | None = None
        self.info: dict[str, Any] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.info['port']}"

    def __enter__(self) -> ServedSite:
        self.manifest.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.server",
                self.spider,
                str(self.articles),
                str(self.manifest),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
        )
        deadline = time.monotonic() + self.timeout
        while not self.manifest.exists():
            if self.process.poll() is not None:
                raise RuntimeError(f"mirror server exited with {self.process.returncode}")
            if time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise TimeoutError("mirror server did not start")
            time.sleep(0.05)
        self.info = json.loads(self.manifest.read_text())
        if "error" in self.info:
            self.__exit__(None, None, None)
            from benchmarks.harness import NotAvailable

            raise NotAvailable(self.info["error"])
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


if __name__ == "__main__":
    main()
