"""Deduplication: fingerprints, the labelled near-duplicate pairs, and the pipeline's decisions."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from datasketch import MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from asnscraper.items import Article
from asnscraper.mirror import FIXTURES_DIR
from asnscraper.parsing import fingerprint
from asnscraper.parsing.buckets import BucketIndex
from asnscraper.parsing.fingerprint import (
    BUCKETS,
    DEFAULT_THRESHOLD,
    FINGERPRINT_VERSION,
    LSH_PARAMS,
    NUM_PERM,
    SHINGLE_WORDS,
    band_buckets,
    candidate_probability,
    confirm,
    content_hash,
    jaccard,
    normalize_body,
    shingle_hashes,
    signature,
    signature_bytes,
    signature_from_bytes,
    signature_values,
    word_shingles,
)
from asnscraper.pipelines.deduplicate import DeduplicateArticlesPipeline, story_id_for
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from asnscraper.state import ArticleRecord, StateStore
from tests.support import DropItem, make_spider
from tests.test_state import record as state_record

DEDUP = FIXTURES_DIR / "dedup"
SHARED = FIXTURES_DIR / "_shared"


def load_texts() -> dict[str, str]:
    texts = {}
    for line in (DEDUP / "texts.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "file" in record:
            texts[record["id"]] = (DEDUP / record["file"]).read_text(encoding="utf-8")
        else:
            texts[record["id"]] = record["body"]
    return texts


def load_pairs() -> list[dict[str, Any]]:
    lines = (DEDUP / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


TEXTS = load_texts()
PAIRS = load_pairs()
RELEASE = (SHARED / "press_release_bkpsdm.txt").read_text(encoding="utf-8")


# --- normalization and content hash ------------------------------------------------------
def test_normalize_folds_case_unicode_punctuation_and_whitespace() -> None:
    a = "Pegawai  ASN dilarang “berkampanye”,\u00a0kata Sekda.\n\nIa menegaskan   hal itu!"
    b = 'pegawai asn dilarang "berkampanye" kata sekda\n\n\nIA MENEGASKAN HAL ITU'
    assert (
        normalize_body(a)
        == normalize_body(b)
        == ("pegawai asn dilarang berkampanye kata sekda ia menegaskan hal itu")
    )
    assert normalize_body("ｆｕｌｌ　ｗｉｄｔｈ") == "full width"


@pytest.mark.parametrize(
    "dateline",
    [
        "PAGARALAM POS, Pagaralam – ",
        "PAGRALAM POS, Pagaralam – ",
        "PAGARALAM, PAGARALAMPOS.COM – ",
        "TELUK KUANTAN, METRO24.CO.ID - ",
        "Kuansing (Metro24) - ",
        "JAKARTA — ",
    ],
)
def test_dateline_and_reporter_code_do_not_change_the_hash(dateline: str) -> None:
    plain = content_hash(normalize_body(RELEASE))
    dressed = dateline + RELEASE.rstrip() + " (Cg09)"
    assert content_hash(normalize_body(dressed)) == plain


def test_baca_juga_and_source_lines_do_not_change_the_hash() -> None:
    paragraphs = RELEASE.split("\n\n")
    dressed = "\n\n".join(
        [paragraphs[0], "BACA JUGA:Jadwal Kampanye Pilkada Diumumkan", *paragraphs[1:]]
        + ["Sumber: Humas BKPSDM"]
    )
    assert content_hash(normalize_body(dressed)) == content_hash(normalize_body(RELEASE))


def test_a_sentence_that_merely_contains_a_dash_is_not_a_dateline() -> None:
    text = "Kepala dinas mengatakan bahwa seluruh pegawai wajib hadir – tanpa kecuali – besok."
    assert normalize_body(text).startswith("kepala dinas mengatakan")


def test_a_real_change_changes_the_hash() -> None:
    changed = RELEASE.replace("hukuman disiplin berat", "hukuman disiplin ringan")
    assert content_hash(normalize_body(changed)) != content_hash(normalize_body(RELEASE))


def test_empty_body() -> None:
    assert normalize_body("") == ""
    assert word_shingles("") == set()
    assert signature("").is_empty()


# --- shingles and MinHash -------------------------------------------------------------------
def test_word_shingles() -> None:
    assert word_shingles("a b c d e", 4) == {"a b c d", "b c d e"}
    assert word_shingles("a b", 4) == {"a b"}


@pytest.mark.parametrize("text", [RELEASE, "satu dua", "a b c d e f g h i j k l m n o p"])
def test_signature_equals_datasketch_update_batch(text: str) -> None:
    """The one-pass numpy signature is exactly what datasketch computes element by element."""
    normalized = normalize_body(text)
    reference = fingerprint._TEMPLATE.copy()
    reference.update_batch(shingle_hashes(normalized).tolist())
    assert (signature(normalized).hashvalues == reference.hashvalues).all()
    assert signature(normalized).jaccard(reference) == 1.0


def test_signature_round_trips_through_bytes() -> None:
    minhash = signature(normalize_body(RELEASE))
    again = signature_from_bytes(signature_bytes(minhash))
    assert again.jaccard(minhash) == 1.0
    with pytest.raises(ValueError, match="expected"):
        signature_from_bytes(b"\x00" * 8)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=6), st.integers(min_value=1, max_value=6))
def test_minhash_estimates_jaccard_of_shingles(cut_start: int, cut_end: int) -> None:
    paragraphs = normalize_body(RELEASE).split(" ")
    a = " ".join(paragraphs)
    b = " ".join(paragraphs[cut_start * 10 : len(paragraphs) - cut_end * 10])
    exact = jaccard(word_shingles(a), word_shingles(b))
    estimate = signature(a).jaccard(signature(b))
    assert abs(estimate - exact) < 0.25  # 64 permutations: standard error <= 0.0625


def test_lsh_parameters_catch_pairs_at_the_threshold() -> None:
    assert candidate_probability(DEFAULT_THRESHOLD) > 0.94
    assert candidate_probability(0.5) > 0.998
    assert candidate_probability(0.02, LSH_PARAMS) < 0.02


# --- the labelled pairs --------------------------------------------------------------------------
def test_labelled_pairs_are_enough_and_balanced() -> None:
    kinds = [p["kind"] for p in PAIRS]
    assert len(PAIRS) >= 30
    assert kinds.count("republished") >= 10
    assert kinds.count("same_event") >= 8
    assert kinds.count("same_topic") >= 8
    assert all(p["a"] in TEXTS and p["b"] in TEXTS for p in PAIRS)


def stored(store: StateStore, *texts: tuple[str, str], deliver: bool = True) -> None:
    """Stage one record per ``(key, text)`` in ``store``; deliver them unless told not to."""
    run = store.begin("pagaralampos")
    for key, text in texts:
        store.stage(run, state_record(key, text=text))
        run.emitted.add(key)
    if deliver:
        run.closed = True
        store.deliver([run])


@pytest.mark.parametrize("committed", [True, False], ids=["stored", "staged"])
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p['a']}-{p['b']}")
def test_labelled_pair(pair: dict[str, Any], committed: bool) -> None:
    """Each pair through the store exactly as the pipeline looks it up: a stored (bands on
    disk) or staged (this run's buckets) article, LSH candidates, then confirmation."""
    a, b = normalize_body(TEXTS[pair["a"]]), normalize_body(TEXTS[pair["b"]])
    with StateStore.open("") as store:
        stored(store, ("a", TEXTS[pair["a"]]), deliver=committed)
        found = [m.key for m in store.story_matches(signature(b))]
    exact = jaccard(word_shingles(a, SHINGLE_WORDS), word_shingles(b, SHINGLE_WORDS))
    if pair["duplicate"]:
        assert found == ["a"], f"republication missed (exact Jaccard {exact:.2f})"
    else:
        assert found == [], f"distinct stories matched (exact Jaccard {exact:.2f})"


def test_store_candidates_are_what_datasketch_query_returns() -> None:
    """The buckets on disk and the staged ones propose exactly datasketch's LSH candidates."""
    texts = [normalize_body(t) for t in TEXTS.values()]
    half = len(texts) // 2
    lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_PARAMS)
    for number, text in enumerate(texts):
        lsh.insert(f"t/{number}", signature(text))
    # Near-copies too, so that some bands are shared and not every candidate set is empty.
    probes = texts + [t[: len(t) // 2] for t in texts] + [normalize_body(RELEASE)[:400]]
    with StateStore.open("") as store:
        items = [(f"t/{n}", TEXTS[k]) for n, k in enumerate(TEXTS)]
        stored(store, *items[:half])
        stored(store, *items[half:], deliver=False)
        assert store.db.execute("SELECT COUNT(*) FROM bands").fetchone()[0] == 24 * half
        shared = 0
        for text in probes:
            expected = set(lsh.query(signature(text)))
            assert set(store.story_candidates(signature_values(text))) == expected
            shared += len(expected) > 1
    assert shared > 5


def test_band_buckets_are_per_band_and_pinned() -> None:
    values = signature_values(normalize_body(RELEASE))
    buckets = band_buckets(values)
    assert len(buckets) == LSH_PARAMS[0] and all(-(2**31) <= b < 2**31 for b in buckets)
    other = values.copy()
    other[2:4] = other[0:2]  # band 1 now holds band 0's values: still another bucket
    assert band_buckets(other)[1] != buckets[0]
    other[10] += 1  # one value of band 5 changed: only that bucket moves
    moved = [i for i, (x, y) in enumerate(zip(band_buckets(other), buckets, strict=True)) if x != y]
    assert moved == [1, 5]
    # Stores keep these buckets on disk: a change to the hash needs a new BUCKETS name (the
    # store then rebuilds its bands). These three values pin the hash to its name.
    assert BUCKETS == "mulshift/24x2/64"
    assert band_buckets(np.arange(1, NUM_PERM + 1, dtype=np.uint32))[:3] == PINNED_BUCKETS


PINNED_BUCKETS = [2028563786, 541429497, -945704792]


def test_confirm_ranks_by_similarity_then_key() -> None:
    base = normalize_body(RELEASE)
    words = base.split()
    half = signature_values(" ".join(words[: len(words) // 2]))
    candidates = [
        ("z-full", signature_values(base)),
        ("a-full", signature_values(base)),
        ("half", half),
        ("other", signature_values(normalize_body(TEXTS["i01"]))),
    ]
    matches = confirm(signature_values(base), candidates, DEFAULT_THRESHOLD)
    assert [m.key for m in matches] == ["a-full", "z-full", "half"]
    assert matches[0].similarity == 1.0 > matches[2].similarity >= DEFAULT_THRESHOLD


def test_store_matches_exclude_and_skip_empty_bodies() -> None:
    with StateStore.open("") as store:
        stored(store, ("full", RELEASE), ("other", TEXTS["i01"]))
        probe = signature(normalize_body(RELEASE))
        assert [m.key for m in store.story_matches(probe)] == ["full"]
        assert store.story_matches(probe, exclude=["full"]) == []
        assert store.story_candidates(signature("")) == {}


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=-40, max_value=40), min_size=1, max_size=6),
        min_size=1,
        max_size=700,
    ),
    st.lists(st.integers(min_value=-45, max_value=45), max_size=8),
    st.integers(min_value=1, max_value=9),
)
def test_bucket_index_finds_every_key_added_with_a_bucket(
    added: list[list[int]], query: list[int], recent: int
) -> None:
    """Across the recent dict and any number of merged sorted runs: exactly the keys whose
    buckets meet the query's (small bucket numbers, so keys share buckets often)."""
    index = BucketIndex(recent=recent)
    for number, buckets in enumerate(added):
        index.add(f"k{number}", buckets)
    expected = {f"k{n}" for n, buckets in enumerate(added) if set(buckets) & set(query)}
    assert index.candidates(query) == expected
    assert len(index) == len(added)
    index.clear()
    assert index.candidates(query) == set() and len(index) == 0


# --- the pipeline ---------------------------------------------------------------------------
URL = "https://pagaralampos.disway.id/pagaralam/read/{id}/artikel-{id}"


def article(number: int, body: str, source: str = "pagaralampos", **fields: Any) -> Article:
    url = fields.pop("canonical_url", URL.format(id=number))
    return Article(url=url, canonical_url=url, source=source, body=body, **fields)


def open_pipeline(**settings: Any) -> DeduplicateArticlesPipeline:
    spider = make_spider(PagaralamposSpider, settings=settings)
    pipeline = DeduplicateArticlesPipeline.from_crawler(spider.crawler)
    pipeline.open_spider()
    return pipeline


def emit(pipeline: DeduplicateArticlesPipeline, item: Article) -> Article:
    out = pipeline.process_item(item)
    pipeline.item_scraped(out)
    return out


def stat(pipeline: DeduplicateArticlesPipeline, name: str) -> int:
    return pipeline.stats.get_value(f"asnscraper/dedup/{name}", 0)


def test_first_sight_gets_hash_story_and_revision_1() -> None:
    pipeline = open_pipeline()
    item = emit(pipeline, article(1, RELEASE))
    assert item.content_hash == content_hash(normalize_body(RELEASE))
    assert item.story_id == story_id_for("pagaralampos.disway.id/read/1")
    assert (item.duplicate_of, item.revision) == (None, 1)
    assert stat(pipeline, "new") == 1


def test_same_article_through_another_url_variant_is_duplicate_url() -> None:
    pipeline = open_pipeline()
    emit(pipeline, article(1, RELEASE))
    amp = "https://www.pagaralampos.com/amp/1/artikel-1?utm_source=wa"
    with pytest.raises(DropItem, match="duplicate_url"):
        pipeline.process_item(article(1, RELEASE + " lain", canonical_url=amp))
    assert stat(pipeline, "dropped/duplicate_url") == 1


def test_same_text_under_two_ids_of_one_outlet_is_duplicate_content() -> None:
    pipeline = open_pipeline()
    emit(pipeline, article(1, RELEASE))
    with pytest.raises(DropItem, match="duplicate_content"):
        pipeline.process_item(article(2, "PAGARALAM POS, Pagaralam – " + RELEASE + " (Cg09)"))


def test_same_text_at_another_outlet_is_a_marked_near_duplicate() -> None:
    pipeline = open_pipeline()
    first = emit(pipeline, article(1, RELEASE))
    other = "https://metro24.co.id/bkpsdm-larang-asn-kampanye"
    second = emit(pipeline, article(2, RELEASE, source="metro24", canonical_url=other))
    assert second.duplicate_of == first.canonical_url
    assert second.story_id == first.story_id
    assert stat(pipeline, "near_duplicate_marked") == 1


def test_republication_with_own_lead_is_marked_and_chains_to_the_first() -> None:
    pipeline = open_pipeline()
    first = emit(pipeline, article(1, TEXTS["r01a"]))
    second = emit(pipeline, article(2, TEXTS["r01b"]))
    third = emit(pipeline, article(3, TEXTS["r01b"] + "\n\nPenutup dari redaksi kami."))
    assert second.duplicate_of == third.duplicate_of == first.canonical_url
    assert first.story_id == second.story_id == third.story_id


def test_independent_report_of_the_same_event_is_its_own_story() -> None:
    pipeline = open_pipeline()
    first = emit(pipeline, article(1, TEXTS["r01a"]))
    second = emit(pipeline, article(2, TEXTS["i01"]))
    assert second.duplicate_of is None and second.story_id != first.story_id


def test_drop_mode_drops_near_duplicates() -> None:
    pipeline = open_pipeline(ASNSCRAPER_NEAR_DUPLICATES="drop")
    emit(pipeline, article(1, TEXTS["r02a"]))
    with pytest.raises(DropItem, match="near_duplicate: similarity"):
        pipeline.process_item(article(2, TEXTS["r02b"]))
    assert stat(pipeline, "dropped/near_duplicate") == 1


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ASNSCRAPER_NEAR_DUPLICATES", "keep", "choose mark or drop"),
        ("ASNSCRAPER_NEAR_DUPLICATE_THRESHOLD", 1.5, "must be in"),
    ],
)
def test_bad_settings_are_refused_with_the_setting_named(
    name: str, value: Any, message: str
) -> None:
    from scrapy.exceptions import NotConfigured

    spider = make_spider(PagaralamposSpider, settings={name: value})
    with pytest.raises(NotConfigured, match=message):
        DeduplicateArticlesPipeline.from_crawler(spider.crawler)


def test_item_without_url_is_dropped_with_a_reason() -> None:
    pipeline = open_pipeline()
    with pytest.raises(DropItem, match="no_url"):
        pipeline.process_item(Article(body=RELEASE))


def test_in_memory_store_sets_no_known_article_hook() -> None:
    pipeline = open_pipeline()
    assert pipeline.crawler.spider.known_article is None


def test_disway_key_is_host_and_id(tmp_path: Path) -> None:
    spider = make_spider(PagaralamposSpider)
    key = "pagaralampos.disway.id/read/129530"
    for url in (
        "https://pagaralampos.disway.id/pagaralam/read/129530/sekda-minta",
        "https://www.pagaralampos.com/amp/129530/sekda-minta/16?utm_medium=x",
        "https://pagaralampos.disway.id/read/129530/sekda-minta/15",
    ):
        assert spider.article_key(url) == key


# --- fingerprint versions -------------------------------------------------------------------------
KEY = "pagaralampos.disway.id/read/1"


def store_older_version(path: Path) -> ArticleRecord:
    """Commit article 1 as a store of the previous fingerprint version holds it: another hash
    and signature for the same page, revision 2 (the signature is another text's, so that its
    band rows and the new ones cannot coincide)."""
    old = ArticleRecord(
        key=KEY,
        source="pagaralampos",
        canonical_url=URL.format(id=1),
        content_hash="0" * 32,
        story_id="story-of-1",
        duplicate_of=None,
        revision=2,
        signature=signature_bytes(signature_values(normalize_body(TEXTS["i01"]))),
        fingerprint=FINGERPRINT_VERSION - 1,
    )
    with StateStore.open(path) as store:
        run = store.begin("pagaralampos")
        store.stage(run, old)
        run.emitted.add(KEY)
        store.deliver([run])
        return store.article(KEY)


def sight(path: Path, item: Article) -> tuple[DeduplicateArticlesPipeline, Article | None]:
    """One run of the pipeline on ``item`` against the store at ``path``, delivered."""
    pipeline = open_pipeline(ASNSCRAPER_STATE=str(path))
    try:
        out = emit(pipeline, item)
    except DropItem as exc:
        pipeline.item_dropped(item, exc)
        out = None
    pipeline.spider_closed(reason="finished")
    return pipeline, out


def test_hash_of_another_fingerprint_version_is_recomputed_without_a_revision(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "state.sqlite3"
    old = store_older_version(path)
    with StateStore.open(path) as store:
        assert store.versions()["other_fingerprint"] == 1
    caplog.set_level(logging.INFO, logger="asnscraper.pipelines.deduplicate")
    pipeline, out = sight(path, article(1, RELEASE))
    assert out is None  # not emitted: same revision
    assert stat(pipeline, "rehashed") == 1 and stat(pipeline, "dropped/unchanged") == 1
    lines = [r.getMessage() for r in caplog.records if "fingerprint version" in r.getMessage()]
    assert lines == [
        f"1 stored article(s) of pagaralampos had a content hash of another fingerprint "
        f"version: recomputed with version {FINGERPRINT_VERSION}, not emitted as revisions"
    ]
    normalized = normalize_body(RELEASE)
    with StateStore.open(path) as store:
        now = store.article(KEY)
        assert (now.content_hash, now.fingerprint) == (
            content_hash(normalized),
            FINGERPRINT_VERSION,
        )
        assert (now.revision, now.story_id, now.first_seen) == (2, "story-of-1", old.first_seen)
        assert store.versions()["other_fingerprint"] == 0
        assert now.signature == signature_bytes(signature_values(normalized))
        # the bands on disk follow the new signature
        assert [m.key for m in store.story_matches(signature(normalized))] == [KEY]
        rows = store.db.execute(
            "SELECT bucket FROM bands JOIN articles ON articles.id = bands.article WHERE key = ?",
            (KEY,),
        ).fetchall()
        assert sorted(r[0] for r in rows) == sorted(band_buckets(signature_values(normalized)))
        assert set(band_buckets(signature_from_bytes(old.signature))).isdisjoint(r[0] for r in rows)
    again, out = sight(path, article(1, RELEASE))
    assert out is None and stat(again, "rehashed") == 0 and stat(again, "dropped/unchanged") == 1
    changed, out = sight(path, article(1, RELEASE + "\n\nKalimat baru ditambahkan redaksi."))
    assert out is not None and out.revision == 3 and out.story_id == "story-of-1"


def test_a_failed_feed_keeps_the_old_hash_for_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store_older_version(path)
    feeds = {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}}
    pipeline = open_pipeline(ASNSCRAPER_STATE=str(path), FEEDS=feeds)
    with pytest.raises(DropItem, match="hash recomputed"):
        pipeline.process_item(article(1, RELEASE))
    pipeline.stats.set_value("feedexport/failed_count/FileFeedStorage", 1)
    pipeline.feed_exporter_closed()
    with StateStore.open(path) as store:
        assert store.article(KEY).fingerprint == FINGERPRINT_VERSION - 1
