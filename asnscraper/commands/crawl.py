"""``scrapy crawl`` with spider arguments checked before the crawl starts.

A bad ``-a`` value exits with status 2 and one line on stderr naming the argument, instead
of a traceback from inside the spider's constructor.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from asnscraper.spiders.platforms.base import KNOWN_ARGUMENTS, SpiderArgumentError, check_arguments


def exit_on_bad_arguments(spargs: dict[str, str]) -> None:
    """Print one line and exit 2 when a spider argument is bad."""
    try:
        check_arguments(**{k: v for k, v in spargs.items() if k in KNOWN_ARGUMENTS})
    except SpiderArgumentError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - command-line output
        raise SystemExit(2) from None


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        exit_on_bad_arguments(opts.spargs)
        super().run(args, opts)
