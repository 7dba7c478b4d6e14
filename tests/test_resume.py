"""Resume: a crawl with ``-s JOBDIR=…`` stopped mid-way finishes later without refetching.

The first run is stopped with SIGTERM (what systemd, scrapyd and ``kill`` send; Ctrl-C is the
same) while a later page of a multi-page article is in flight, so the queue on disk holds a
request whose ``cb_kwargs`` carry the partly read Article. The second run, same JOBDIR,
fetches only what the first did not; the mirror's request log proves it.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

from asnscraper.mirror import Mirror, path_key
from tests.crawls import Crawl, run_scrapy

SPIDER = "pagaralampos"
BAWASLU = (
    "https://pagaralampos.disway.id/politik/read/127385/"
    "bawaslu-pagar-alam-perketat-pengawasan-netralitas-asn-selama-masa-kampanye"
)
ONE_AT_A_TIME = {"CONCURRENT_REQUESTS": "1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}


def run(mirror: Mirror, workdir: Path, jobdir: Path | None, on_start: Any = None) -> Crawl:
    """A crawl with a JOBDIR, one request at a time (None: a plain crawl, for reference)."""
    feed = workdir / "out.jsonl"
    settings = {"JOBDIR": str(jobdir), **ONE_AT_A_TIME} if jobdir else {}
    return run_scrapy(
        "crawl",
        SPIDER,
        "-a",
        f"base_url={mirror.base_url}",
        "-o",
        str(feed),
        workdir=workdir,
        feed=feed,
        settings=settings,
        on_start=on_start,
    )


def stop_when_requested(mirror: Mirror, url: str) -> Any:
    def watch(process: subprocess.Popen[str]) -> None:
        deadline = time.monotonic() + 60
        while mirror.hits(url) == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)

    return watch


def fetched(requests: list[str]) -> Counter[str]:
    return Counter(k for k in requests if k != "/robots.txt")


def test_a_stopped_crawl_resumes_without_refetching(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    with Mirror.for_spider(SPIDER) as mirror:
        reference = run(mirror, tmp_path / "reference", None)
        everything = fetched(mirror.requests)
        mirror.requests.clear()

        mirror.fault(f"{BAWASLU}/15", "slow", times=1, seconds=2)
        first = run(
            mirror, tmp_path / "first", jobdir, stop_when_requested(mirror, f"{BAWASLU}/15")
        )
        during_first = fetched(mirror.requests)
        mirror.requests.clear()
        second = run(mirror, tmp_path / "second", jobdir)
        during_second = fetched(mirror.requests)

    assert reference.stat(SPIDER, "finish_reason") == "finished"
    assert first.stat(SPIDER, "finish_reason") == "shutdown", first.log[-2000:]
    assert second.stat(SPIDER, "finish_reason") == "finished", second.log[-2000:]
    assert first.returncode == 0 and second.returncode == 0

    # Nothing fetched twice, nothing left out: the two runs together made the reference's requests.
    assert not set(during_first) & set(during_second)
    assert during_first + during_second == everything
    assert path_key(f"{BAWASLU}/30") in during_second, "the partly read article resumed"
    assert len(during_second) >= 5, "the first run was stopped early"

    # Every article arrives once, the multi-page one with all of its pages.
    items = first.items + second.items
    urls = Counter(i["canonical_url"] for i in items)
    assert set(urls) == {i["canonical_url"] for i in reference.items}
    assert max(urls.values()) == 1
    resumed = next(i for i in second.items if i["canonical_url"] == BAWASLU)
    whole = next(i for i in reference.items if i["canonical_url"] == BAWASLU)
    assert resumed["body"] == whole["body"]
