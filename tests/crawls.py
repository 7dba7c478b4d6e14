"""Helpers for tests that run real ``scrapy`` processes against a (faulty) mirror.

:func:`run_scrapy` starts ``python -m scrapy …`` in a subprocess with fast settings, samples
the process's resident memory with psutil while it runs, and returns its exit status, log,
final stats per spider (through :mod:`tests.stats_dump`) and the items of a JSON Lines feed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

import asnscraper.settings as project_settings

ROOT = Path(__file__).resolve().parent.parent

#: Settings that keep test crawls fast and deterministic (no politeness delays, frozen clock).
FAST = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "ASNSCRAPER_STATE": "",
    "ASNSCRAPER_NOW": "2026-11-22T12:00:00+07:00",
    "ASNSCRAPER_KEEP_IRRELEVANT": "True",
    "LOG_LEVEL": "INFO",
}


@dataclass
class Crawl:
    returncode: int
    log: str
    stdout: str
    stats: dict[str, dict[str, Any]]
    peak_rss: int
    seconds: float
    items: list[dict[str, Any]] = field(default_factory=list)

    def stat(self, spider: str, key: str, default: Any = 0) -> Any:
        return self.stats.get(spider, {}).get(key, default)

    def lines(self, needle: str) -> list[str]:
        return [line for line in self.log.splitlines() if needle in line]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _extensions() -> str:
    extensions = dict(getattr(project_settings, "EXTENSIONS", {}))
    extensions["tests.stats_dump.StatsToFile"] = 1000
    return json.dumps(extensions)


def run_scrapy(
    *args: str,
    workdir: Path,
    settings: dict[str, Any] | None = None,
    feed: Path | None = None,
    timeout: float = 90,
    cwd: Path = ROOT,
    on_start: Any = None,
    env: dict[str, str] | None = None,
) -> Crawl:
    """Run ``scrapy <args>`` with FAST settings (plus ``settings``); see the module doc.

    ``on_start(process)`` runs in a thread once the process started (to signal it, say);
    ``env`` adds environment variables (``SCRAPY_SETTINGS_MODULE`` to run outside the project).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "crawl.log"
    stats_dir = workdir / "stats"
    merged = {
        **FAST,
        "LOG_FILE": str(log),
        "ASNSCRAPER_TEST_STATS_DIR": str(stats_dir),
        "EXTENSIONS": _extensions(),
        **(settings or {}),
    }
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )
    peak = [0]

    def sample() -> None:
        try:
            watched = psutil.Process(process.pid)
            while process.poll() is None:
                peak[0] = max(peak[0], watched.memory_info().rss)
                time.sleep(0.02)
        except psutil.NoSuchProcess:
            pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if on_start is not None:
        threading.Thread(target=on_start, args=(process,), daemon=True).start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        raise AssertionError(f"scrapy {' '.join(args)} ran past {timeout} s") from None
    sampler.join(timeout=5)
    stats = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(stats_dir.glob("*.json"))
    }
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return Crawl(
        returncode=process.returncode,
        log=text + stderr,
        stdout=stdout,
        stats=stats,
        peak_rss=peak[0],
        seconds=time.monotonic() - started,
        items=read_jsonl(feed) if feed else [],
    )


def crawl_mirror(spider: str, base_url: str, workdir: Path, **settings: str) -> Crawl:
    """``scrapy crawl <spider> -a base_url=… -O <workdir>/out.jsonl`` with ``settings``."""
    feed = workdir / "out.jsonl"
    return run_scrapy(
        "crawl",
        spider,
        "-a",
        f"base_url={base_url}",
        "-O",
        str(feed),
        workdir=workdir,
        feed=feed,
        settings=settings,
    )


def disway_listing(links: list[str], day: str = "Kamis 28-11-2024,10:15 WIB") -> str:
    """A Disway category page (markup as SITES.md describes it) linking to ``links``."""
    entries = "".join(
        '<div class="media"><div class="media-content">'
        f'<h2 class="media-heading"><a href="{href}">Berita uji {n}</a></h2>'
        f'<span class="date">{day}</span></div></div>'
        for n, href in enumerate(links)
    )
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        "<title>Pagaralam - Pagaralam Pos</title></head><body><main>"
        f"{entries}</main></body></html>"
    )
