"""Regions: gazetteer, aliases, find_regions ranking and ambiguity, lookup, the pipeline."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler, get_reactor_settings

from asnscraper.items import Article
from asnscraper.parsing import regions as R
from asnscraper.parsing.regions import find_regions, lookup_region, region_at
from asnscraper.pipelines.tag_regions import TagRegionsPipeline
from tests import support

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path("/work/shared/seeds")
DATA = ROOT / "asnscraper" / "data"


def seed(name: str) -> tuple[str, str]:
    """(title, body) of a seed article: first line after the site chrome, then the rest."""
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {name} not available")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    if lines[0].startswith("News"):
        lines = lines[1:]
    return lines[0], "\n\n".join(lines[1:])


def names(regions: list[Any]) -> list[str]:
    return [r["name"] for r in regions]


# --- gazetteer ------------------------------------------------------------------------------


def test_gazetteer_is_complete_and_well_formed() -> None:
    rows = list(csv.DictReader((DATA / "regions.csv").read_text(encoding="utf-8").splitlines()))
    levels = [r["level"] for r in rows]
    assert levels.count("provinsi") == 38
    assert levels.count("kabupaten") == 416
    assert levels.count("kota") == 98
    codes = [r["code"] for r in rows]
    assert len(set(codes)) == len(codes)
    for row in rows:
        if row["level"] == "provinsi":
            assert re.fullmatch(r"\d\d", row["code"]) and row["name"].startswith("Provinsi ")
        else:
            assert re.fullmatch(r"\d\d\.\d\d", row["code"])
            assert row["code"].startswith(row["province_code"] + ".")
            assert row["name"].split()[0].lower() == row["level"]


def test_codes_follow_kemendagri_not_bps() -> None:
    # idn-area-data (Kepmendagri) numbering; BPS numbers these 16.73 and 14.01.
    assert lookup_region("Kota Pagar Alam")["code"] == "16.72"
    assert lookup_region("Kota Lubuk Linggau")["code"] == "16.73"
    assert lookup_region("Kabupaten Kuantan Singingi")["code"] == "14.09"
    assert lookup_region("Kabupaten Kampar")["code"] == "14.01"


def test_every_alias_points_to_a_gazetteer_region() -> None:
    official = {e.name for e in R.ENTRIES.values()}
    assert R.ALIASES, "aliases not loaded"
    for alias, name in R.ALIASES:
        assert name in official, alias
        assert lookup_region(alias) is not None, alias


def test_build_script_reproduces_the_shipped_csv(tmp_path: Path) -> None:
    tarball = next(Path("/tmp").glob("*/idn-area-data-4.0.1.tgz"), None) or next(
        Path("/tmp").glob("idn-area-data-4.0.1.tgz"), None
    )
    if tarball is None:
        pytest.skip("npm tarball not present (offline run)")
    from tools.build_gazetteer import build

    out = tmp_path / "regions.csv"
    build(tarball, out)
    assert out.read_text(encoding="utf-8") == (DATA / "regions.csv").read_text(encoding="utf-8")


# --- lookup_region --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Pagaralam", "Kota Pagar Alam"),
        ("Pagar Alam", "Kota Pagar Alam"),
        ("Kota Pagaralam", "Kota Pagar Alam"),
        ("Kuansing", "Kabupaten Kuantan Singingi"),
        ("Kab. Kuantan Singingi", "Kabupaten Kuantan Singingi"),
        ("Lubuklinggau", "Kota Lubuk Linggau"),
        ("OKU Timur", "Kabupaten Ogan Komering Ulu Timur"),
        ("Sumsel", "Provinsi Sumatera Selatan"),
        ("Prov. Sumatra Utara", "Provinsi Sumatera Utara"),
        ("Bau-Bau", "Kota Bau Bau"),
        ("Jaksel", "Kota Administrasi Jakarta Selatan"),
        ("Kota Bandung", "Kota Bandung"),
        ("Pemkab Bandung", "Kabupaten Bandung"),
        ("Bandung", "Kabupaten Bandung"),
        ("Jambi", "Provinsi Jambi"),
        ("Kota Jambi", "Kota Jambi"),
        ("16.72", "Kota Pagar Alam"),
    ],
)
def test_lookup_region(text: str, name: str) -> None:
    region = lookup_region(text)
    assert region is not None and region["name"] == name


def test_lookup_region_unknown() -> None:
    assert lookup_region("Atlantis") is None
    assert lookup_region("") is None


def test_region_at_uses_level_and_preference() -> None:
    found = region_at("Sekda Bekasi Budi", 5)
    assert found is not None and found[0]["name"] == "Kabupaten Bekasi" and found[1] == 12
    assert region_at("Sekda Bekasi Budi", 5, level="kota")[0]["name"] == "Kota Bekasi"
    assert region_at("Sekda Bekasi Budi", 5, prefer=("32.75",))[0]["name"] == "Kota Bekasi"
    assert region_at("dan Budi", 3) is None


# --- find_regions: seeds ----------------------------------------------------------------------


def test_seed_pagaralampos() -> None:
    title, body = seed("pagaralampos_jaga-netralitas.txt")
    regions = find_regions(title, body, "Pagaralam")
    assert regions[0] == {
        "name": "Kota Pagar Alam",
        "level": "kota",
        "code": "16.72",
        "province": "Sumatera Selatan",
    }
    # "se-Provinsi Sumatera Selatan": the province comes after the city it contains
    assert names(regions) == ["Kota Pagar Alam", "Provinsi Sumatera Selatan"]
    assert find_regions(title, body)[0]["name"] == "Kota Pagar Alam"  # without a dateline too


def test_seed_metro24() -> None:
    title, body = seed("metro24_sekda-kuansing-asn-netral.txt")
    regions = find_regions(title, body, "Kuantan Singingi")
    assert regions[0]["name"] == "Kabupaten Kuantan Singingi"
    assert regions[0]["code"] == "14.09" and regions[0]["province"] == "Riau"
    assert find_regions(title, body)[0]["name"] == "Kabupaten Kuantan Singingi"


# --- find_regions: ranking, evidence ---------------------------------------------------------


def test_dateline_and_title_weigh_more_than_one_body_mention() -> None:
    body = (
        "Bawaslu menggelar rapat koordinasi pengawasan netralitas ASN bersama seluruh camat.\n\n"
        "Rapat itu juga membahas laporan warga dari Kabupaten Lahat pekan lalu."
    )
    regions = find_regions("Bawaslu OKU Ingatkan Camat Jaga Netralitas", body, "Baturaja")
    assert names(regions)[0] == "Kabupaten Ogan Komering Ulu"


def test_passing_mention_in_a_list_does_not_count() -> None:
    body = (
        "Pemerintah Kota Prabumulih menggelar apel netralitas ASN di halaman kantor wali kota. "
        "Sekda Prabumulih memimpin apel tersebut dan meminta ASN Prabumulih menjaga sikap.\n\n"
        "Kegiatan yang sama sebelumnya sudah digelar di sejumlah daerah lain, di antaranya "
        "Kabupaten Lahat, Muara Enim, dan Kota Palembang."
    )
    regions = find_regions("Apel Netralitas ASN Digelar", body)
    assert names(regions) == ["Kota Prabumulih"]


def test_cap_on_number_of_regions() -> None:
    body = " ".join(
        f"Di Kabupaten {n} Bawaslu menemukan ASN tidak netral. Bupati {n} menegur ASN itu."
        for n in ["Lahat", "Muara Enim", "Banyuasin", "Ogan Ilir", "Musi Rawas", "Empat Lawang"]
    )
    assert len(find_regions("Temuan Bawaslu", body)) == R.MAX_REGIONS


def test_province_after_its_member_but_other_provinces_by_score() -> None:
    body = (
        "Gubernur Riau meminta ASN netral. Pemprov Riau mengirim surat ke Kabupaten Siak. "
        "Bupati Siak menindaklanjuti surat itu di Siak."
    )
    regions = find_regions("ASN Siak Diminta Netral", body)
    assert names(regions) == ["Kabupaten Siak", "Provinsi Riau"]


def test_empty_and_regionless_texts() -> None:
    assert find_regions("", "") == []
    assert find_regions("Harga cabai naik", "Harga cabai naik di pasar tradisional.") == []


# --- ambiguity ------------------------------------------------------------------------------


def test_kota_cue_resolves_same_name() -> None:
    body = "Pemkot Bekasi menggelar apel. Wali Kota Bekasi meminta ASN di Bekasi netral."
    assert names(find_regions("ASN Bekasi Diminta Netral", body))[0] == "Kota Bekasi"


def test_kabupaten_cue_resolves_same_name() -> None:
    body = "Bupati Bogor meminta ASN netral. Sekda Kabupaten Bogor menambahkan hal serupa di Bogor."
    assert names(find_regions("ASN Bogor", body))[0] == "Kabupaten Bogor"


def test_bare_ambiguous_name_defaults_to_kabupaten() -> None:
    body = "Bawaslu Tegal mencatat dua laporan dugaan ASN tidak netral di Tegal."
    assert names(find_regions("Laporan di Tegal", body))[0] == "Kabupaten Tegal"


def test_province_or_capital_city() -> None:
    assert names(find_regions("ASN Jambi Diminta Netral", "Di Jambi apel digelar."))[0] == (
        "Provinsi Jambi"
    )
    body = "Pemkot Jambi menggelar apel. Wali Kota Jambi hadir. ASN Jambi berikrar netral."
    assert names(find_regions("Apel di Jambi", body))[0] == "Kota Jambi"


def test_same_name_in_two_provinces_follows_the_article_province() -> None:
    body = (
        "Pemprov Kalimantan Selatan mengingatkan ASN. Di Banjar, apel netralitas digelar "
        "bersama Bawaslu Banjar."
    )
    regions = find_regions("Apel Netralitas", body, "Martapura")
    assert R.ENTRIES[[r["code"] for r in regions if "Banjar" in r["name"]][0]].province == (
        "Kalimantan Selatan"
    )


# --- aliases and spelling variants ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ASN Lubuklinggau diminta netral. Lubuk Linggau siap.", "Kota Lubuk Linggau"),
        ("Sekda Inhu memimpin apel ASN Inhu.", "Kabupaten Indragiri Hulu"),
        ("ASN Pemkab OKI diingatkan. Bupati OKI hadir.", "Kabupaten Ogan Komering Ilir"),
        ("Apel di PALI diikuti ASN PALI.", "Kabupaten Penukal Abab Lematang Ilir"),
        ("Pemprov Sumsel menggelar apel ASN Sumsel.", "Provinsi Sumatera Selatan"),
        ("Pemkab Muba menggelar apel. ASN Muba hadir.", "Kabupaten Musi Banyuasin"),
        ("ASN Baubau diingatkan oleh Pemkot Bau-Bau.", "Kota Bau Bau"),
    ],
)
def test_aliases_and_spellings(text: str, name: str) -> None:
    assert names(find_regions("", text))[0] == name


def test_acronym_alias_only_in_capitals() -> None:
    # "pali" or "oki" in lower case are no regions
    assert find_regions("", "Dia pali sekali, oki doki, katanya kepada wartawan.") == []


# --- false friends --------------------------------------------------------------------------


def test_common_words_are_not_regions() -> None:
    body = (
        "Nasib malang menimpa pegawai itu. Ia dimakamkan di liang lahat kemarin. "
        "Puncak acara berlangsung meriah, lalu batu pertama diletakkan.\n\n"
        "Malang nian nasibnya."
    )
    assert find_regions("Puncak Acara Meriah", body) == []


def test_false_friend_with_cue_or_in_running_text_counts() -> None:
    body = (
        "Bawaslu Kota Batu memanggil dua ASN. Menurut Bawaslu, ASN di Batu itu "
        "mengunggah dukungan untuk paslon."
    )
    assert names(find_regions("Dua ASN Dipanggil", body))[0] == "Kota Batu"
    body = "Ketua Bawaslu Lahat menyebut ASN di Lahat wajib netral."
    assert names(find_regions("ASN Lahat Wajib Netral", body))[0] == "Kabupaten Lahat"


def test_person_named_like_a_region_is_not_a_region() -> None:
    body = "Politikus Bima Arya menghadiri acara itu bersama warga kampung."
    assert find_regions("Hadiri Acara", body) == []


def test_natural_features_and_media_names_are_not_regions() -> None:
    body = "Wisatawan ramai di Danau Toba dan Pulau Bangka. Berita ini dikutip dari Riau Pos."
    assert find_regions("Libur Panjang", body) == []


def test_is_fast_enough_for_every_article() -> None:
    title, body = seed("pagaralampos_jaga-netralitas.txt")
    # not a timed test: only checks that the automaton is one compiled pattern
    assert isinstance(R._NAMES_RE, re.Pattern)
    assert find_regions(title, body * 20)[0]["name"] == "Kota Pagar Alam"


# --- pipeline -------------------------------------------------------------------------------


def make_pipeline() -> TagRegionsPipeline:
    crawler = get_crawler(Spider, {**support.test_settings(), **get_reactor_settings()})
    return TagRegionsPipeline.from_crawler(crawler)


def stat(pipeline: TagRegionsPipeline, what: str) -> Any:
    return pipeline.stats.get_value(f"asnscraper/regions/{what}")


def test_pipeline_fills_regions() -> None:
    pipeline = make_pipeline()
    item = Article(
        title="Sekda Kuansing Ingatkan ASN",
        body="Pemkab Kuantan Singingi menggelar apel.",
        dateline="Kuantan Singingi",
    )
    out = pipeline.process_item(item)
    assert out.regions[0]["code"] == "14.09"
    assert stat(pipeline, "tagged") == 1


def test_pipeline_counts_none_and_survives_bad_fields() -> None:
    pipeline = make_pipeline()
    out = pipeline.process_item({"title": None, "body": ["Harga cabai naik.", 3], "dateline": 7})
    assert out["regions"] == []
    assert stat(pipeline, "none") == 1
