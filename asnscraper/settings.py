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
    # Scrapy's JSON exporters, same bytes, an Article's dict built in one step (json_items.py).
    "json": "asnscraper.exporters.json_items.JsonItemExporter",
    "jsonlines": "asnscraper.exporters.json_items.JsonLinesItemExporter",
    "jsonl": "asnscraper.exporters.json_items.JsonLinesItemExporter",
    "jl": "asnscraper.exporters.json_items.JsonLinesItemExporter",
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

# --- reliability: retries, failures, walls, layout checks (README "Reliability") -----------
DOWNLOADER_MIDDLEWARES = {
    # Own hosts only (mirror included, port and all), redirect loops caught, mirror routing.
    "asnscraper.middlewares.guard.RequestGuardMiddleware": 60,
    # Final failures logged once with the URL and counted as asnscraper/errors/<kind>.
    "asnscraper.middlewares.failures.CountFailuresMiddleware": 540,
    # Scrapy's retry, with exponential backoff and Retry-After.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "asnscraper.middlewares.retry.BackoffRetryMiddleware": 550,
    # Wrong declared charset corrected (after decompression).
    "asnscraper.middlewares.charset.CharsetMiddleware": 585,
    # Scrapy's decompression, counting gzip bombs refused past DOWNLOAD_MAXSIZE.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "asnscraper.middlewares.failures.CountingHttpCompressionMiddleware": 590,
}
SPIDER_MIDDLEWARES = {
    # Empty 200s, login walls and consent walls dropped with a reason before any callback.
    "asnscraper.middlewares.walls.RejectWallsMiddleware": 60,
}
EXTENSIONS = {
    # Field coverage per spider at close (layout-change detection).
    "asnscraper.extensions.coverage.FieldCoverageExtension": 500,
    # Start-up objects frozen out of the full garbage collections while a spider runs.
    "asnscraper.extensions.gc_freeze.GcFreezeExtension": 100,
}
# Our failure middleware logs the one WARNING line per failed URL; Scrapy's give-up is INFO.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# First retry waits this many seconds; each later retry twice as long (plus up to 25% jitter).
ASNSCRAPER_RETRY_BACKOFF_BASE = 2.0
# Longest wait between two attempts, in seconds.
ASNSCRAPER_RETRY_BACKOFF_MAX = 60.0
# A Retry-After longer than this (seconds) is not waited for: given up until the next run.
ASNSCRAPER_RETRY_AFTER_MAX = 120.0
# Field-coverage checks at spider close; False turns them off.
ASNSCRAPER_COVERAGE_ENABLED = True
# Field shares are judged only from this many articles on (fewer prove nothing).
ASNSCRAPER_COVERAGE_MIN_ITEMS = 5
# Minimum share of articles with a title.
ASNSCRAPER_COVERAGE_TITLE = 0.95
# Minimum share of articles with a normalized published_at.
ASNSCRAPER_COVERAGE_PUBLISHED_AT = 0.9
# Minimum share of articles whose body has ASNSCRAPER_COVERAGE_BODY_CHARS characters.
ASNSCRAPER_COVERAGE_BODY = 0.9
# Body length counted as a real body by the coverage check.
ASNSCRAPER_COVERAGE_BODY_CHARS = 200
# Minimum share of articles with authors.
ASNSCRAPER_COVERAGE_AUTHORS = 0.5
# Minimum share of articles with a section.
ASNSCRAPER_COVERAGE_SECTION = 0.5
# Maximum share of articles the generic fallback extractor had to read.
ASNSCRAPER_COVERAGE_MAX_FALLBACK = 0.2
# Minimum average number of article links per listing page.
ASNSCRAPER_COVERAGE_MIN_LISTING_ENTRIES = 1.0
# Maximum share of fetches that failed or were not pages (walls, empty 200s).
ASNSCRAPER_COVERAGE_MAX_FAILED_SHARE = 0.5

# --- deduplication and state across runs (README "Scheduled crawls") -------------------------
# Estimated Jaccard similarity (word 4-shingles) from which two bodies are one story; measured
# on fixtures/dedup/ (republications >= 0.54, other pairs <= 0.02), see benchmarks/dedup.py.
ASNSCRAPER_NEAR_DUPLICATE_THRESHOLD = 0.35
# Days back (by first sight) whose stored articles a new article is compared with; 0 = all.
ASNSCRAPER_NEAR_DUPLICATE_DAYS = 365

# --- performance: process-level tuning (benchmarks/README.md) --------------------------------
# Freeze the start-up objects out of the full garbage collections while a spider is open.
ASNSCRAPER_GC_FREEZE = True
