"""Deduplication: fingerprints, the labelled near-duplicate pairs, and the pipeline's decisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asnscraper.items import Article
from asnscraper.mirror import FIXTURES_DIR
from asnscraper.parsing import fingerprint
from asnscraper.parsing.fingerprint import (
    DEFAULT_THRESHOLD,
    LSH_PARAMS,
    SHINGLE_WORDS,
    StoryIndex,
    candidate_probability,
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
from tests.support import DropItem, make_spider

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


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p['a']}-{p['b']}")
def test_labelled_pair(pair: dict[str, Any]) -> None:
    """Each pair through the index exactly as the pipeline does: LSH candidate + confirmation."""
    a, b = normalize_body(TEXTS[pair["a"]]), normalize_body(TEXTS[pair["b"]])
    index = StoryIndex()
    index.add("a", signature(a))
    found = [m.key for m in index.matches(signature(b))]
    exact = jaccard(word_shingles(a, SHINGLE_WORDS), word_shingles(b, SHINGLE_WORDS))
    if pair["duplicate"]:
        assert found == ["a"], f"republication missed (exact Jaccard {exact:.2f})"
    else:
        assert found == [], f"distinct stories matched (exact Jaccard {exact:.2f})"


def test_story_index_candidates_are_what_datasketch_query_returns() -> None:
    index = StoryIndex()
    texts = [normalize_body(t) for t in TEXTS.values()]
    for number, text in enumerate(texts):
        index.add(number, signature(text) if number % 2 else signature_values(text))
    for text in texts + [normalize_body(RELEASE)[:400]]:
        assert index.candidates(signature_values(text)) == set(index._lsh.query(signature(text)))


def test_story_index_ranks_and_excludes() -> None:
    index = StoryIndex()
    base = normalize_body(RELEASE)
    words = base.split()
    index.add("full", signature(base))
    index.add("half", signature(" ".join(words[: len(words) // 2])))
    index.add("other", signature(normalize_body(TEXTS["i01"])))
    matches = index.matches(signature(base), exclude=["full"])
    assert [m.key for m in matches] == ["half"]
    assert len(index) == 3 and "other" in index
    index.remove("half")
    assert index.matches(signature(base), exclude=["full"]) == []
    with pytest.raises(ValueError, match="threshold"):
        StoryIndex(threshold=0)


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
