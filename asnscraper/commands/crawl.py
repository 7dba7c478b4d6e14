"""``scrapy crawl`` with spider arguments checked before the crawl starts.

A bad ``-a`` value exits with status 2 and one line on stderr naming the argument, instead
of a traceback from inside the spider's constructor. The state store (``ASNSCRAPER_STATE``) is
opened and the spider's run lock taken before the crawl: an unreadable store or another run of
the same spider on it exits with status 1 and one line.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from asnscraper.cli import exit_on_bad_arguments


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        exit_on_bad_arguments(opts.spargs)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # Imported here, not at the top: Scrapy imports every command module for any command
        # (`scrapy list` too), and the state store brings numpy and datasketch (scipy).
        from asnscraper.parsing.fingerprint import DEFAULT_THRESHOLD
        from asnscraper.state import StateError, shared_store

        assert self.settings is not None
        try:
            with shared_store(
                self.settings.get("ASNSCRAPER_STATE") or None,
                threshold=self.settings.getfloat(
                    "ASNSCRAPER_NEAR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD
                ),
            ) as scope:
                if len(args) == 1:
                    scope.store.lock(args[0])
                super().run(args, opts)
        except StateError as exc:
            print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - command-line output
            self.exitcode = 1
