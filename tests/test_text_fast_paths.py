"""Shortcuts in asnscraper.parsing.text skip only work whose answer is known.

``split_reporter_code`` reads nothing off a paragraph that does not end in ``)`` or ``*``
(before white space): neither of its patterns can match one. Invisible characters are dropped
by substring search as the character class would drop them. Checked on generated text and on
the labelled texts.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asnscraper.parsing import text
from benchmarks.relevance import BLIND, load_labelled

ENDINGS = [
    "(Cg09)", "( rls )", "(adv/kmf)", "(*)", "***", "*)", "(**)", ")", "*", ".", "”", '"', "’",
    " ", "\n", "\t", "\u00a0", "\u2028", "x", "(foto)", "(a.b-c)", "Selesai.",
]  # fmt: skip
paragraphs = st.lists(st.one_of(st.sampled_from(ENDINGS), st.text(max_size=3)), max_size=12).map(
    "".join
)


_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
CHARS = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "e\u0301", "\u0301", "Å", "ﬁ"]
mixed = st.lists(st.one_of(st.sampled_from(CHARS), st.text(max_size=3)), max_size=20).map("".join)


def _no_pattern_matches(para: str) -> bool:
    return text._CODE_RE.search(para) is None and text._END_MARK_RE.search(para) is None


@settings(
    max_examples=400,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(para=paragraphs)
def test_a_paragraph_not_ending_in_a_bracket_or_star_has_no_code(para: str) -> None:
    if not para.rstrip().endswith((")", "*")):
        assert _no_pattern_matches(para)
        assert text.split_reporter_code(para) == (para, None, False)


def test_labelled_paragraphs() -> None:
    for record in load_labelled() + load_labelled(BLIND):
        for para in record["body"].split("\n"):
            if not para.rstrip().endswith((")", "*")):
                assert _no_pattern_matches(para)


@settings(max_examples=300, deadline=timedelta(seconds=3))
@given(value=mixed)
def test_invisible_characters_dropped_as_the_class_drops_them(value: str) -> None:
    plain = _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", value))
    assert text._visible(value) == plain
    assert text.clean_line(value) == " ".join(plain.split())
