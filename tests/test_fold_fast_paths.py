"""Fast paths of the letters-and-digits folds give what the plain way does.

``fold_words`` (asnscraper.parsing.fingerprint): casefold, then every maximal run of letters
and digits (``[^\\W_]+``) is a word. ``key`` (asnscraper.parsing.text): casefold, every
``[\\W_]`` dropped. Checked on the labelled texts and on generated text with typographic marks
and odd Unicode.
"""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asnscraper.parsing.fingerprint import fold_words
from asnscraper.parsing.text import key
from benchmarks.relevance import BLIND, load_labelled

_WORD = re.compile(r"[^\W_]+")
_NOT_KEY = re.compile(r"[\W_]+")


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def test_fold_words_on_the_labelled_texts() -> None:
    bodies = [r["body"] for r in load_labelled() + load_labelled(BLIND)]
    assert sum(not b.isascii() for b in bodies) > 10  # the typographic marks are exercised
    for body in bodies:
        assert fold_words(body) == _plain(body)
        for paragraph in body.split("\n"):
            assert key(paragraph) == _NOT_KEY.sub("", paragraph.casefold())


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
def test_folds_on_generated_text(text: str) -> None:
    assert fold_words(text) == _plain(text)
    assert key(text) == _NOT_KEY.sub("", text.casefold())
