"""Command-line plumbing shared by asnscraper's scrapy commands (kept out of commands/,
where Scrapy would load every command class as a command of its own)."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

from asnscraper.spiders.platforms.base import KNOWN_ARGUMENTS, SpiderArgumentError, check_arguments


def exit_on_bad_arguments(spargs: dict[str, str]) -> None:
    """Print one line and exit 2 when a spider argument is bad."""
    try:
        check_arguments(**{k: v for k, v in spargs.items() if k in KNOWN_ARGUMENTS})
    except SpiderArgumentError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - command-line output
        raise SystemExit(2) from None


class RunManyCommand(BaseRunSpiderCommand):
    """Shared by crawlall and demo: spider selection with ``--spiders a,b`` (or ``-s a,b``)."""

    requires_project = True

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--spiders",
            metavar="NAMES",
            default="",
            help="comma-separated spider names (default: all); -s NAMES works too",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Scrapy's own -s takes NAME=VALUE settings; a -s value without '=' names spiders.
        names = [v for v in (opts.set or []) if "=" not in v]
        opts.set = [v for v in (opts.set or []) if "=" in v]
        opts.spiders = ",".join(filter(None, [opts.spiders, *names]))
        super().process_options(args, opts)
        exit_on_bad_arguments(opts.spargs)

    def selected_spiders(self, opts: argparse.Namespace) -> list[str]:
        assert self.crawler_process is not None
        available = sorted(self.crawler_process.spider_loader.list())
        wanted = [n.strip() for n in opts.spiders.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in available]
        if unknown:
            raise UsageError(
                f"unknown spider(s): {', '.join(unknown)} (available: {', '.join(available)})",
                print_help=False,
            )
        return wanted or available
