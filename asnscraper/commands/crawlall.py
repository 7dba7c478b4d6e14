"""``scrapy crawlall``: every spider (or a subset) in one process, for scheduled crawls.

Writes one feed file per spider per run under ``feeds/<spider>/`` named by UTC start time
(written as ``.part`` and renamed when the spider closes), prints a run summary, saves it as
JSON next to the feeds, and exits non-zero when a spider failed, logged errors, or found no
article where its last runs found some.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from asnscraper.cli import RunManyCommand
from asnscraper.combined_feed import ItemCollector, stage_feed, take_cli_feeds
from asnscraper.runner import check_health, collect, format_table, write_summary

if TYPE_CHECKING:
    from asnscraper.state import StateStore

FORMATS = {"jsonl": "jsonlines", "json": "json", "jsonfeed": "jsonfeed"}
#: File name ending of each format's per-run feed.
SUFFIXES = {"jsonl": "jsonl", "json": "json", "jsonfeed": "feed.json"}


class Command(RunManyCommand):
    def short_desc(self) -> str:
        return "Run every spider (or --spiders a,b) with shared state, per-run feeds and a summary"

    def syntax(self) -> str:
        return "[options]"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--format",
            default="jsonl",
            help=f"feed format(s), comma-separated: {', '.join(FORMATS)} (default jsonl)",
        )
        parser.add_argument(
            "--feeds-dir", default="feeds", help="folder of the per-run feeds (default feeds)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(
                f"crawlall takes no positional arguments (got {' '.join(args)})", print_help=False
            )
        # Imported here: every command module is imported for any scrapy command (see crawl.py).
        from asnscraper.parsing.fingerprint import DEFAULT_THRESHOLD
        from asnscraper.state import StateError, shared_store

        assert self.crawler_process is not None and self.settings is not None
        names = self.selected_spiders(opts)
        formats = [f.strip() for f in opts.format.split(",") if f.strip()]
        bad = [f for f in formats if f not in FORMATS]
        if bad or not formats:
            raise UsageError(
                f"--format {opts.format!r}: choose from {', '.join(FORMATS)}", print_help=False
            )
        feeds_dir = Path(opts.feeds_dir)
        cli_feeds = take_cli_feeds(self.settings)
        if not cli_feeds:
            self.settings.set(
                "FEEDS",
                {
                    str(feeds_dir / "%(name)s" / f"%(time)s.{SUFFIXES[fmt]}"): {
                        "format": FORMATS[fmt],
                        "overwrite": True,
                    }
                    for fmt in formats
                },
                priority="cmdline",
            )
        threshold = self.settings.getfloat("ASNSCRAPER_NEAR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD)
        try:
            with shared_store(
                self.settings.get("ASNSCRAPER_STATE") or None,
                deliver_by_command=bool(cli_feeds),
                threshold=threshold,
            ) as scope:
                for name in names:
                    scope.store.lock(name)
                history = scope.store.recent_articles_found()
                started = dt.datetime.now(dt.UTC).replace(microsecond=0)
                crawlers = self.crawl_all(scope.store, names, opts, cli_feeds)
        except StateError as exc:
            print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - command-line output
            self.exitcode = 1
            return
        summaries = [check_health(s, history.get(s.spider, [])) for s in collect(crawlers)]
        print(format_table(summaries))  # noqa: T201
        summary_path = feeds_dir / f"run-{started.isoformat().replace(':', '-')}.json"
        write_summary(
            summary_path,
            summaries,
            {
                "started": started.isoformat(),
                "finished": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            },
        )
        print(f"Summary saved to {summary_path}")  # noqa: T201
        if any(not s.healthy for s in summaries):
            self.exitcode = 1

    def crawl_all(
        self,
        store: StateStore,
        names: list[str],
        opts: argparse.Namespace,
        cli_feeds: dict[str, dict[str, Any]],
    ) -> list[Crawler]:
        """Run the spiders in this process on one store; write and deliver a combined -O feed."""
        assert self.crawler_process is not None and self.settings is not None
        collector = ItemCollector()
        crawlers = []
        for name in names:
            crawler = self.crawler_process.create_crawler(name)
            collector.connect(crawler)
            crawlers.append(crawler)
            self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if cli_feeds:
            # One file for every spider: written first, then renamed and committed together.
            staged = [
                stage_feed(uri, options, collector.items, self.settings)
                for uri, options in cli_feeds.items()
            ]
            runs = [run for run in store.runs if run.closed]
            store.deliver(runs, [(str(a), str(b)) for a, b in staged if a != b])
        return crawlers
