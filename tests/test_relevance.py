"""Relevance scorer (asnscraper.parsing.relevance) and ScoreRelevancePipeline."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler, get_reactor_settings

from asnscraper.items import Article
from asnscraper.parsing.relevance import SUBJECT, THRESHOLD, find_hits, normalize, score
from asnscraper.pipelines.score_relevance import ScoreRelevancePipeline
from benchmarks.relevance import LABELLED, load_labelled, metrics
from tests import support

RECORDS = load_labelled()
BY_ID = {r["id"]: r for r in RECORDS}


def _is_relevant(record_id: str) -> bool:
    record = BY_ID[record_id]
    return score(record["title"], record["body"])["is_relevant"]


# --- the labelled set -------------------------------------------------------------------


def test_labelled_set_shape() -> None:
    assert LABELLED.exists()
    assert len(RECORDS) >= 90
    assert len(BY_ID) == len(RECORDS), "ids must be unique"
    relevant = sum(r["relevant"] for r in RECORDS)
    assert 0.4 <= relevant / len(RECORDS) <= 0.6
    assert {r["split"] for r in RECORDS} == {"dev", "test"}
    dev_share = sum(r["split"] == "dev" for r in RECORDS) / len(RECORDS)
    assert 0.5 <= dev_share <= 0.7
    for record in RECORDS:
        assert set(record) == {"id", "split", "relevant", "kind", "title", "body", "note"}
        if record["kind"] != "seed":
            assert 80 <= len(record["body"].split()) <= 250, record["id"]


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_every_labelled_text_scores(record: dict[str, Any]) -> None:
    result = score(record["title"], record["body"])
    assert set(result) == {"score", "is_relevant", "matched"}
    assert 0.0 <= result["score"] <= 1.0
    assert result["score"] == round(result["score"], 3)
    assert result["is_relevant"] is (result["score"] >= THRESHOLD)
    assert result["matched"] == sorted(set(result["matched"]))


@pytest.mark.parametrize("split", ["dev", "test"])
def test_precision_and_recall_per_split(split: str) -> None:
    chosen = [r for r in RECORDS if r["split"] == split]
    predicted = {r["id"]: score(r["title"], r["body"])["is_relevant"] for r in chosen}
    result = metrics(chosen, predicted)
    assert result["precision"] >= 0.95, result
    assert result["recall"] >= 0.95, result


def test_both_seeds_are_relevant() -> None:
    seeds = [r for r in RECORDS if r["kind"] == "seed"]
    assert len(seeds) == 2
    for seed in seeds:
        result = score(seed["title"], seed["body"])
        assert result["is_relevant"], seed["id"]
        assert {"asn", "netral", "pilkada"} <= set(result["matched"])


# Relevant although the word "netral(itas)" never appears: an ASN sanctioned for campaigning.
NO_NEUTRALITY_WORD = [
    "r-camat-disanksi-kampanye",
    "r-timses-kabid",
    "r-asn-dicopot-sambutan",
    "r-kades-kumpul",
    "r-asn-komentar-facebook",
    "r-guru-kampanye-sekolah",
]


@pytest.mark.parametrize("record_id", NO_NEUTRALITY_WORD)
def test_violation_without_the_word_netral_is_relevant(record_id: str) -> None:
    record = BY_ID[record_id]
    assert "netral" not in normalize(record["title"] + " " + record["body"])
    assert _is_relevant(record_id)


# Irrelevant although full of "netralitas", or Pilkada news where ASN appear only in passing.
HARD_NEGATIVES = [
    "n-polri-asn-comparison",  # Polri neutrality; ASN only as a comparison
    "n-tni-polri-pemilu-pangdam",  # netralitas TNI-Polri, no ASN
    "n-net-neutrality-dpr",  # netralitas jaringan
    "n-media-netral",  # netralitas pers
    "n-penyelenggara-netral",  # netralitas penyelenggara pemilu
    "n-kpps-asn-passing",  # ASN may register as KPPS members
    "n-gaji-sebelum-pemilu",  # ASN salary paid before polling day
    "n-asn-mundur-nyalon",  # ASN resigning to run, no violation framing
    "n-asn-mundur-sekda-nyalon",  # same, with one passing "netralitas birokrasi"
    "n-asn-bolos-lebaran",  # sanctions, but for absence after Lebaran
    "n-cpns-seleksi",  # pakta integritas of a recruitment test
    "n-kades-cuti-pilkades",  # village-head election candidates
    "n-kampanye-stunting",  # a health campaign by ASN
]


@pytest.mark.parametrize("record_id", HARD_NEGATIVES)
def test_hard_negative_is_not_relevant(record_id: str) -> None:
    assert not BY_ID[record_id]["relevant"]
    assert not _is_relevant(record_id)


# --- near misses written inline ------------------------------------------------------------

NEAR_MISSES = {
    "net neutrality": (
        "Operator Seluler Diminta Hormati Net Neutrality",
        "Pemerintah meminta operator menjaga netralitas internet. Netralitas jaringan penting "
        "agar semua aplikasi diperlakukan setara, kata pejabat kementerian.",
    ),
    "tni polri": (
        "Kapolres dan Dandim Tegaskan Netralitas TNI-Polri di Pilkada",
        "Seluruh prajurit TNI dan personel Polri diminta netral dan tidak berpihak kepada "
        "pasangan calon mana pun selama tahapan pilkada.",
    ),
    "pilkada logistics": (
        "KPU Distribusikan Kotak Suara Pilkada ke Kecamatan",
        "KPU mengirim kotak suara dan surat suara ke seluruh PPK. Bawaslu mengawasi "
        "pengiriman logistik agar tiba sebelum hari pencoblosan.",
    ),
    "thr": (
        "THR ASN dan PPPK Cair Minggu Ini",
        "Pemkab mencairkan tunjangan hari raya bagi ASN dan PPPK. Sekda meminta pegawai "
        "memakai THR dengan bijak.",
    ),
    "recruitment": (
        "Seleksi PPPK Guru Dimulai, Peserta Teken Pakta Integritas",
        "Ribuan honorer mengikuti seleksi PPPK. Sebelum ujian peserta menandatangani pakta "
        "integritas untuk tidak curang. Formasi tahun ini 900 orang.",
    ),
    "asn runs": (
        "Kadis Mundur dari ASN untuk Maju sebagai Calon Bupati",
        "Kepala dinas itu mengajukan pengunduran diri sebagai PNS karena akan mendaftar ke KPU "
        "sebagai calon bupati bersama pasangannya pada pilkada tahun ini.",
    ),
    "ph": (
        "Menjaga pH Tanah Tetap Netral",
        "Petani diajari menetralkan tanah asam dengan kapur. Tanah netral membuat pupuk "
        "lebih mudah diserap tanaman.",
    ),
    "football": (
        "Final Digelar di Stadion Netral",
        "Laga final dipindah ke tempat netral. Wasit netral didatangkan dari luar negeri.",
    ),
}


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_near_miss_is_not_relevant(name: str) -> None:
    title, body = NEAR_MISSES[name]
    assert not score(title, body)["is_relevant"]


# --- morphology, proximity, weighting --------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("netral", "netral"),
        ("netralitas", "netral"),
        ("netralitasnya", "netral"),
        ("ketidaknetralan", "netral"),
        ("kenetralan", "netral"),
        ("menetralkan", "netral"),
        ("netralnya", "netral"),
        ("berpihak", "berpihak"),
        ("keberpihakan", "berpihak"),
        ("ketidakberpihakan", "berpihak"),
        ("memihak", "berpihak"),
        ("dipolitisasi", "politisasi"),
        ("mempolitisasi", "politisasi"),
        ("berkampanye", "kampanye"),
        ("dikampanyekan", "kampanye"),
        ("mengampanyekan", "kampanye"),
        ("mengkampanyekan", "kampanye"),
        ("ditegur", "teguran"),
        ("menegur", "teguran"),
        ("teguran", "teguran"),
        ("dinonaktifkan", "penonaktifan"),
        ("penonaktifan", "penonaktifan"),
        ("melanggar", "pelanggaran"),
        ("pelanggarannya", "pelanggaran"),
        ("mengunggah", "like/share/komentar"),
        ("unggahan", "like/share/komentar"),
        ("mendukung", "dukungan"),
        ("dukungannya", "dukungan"),
        ("disanksi", "sanksi"),
        ("Sekretaris Daerah", "sekda"),
        ("Aparatur Sipil Negara", "asn"),
        ("Kades", "kepala desa"),
        ("P3K", "pppk"),
    ],
)
def test_affixed_forms_match_their_term(word: str, term: str) -> None:
    names = [h.term.name for h in find_hits("", f"Kata {word} di sini.")]
    assert names == [term]


@pytest.mark.parametrize("word", ["pihak", "menetralisir", "netralisasi", "kampanyekah", "asnaf"])
def test_lookalikes_do_not_match(word: str) -> None:
    assert find_hits("", f"Kata {word} di sini.") == []


def _subjects(text: str) -> list[str]:
    return [h.term.name for h in find_hits("", text) if h.term.group == SUBJECT]


def test_pegawai_swasta_is_no_subject() -> None:
    assert _subjects("pegawai swasta dan pejabat KPU") == []
    assert _subjects("pegawai kecamatan dan pejabat dinas") == ["pegawai", "pejabat"]
    assert "not a subject" not in score("Pegawai swasta", "Pegawai swasta harus netral.")["matched"]


FILLER = "Cuaca cerah sejak pagi dan jalan raya ramai oleh kendaraan warga yang melintas."


def test_neutrality_near_a_subject_counts_more_than_scattered() -> None:
    near = score("Kabar Daerah", f"ASN wajib netral pada pilkada.\n\n{FILLER}\n\n{FILLER}")
    far = score(
        "Kabar Daerah", f"ASN hadir di kantor.\n\n{FILLER}\n\n{FILLER}\n\nPilkada harus netral."
    )
    assert near["score"] > 2 * far["score"]


def test_title_counts_more_than_a_late_paragraph() -> None:
    sentence = "Camat dilarang ikut kampanye pilkada"
    in_title = score(sentence, "\n\n".join([FILLER] * 6))
    late = score("Kabar Daerah", "\n\n".join([FILLER] * 6 + [sentence + "."]))
    assert in_title["score"] > late["score"]


def test_lead_paragraph_counts_more_than_later_ones() -> None:
    sentence = "ASN diminta menjaga netralitas pada pemilu."
    early = score("Kabar", "\n\n".join([sentence] + [FILLER] * 8))
    late = score("Kabar", "\n\n".join([FILLER] * 8 + [sentence]))
    assert early["score"] > late["score"]


def test_repetition_has_diminishing_returns() -> None:
    sentence = "ASN harus netral."
    scores = [score("Kabar", " ".join([sentence] * n))["score"] for n in (1, 2, 4, 8)]
    gains = [b - a for a, b in zip(scores, scores[1:], strict=False)]
    assert scores == sorted(scores)
    assert gains[0] > gains[1] > gains[2]
    assert scores[-1] < 1.0


def test_matched_terms_are_reported() -> None:
    result = score(
        "Camat Disanksi karena Ikut Kampanye Paslon",
        "Bawaslu merekomendasikan sanksi bagi camat yang hadir dalam kampanye pasangan calon "
        "bupati. Polres ikut mengamankan acara.",
    )
    assert result["is_relevant"]
    assert result["matched"] == ["bawaslu", "camat", "kampanye", "paslon", "sanksi"]


def test_empty_text_scores_zero() -> None:
    assert score("", "") == {"score": 0.0, "is_relevant": False, "matched": []}


# --- pipeline ------------------------------------------------------------------------------

RELEVANT = BY_ID["r-camat-disanksi-kampanye"]
IRRELEVANT = BY_ID["n-net-neutrality-dpr"]


def _pipeline(**settings: Any) -> ScoreRelevancePipeline:
    # The project settings (with their defaults) plus what get_crawler needs without a reactor.
    crawler = get_crawler(Spider, {**support.test_settings(**settings), **get_reactor_settings()})
    return ScoreRelevancePipeline.from_crawler(crawler)


def _stat(pipeline: ScoreRelevancePipeline, what: str) -> Any:
    return pipeline.stats.get_value(f"asnscraper/relevance/{what}")


def test_pipeline_keeps_relevant_and_sets_relevance() -> None:
    pipeline = _pipeline()
    item = Article(url="https://x.test/a", title=RELEVANT["title"], body=RELEVANT["body"])
    out = pipeline.process_item(item)
    assert out is item
    assert item.relevance == score(RELEVANT["title"], RELEVANT["body"])
    assert item.relevance["is_relevant"]
    assert _stat(pipeline, "relevant") == 1
    assert _stat(pipeline, "irrelevant") is None


def test_pipeline_drops_irrelevant() -> None:
    pipeline = _pipeline(ASNSCRAPER_KEEP_IRRELEVANT=False)
    item = {"url": "https://x.test/b", "title": IRRELEVANT["title"], "body": IRRELEVANT["body"]}
    with pytest.raises(DropItem, match=r"irrelevant: score=0\.\d+"):
        pipeline.process_item(item)
    assert _stat(pipeline, "irrelevant") == 1
    assert _stat(pipeline, "dropped/irrelevant") == 1
    assert _stat(pipeline, "relevant") is None


def test_pipeline_keeps_irrelevant_when_asked() -> None:
    pipeline = _pipeline(ASNSCRAPER_KEEP_IRRELEVANT=True)
    item = Article(url="https://x.test/c", title=IRRELEVANT["title"], body=IRRELEVANT["body"])
    assert pipeline.process_item(item) is item
    assert item.relevance is not None and item.relevance["is_relevant"] is False
    assert "netral" in item.relevance["matched"]
    assert _stat(pipeline, "irrelevant") == 1
    assert _stat(pipeline, "dropped/irrelevant") is None


def test_pipeline_reads_the_setting_as_a_string_too() -> None:
    pipeline = _pipeline(ASNSCRAPER_KEEP_IRRELEVANT="true")
    item = {"title": "Resep sambal", "body": "Cabai dan bawang diulek halus."}
    assert pipeline.process_item(item)["relevance"]["is_relevant"] is False


@pytest.mark.parametrize(
    "item",
    [
        {"title": None, "body": None},
        {"title": 12, "body": ["ASN harus netral", 3]},
        {},
    ],
)
def test_pipeline_survives_malformed_items(item: dict[str, Any]) -> None:
    pipeline = _pipeline()
    try:
        out = pipeline.process_item(item)
    except DropItem:
        assert _stat(pipeline, "dropped/irrelevant") == 1
    else:
        assert out["relevance"]["is_relevant"]
