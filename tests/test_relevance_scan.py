"""Relevance hits found in one scan of the article equal those found sentence by sentence.

``find_hits`` normalizes every sentence in one pass and scans them as one text (a sentence a
line); here each sentence is normalized by ``normalize`` and scanned alone by the whole term
pattern, the plain way, on the labelled texts and on generated text (odd Unicode included).
"""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asnscraper.parsing import relevance
from asnscraper.parsing.relevance import (
    _blocks,
    _normalized_lines,
    _sentences,
    find_hits,
    normalize,
)
from benchmarks.relevance import BLIND, load_labelled

TEXTS = [(r["title"], r["body"]) for r in load_labelled() + load_labelled(BLIND)]


def _hits_sentence_by_sentence(title: str, body: str) -> list[tuple[str, int, int, int, float]]:
    hits = []
    sentence_id = 0
    for block_id, (weight, sentences) in enumerate(_blocks(title, body)):
        token_base = 0
        for sentence in sentences:
            text = normalize(sentence)
            if not text:
                continue
            for match in relevance._MATCHER.pattern.finditer(text):
                name = relevance._term_of(match.group()).name
                token = token_base + text.count(" ", 0, match.start())
                hits.append((name, block_id, sentence_id, token, weight))
            token_base += text.count(" ") + 1
            sentence_id += 1
    return hits


def _hits(title: str, body: str) -> list[tuple[str, int, int, int, float]]:
    return [
        (h.term.name, h.block, h.sentence, h.token, h.position_weight)
        for h in find_hits(title, body)
    ]


def test_same_hits_as_sentence_by_sentence_on_the_labelled_texts() -> None:
    found = 0
    for title, body in TEXTS:
        expected = _hits_sentence_by_sentence(title, body)
        assert _hits(title, body) == expected
        found += len(expected)
    assert found > 1000  # the texts really exercise the scan


WORDS = [
    "ASN", "netralitas", "Netral", "pemilu", "Pilkada", "calon bupati", "wali kota", "walikota",
    "mengarahkan", "untuk", "memilih", "dua jari", "pose", "tidak", "Bawaslu", "kampanye",
    "pemilihan", "2024", "TNI", "Polri", "pegawai", "Ｐｅｍｉｌｕ", "ＡＳＮ", "e\u0301", "\u0301",
    "İ", "ß", "ﬁ", "²", "Σ", "“", "”", "’", "–",
]  # fmt: skip
SEPARATORS = [" ", "  ", ". ", "! ", "? ", '." ', ".) ", "\n", "\n\n", "\n \n", ",", "-", "\t"]
texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.text(max_size=3)),
    max_size=50,
).map("".join)
PROPERTY = settings(
    max_examples=200,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@given(title=texts, body=texts)
def test_same_hits_as_sentence_by_sentence_on_generated_text(title: str, body: str) -> None:
    assert _hits(title, body) == _hits_sentence_by_sentence(title, body)


@PROPERTY
@given(sentences=st.lists(texts.map(lambda s: s.replace("\n", " ")), max_size=8))
def test_normalized_lines_normalize_each_sentence(sentences: list[str]) -> None:
    assert _normalized_lines(sentences) == [normalize(s) for s in sentences]


#: The sentence end as the scorer defines it: after the mark, closing quotes or brackets, then
#: white space (a lookbehind, the plain way to split).
_PLAIN_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")


@PROPERTY
@given(paragraph=texts.map(lambda s: s.replace("\n", " ")))
def test_sentences_split_where_the_plain_pattern_does(paragraph: str) -> None:
    assert _sentences(paragraph) == _PLAIN_SENTENCE_END.split(paragraph)


def test_sentences_on_the_labelled_texts() -> None:
    for _, body in TEXTS:
        for paragraph in body.split("\n"):
            assert _sentences(paragraph) == _PLAIN_SENTENCE_END.split(paragraph)
