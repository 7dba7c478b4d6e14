"""People: officials named with their office (find_people) and ExtractPeoplePipeline."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler, get_reactor_settings

from asnscraper.items import Article
from asnscraper.parsing.people import find_people
from asnscraper.parsing.regions import find_regions, lookup_region
from asnscraper.pipelines.extract_people import ExtractPeoplePipeline
from tests import support
from tests.test_regions import seed


def pairs(text: str, regions: Any = ()) -> list[tuple[str, str]]:
    return [(p["name"], p["role"]) for p in find_people(text, regions)]


# --- seeds ----------------------------------------------------------------------------------


def test_seed_pagaralampos() -> None:
    title, body = seed("pagaralampos_jaga-netralitas.txt")
    people = find_people(f"{title}\n\n{body}", find_regions(title, body, "Pagaralam"))
    assert {"name": "Rano Fahlesi", "role": "Pj Sekda Kota Pagar Alam"} in people
    # "Camat, dan Lurah", "Ketua Bawaslu", "Ketua KPU Kota Pagar Alam." name nobody
    assert [p["name"] for p in people] == ["Rano Fahlesi"]


def test_seed_metro24() -> None:
    title, body = seed("metro24_sekda-kuansing-asn-netral.txt")
    people = find_people(f"{title}\n\n{body}", find_regions(title, body, "Kuantan Singingi"))
    by_name = {p["name"]: p["role"] for p in people}
    assert by_name["Fahdiansyah"].startswith("Sekda")
    assert by_name["Fahdiansyah"] == "Sekda Kabupaten Kuantan Singingi"
    assert by_name["Suhardiman Amby"] == "Bupati Kuantan Singingi"
    # the misspelt "Fahriansyah" is merged into Fahdiansyah; "Ketua DPRD Pabung" is nobody
    assert set(by_name) == {"Fahdiansyah", "Suhardiman Amby"}


# --- orders and role shapes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pj Sekda Kota Pagaralam Rano Fahlesi SE MSi menandatangani berita acara.",
            [("Rano Fahlesi", "Pj Sekda Kota Pagar Alam")],
        ),
        (
            "Apel dipimpin Sekretaris Daerah Kabupaten Kuantan Singingi Dr. Fahdiansyah SPOG Senin.",
            [("Fahdiansyah", "Sekda Kabupaten Kuantan Singingi")],
        ),
        (
            "Hal itu disampaikan Rano Fahlesi, Pj Sekda Kota Pagar Alam, kepada wartawan.",
            [("Rano Fahlesi", "Pj Sekda Kota Pagar Alam")],
        ),
        (
            "Menurut Budi Santoso (Kepala Dinas Pendidikan), semua guru wajib netral.",
            [("Budi Santoso", "Kepala Dinas Pendidikan")],
        ),
        (
            "Bupati Lahat, Hj. Lisa Marlina SE MM, mengingatkan ASN.",
            [("Lisa Marlina", "Bupati Lahat")],
        ),
        (
            "Penjabat (Pj) Wali Kota Lubuklinggau H. Trisko Defriyansa SSTP MSi hadir.",
            [("Trisko Defriyansa", "Pj Wali Kota Lubuk Linggau")],
        ),
        (
            "Plt Kepala Dinas Kesehatan Kabupaten Banyuasin dr. Andi Wijaya mengatakan hal itu.",
            [("Andi Wijaya", "Plt Kepala Dinas Kesehatan Kabupaten Banyuasin")],
        ),
        (
            "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia (BKPSDM) Kabupaten "
            "Lahat, Drs. H. Ahmad Yani, M.Si, Selasa, mengumumkan sanksi.",
            [("Ahmad Yani", "Kepala BKPSDM Kabupaten Lahat")],
        ),
        (
            "Ketua Badan Pengawas Pemilihan Umum (Bawaslu) Kota Bekasi, Siti Aminah SH MH, "
            "mengatakan laporan sudah diterima.",
            [("Siti Aminah", "Ketua Bawaslu Kota Bekasi")],
        ),
        (
            "Kapolres Lahat AKBP Dedi Kurniawan SIK MH menambahkan pengamanan sudah siap.",
            [("Dedi Kurniawan", "Kapolres Lahat")],
        ),
        (
            "Camat Dempo Utara, Yusuf Efendi, mengimbau kepala desa tidak berpihak.",
            [("Yusuf Efendi", "Camat Dempo Utara")],
        ),
        (
            "Wabup OKU Timur Adi Nugroho hadir. Adi Nugroho menegaskan ASN harus netral.",
            [("Adi Nugroho", "Wakil Bupati Ogan Komering Ulu Timur")],
        ),
        (
            "Gubernur Sumsel Herman Deru dan Walikota Palembang H. Harnojoyo membuka acara itu.",
            [("Herman Deru", "Gubernur Sumatera Selatan"), ("Harnojoyo", "Wali Kota Palembang")],
        ),
    ],
)
def test_people_variants(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


# --- nobody ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Seluruh Kepala OPD, Camat, dan Lurah turut serta membacakan deklarasi.",
        "Hadir pula Asisten dan Staf Ahli Wali Kota Pagar Alam, Ketua Pengadilan Agama.",
        "Acara berlangsung di Kantor Bupati Kuantan Singingi.",
        "Kapolres, Kejaksaan Negeri, Ketua DPRD Pabung.",
        "Para camat diminta mengawasi lurah dan kepala desa di wilayahnya.",
        "ujar sekda Kuansing.",
    ],
)
def test_role_words_without_names_give_nobody(text: str) -> None:
    assert find_people(text) == []


def test_headline_verb_is_not_part_of_a_name() -> None:
    text = "Sekda Kuansing Dr. Fahdiansyah Ingatkan ASN Harus Netral"
    assert pairs(text) == [("Fahdiansyah", "Sekda Kabupaten Kuantan Singingi")]


def test_candidates_hold_no_office() -> None:
    for text in (
        "Pasangan calon Bupati Kuantan Singingi Budi Santoso dan Andi Saputra memaparkan visi.",
        "KPU menetapkan calon bupati dan wakil bupati Lahat, Rahmat Hidayat dan Joni Iskandar, "
        "sebagai peserta Pilkada.",
        "Paslon Wali Kota Pagar Alam Hendra Gunawan menyapa warga di Pasar Dempo.",
    ):
        assert find_people(text) == [], text
    text = "Bupati Lahat Cik Ujang meminta calon bupati tidak melibatkan ASN."
    assert pairs(text) == [("Cik Ujang", "Bupati Lahat")]


def test_title_case_line_gives_a_name_only_with_a_title_or_written_again() -> None:
    # A headline capitalizes every word: "Tinjau Pasar Dempo" is no person.
    text = "Wali Kota Pagar Alam Tinjau Pasar Dempo\n\nWali Kota Pagar Alam meninjau Pasar Dempo."
    assert find_people(text) == []
    text = "Bupati Lahat Cik Ujang Minta ASN Netral\n\nBupati Lahat Cik Ujang meminta ASN netral."
    assert pairs(text) == [("Cik Ujang", "Bupati Lahat")]
    text = "Camat Dempo Utara Ajak Warga Awasi ASN\n\nCamat Dempo Utara mengajak warga melapor."
    assert find_people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Anggota Bawaslu Kabupaten Lahat yang membidangi pengawasan, Dewi Lestari SH, "
            "mengatakan laporan sudah dikaji.",
            [("Dewi Lestari", "Anggota Bawaslu Kabupaten Lahat")],
        ),
        (
            "Kepala Dinas Pendidikan Kota Prabumulih yang baru dilantik, Rudi Hartono, meminta "
            "guru menjaga netralitas.",
            [("Rudi Hartono", "Kepala Dinas Pendidikan Kota Prabumulih")],
        ),
        (  # the clause names another office: the name is that office's
            "Sekda Kota Prabumulih yang hadir bersama Kapolres Prabumulih, AKBP Dedi Kurniawan, "
            "membuka apel.",
            [("Dedi Kurniawan", "Kapolres Prabumulih")],
        ),
        (  # no comma closes the clause: nobody is named
            "Ketua Bawaslu Kota Pagar Alam yang turut hadir dalam apel tersebut menyampaikan "
            "bahwa pengawas sudah siaga.",
            [],
        ),
    ],
)
def test_name_after_a_relative_clause(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


# --- merging --------------------------------------------------------------------------------


def test_surname_and_repeats_merge_into_one_person() -> None:
    text = (
        "Ketua Bawaslu Kabupaten Lahat Rudi Hartono SH memimpin rapat. Menurut Hartono, "
        "pengawasan diperketat. Rudi Hartono, Ketua Bawaslu, menyebut ada dua laporan."
    )
    assert pairs(text) == [("Rudi Hartono", "Ketua Bawaslu Kabupaten Lahat")]


def test_misspelling_for_same_office_is_merged_to_frequent_spelling() -> None:
    text = (
        "Sekda Kuansing Dr. Fahriansyah hadir. Sekda Kuansing Dr. Fahdiansyah meminta ASN "
        "netral. Fahdiansyah juga mengingatkan soal media sosial."
    )
    assert pairs(text) == [("Fahdiansyah", "Sekda Kabupaten Kuantan Singingi")]


def test_similar_names_for_different_offices_stay_apart() -> None:
    text = "Camat Lahat Barat, Rahmat Hidayat, dan Lurah Pasar Lama, Rahman Hidayat, hadir."
    assert [name for name, _ in pairs(text)] == ["Rahmat Hidayat", "Rahman Hidayat"]


def test_more_specific_role_is_kept() -> None:
    text = "Sekda Agus Salim membuka acara. Sekda Kota Prabumulih Agus Salim SE menegaskan."
    assert pairs(text) == [("Agus Salim", "Sekda Kota Prabumulih")]


def test_one_word_name_needs_a_title_or_a_second_mention() -> None:
    assert find_people("Ketua DPRD Pabung hadir.") == []
    assert pairs("Bupati Lahat Cik Ujang hadir.") == [("Cik Ujang", "Bupati Lahat")]
    assert pairs("Wali Kota Palembang Harnojoyo hadir. Harnojoyo berpesan.") == [
        ("Harnojoyo", "Wali Kota Palembang")
    ]


def test_article_regions_decide_ambiguous_role_region() -> None:
    text = "Sekda Bekasi Budi Santoso SE menegaskan ASN harus netral."
    assert pairs(text) == [("Budi Santoso", "Sekda Kabupaten Bekasi")]
    kota = [lookup_region("Kota Bekasi")]
    assert pairs(text, kota) == [("Budi Santoso", "Sekda Kota Bekasi")]


# --- pipeline -------------------------------------------------------------------------------


def make_pipeline() -> ExtractPeoplePipeline:
    crawler = get_crawler(Spider, {**support.test_settings(), **get_reactor_settings()})
    return ExtractPeoplePipeline.from_crawler(crawler)


def test_pipeline_fills_people() -> None:
    pipeline = make_pipeline()
    item = Article(
        title="Sekda Kuansing Dr. Fahdiansyah Ingatkan ASN Harus Netral",
        body="Bupati Kuantan Singingi Dr Suhardiman Amby, hadir.",
    )
    out = pipeline.process_item(item)
    assert [p["name"] for p in out.people] == ["Fahdiansyah", "Suhardiman Amby"]
    assert pipeline.stats.get_value("asnscraper/people/found") == 1
    assert pipeline.stats.get_value("asnscraper/people/persons") == 2


def test_pipeline_survives_bad_fields() -> None:
    pipeline = make_pipeline()
    out = pipeline.process_item({"title": 5, "body": None, "regions": "x"})
    assert out["people"] == []
    assert pipeline.stats.get_value("asnscraper/people/none") == 1


def test_name_counts_agree_with_a_whole_word_findall() -> None:
    import re

    from hypothesis import given
    from hypothesis import strategies as st

    from asnscraper.parsing.people import _count

    pieces = st.sampled_from(["Budi", "Budi Santoso", "budi", "_", " ", ",", "é", "1", "Bu", "di"])

    @given(st.lists(pieces, max_size=30).map("".join), pieces.filter(str.strip))
    def check(text: str, name: str) -> None:
        expected = len(re.findall(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text))
        assert _count(text, name) == expected

    check()
