"""3. Crawl throughput: a full offline crawl of a synthetic loopback mirror, three ways.

The mirror (benchmarks/server.py, its own process) serves a synthetic site of
``crawl_articles`` articles with category listings, search results, a tag page and RSS. Each
crawl is a real Scrapy ``CrawlerProcess`` in a fresh process (benchmarks/crawl_worker.py) with
the same settings: asnscraper's spider (own discovery, every pipeline, feed export), an
empty-callback spider over the mirror's URL list (Scrapy's floor), and a spider whose callback is
``trafilatura.extract`` + ``htmldate.find_date``. Interleaved ``crawl_rounds`` times; medians of
pages per second (responses / engine open-to-close time).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.articles import fixture_spiders
from benchmarks.harness import Figure, Goal, NotAvailable, rotate
from benchmarks.server import ROOT, ServedSite
from benchmarks.suite import Context
from benchmarks.synth import builder_for

NAME = "crawl"
KINDS = ("asnscraper", "empty", "trafilatura")


def crawl_once(
    kind: str, spider: str, served: ServedSite, workdir: Path, tag: str, round_no: int = 0
) -> dict[str, Any]:
    """One crawl in a fresh process, with a fresh state store and feed; its result JSON.

    Every crawl gets its own folder: a state store left by an earlier round would turn the
    next round into an incremental crawl (known articles dropped, listings stopped early).
    """
    folder = workdir / f"crawl-{tag}-{kind}-{round_no}"
    if folder.exists():
        raise RuntimeError(f"{folder} exists: each crawl needs a fresh state store")
    folder.mkdir(parents=True)
    result = folder / "result.json"
    log = folder / "crawl.log"
    with log.open("wb") as out:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.crawl_worker",
                kind,
                spider,
                served.base_url,
                str(served.manifest),
                str(result),
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=3600,
        )
    if done.returncode or not result.exists():
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{kind} crawl exited with {done.returncode}:\n{tail}")
    data = json.loads(result.read_text())
    if not data["pages"] or not data["seconds"]:
        raise RuntimeError(
            f"{kind} crawl fetched nothing (finish reason {data['finish_reason']!r})"
        )
    return data


def crawlable_spiders() -> list[str]:
    return [s for s in fixture_spiders() if builder_for(s) is not None]


def run(ctx: Context) -> list[Figure]:
    spiders = crawlable_spiders()
    if not spiders:
        raise NotAvailable("no spider has a synthetic-site adapter (benchmarks/synth.py)")
    figures: list[Figure] = []
    others = sorted(set(fixture_spiders()) - set(spiders))
    for spider in spiders:
        with ServedSite(spider, ctx.scale.crawl_articles, ctx.workdir) as served:
            results: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
            for round_no in range(ctx.scale.crawl_rounds):
                for kind in rotate(list(KINDS), round_no):
                    results[kind].append(
                        crawl_once(kind, spider, served, ctx.workdir, spider, round_no)
                    )
            figures += figures_for(spider, served.info, results)
    for spider in others:
        figures.append(
            Figure(
                NAME,
                f"{spider}: crawl",
                None,
                available=False,
                note="no synthetic-site adapter for its platform yet",
            )
        )
    return figures


def rate(result: dict[str, Any]) -> float:
    return result["pages"] / result["seconds"] if result["seconds"] else 0.0


def cpu_rate(result: dict[str, Any]) -> float:
    """Pages per CPU second of the crawling process (0 when not measured)."""
    cpu = result.get("cpu_seconds") or 0.0
    return result["pages"] / cpu if cpu else 0.0


def cpu_note(results: dict[str, list[dict[str, Any]]], peer: str) -> str:
    """The same ratio by CPU time, steadier than the wall clock when the machine is shared."""
    ours = statistics.median(cpu_rate(r) for r in results["asnscraper"])
    theirs = statistics.median(cpu_rate(r) for r in results[peer])
    return f"by CPU time {ours / theirs:.3f} x" if ours and theirs else ""


def figures_for(
    spider: str, info: dict[str, Any], results: dict[str, list[dict[str, Any]]]
) -> list[Figure]:
    rates = {kind: statistics.median(rate(r) for r in runs) for kind, runs in results.items()}
    ours = min(results["asnscraper"], key=lambda r: r["pages"])  # the least complete round
    served = len(info["pages"])
    missing = ours["missing_components"]
    note = (
        f"{info['articles']} articles, {served} pages served; fetched {ours['pages']} "
        f"({ours['status_404']} 404), {ours['items']} items, {ours['dropped']} dropped"
    )
    if missing:
        note += f"; not in the tree yet: {', '.join(missing)}"
    rounds = len(results["asnscraper"])
    return [
        Figure(NAME, f"{spider}: asnscraper pages/s", rates["asnscraper"], "pages/s", note=note),
        Figure(
            NAME,
            f"{spider}: empty-callback spider pages/s",
            rates["empty"],
            "pages/s",
            note=f"median of {rounds}",
        ),
        Figure(
            NAME, f"{spider}: trafilatura+htmldate spider pages/s", rates["trafilatura"], "pages/s"
        ),
        Figure(
            NAME,
            f"{spider}: asnscraper / empty callback",
            rates["asnscraper"] / rates["empty"],
            "x",
            Goal(">=", 0.5),
            note=cpu_note(results, "empty"),
        ),
        Figure(
            NAME,
            f"{spider}: asnscraper / trafilatura spider",
            rates["asnscraper"] / rates["trafilatura"],
            "x",
            Goal(">=", 2),
            note=cpu_note(results, "trafilatura"),
        ),
        Figure(
            NAME,
            f"{spider}: pages discovered by asnscraper",
            100.0 * ours["pages"] / served,
            "%",
            note="share of the mirror's pages its own discovery reached",
        ),
    ]
