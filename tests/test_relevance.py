"""Relevance scorer (asnscraper.parsing.relevance) and ScoreRelevancePipeline."""

from __future__ import annotations

import json
from typing import Any

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler, get_reactor_settings

from asnscraper.items import Article
from asnscraper.parsing.relevance import (
    SUBJECT,
    THRESHOLD,
    explain,
    find_hits,
    normalize,
    score,
)
from asnscraper.pipelines.score_relevance import ScoreRelevancePipeline
from benchmarks import relevance as benchmark
from benchmarks.relevance import BLIND, LABELLED, load_labelled, metrics
from tests import support

RECORDS = load_labelled()
BY_ID = {r["id"]: r for r in RECORDS}
BLIND_RECORDS = load_labelled(BLIND)


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


def test_labelled_split_follows_the_mechanical_rule() -> None:
    # Per label, the 4th and 5th of every five records in file order are "test".
    seen = {True: 0, False: 0}
    for record in RECORDS:
        index = seen[record["relevant"]]
        seen[record["relevant"]] += 1
        assert record["split"] == ("test" if index % 5 in (3, 4) else "dev"), record["id"]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_precision_and_recall_per_split(split: str) -> None:
    chosen = [r for r in RECORDS if r["split"] == split]
    predicted = {r["id"]: score(r["title"], r["body"])["is_relevant"] for r in chosen}
    result = metrics(chosen, predicted)
    assert result["precision"] >= 0.95, result
    assert result["recall"] >= 0.95, result


def test_blind_set_shape() -> None:
    assert len(BLIND_RECORDS) >= 60
    assert len({r["id"] for r in BLIND_RECORDS}) == len(BLIND_RECORDS)
    assert not {r["id"] for r in BLIND_RECORDS} & set(BY_ID)
    assert 0.4 <= sum(r["relevant"] for r in BLIND_RECORDS) / len(BLIND_RECORDS) <= 0.6
    for record in BLIND_RECORDS:
        assert {"id", "relevant", "kind", "title", "body"} <= set(record)


def test_precision_and_recall_on_the_blind_set() -> None:
    predicted = {r["id"]: score(r["title"], r["body"])["is_relevant"] for r in BLIND_RECORDS}
    result = metrics(BLIND_RECORDS, predicted)
    assert result["precision"] >= 0.9, result
    assert result["recall"] >= 0.9, result


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


# Elections that are not Pemilu/Pilkada, even with ASN asked to be neutral; and one Pilkada
# article that mentions a postponed village-head election (still relevant).
OTHER_ELECTIONS = [
    "n-pilkades-pns-diminta-netral",
    "n-kades-petahana-mobil-desa-pilkades",
    "n-pemilihan-ketua-rt-perumahan",
    "n-pemilihan-rektor-senat",
    "n-pemilihan-ketua-osis",
    "n-pemilihan-ketua-korpri",
    "n-pemilihan-anggota-bpd",
    "n-musda-partai-pilih-ketua",
]


@pytest.mark.parametrize("record_id", OTHER_ELECTIONS)
def test_other_elections_are_not_relevant(record_id: str) -> None:
    record = BY_ID[record_id]
    assert not record["relevant"]
    result = explain(record["title"], record["body"])
    assert result["election_share"] < 0.5, result
    assert {"pilkades", "pemilihan lain"} & set(result["matched"])
    assert not result["is_relevant"]


def test_pilkada_article_mentioning_pilkades_keeps_full_credit() -> None:
    record = BY_ID["r-pilkada-dan-pilkades-ditunda"]
    result = explain(record["title"], record["body"])
    assert "pilkades" in result["matched"]
    assert result["election_share"] == 1.0
    assert result["is_relevant"]


# An ASN resigning / discharged to run: not relevant; the same while still in office: relevant.
CANDIDACY_RESIGNS = [
    "n-kadis-mundur-maju-pilwalkot",
    "n-pns-pensiun-dini-nyaleg",
    "n-bkn-berhentikan-camat-calon",
    "n-asn-mundur-sekda-nyalon",
]
CANDIDACY_VIOLATES = ["r-kabid-belum-mundur-baliho", "r-guru-pns-nyaleg-tanpa-mundur"]


@pytest.mark.parametrize("record_id", CANDIDACY_RESIGNS)
def test_asn_resigning_to_run_is_discounted(record_id: str) -> None:
    record = BY_ID[record_id]
    result = explain(record["title"], record["body"])
    assert result["candidacy_factor"] < 0.5, result
    assert not result["is_relevant"]


@pytest.mark.parametrize("record_id", CANDIDACY_VIOLATES)
def test_asn_candidate_still_in_office_is_relevant(record_id: str) -> None:
    record = BY_ID[record_id]
    result = explain(record["title"], record["body"])
    assert result["candidacy"] > 0
    assert result["candidacy_factor"] == 1.0, result
    assert result["is_relevant"]


# Directing and mobilizing without the word "netral" (relevant), and the same verbs, posters
# and chat groups with no candidate in sight (not relevant).
DIRECTING = [
    "r-lurah-stiker-grup-rt",
    "r-kepsek-arahkan-guru-wali-murid",
    "r-camat-kumpulkan-kades-rumah-makan",
    "r-kades-kerahkan-warga-kampanye",
    "r-dosen-ajak-mahasiswa-pilih",
    "r-guru-honorer-grup-wali-murid",
]
DIRECTING_NO_CANDIDATE = [
    "n-guru-arahkan-siswa-evakuasi",
    "n-lurah-poster-imunisasi-grup-rt",
    "n-dishub-atur-lalu-lintas-kampanye",
    "n-kpu-ajak-pelajar-gunakan-hak-pilih",
    "n-dinkes-bagikan-poster-gizi",
]


@pytest.mark.parametrize("record_id", DIRECTING)
def test_directing_voters_is_relevant(record_id: str) -> None:
    assert BY_ID[record_id]["relevant"]
    assert _is_relevant(record_id)


@pytest.mark.parametrize("record_id", DIRECTING_NO_CANDIDATE)
def test_directing_words_without_a_candidate_are_not_relevant(record_id: str) -> None:
    record = BY_ID[record_id]
    assert not record["relevant"]
    result = score(record["title"], record["body"])
    assert not {"mengarahkan pemilih", "grup percakapan"} & set(result["matched"])
    assert not result["is_relevant"]


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
        ("kadus", "perangkat desa"),
        ("Kepala Urusan", "perangkat desa"),
        ("sekcam", "camat"),
        ("Kepala Distrik", "camat"),
        ("Satpol PP", "satpol pp"),
        ("Satuan Polisi Pamong Praja", "satpol pp"),
        ("dosen", "dosen"),
        ("nakes", "tenaga kesehatan"),
        ("tenaga kontrak", "honorer"),
        ("dikerahkan", "mengarahkan pemilih"),
        ("pengerahan", "mengarahkan pemilih"),
        ("menggiring", "mengarahkan pemilih"),
        ("dikondisikan", "mengarahkan pemilih"),
        ("menyosialisasikan", "mengarahkan pemilih"),
        ("memenangkan", "mengarahkan pemilih"),
        ("tanda suka", "like/share/komentar"),
        ("komen", "like/share/komentar"),
        ("nge-like", "like/share/komentar"),
        ("ngedukung", "dukungan"),
        ("grup WhatsApp", "grup percakapan"),
        ("kendaraan dinas", "fasilitas negara"),
        ("fasilitas negara", "fasilitas negara"),
        ("diberhentikan tidak dengan hormat", "pemecatan"),
        ("dilaporkan", "laporan/pemeriksaan"),
        ("terlapor", "laporan/pemeriksaan"),
        ("nyalon", "pencalonan"),
        ("mencalonkan diri", "pencalonan"),
        ("pensiun dini", "pengunduran diri"),
        ("pemberhentian dengan hormat atas permintaan sendiri", "pengunduran diri"),
        ("pemilukada", "pemilu"),
        ("pilwali", "pilkada"),
        ("pemilihan kuwu", "pilkades"),
        ("calon kepala desa", "pilkades"),
        ("pilrek", "pemilihan lain"),
        ("pemilihan ketua RT", "pemilihan lain"),
        ("calon rektor", "pemilihan lain"),
        ("nomor urut", "nomor urut"),
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


def _reported(title: str, body: str) -> set[str]:
    return set(score(title, body)["matched"])


def test_campaign_material_counts_only_next_to_a_candidate() -> None:
    lone = "Lurah membagikan poster dan stiker kepada ketua RT menjelang pilkada."
    near = "Lurah membagikan poster dan stiker paslon kepada ketua RT menjelang pilkada."
    assert "atribut kampanye" not in _reported("Kabar", lone)
    assert "atribut kampanye" in _reported("Kabar", near)
    assert score("Kabar", near)["score"] > score("Kabar", lone)["score"]


def test_reported_to_the_supervisor_counts_only_next_to_one() -> None:
    police = "Camat itu dilaporkan warga ke polisi karena sengketa tanah menjelang pilkada."
    bawaslu = "Camat itu dilaporkan warga ke Bawaslu karena hadir di acara paslon."
    assert "laporan/pemeriksaan" not in _reported("Kabar", police)
    assert "laporan/pemeriksaan" in _reported("Kabar", bawaslu)


def test_removing_campaign_banners_is_not_campaigning() -> None:
    removing = "Satpol PP menertibkan alat peraga kampanye pasangan calon di pohon."
    putting_up = "Pegawai Satpol PP memasang alat peraga kampanye pasangan calon di pohon."
    assert "atribut kampanye" not in _reported("Kabar", removing)
    assert "atribut kampanye" in _reported("Kabar", putting_up)


def test_village_election_takes_the_credit_away() -> None:
    body = "Camat meminta ASN dan perangkat desa netral dan tidak memihak calon {} di {} serentak."
    pilkada = explain("Kabar", body.format("bupati", "pilkada"))
    pilkades = explain("Kabar", body.format("kepala desa", "pilkades"))
    assert pilkada["election_share"] == 1.0 and pilkada["is_relevant"]
    assert pilkades["election_share"] == 0.0 and pilkades["score"] == 0.0
    assert "netral" in pilkades["matched"]  # found, but it counts for nothing


def test_own_candidacy_discounts_campaign_terms_unless_still_in_office() -> None:
    resigns = (
        "Sekda Mundur dari ASN, Deklarasi Maju Pilbup",
        "Sekda itu mengundurkan diri dari ASN untuk maju sebagai calon bupati. Ia menggelar "
        "deklarasi dukungan bersama tim pemenangan di posko pemenangan.",
    )
    in_office = (
        "Masih Aktif sebagai ASN, Sekda Deklarasi Maju Pilbup",
        "Sekda itu belum mengundurkan diri dari ASN tetapi maju sebagai calon bupati. Ia "
        "menggelar deklarasi dukungan bersama tim pemenangan di posko pemenangan.",
    )
    a, b = explain(*resigns), explain(*in_office)
    assert a["candidacy"] > 0 and a["candidacy_factor"] < 0.5
    assert "pencalonan" in a["matched"]
    assert b["candidacy_factor"] == 1.0
    assert b["score"] > 2 * a["score"]


def test_someone_elses_candidacy_is_no_discount() -> None:
    result = explain(
        "Camat Hadiri Deklarasi Calon Bupati",
        "Seorang pengusaha maju sebagai calon bupati. Camat hadir dalam deklarasi dukungan "
        "dan berfoto bersama pasangan calon itu.",
    )
    assert result["candidacy"] == 0.0 and result["candidacy_factor"] == 1.0
    assert "pencalonan" not in result["matched"]


def test_evidence_far_apart_on_a_long_page_does_not_add_up() -> None:
    filler = "\n\n".join([FILLER] * 12)
    together = score("Kabar", f"Camat wajib netral pada pilkada.\n\nCamat disanksi.\n\n{filler}")
    apart = explain("Kabar", f"Camat wajib netral pada pilkada.\n\n{filler}\n\nCamat disanksi.")
    assert len(apart["contributions"]) == 1  # one window holds one of the two, not both
    assert apart["score"] < together["score"]


def test_explain_agrees_with_score() -> None:
    for record in RECORDS[:20]:
        result = explain(record["title"], record["body"])
        assert score(record["title"], record["body"]) == {
            k: result[k] for k in ("score", "is_relevant", "matched")
        }


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


# --- benchmark --------------------------------------------------------------------------------


def test_benchmark_prints_every_set_and_keeps_held_out_ids_private(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    held_out = tmp_path / "blind2.jsonl"
    wrong = dict(BY_ID["n-net-neutrality-dpr"], id="x-wrong", relevant=True)
    held_out.write_text(json.dumps(wrong) + "\n", encoding="utf-8")
    monkeypatch.setattr(benchmark, "BLIND2", held_out)
    benchmark.main()
    out = capsys.readouterr().out
    for label in ("labelled dev", "labelled test", "blind:", "blind2:"):
        assert label in out
    assert "blind2: n=  1 precision=1.000 recall=0.000" in out
    assert "x-wrong" not in out
    monkeypatch.setattr(benchmark, "BLIND2", tmp_path / "missing.jsonl")
    assert "blind2" not in benchmark.evaluate(repeat=1)
