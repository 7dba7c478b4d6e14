"""``scrapy state``: what the state store knows, and forgetting a source or everything.

    scrapy state                      articles, stories, near-duplicates per source; last runs
    scrapy state --json               the same as JSON
    scrapy state --reset metro24      forget one source (its next run emits everything again)
    scrapy state --reset all          forget everything

The store is ``ASNSCRAPER_STATE`` (``-s ASNSCRAPER_STATE=path`` for another). An unknown source
exits with status 2 and one line naming the sources there are.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


def _fail(message: str, status: int = 2) -> None:
    print(f"error: {message}", file=sys.stderr)  # noqa: T201 - command-line output
    raise SystemExit(status)


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    )


_SOURCE_COLUMNS = (
    ("source", "source"),
    ("articles", "articles"),
    ("stories", "stories"),
    ("near-dups", "near_duplicates"),
    ("revised", "revised"),
    ("known-dropped", "seen_dropped"),
    ("last seen", "last_seen"),
)
_RUN_COLUMNS = (
    ("spider", "spider"),
    ("started", "started"),
    ("finished", "finished"),
    ("reason", "finish_reason"),
    ("found", "articles_found"),
    ("emitted", "emitted"),
    ("new", "new"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("dups", "duplicates"),
)


def _cell(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


def render(
    path: str,
    size: int,
    sources: list[dict[str, Any]],
    runs: dict[str, Any],
    versions: dict[str, Any] | None = None,
) -> str:
    lines = [f"state store: {path} ({size / 1024:.0f} KiB)"]
    if versions:
        line = f"schema {versions['schema']}, fingerprint version {versions['fingerprint']}"
        if versions["other_fingerprint"]:
            line += (
                f"; {versions['other_fingerprint']} article(s) hashed by another version "
                "(recomputed, not re-emitted, when next seen)"
            )
        lines.append(line)
    if not sources and not runs:
        lines.append("empty: the next run of every spider emits everything it finds")
        return "\n".join(lines)
    rows = [[title for title, _ in _SOURCE_COLUMNS]]
    rows += [[_cell(s.get(key)) for _, key in _SOURCE_COLUMNS] for s in sources]
    lines += ["", _table(rows)]
    if runs:
        rows = [[title for title, _ in _RUN_COLUMNS]]
        rows += [[_cell(r.get(key)) for _, key in _RUN_COLUMNS] for r in runs.values()]
        lines += ["", "last run of each spider:", _table(rows)]
    return "\n".join(lines)


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def short_desc(self) -> str:
        return "Show the state store (articles per source, last runs) or reset a source"

    def syntax(self) -> str:
        return "[--reset SOURCE|all] [--json]"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--reset",
            metavar="SOURCE",
            help="forget one source (spider name) or 'all': its next run emits everything",
        )
        parser.add_argument("--json", action="store_true", help="print the state as JSON")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # Imported here, not at the top: Scrapy imports every command module for any command
        # (`scrapy list` too), and the state store brings numpy and datasketch (scipy).
        from asnscraper.state import StateError, StateStore

        if args:
            raise UsageError(f"state takes no positional arguments (got {' '.join(args)})")
        assert self.settings is not None
        path = self.settings.get("ASNSCRAPER_STATE") or ""
        if not path:
            if opts.reset:
                _fail("ASNSCRAPER_STATE is empty: there is no state store to reset")
            print("state store disabled (ASNSCRAPER_STATE is empty): every run emits everything")  # noqa: T201
            return
        exists = Path(path).exists()
        if opts.reset:
            self.reset(path, opts.reset.strip(), exists)
            return
        if not exists:
            print(f"state store: {path} (not created yet: no run has finished)")  # noqa: T201
            return
        try:
            with StateStore.open(path) as store:
                sources, runs, size = store.sources(), store.last_runs(), store.size_on_disk()
                versions = store.versions()
        except StateError as exc:
            _fail(str(exc), status=1)
        if opts.json:
            payload = {
                "path": path,
                "bytes": size,
                "versions": versions,
                "sources": sources,
                "last_runs": runs,
            }
            print(json.dumps(payload, ensure_ascii=False, indent=2))  # noqa: T201
        else:
            print(render(path, size, sources, runs, versions))  # noqa: T201

    def reset(self, path: str, source: str, exists: bool) -> None:
        from asnscraper.state import StateError, StateStore

        assert self.crawler_process is not None
        spiders = set(self.crawler_process.spider_loader.list())
        if not exists:
            if source != "all" and source not in spiders:
                _fail(
                    f"unknown source {source!r} (choose one of: {', '.join(sorted(spiders))} or all)"
                )
            print(f"nothing to reset: no state store at {path} yet")  # noqa: T201
            return
        try:
            with StateStore.open(path) as store:
                known = spiders | store.known_sources()
                if source != "all" and source not in known:
                    _fail(
                        f"unknown source {source!r} (choose one of: "
                        f"{', '.join(sorted(known))} or all)"
                    )
                removed = store.reset(None if source == "all" else source)
        except StateError as exc:
            _fail(str(exc), status=1)
        what = "every source" if source == "all" else source
        print(f"state reset for {what}: {removed} article(s) forgotten ({path})")  # noqa: T201
