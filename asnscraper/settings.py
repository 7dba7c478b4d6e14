"""Scrapy settings for asnscraper: polite defaults for real crawls.

Every setting of our own is prefixed ``ASNSCRAPER_``. The README lists them.
"""

from asnscraper import __version__

BOT_NAME = "asnscraper"
SPIDER_MODULES = ["asnscraper.spiders"]
NEWSPIDER_MODULE = "asnscraper.spiders"
COMMANDS_MODULE = "asnscraper.commands"

# --- politeness -----------------------------------------------------------------
USER_AGENT = (
    f"asnscraper/{__version__} (+https://github.com/asnscraper/asnscraper; research crawler)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = False
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
TELNETCONSOLE_ENABLED = False

# --- output ----------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORAGES = {
    "": "asnscraper.feedstorage.AtomicFileFeedStorage",
    "file": "asnscraper.feedstorage.AtomicFileFeedStorage",
}
FEED_EXPORTERS = {
    "jsonfeed": "asnscraper.exporters.jsonfeed.JsonFeedItemExporter",
}

# --- pipelines: one job each, gaps left for new ones -------------------------------
ITEM_PIPELINES = {
    "asnscraper.pipelines.clean_text.CleanTextPipeline": 100,
    "asnscraper.pipelines.normalize_dates.NormalizeDatesPipeline": 200,
    "asnscraper.pipelines.filter_date_range.FilterDateRangePipeline": 250,
    "asnscraper.pipelines.normalize_authors.NormalizeAuthorsPipeline": 300,
    "asnscraper.pipelines.tag_regions.TagRegionsPipeline": 400,
    "asnscraper.pipelines.extract_people.ExtractPeoplePipeline": 500,
    "asnscraper.pipelines.score_relevance.ScoreRelevancePipeline": 600,
    "asnscraper.pipelines.validate_article.ValidateArticlePipeline": 700,
    "asnscraper.pipelines.deduplicate.DeduplicateArticlesPipeline": 800,
}

# --- asnscraper's own settings ------------------------------------------------------
# Topic queries used by search-based discovery when no `-a query=` is given.
ASNSCRAPER_QUERIES = [
    "netralitas asn",
    "netralitas pns",
    "asn netral",
    "pakta integritas netralitas",
    "asn pilkada",
    "asn pemilu",
]
# Listing pages followed per entry point (search, category, tag) when no `-a max_pages=`.
ASNSCRAPER_MAX_PAGES = 5
# Fixed "now" (ISO 8601 with offset) for resolving relative dates; None = the real clock.
ASNSCRAPER_NOW = None
# Keep articles scored irrelevant (with is_relevant=false) instead of dropping them.
ASNSCRAPER_KEEP_IRRELEVANT = False
# Minimum body length for a valid article.
ASNSCRAPER_MIN_BODY_CHARS = 200
# Near-duplicates across outlets: "mark" (keep, set duplicate_of) or "drop".
ASNSCRAPER_NEAR_DUPLICATES = "mark"
# SQLite state store kept across runs; None/"" disables state (every run emits everything).
ASNSCRAPER_STATE = ".asnscraper/state.sqlite3"
