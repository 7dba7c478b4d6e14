"""Start-up: commands that do not crawl never import the heavy modules.

Scrapy imports every command module (``COMMANDS_MODULE``) and every spider module for any
command, ``scrapy list`` included. The state store (numpy, datasketch and through it scipy) and
trafilatura (the generic fallback extractor) are imported only where they are used; this test
runs the real ``scrapy list`` and reads which modules it had loaded when it exited. (The time
itself is measured by ``python -m benchmarks --only startup``, never here.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.crawls import ROOT

#: Modules ``scrapy list`` must not load (top-level package names or exact module names).
HEAVY = ("datasketch", "scipy", "numpy", "trafilatura", "asnscraper.state", "dateparser")


def imported_modules(tmp_path: Path, *command: str) -> set[str]:
    """Every module loaded by the real ``scrapy <command>`` (``sys.modules`` at exit)."""
    out = tmp_path / "modules.json"
    code = (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: open({str(out)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
        "from scrapy.cmdline import execute\n"
        f"execute(['scrapy', *{list(command)!r}])\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=120, check=True
    )
    return set(json.loads(out.read_text()))


def test_scrapy_list_imports_no_heavy_module(tmp_path: Path) -> None:
    modules = imported_modules(tmp_path, "list")
    assert "asnscraper.spiders.metro24" in modules  # the spiders were loaded, as usual
    assert "asnscraper.commands.crawlall" in modules  # and our commands
    heavy = [h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in modules)]
    assert heavy == [], f"scrapy list imported {', '.join(heavy)}"
