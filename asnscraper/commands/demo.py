"""``scrapy demo``: the whole job, offline.

Starts a loopback HTTP mirror of each spider's bundled fixtures, runs every spider against its
mirror (``-a base_url=…``) with the full pipeline, writes one feed (default ``demo.jsonl``) and
prints a run summary. Needs no network; state is kept in memory only, so every run shows all.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack

from scrapy.exceptions import UsageError

from asnscraper.cli import RunManyCommand
from asnscraper.combined_feed import ItemCollector, take_cli_feeds, write_feed
from asnscraper.mirror import FIXTURES_DIR, Mirror
from asnscraper.runner import check_health, collect, format_table


class Command(RunManyCommand):
    def short_desc(self) -> str:
        return (
            "Crawl the bundled fixtures through a loopback mirror with every spider (offline demo)"
        )

    def syntax(self) -> str:
        return "[options]"

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        for name, value in {
            "ASNSCRAPER_STATE": "",
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        }.items():
            self.settings.set(name, value, priority="cmdline")
        if not opts.loglevel and not opts.nolog:
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # Imported here: every command module is imported for any scrapy command (see crawl.py).
        from asnscraper.state import shared_store

        if args:
            raise UsageError("demo takes no positional arguments", print_help=False)
        assert self.crawler_process is not None and self.settings is not None
        names = [
            n for n in self.selected_spiders(opts) if (FIXTURES_DIR / n / "meta.json").exists()
        ]
        if not names:
            raise UsageError("no spider has bundled fixtures to demo", print_help=False)
        feeds = take_cli_feeds(self.settings) or {
            "demo.jsonl": {"format": "jsonlines", "overwrite": True}
        }
        collector = ItemCollector()
        crawlers = []
        with ExitStack() as stack:
            # One in-memory store for every spider: stories link across outlets in the demo too.
            stack.enter_context(shared_store(None, deliver_by_command=True))
            for name in names:
                mirror = stack.enter_context(Mirror.for_spider(name))
                crawler = self.crawler_process.create_crawler(name)
                collector.connect(crawler)
                crawlers.append(crawler)
                self.crawler_process.crawl(crawler, **{**opts.spargs, "base_url": mirror.base_url})
            self.crawler_process.start()
        for uri, options in feeds.items():
            path = write_feed(uri, options, collector.items, self.settings)
            print(f"Wrote {len(collector.items)} articles to {path}")  # noqa: T201
        summaries = [check_health(s) for s in collect(crawlers)]
        print(format_table(summaries))  # noqa: T201
        if any(not s.healthy for s in summaries):
            self.exitcode = 1
        sys.stdout.flush()
