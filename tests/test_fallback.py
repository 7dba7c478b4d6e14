"""The generic fallback extractor (parsing/fallback.py): trafilatura first, densest block after."""

from __future__ import annotations

from asnscraper.parsing import fallback

PARAGRAPH = (
    "Badan Pengawas Pemilu kabupaten meminta seluruh aparatur sipil negara menjaga sikap "
    "selama masa kampanye dan tidak mengunggah dukungan kepada pasangan calon."
)


def page(paragraphs: int, filler: int = 0) -> str:
    story = "".join(f"<p>{PARAGRAPH} Paragraf {i}.</p>" for i in range(paragraphs))
    noise = "<span>menu</span>" * filler
    return (
        "<html><head><title>Berita Daerah</title></head><body>"
        f"<nav>{noise}</nav><main><div class='isi'>{story}</div></main></body></html>"
    )


def test_unknown_theme_is_read_by_trafilatura() -> None:
    found = fallback.extract_fallback(page(6), url="https://contoh.id/berita/1")
    assert found.method == "trafilatura"
    assert found.body.blocks[0].startswith("Badan Pengawas Pemilu")
    assert len(found.body.blocks) == 6


def test_huge_page_skips_trafilatura_and_still_finds_the_story() -> None:
    html = page(6, filler=fallback.MAX_TRAFILATURA_CHARS // 15)
    assert len(html) > fallback.MAX_TRAFILATURA_CHARS
    found = fallback.extract_fallback(html, url="https://contoh.id/berita/2")
    assert found.method == "densest"
    assert len(found.body.blocks) == 6
