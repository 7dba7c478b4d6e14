"""Custom scrapy commands (COMMANDS_MODULE): crawl (argument checks), demo, crawlall, state."""
