"""DeduplicateArticlesPipeline (800): one article once, one story one id, state across runs.

For each item, in order:

1. **URL identity**: the spider's article key (``article_key``: Disway host + numeric id; by
   default the canonical URL without tracking parameters). A second item with the same key in
   a run is dropped ``duplicate_url``.
2. **Unchanged**: a key an earlier run emitted with the same content hash is dropped
   ``unchanged`` (a scheduled crawl emits only what is new or changed). A key whose stored
   hash was made by another fingerprint version (``FINGERPRINT_VERSION``: normalization
   changed since) cannot be compared: its hash and signature are recomputed and committed
   with the same revision, counted ``rehashed``, and the item is dropped ``unchanged`` (a real
   text change in that same sighting is not seen as a revision: the price of not re-emitting
   every stored article after an upgrade).
3. **Content identity**: the same normalized body under another key of the same source is
   dropped ``duplicate_content``.
4. **Revision**: a known key whose content changed is emitted with ``revision`` + 1, keeping
   its story.
5. **Story**: a new article is looked up in the story index (MinHash LSH over word shingles,
   confirmed by estimated Jaccard >= ``ASNSCRAPER_NEAR_DUPLICATE_THRESHOLD``). A match makes it
   a near-duplicate: same ``story_id``, ``duplicate_of`` = the story's first article, counted
   ``near_duplicate_marked`` (``ASNSCRAPER_NEAR_DUPLICATES = "mark"``) or dropped
   ``near_duplicate`` (``"drop"``). Otherwise it starts a story of its own.

Decisions are staged in the state store and committed only once the items reached finalized
feed files (see :mod:`asnscraper.state`). With a persistent store the spider's
``known_article`` is set so listings stop paginating at pages whose articles are all known.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from asnscraper.feedstorage import feed_file_ready
from asnscraper.parsing.fingerprint import (
    DEFAULT_THRESHOLD,
    FINGERPRINT_VERSION,
    content_hash,
    normalize_body,
    signature_bytes,
    signature_values,
)
from asnscraper.parsing.urls import strip_tracking
from asnscraper.pipelines.base import ArticlePipeline, field_text
from asnscraper.state import (
    ArticleRecord,
    RunStage,
    StateError,
    StateStore,
    active_scope,
    utc_now,
)

logger = logging.getLogger(__name__)

MODES = ("mark", "drop")


def story_id_for(key: str) -> str:
    """The story id an article starts: stable, derived from its key."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


class DeduplicateArticlesPipeline(ArticlePipeline):
    component = "dedup"

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.mode = str(self.settings.get("ASNSCRAPER_NEAR_DUPLICATES") or "mark").lower()
        if self.mode not in MODES:
            raise NotConfigured(
                f"ASNSCRAPER_NEAR_DUPLICATES={self.mode!r}: choose {' or '.join(MODES)}"
            )
        self.threshold = self.settings.getfloat(
            "ASNSCRAPER_NEAR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD
        )
        if not 0.0 < self.threshold <= 1.0:
            raise NotConfigured(
                f"ASNSCRAPER_NEAR_DUPLICATE_THRESHOLD={self.threshold!r} must be in (0, 1]"
            )
        self.store: StateStore | None = None
        self.run: RunStage | None = None
        self._owns_store = False
        self._by_command = False
        self._delivered = False
        for handler, signal in (
            (self.item_scraped, signals.item_scraped),
            (self.item_dropped, signals.item_dropped),
            (self.spider_closed, signals.spider_closed),
            (self.feed_exporter_closed, signals.feed_exporter_closed),
            (self.feed_file_ready, feed_file_ready),
        ):
            crawler.signals.connect(handler, signal=signal)

    # --- life cycle ------------------------------------------------------------------------
    def open_spider(self) -> None:
        scope = active_scope()
        if scope is not None:
            self.store, self._by_command = scope.store, scope.deliver_by_command
        else:
            path = self.settings.get("ASNSCRAPER_STATE") or None
            try:
                self.store = StateStore.connect(path, threshold=self.threshold)
            except StateError as exc:
                logger.error("%s", exc)
                raise
            self._owns_store = True
        days = self.settings.getint("ASNSCRAPER_NEAR_DUPLICATE_DAYS", 0)
        self.store.index_days = days or None
        spider = self.crawler.spider
        name = getattr(spider, "name", "?")
        try:
            self.store.lock(name)
        except StateError as exc:
            logger.error("%s", exc)
            if self._owns_store:
                self.store.close()
            raise
        self.run = self.store.begin(name)
        if self.store.persistent and spider is not None and hasattr(spider, "known_article"):
            store = self.store
            spider.known_article = lambda url: store.known(self.key_of(url))

    def key_of(self, url: str) -> str:
        """The article key of a URL, as the running spider defines it."""
        article_key = getattr(self.crawler.spider, "article_key", None)
        return article_key(url) if callable(article_key) else strip_tracking(url)

    # --- items -----------------------------------------------------------------------------
    def process_item(self, item: Any) -> Any:
        assert self.store is not None and self.run is not None, "pipeline not opened"
        adapter = ItemAdapter(item)
        canonical = str(adapter.get("canonical_url") or adapter.get("url") or "")
        if not canonical:
            raise self.drop(adapter, "no_url", "item has neither canonical_url nor url")
        key = self.key_of(canonical)
        source = str(adapter.get("source") or getattr(self.crawler.spider, "name", ""))
        if key in self.run.records:
            raise self.drop(adapter, "duplicate_url", f"already emitted as {key}")
        normalized = normalize_body(field_text(adapter.get("body")))
        digest = content_hash(normalized)
        adapter["content_hash"] = digest
        known = self.store.article(key)
        if known is not None and known.fingerprint != FINGERPRINT_VERSION:
            raise self._rehash(adapter, known, normalized, digest)
        if known is not None and known.content_hash == digest:
            raise self.drop(adapter, "unchanged", f"revision {known.revision} already emitted")
        owner = self.store.content_owner(source, digest) if normalized else None
        if owner is not None and owner != key:
            raise self.drop(adapter, "duplicate_content", f"same text as {owner}")
        minhash = signature_values(normalized) if normalized else None
        record = ArticleRecord(
            key=key,
            source=source,
            canonical_url=canonical,
            content_hash=digest,
            story_id=story_id_for(key),
            duplicate_of=None,
            revision=1,
            signature=signature_bytes(minhash) if minhash is not None else None,
        )
        if known is not None:
            record.revision = known.revision + 1
            record.story_id, record.duplicate_of = known.story_id, known.duplicate_of
            record.first_seen = known.first_seen
            self.inc("updated")
        else:
            self._link_story(adapter, record, minhash)
        adapter["story_id"] = record.story_id
        adapter["duplicate_of"] = record.duplicate_of
        adapter["revision"] = record.revision
        self.store.stage(self.run, record)
        return item

    def _rehash(
        self, adapter: ItemAdapter, known: ArticleRecord, normalized: str, digest: str
    ) -> DropItem:
        """Stage ``known`` with this version's hash and signature (same revision and story);
        the drop to raise: the item counts as unchanged."""
        assert self.store is not None and self.run is not None
        minhash = signature_values(normalized) if normalized else None
        record = dataclasses.replace(
            known,
            content_hash=digest,
            signature=signature_bytes(minhash) if minhash is not None else None,
            fingerprint=FINGERPRINT_VERSION,
        )
        self.store.stage(self.run, record)
        self.run.refreshed.add(record.key)
        self.inc("rehashed")
        return self.drop(
            adapter,
            "unchanged",
            f"revision {known.revision} already emitted (hash recomputed: fingerprint version "
            f"{known.fingerprint} -> {FINGERPRINT_VERSION})",
        )

    def _link_story(self, adapter: ItemAdapter, record: ArticleRecord, minhash: Any) -> None:
        assert self.store is not None
        matches = (
            self.store.story_matches(minhash, exclude=[record.key]) if minhash is not None else []
        )
        for match in matches:
            earlier = self.store.record(str(match.key))
            if earlier is None:
                continue
            record.story_id = earlier.story_id
            record.duplicate_of = earlier.duplicate_of or earlier.canonical_url
            if self.mode == "drop":
                raise self.drop(
                    adapter,
                    "near_duplicate",
                    f"similarity {match.similarity:.2f} with {record.duplicate_of}",
                )
            self.inc("near_duplicate_marked")
            logger.info(
                "Near-duplicate (%.2f) of %s: %s",
                match.similarity,
                record.duplicate_of,
                record.canonical_url,
            )
            return
        self.inc("new")

    # --- signals ---------------------------------------------------------------------------
    def item_scraped(self, item: Any, **kwargs: Any) -> None:
        if self.run is None:
            return
        canonical = ItemAdapter(item).get("canonical_url")
        if canonical:
            self.run.emitted.add(self.key_of(str(canonical)))

    def item_dropped(self, item: Any, exception: BaseException, **kwargs: Any) -> None:
        if self.run is None:
            return
        adapter = ItemAdapter(item)
        canonical = adapter.get("canonical_url")
        if canonical:
            reason = str(exception).split(":", 1)[0].split(" (", 1)[0][:60]
            source = str(adapter.get("source") or self.run.spider)
            self.run.seen[self.key_of(str(canonical))] = (source, reason)

    def feed_file_ready(self, part: str, final: str, **kwargs: Any) -> bool:
        """Take over the rename of a finished feed file: it happens when state is committed."""
        if self.run is None or self.store is None or not self.store.persistent:
            return False
        self.run.renames.append((part, final))
        return True

    def spider_closed(self, spider: Any = None, reason: str = "", **kwargs: Any) -> None:
        self._close_run(reason)
        if not self.settings.getdict("FEEDS"):
            self._deliver()

    def feed_exporter_closed(self, **kwargs: Any) -> None:
        self._close_run("")
        self._deliver()

    def _close_run(self, reason: str) -> None:
        run = self.run
        if run is None or run.closed:
            if run is not None and reason and not run.finish_reason:
                run.finish_reason = reason
            return
        stats = self.stats.get_stats() if self.stats is not None else {}
        found = int(stats.get("item_scraped_count", 0)) + int(stats.get("item_dropped_count", 0))
        dropped = {
            k.rsplit("/", 1)[-1]: int(v)
            for k, v in stats.items()
            if k.startswith("asnscraper/dedup/dropped/")
        }
        run.counts = {
            "articles_found": found,
            "emitted": len(run.emitted),
            "new": int(stats.get("asnscraper/dedup/new", 0)),
            "updated": int(stats.get("asnscraper/dedup/updated", 0)),
            "unchanged": dropped.get("unchanged", 0),
            "duplicates": sum(
                dropped.get(r, 0) for r in ("duplicate_url", "duplicate_content", "near_duplicate")
            )
            + int(stats.get("asnscraper/dedup/near_duplicate_marked", 0)),
        }
        run.finished = run.finished or utc_now()
        run.finish_reason = reason or run.finish_reason or str(stats.get("finish_reason") or "")
        run.closed = True
        if run.refreshed:
            logger.info(
                "%d stored article(s) of %s had a content hash of another fingerprint version: "
                "recomputed with version %d, not emitted as revisions",
                len(run.refreshed),
                run.spider,
                FINGERPRINT_VERSION,
            )

    def _deliver(self) -> None:
        if self._delivered or self.run is None or self.store is None:
            return
        self._delivered = True
        run, store = self.run, self.store
        stats = self.stats.get_stats() if self.stats is not None else {}
        failed = sum(int(v) for k, v in stats.items() if k.startswith("feedexport/failed_count/"))
        try:
            if failed:
                logger.error("%d feed(s) failed to store: state of this run not committed", failed)
                store.discard(run)
            elif self._by_command:
                pass  # crawlall/demo write the combined feed, then deliver every staged run
            else:
                store.deliver([run])
                logger.info(
                    "State committed: %d article(s) of %s in %s",
                    len(run.emitted),
                    run.spider,
                    store.path,
                )
        finally:
            if self._owns_store:
                store.close()
