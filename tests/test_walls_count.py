"""The walls check's early stop: ``content_chars(page, stop_at)`` decides ``>= stop_at`` as the
full count does (the paragraphs-first lower bound never counts a text node twice or one the
full walk leaves out)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asnscraper.mirror import FIXTURES_DIR
from asnscraper.parsing.queries import html_root
from asnscraper.parsing.walls import CONTENT_CHARS, content_chars

_WORDS = "Sekda mengingatkan ASN agar tetap netral selama masa kampanye. "
_PAGES = [
    *(f.read_text(encoding="utf-8") for f in sorted(FIXTURES_DIR.glob("*/*.html"))),
    "<html><body><nav>" + f"<p>{_WORDS * 9}</p>" + "</nav><p>pendek</p></body></html>",
    "<html><body><div class='cookie-consent'>" + f"<p>{_WORDS * 9}</p></div></body></html>",
    "<html><body><p>" + _WORDS * 3 + "<p>" + _WORDS * 4 + "</p></p></body></html>",
    "<html><head><p>" + _WORDS * 9 + "</p></head></html>",
    "<html><body>" + f"<p>{_WORDS}</p>" * 7 + "</body></html>",
    "<html><body><body><p>" + _WORDS * 4 + "</p></body></body></html>",
    "<html><body role='dialog'><p>" + _WORDS * 9 + "</p></body></html>",
]


def _check(text: str) -> None:
    root = html_root(text)
    full = content_chars(root)
    early = content_chars(root, stop_at=CONTENT_CHARS)
    assert (early >= CONTENT_CHARS) == (full >= CONTENT_CHARS)
    if early < CONTENT_CHARS:
        assert early == full


@pytest.mark.parametrize("text", _PAGES)
def test_the_early_stop_decides_as_the_full_count(text: str) -> None:
    _check(text)


_TAGS = ("p", "div", "nav", "footer", "span", "body", "script")
_ATTRS = ("", " class='login-box'", " id='modal'", " class='post'", " role='dialog'")


@st.composite
def _markup(draw: Any, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag, attrs = draw(st.sampled_from(_TAGS)), draw(st.sampled_from(_ATTRS))
        words = _WORDS * draw(st.integers(0, 4))
        parts.append(f"<{tag}{attrs}>{words}{draw(_markup(depth + 1))}</{tag}>{words[:20]}")
    return "".join(parts)


@given(_markup())
def test_the_early_stop_decides_as_the_full_count_on_random_pages(markup: str) -> None:
    _check(f"<html><body>{markup}</body></html>")
