"""Authors: bylines, titles and degrees, people vs newsroom, the pipeline."""

from __future__ import annotations

from typing import Any

import pytest

from asnscraper.items import Article
from asnscraper.parsing.authors import clean_name, is_person, normalize_authors, parse_byline
from asnscraper.parsing.text import outlet_keys
from asnscraper.pipelines.normalize_authors import NormalizeAuthorsPipeline
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from tests.support import make_spider

OUTLET = ["Pagaralam Pos", "pagaralampos.disway.id", "www.pagaralampos.com"]


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Dr. H Fahdiansyah SPOG", "Fahdiansyah"),
        ("Dr. Fahdiansyah SPOG", "Fahdiansyah"),
        ("Hj. Siti Aminah, S.H., M.H.", "Siti Aminah"),
        ("Ir. Joko Santoso", "Joko Santoso"),
        ("Drs. H. Ahmad Yani, MM", "Ahmad Yani"),
        ("Budi Santoso, S.Sos, M.Si", "Budi Santoso"),
        ("Rano Fahlesi SE MSi", "Rano Fahlesi"),
        ("Prof. Dr. Ir. Ahmad Yani, M.Sc", "Ahmad Yani"),
        ("dr. Sari Dewi", "Sari Dewi"),
        ("KH Abdul Hamid", "Abdul Hamid"),
        ("RINA MARLINA", "Rina Marlina"),
        ("M. Rizal", "M. Rizal"),
        ("Rina Marlina (Rin)", "Rina Marlina"),
        ("SE", "SE"),  # a lone token is left for is_person to judge, never emptied
    ],
)
def test_clean_name(raw: str, name: str) -> None:
    assert clean_name(raw) == name


@pytest.mark.parametrize(
    ("bylines", "editor", "authors", "editor_out"),
    [
        (["Reporter: Aldi Saputra"], "Editor: Yulia Sari", ["Aldi Saputra"], "Yulia Sari"),
        (["Aldi Saputra | Editor: Yulia Sari"], None, ["Aldi Saputra"], "Yulia Sari"),
        (["Reporter : Hendri Yanto", "Editor : M. Rizal"], None, ["Hendri Yanto"], "M. Rizal"),
        (["Penulis: Dedi Irawan"], None, ["Dedi Irawan"], None),
        (["Laporan: Rina Marlina"], None, ["Rina Marlina"], None),
        (["Oleh: Dr. H. Ahmad Yani, M.Si"], None, ["Ahmad Yani"], None),
        (["Pewarta: Aldi Saputra/Rina Marlina"], None, ["Aldi Saputra", "Rina Marlina"], None),
        (["Aldi Saputra dan Rina Marlina"], None, ["Aldi Saputra", "Rina Marlina"], None),
        (["Aldi Saputra, Rina Marlina"], None, ["Aldi Saputra", "Rina Marlina"], None),
        (["Aldi Saputra & Rina Marlina"], None, ["Aldi Saputra", "Rina Marlina"], None),
        (["Rina Marlina", "RINA MARLINA", "Rina Marlina (Rin)"], None, ["Rina Marlina"], None),
        (["By Aldi Saputra"], None, ["Aldi Saputra"], None),
        (["Reporter Aldi Saputra"], None, ["Aldi Saputra"], None),
        (["Redaksi"], "Admin", [], None),
        (["Tim Redaksi Pagaralam Pos"], None, [], None),
        (["Pagaralam Pos"], None, [], None),
        (["PAGRALAM POS"], None, [], None),
        (["pagaralampos.com"], None, [], None),
        (["Metro24.co.id"], None, [], None),
        (["Humas Pemkot Pagar Alam"], None, [], None),
        (["Aldi Saputra, Pagar Alam"], None, ["Aldi Saputra"], None),
        (["Admin", "Aldi Saputra"], "Redaksi", ["Aldi Saputra"], None),
        ([], "Yulia Sari", [], "Yulia Sari"),
        ([""], "", [], None),
    ],
)
def test_normalize_authors(
    bylines: list[str], editor: str | None, authors: list[str], editor_out: str | None
) -> None:
    out = normalize_authors(bylines, editor, OUTLET)
    assert out.authors == authors
    assert out.editor == editor_out


def test_not_people_are_reported() -> None:
    out = normalize_authors(["Redaksi", "Aldi Saputra", "pagaralampos.com"], "Admin", OUTLET)
    assert out.not_people == ["Redaksi", "pagaralampos.com", "Admin"]


def test_is_person_without_outlet_names() -> None:
    assert is_person("Aldi Saputra")
    assert not is_person("Tim")
    assert not is_person("12345")
    assert not is_person("Kuantan Singingi")  # a place, not a reporter
    assert is_person("Pagaralam Pos") is True  # without the outlet's names it cannot tell
    assert not is_person("Pagaralam Pos", outlet_keys(OUTLET))


def test_parse_byline_keeps_roles_apart() -> None:
    out = parse_byline("Penulis: Aldi Saputra; Editor: Yulia Sari; Redaktur: M. Rizal")
    assert out.authors == ["Aldi Saputra"]
    assert out.editors == ["Yulia Sari", "M. Rizal"]


# --- pipeline -----------------------------------------------------------------------------------


def pipeline() -> tuple[NormalizeAuthorsPipeline, Any]:
    spider = make_spider(PagaralamposSpider)
    return NormalizeAuthorsPipeline.from_crawler(spider.crawler), spider


def stat(spider: Any, what: str) -> Any:
    return spider.crawler.stats.get_value(f"asnscraper/authors/{what}")


def test_pipeline_uses_the_spiders_outlet_names() -> None:
    pipe, spider = pipeline()
    item = Article(
        source_name="Pagaralam Pos",
        authors=["Dr. H Fahdiansyah SPOG", "Pagaralam Pos", "Reporter: Hendri Yanto"],
        editor="Editor: Yulia Sari",
    )
    out = pipe.process_item(item)
    assert out.authors == ["Fahdiansyah", "Hendri Yanto"]
    assert out.editor == "Yulia Sari"
    assert stat(spider, "not_person") == 1 and stat(spider, "with_authors") == 1
    out = pipe.process_item(Article(authors=["pagaralampos.disway.id"]))
    assert out.authors == [] and stat(spider, "no_author") == 1


def test_pipeline_accepts_a_string_and_odd_types() -> None:
    pipe, _ = pipeline()
    assert pipe.process_item({"authors": "Aldi Saputra/Rina Marlina", "editor": 3}) == {
        "authors": ["Aldi Saputra", "Rina Marlina"],
        "editor": None,
    }
    assert pipe.process_item({"authors": [None, 4]}) == {"authors": [], "editor": None}
