"""6. Start-up: wall time of ``scrapy list`` against ``python -c "import scrapy"``, interleaved."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Figure, Goal, rotate
from benchmarks.suite import Context

NAME = "startup"
ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "scrapy list": [sys.executable, "-m", "scrapy", "list"],
    "import scrapy": [sys.executable, "-c", "import scrapy"],
}


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def run(ctx: Context) -> list[Figure]:
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    names = list(COMMANDS)
    for round_no in range(ctx.scale.startup_rounds + 1):
        for name in rotate(names, round_no):
            seconds = wall(COMMANDS[name])
            if round_no:  # the first round warms the OS file cache
                samples[name].append(seconds)
    listed = statistics.median(samples["scrapy list"])
    imported = statistics.median(samples["import scrapy"])
    return [
        Figure(NAME, "scrapy list", listed, "s", note=f"median of {len(samples['scrapy list'])}"),
        Figure(NAME, 'python -c "import scrapy"', imported, "s"),
        Figure(
            NAME, "scrapy list overhead over import scrapy", listed - imported, "s", Goal("<=", 1.0)
        ),
    ]
