"""Text cleanup: the seed texts as plain text, hostile variants, the pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from asnscraper.items import Article
from asnscraper.parsing.text import (
    clean_body,
    clean_line,
    clean_tags,
    is_chrome,
    outlet_keys,
    parse_dateline,
    related_titles,
    split_credit,
    split_reporter_code,
)
from asnscraper.pipelines.clean_text import CleanTextPipeline
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from tests.support import make_spider

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "text"
PAGARALAM = outlet_keys(["Pagaralam Pos", "pagaralampos.disway.id", "www.pagaralampos.com"])
METRO24 = outlet_keys(["Metro24", "metro24.co.id"])
JUNK = ("BACA JUGA", "Baca Juga", "--pagaralampos.com", "Tinggalkan Balasan", "Alamat email")


def seed(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


# --- the seeds ------------------------------------------------------------------------------


def test_pagaralam_seed_as_plain_text() -> None:
    text = seed("pagaralampos_jaga-netralitas.txt").split("\n", 1)[1]  # headline line off
    out = clean_body(text, outlets=PAGARALAM)
    assert out.text.startswith("PAGRALAM POS, Pagaralam – Pj Sekretaris Daerah (Sekda)")
    assert out.text.endswith("pihak-pihak yang tidak berkepentingan.")
    assert out.dateline == "Pagaralam"
    assert out.reporter_code == "Cg09"
    assert [r["title"][:24] for r in out.related] == [
        "Makanan Sumber Gizi Terb",
        "Jangan Dilewatkan! Ini 5",
        "Sumber Serat yang Berkua",
    ]
    assert all(r["url"] is None for r in out.related)
    assert len(out.captions) == 1
    caption, credit = out.captions[0]
    assert caption.startswith("BERITA ACARA: Pj Sekda Kota Pagaralam Rano Fahlesi")
    assert caption.endswith("se-Sumsel.") and credit == "pagaralampos.com"
    for junk in (*JUNK, "BERITA ACARA", "(Cg09)", "Berita Terkini", "Share"):
        assert junk not in out.text
    paragraphs = out.text.split("\n\n")
    assert len(paragraphs) == 11 and all(p == p.strip() and p for p in paragraphs)
    assert "“Kehadiran Unsur Forkopimda" in out.text  # curly quotes kept


def test_metro24_seed_as_plain_text() -> None:
    out = clean_body(seed("metro24_sekda-kuansing-asn-netral.txt"), outlets=METRO24)
    assert out.dateline == "Kuantan Singingi"
    assert [r["title"] for r in out.related] == [
        "SPBU Sungai Jering Kuansing di Duga Abaikan Perpres No.191 Tahun 2014.",
        "Pelaku Hilangnya Anak di Kalideres Ditangkap, Korban Disekap Selama 7 Hari dan Disetubuhi",
    ]
    for junk in JUNK:
        assert junk not in out.text
    # the Baca Juga box had cut this sentence in two: the halves are one paragraph again
    assert "dengan menandatangani Pakta Integritas, ASN Kab Kuansing" in out.text
    assert "Dan berharap ikrar" in out.text  # repeated spaces folded
    assert "\u00a0" not in out.text
    assert out.text.split("\n\n")[-1].startswith("“Hati-hati dengan penggunaan media sosial.")
    assert out.reporter_code is None
    assert out.removed["tail"] == 2


def test_seed_with_markup_already_removed_is_left_alone() -> None:
    body = (
        "PAGARALAM POS, Pagaralam – Pj Sekda memimpin apel.\n\n"
        "Kegiatan berlangsung pada Rabu (27/12) di Ruang Rapat Besemah I. (Cg09)"
    )
    out = clean_body(body, outlets=PAGARALAM)
    assert out.text == (
        "PAGARALAM POS, Pagaralam – Pj Sekda memimpin apel.\n\n"
        "Kegiatan berlangsung pada Rabu (27/12) di Ruang Rapat Besemah I."
    )
    assert out.removed == {"end_mark": 1}


# --- related lines --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "known", "titles"),
    [
        ("BACA JUGA:Makanan Sumber Gizi Terbaik", (), ["Makanan Sumber Gizi Terbaik"]),
        ("Baca Juga :  SPBU Sungai Jering Kuansing", (), ["SPBU Sungai Jering Kuansing"]),
        ("Baca juga: Pemkab Gelar Apel", (), ["Pemkab Gelar Apel"]),
        ("BACA JUGA Pemkab Gelar Apel", (), ["Pemkab Gelar Apel"]),
        ("Lihat Juga - Bawaslu Awasi ASN", (), ["Bawaslu Awasi ASN"]),
        ("BACA JUGA:Satu BACA JUGA: Dua Baca Juga : Tiga", (), ["Satu", "Dua", "Tiga"]),
        ("Baca Juga Pemkab Gelar Apel", ("pemkabgelarapel",), ["Pemkab Gelar Apel"]),
        ("Baca Juga Pemkab Gelar Apel", (), None),
        ("Baca juga buku panduan netralitas yang dibagikan BKPSDM.", (), None),
        ("Para ASN diminta membaca juga aturan itu.", (), None),
    ],
)
def test_related_titles(line: str, known: tuple[str, ...], titles: list[str] | None) -> None:
    assert related_titles(line, known) == titles


def test_related_lines_leave_the_body_and_known_links_are_not_repeated() -> None:
    body = (
        "PAGARALAM POS, Pagaralam – Apel netralitas digelar di halaman kantor wali kota.\n\n"
        "BACA JUGA:Harga Kopi Robusta Naik\n\n"
        "Baca Juga\n\n"
        "Petani Sambut Panen Raya\n\n"
        "Baca juga buku panduan netralitas yang dibagikan BKPSDM kepada setiap peserta apel."
    )
    out = clean_body(body, known_related=["Harga Kopi Robusta Naik"], outlets=PAGARALAM)
    assert out.related == [{"title": "Petani Sambut Panen Raya", "url": None}]
    assert out.text.split("\n\n") == [
        "PAGARALAM POS, Pagaralam – Apel netralitas digelar di halaman kantor wali kota.",
        "Baca juga buku panduan netralitas yang dibagikan BKPSDM kepada setiap peserta apel.",
    ]


# --- captions and credits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "expect"),
    [
        (
            "BERITA ACARA: Pj Sekda tandatangani berita acara. --pagaralampos.com",
            ("BERITA ACARA: Pj Sekda tandatangani berita acara.", "pagaralampos.com"),
        ),
        ("Sekda memimpin apel. (Foto: Istimewa)", ("Sekda memimpin apel.", "Istimewa")),
        (
            "Sekda memimpin apel. Foto: Humas Pemkab Kuansing",
            ("Sekda memimpin apel.", "Humas Pemkab Kuansing"),
        ),
        ("Sekda memimpin apel | Foto: Dok. Humas", ("Sekda memimpin apel", "Dok. Humas")),
        ("Foto/Ist", ("", "Ist")),
        ("FOTO: ISTIMEWA", ("", "ISTIMEWA")),
        ("Sekda memimpin apel —Foto: metro24.co.id", ("Sekda memimpin apel", "metro24.co.id")),
        (
            "Ia tersenyum --seraya melambaikan tangan kepada warga.",
            ("Ia tersenyum --seraya melambaikan tangan kepada warga.", None),
        ),
        ("Sekda memimpin apel di lapangan.", ("Sekda memimpin apel di lapangan.", None)),
        (
            "Foto bersama paslon itu viral di media sosial.",
            ("Foto bersama paslon itu viral di media sosial.", None),
        ),
    ],
)
def test_split_credit(caption: str, expect: tuple[str, str | None]) -> None:
    assert split_credit(caption) == expect


def test_captions_and_credits_leave_the_body() -> None:
    body = (
        "SOSIALISASI: Ratusan PPPK mengikuti sosialisasi netralitas ASN.\n\n"
        "PAGARALAM, PAGARALAMPOS.COM – Pegawai pemerintah dengan perjanjian kerja diingatkan.\n\n"
        "(Foto: Istimewa)\n\n"
        "Suasana sosialisasi di Gedung Dempo. --pagaralampos.com\n\n"
        "Kepala BKPSDM menegaskan PPPK wajib netral, sama seperti PNS di lingkungan pemkot."
    )
    out = clean_body(body, outlets=PAGARALAM)
    assert out.captions == [
        ("SOSIALISASI: Ratusan PPPK mengikuti sosialisasi netralitas ASN.", None),
        ("", "Istimewa"),
        ("Suasana sosialisasi di Gedung Dempo.", "pagaralampos.com"),
    ]
    assert out.dateline == "Pagaralam"
    assert out.text.split("\n\n") == [
        "PAGARALAM, PAGARALAMPOS.COM – Pegawai pemerintah dengan perjanjian kerja diingatkan.",
        "Kepala BKPSDM menegaskan PPPK wajib netral, sama seperti PNS di lingkungan pemkot.",
    ]


def test_a_caps_label_opening_the_story_is_kept_without_caption_signs() -> None:
    body = "UPDATE: Bawaslu menerima dua laporan baru dugaan pelanggaran netralitas ASN hari ini."
    assert clean_body(body).text == body


def test_a_known_caption_copied_into_the_body_leaves_it() -> None:
    caption = "IKRAR: Ratusan ASN mengikuti apel. --pagaralampos.com"
    body = "IKRAR: Ratusan ASN mengikuti apel.\n\nPAGARALAM POS, Pagaralam – Ratusan ASN ikut apel."
    out = clean_body(body, known_captions=[caption], outlets=PAGARALAM)
    assert out.text == "PAGARALAM POS, Pagaralam – Ratusan ASN ikut apel."


# --- chrome, bylines, end marks --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "chrome"),
    [
        ("Cek Berita dan Artikel yang lain di Google News", True),
        ("Temukan Berita Terkini kami di WhatsApp Channel", True),
        ("Tinggalkan Balasan", True),
        ("Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *", True),
        ("Berita Terpopuler", True),
        ("Tag", True),
        ("Sumber: Humas Pemkot Pagar Alam", True),
        ("Bawaslu meminta warga melapor melalui Google News dan kanal resmi lainnya " * 3, False),
        ("Pilihan politik ASN adalah hak pribadi yang disalurkan di bilik suara.", False),
    ],
)
def test_is_chrome(text: str, chrome: bool) -> None:
    assert is_chrome(text) is chrome


def test_page_tail_is_cut_only_when_it_is_chrome() -> None:
    story = "Bawaslu mengimbau warga melapor."
    tail = "Berita Terkait\n\nKPU Tetapkan DPT Pilkada 2024\n\nHarga Kopi Naik"
    assert clean_body(f"{story}\n\n{tail}").text == story
    body = f"{story}\n\nPilihan\n\nPara ASN diminta menjaga sikap hingga hari pemungutan suara."
    assert clean_body(body).text == (
        f"{story}\n\nPara ASN diminta menjaga sikap hingga hari pemungutan suara."
    )
    body = f"{story}\n\nTinggalkan Balasan\n\nNama *\n\nKomentar yang panjang sekali."
    assert clean_body(body).text == story
    out = clean_body(f"{story}\n\nTag\n\nnetralitas asn\n\nEditor: Yulia Sari")
    assert out.text == story and out.bylines == ["Editor: Yulia Sari"]


def test_byline_lines_at_the_ends_are_set_aside() -> None:
    body = (
        "JAKARTA, KOMPAS.com - Bawaslu RI menggelar rapat.\n\n"
        "Rapat membahas pengawasan netralitas ASN. (ags)\n\n"
        "Reporter : Hendri Yanto\n\n"
        "Editor : M. Rizal"
    )
    out = clean_body(body)
    assert out.bylines == ["Reporter : Hendri Yanto", "Editor : M. Rizal"]
    assert out.reporter_code == "ags" and out.dateline == "Jakarta"
    assert out.text.endswith("pengawasan netralitas ASN.")


@pytest.mark.parametrize(
    ("para", "expect"),
    [
        ("tidak berkepentingan. (Cg09)", ("tidak berkepentingan.", "Cg09", True)),
        ("kata dia. (ags/red)", ("kata dia.", "ags/red", True)),
        ("kata dia.(rls)", ("kata dia.", "rls", True)),
        ("(Cg09)", ("", "Cg09", True)),
        ("kata dia. (*)", ("kata dia.", None, True)),
        ("***", ("", None, True)),
        (
            "diteruskan ke Badan Kepegawaian Negara (BKN)",
            ("diteruskan ke Badan Kepegawaian Negara (BKN)", None, False),
        ),
        ("kata dia. (Habis)", ("kata dia. (Habis)", None, False)),
    ],
)
def test_split_reporter_code(para: str, expect: tuple[str, str | None, bool]) -> None:
    assert split_reporter_code(para) == expect


def test_standalone_end_marks_are_all_removed() -> None:
    out = clean_body("Rapat berjalan lancar.\n\n(Cg09)\n\n***")
    assert out.text == "Rapat berjalan lancar." and out.reporter_code == "Cg09"


# --- datelines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("para", "outlets", "place"),
    [
        ("PAGARALAM POS, Pagaralam – Pj Sekda hadir.", PAGARALAM, "Pagaralam"),
        ("PAGRALAM POS, Pagaralam – Pj Sekda hadir.", PAGARALAM, "Pagaralam"),
        ("PAGRALAM POS, Pagaralam – Pj Sekda hadir.", [], "Pagaralam"),
        ("PAGARALAM, PAGARALAMPOS.COM – Seorang camat disanksi.", PAGARALAM, "Pagaralam"),
        ("Metro24, Kuantan Singingi – Apel digelar.", METRO24, "Kuantan Singingi"),
        ("Metro24, Kuantan Singingi – Apel digelar.", [], "Kuantan Singingi"),
        ("KUANSING, METRO24.CO.ID - Apel digelar.", METRO24, "Kuansing"),
        ("Pekanbaru (ANTARA) - Gubernur Riau mengimbau ASN.", [], "Pekanbaru"),
        ("JAKARTA, KOMPAS.com - KASN mencatat pelanggaran.", [], "Jakarta"),
        ("Bau-Bau, METRO24 – Apel digelar.", METRO24, "Bau-Bau"),
        ("PEKANBARU – Apel digelar.", [], "Pekanbaru"),
        ("METRO24.CO.ID – Apel digelar.", METRO24, None),
        ("Sementara itu, Camat Dempo Utara – yang juga hadir – mengingatkan.", [], None),
        ("Kepala BKPSDM Kota Pagar Alam menjelaskan bahwa surat edaran berlaku.", [], None),
        ("Apel dipimpin Sekda - dan diikuti ratusan ASN.", [], None),
    ],
)
def test_parse_dateline(para: str, outlets: list[str], place: str | None) -> None:
    assert parse_dateline(para, outlets) == place


# --- characters, tags -------------------------------------------------------------------------


def test_unicode_and_whitespace() -> None:
    raw = "Cafe\u0301\u200b  di\u00a0Pagar\u2060 Alam\ufeff \u201cnetral\u201d"
    assert clean_line(raw) == "Café di Pagar Alam “netral”"
    out = clean_body("  Satu\u00a0\u00a0dua.  \n\n\n\n  Tiga\u200b.\r\nEmpat. ")
    assert out.text == "Satu dua.\n\nTiga.\n\nEmpat."


def test_clean_tags() -> None:
    tags = ["#Netralitas ASN", "netralitas  asn", " #pilkada ", "", "#", 5, "Pilkada"]
    assert clean_tags(tags) == ["Netralitas ASN", "pilkada"]


# --- pipeline -----------------------------------------------------------------------------------


def pipeline() -> tuple[CleanTextPipeline, Any]:
    spider = make_spider(PagaralamposSpider)
    return CleanTextPipeline.from_crawler(spider.crawler), spider


def stat(spider: Any, what: str) -> Any:
    return spider.crawler.stats.get_value(f"asnscraper/text/{what}")


def test_pipeline_on_the_seed_as_plain_text() -> None:
    pipe, spider = pipeline()
    text = seed("pagaralampos_jaga-netralitas.txt").split("\n", 1)[1]
    image = "https://pagaralampos.disway.id/upload/c8f34e003e41189905770751f78eb32c.jpg"
    item = Article(
        title="  Jaga Netralitas,\u00a0Beri Contoh Positif bagi Masyarakat ",
        description="",
        body=text,
        tags=["#netralitas asn", "Netralitas ASN", "#pemkot pagar alam"],
        images=[{"url": image, "caption": None, "credit": None}],
        related=[
            {
                "title": "BACA JUGA: Jangan Dilewatkan! Ini 5 Manfaat Gizi Buah Bidara Yang Mengagumkan",
                "url": "https://pagaralampos.disway.id/kesehatan/read/105842/jangan-dilewatkan",
            }
        ],
        authors=["Hendri Yanto"],
    )
    out = pipe.process_item(item)
    assert out.title == "Jaga Netralitas, Beri Contoh Positif bagi Masyarakat"
    assert out.description is None
    assert out.tags == ["netralitas asn", "pemkot pagar alam"]
    assert out.dateline == "Pagaralam" and out.reporter_code == "Cg09"
    assert [r["url"] is None for r in out.related] == [False, True, True]
    assert out.related[0]["title"].startswith("Jangan Dilewatkan!")
    assert out.images[0]["url"] == image
    assert out.images[0]["caption"].startswith("BERITA ACARA: Pj Sekda")
    assert out.images[0]["credit"] == "pagaralampos.com"
    for junk in (*JUNK, "BERITA ACARA", "(Cg09)", "Google News"):
        assert junk not in out.body
    assert stat(spider, "removed/related") == 3 and stat(spider, "removed/caption") == 1
    assert stat(spider, "cleaned") == 1


def test_pipeline_splits_spider_captions_and_keeps_captions_without_image() -> None:
    pipe, spider = pipeline()
    item = Article(
        body="Foto: Humas Pemkab\n\nMetro24, Kuantan Singingi – Apel digelar di lapangan upacara.",
        images=[
            {
                "url": "https://x/a.jpg",
                "caption": "APEL: Sekda memimpin apel --metro24",
                "credit": None,
            }
        ],
    )
    out = pipe.process_item(item)
    assert out.body == "Metro24, Kuantan Singingi – Apel digelar di lapangan upacara."
    assert out.images == [
        {"url": "https://x/a.jpg", "caption": "APEL: Sekda memimpin apel", "credit": "metro24"},
        {"url": None, "caption": None, "credit": "Humas Pemkab"},  # the image had its credit
    ]
    assert stat(spider, "caption_without_image") == 1
    item = Article(body="KEGIATAN: Sekda memimpin apel. --pagaralampos.com\n\nApel berlangsung.")
    out = pipe.process_item(item)
    assert out.images == [
        {"url": None, "caption": "KEGIATAN: Sekda memimpin apel.", "credit": "pagaralampos.com"}
    ]
    assert stat(spider, "caption_without_image") == 2


def test_pipeline_moves_body_bylines_to_authors_and_survives_odd_fields() -> None:
    pipe, _ = pipeline()
    out = pipe.process_item(
        {
            "title": None,
            "body": ["Rapat berjalan lancar di aula kantor.", 3, "Penulis: Rina Marlina"],
            "tags": "netralitas",
            "images": [{"url": 5}, "x", {"url": "https://x/b.jpg", "caption": 7}],
            "related": [{"title": None}, {"title": "Baca juga: Judul Lain", "url": 3}],
            "authors": "Rina",
        }
    )
    assert out["title"] == "" and out["tags"] == []
    assert out["body"] == "Rapat berjalan lancar di aula kantor."
    assert out["authors"] == ["Penulis: Rina Marlina"]
    assert out["images"] == [{"url": "https://x/b.jpg", "caption": None, "credit": None}]
    assert out["related"] == [{"title": "Judul Lain", "url": None}]


def test_edit_distance_with_a_limit_agrees_with_the_full_table() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from asnscraper.parsing.text import edit_distance

    @given(st.text("abc", max_size=9), st.text("abc", max_size=9), st.integers(0, 4))
    def check(a: str, b: str, limit: int) -> None:
        full = edit_distance(a, b)
        assert edit_distance(a, b, limit) == min(full, limit + 1)

    check()
