"""fold_words (asnscraper.parsing.fingerprint): its fast paths give the words the plain way does.

The plain way: casefold, then every maximal run of letters and digits (``[^\\W_]+``) is a word.
Checked on the labelled texts and on generated text with typographic marks and odd Unicode.
"""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asnscraper.parsing.fingerprint import fold_words
from benchmarks.relevance import BLIND, load_labelled

_WORD = re.compile(r"[^\W_]+")


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def test_fold_words_on_the_labelled_texts() -> None:
    bodies = [r["body"] for r in load_labelled() + load_labelled(BLIND)]
    assert sum(not b.isascii() for b in bodies) > 10  # the typographic marks are exercised
    for body in bodies:
        assert fold_words(body) == _plain(body)


PIECES = [
    "ASN", "Netralitas", "“Kata”", "‘kutip’", "–", "—", "…", "\u00a0", "_", "snake_case",
    "Straße", "ǅ", "İstanbul", "ﬁ", "²", "Ⅻ", "e\u0301", "ΣΑΣ", "KUANSING", " ", "\n", ",", ".",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map("".join)


@settings(
    max_examples=300,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=texts)
def test_fold_words_on_generated_text(text: str) -> None:
    assert fold_words(text) == _plain(text)
