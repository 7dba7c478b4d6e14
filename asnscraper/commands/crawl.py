"""``scrapy crawl`` with spider arguments checked before the crawl starts.

A bad ``-a`` value exits with status 2 and one line on stderr naming the argument, instead
of a traceback from inside the spider's constructor.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from asnscraper.cli import exit_on_bad_arguments


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        exit_on_bad_arguments(opts.spargs)
