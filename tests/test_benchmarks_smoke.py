"""The benchmark harness runs end to end on a tiny size and reports every figure.

No timing is asserted (speed goals live in benchmarks/, not in tests): only that
``python -m benchmarks`` runs every benchmark offline, prints a figure for each (a number, or
"not available yet" naming the missing component), fails none, and warns of no deprecation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.accuracy import same_minute, seed_gold, token_f1
from benchmarks.harness import Figure, Goal, interleaved
from benchmarks.suite import BENCHMARKS
from benchmarks.synth import build_site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny_run() -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--tiny", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout), done.stderr


def test_every_benchmark_reports_figures(tiny_run: tuple[dict, str]) -> None:
    payload, _ = tiny_run
    by_benchmark: dict[str, list[dict]] = {}
    for figure in payload["figures"]:
        by_benchmark.setdefault(figure["benchmark"], []).append(figure)
    assert set(by_benchmark) == set(BENCHMARKS)
    for name, figures in by_benchmark.items():
        for figure in figures:
            assert "failed:" not in figure["note"], f"{name}: {figure['name']}: {figure['note']}"
            if figure["available"]:
                assert isinstance(figure["value"], int | float), figure
            else:
                assert figure["note"], f"{name}: {figure['name']} gives no reason"


def test_goals_are_marked(tiny_run: tuple[dict, str]) -> None:
    payload, _ = tiny_run
    with_goal = [f for f in payload["figures"] if f["goal"] and f["value"] is not None]
    assert with_goal, "no figure carries a goal"
    for figure in with_goal:
        assert figure["met"] in (True, False)
    names = {f["name"] for f in payload["figures"]}
    assert "speed vs trafilatura (x faster)" in names
    assert "cost vs parse floor (x the floor)" in names


def test_every_crawl_round_reaches_the_whole_mirror(tiny_run: tuple[dict, str]) -> None:
    """Two rounds run in the tiny crawl: the second must not inherit the first one's state."""
    payload, _ = tiny_run
    reached = [
        f for f in payload["figures"] if f["name"].endswith("pages discovered by asnscraper")
    ]
    assert reached, "no crawl figure"
    for figure in reached:
        assert figure["value"] >= 95, figure


def test_no_deprecation_warnings(tiny_run: tuple[dict, str]) -> None:
    _, stderr = tiny_run
    assert "DeprecationWarning" not in stderr, stderr[-3000:]


def test_synthetic_pages_differ_and_are_linked() -> None:
    site = build_site("pagaralampos", 40)
    assert site is not None
    bodies = [site.pages[k].body for k in site.article_keys]
    assert len(bodies) == 40 and len(set(bodies)) == 40
    listed = b"".join(p.body for k, p in site.pages.items() if site.kinds[k] != "article")
    for key in site.article_keys:
        assert key.encode() in listed, f"{key} is linked from no listing"
    assert b"@@" not in b"".join(bodies), "a template token was left in a page"


def test_measures() -> None:
    assert token_f1("Satu dua tiga", "satu dua tiga") == 1.0
    assert token_f1("", "satu") == 0.0
    assert 0 < token_f1("satu dua", "satu tiga") < 1
    assert same_minute("2023-12-28T10:15:59+07:00", "2023-12-28T10:15:00+07:00")
    assert not same_minute("2023-12-28T10:15:00+08:00", "2023-12-28T10:15:00+07:00")
    assert same_minute("2023-12-28T10:15:00", "2023-12-28T10:15:00+07:00", offset=False)
    assert Figure("b", "x", 2.5, goal=Goal(">=", 3)).met is False
    assert Figure("b", "x", 2.5, goal=Goal("<=", 3, 2)).stretch_met is False
    calls: list[str] = []
    timings = interleaved({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, 2)
    assert calls == ["a", "b", "b", "a", "a", "b"] and len(timings.samples["a"]) == 2


def test_seed_gold_drops_caption_related_and_chrome(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(
        "Judul Berita\n\nFOTO BERSAMA: Para peserta apel. --contoh.com\n\nParagraf pertama.\n\n"
        "BACA JUGA:Berita lain\n\nParagraf kedua.\n\nTag\nShare\n",
        encoding="utf-8",
    )
    gold = seed_gold(seed, "Judul Berita")
    assert gold is not None and gold.body == "Paragraf pertama.\n\nParagraf kedua."
    assert seed_gold(seed, "Judul Lain") is None
