"""WordScanner (asnscraper.parsing.word_scanner): the same matches as ``finditer``, found faster.

The scanners of the relevance terms, the offices and the region names are compared with a plain
``finditer`` of their whole pattern on the labelled texts and on generated text; the case fold
is checked over all of Unicode.
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asnscraper.parsing import dates, people, regions, relevance
from asnscraper.parsing.word_scanner import WordScanner, first_words, fold, trie_pattern
from benchmarks.relevance import BLIND, BLIND2, load_labelled

TEXTS = [f"{r['title']}\n\n{r['body']}" for r in load_labelled() + load_labelled(BLIND)]
if BLIND2.exists():
    TEXTS += [f"{r['title']}\n\n{r['body']}" for r in load_labelled(BLIND2)]

PROPERTY = settings(
    max_examples=150,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WORDS = [
    "Sekda", "SEKDA", "sekretaris daerah", "Pj", "Pj.", "Plt", "Bupati", "Wali Kota", "Walikota",
    "Kepala Dinas", "Kadis", "Camat", "Kapolres", "Pagar Alam", "Pagaralam", "Pagar-Alam",
    "Kuansing", "OKU Timur", "oku", "Sumatra", "Kota", "ASN", "netralitas", "ketidaknetralan",
    "pemilu", "pemilukada", "calon bupati", "calon", "mengarahkan", "untuk", "memilih",
    "tidak", "mengajukan", "surat", "pengunduran", "diri", "satu", "dua", "jari", "Kuantan",
    "Singingi", "Rabu (27/12)", "Senin, 23/9/2024", "Jum'at (1 Maret 2024)", "İ", "ı", "ſekda", "\u212aades", "sekdaſ", "_", "-", "–", ",", ".", "(", ")",
]  # fmt: skip
SEPARATORS = [" ", "  ", "\n", "\n\n", ", ", ". ", "-", "\t", "", "\u00a0"]
texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.text(max_size=4)),
    max_size=60,
).map("".join)

SCANNERS = {
    "relevance": relevance._MATCHER,
    "people": people._OFFICE_SCAN,
    "regions": regions._NAMES,
    "dates": dates._BODY_DATES,
}


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def _prepared(name: str, text: str) -> str:
    return relevance.normalize(text) if name == "relevance" else text


@pytest.mark.parametrize("name", list(SCANNERS))
def test_the_project_scanners_list_their_first_words(name: str) -> None:
    index = SCANNERS[name].first_word_index
    assert index is not None  # else the scanner silently falls back to the slow scan
    expected = {
        "relevance": {"asn", "netralitas"},
        "people": {"sekda", "pj", "wali"},
        "regions": {"pagaralam", "pagar", "kuansing"},
        "dates": {"senin", "jum", "jumat"},
    }
    assert expected[name] <= set(index)


@pytest.mark.parametrize("name", list(SCANNERS))
def test_same_matches_as_finditer_on_the_labelled_texts(name: str) -> None:
    scanner = SCANNERS[name]
    for text in TEXTS:
        text = _prepared(name, text)
        assert _spans(scanner.finditer(text)) == _spans(scanner.pattern.finditer(text))


@pytest.mark.parametrize("name", list(SCANNERS))
@PROPERTY
@given(text=texts)
def test_same_matches_as_finditer_on_generated_text(name: str, text: str) -> None:
    scanner = SCANNERS[name]
    text = _prepared(name, text)
    assert _spans(scanner.finditer(text)) == _spans(scanner.pattern.finditer(text))


@PROPERTY
@given(text=texts)
def test_match_spaced_gives_word_indexes_of_the_same_matches(text: str) -> None:
    text = relevance.normalize(text)
    scanner = relevance._MATCHER
    found = scanner.match_spaced(text)
    assert [m.span() for _, m in found] == [m.span() for m in scanner.pattern.finditer(text)]
    for token, match in found:
        assert text.split(" ")[token] == text[match.start() :].split(" ")[0]


def test_first_words_of_small_patterns() -> None:
    assert first_words(r"(?:meng|di)?arahkan (?:\w+ ){0,3}memilih(?!\w)") == {
        "mengarahkan",
        "diarahkan",
        "arahkan",
    }
    assert first_words(r"wali\s*kota(?!\w)") == {"wali", "walikota"}
    assert first_words(r"(?:tenaga |pegawai )?honorer(?!\w)") == {"tenaga", "pegawai", "honorer"}
    assert first_words(r"c?pns|ka[ou]s(?!\w)") == {"cpns", "pns", "kaos", "kaus"}
    assert first_words(r"(?i)(?<![\w-])SEKDA(?:kab)?(?![\w-])") == {"sekda", "sekdakab"}
    assert first_words(r"pj\.?\s+bupati(?!\w)") == {"pj"}
    assert first_words(r"(?:|pre)fix(?!\w)") == {"fix", "prefix"}


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\w+an(?!\w)", 0),  # a class of word characters in the first word
        (r"(?:x)*y(?!\w)", 0),  # an unbounded repeat inside the first word
        (r"\(ags\)", 0),  # may begin with a non-word character
        ("\u00e9t\u00e9(?!\\w)", re.IGNORECASE),  # case-insensitive non-ASCII letter
        (r"a.b(?!\w)", 0),
        (r"(a)\1(?!\w)", 0),
    ],
)
def test_first_words_not_listed_fall_back_to_finditer(pattern: str, flags: int) -> None:
    assert first_words(pattern, flags) is None
    scanner = WordScanner([pattern], "", "", flags)
    assert scanner.first_word_index is None
    text = "x xxy (ags) prefix fix été ÉTÉ axb aa taman"
    assert _spans(scanner.finditer(text)) == _spans(scanner.pattern.finditer(text))


def test_a_group_holds_only_the_alternatives_a_word_can_begin() -> None:
    scanner = WordScanner(["calon bupati", "kepala desa", "calon"], r"(?<!\w)", r"(?!\w)")
    assert scanner.first_word_index == {"calon": (0, 2), "kepala": (1,)}
    assert scanner.group("kepala").pattern == r"(?<!\w)(?:kepala desa)(?!\w)"  # type: ignore[union-attr]
    assert scanner.group("desa") is None
    text = "calon bupati dan calon kepala desa, calonnya"
    assert [m.group() for m in scanner.finditer(text)] == ["calon bupati", "calon", "kepala desa"]


def test_trie_pattern_matches_exactly_its_words() -> None:
    words = ["pemilu", "pemilukada", "pilkada", "pj"]
    compiled = re.compile(rf"(?:{trie_pattern(words)})\Z")
    assert all(compiled.match(w) for w in words)
    assert not any(compiled.match(w) for w in ["pemil", "pemiluk", "p", "pilkadas", ""])


def test_fold_keeps_length_and_word_characters_over_all_of_unicode() -> None:
    word = re.compile(r"\w")
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    folded = fold(chars)
    assert len(folded) == len(chars)
    changed = [i for i, (a, b) in enumerate(zip(chars, folded, strict=True)) if a != b]
    assert all(bool(word.match(chars[i])) == bool(word.match(folded[i])) for i in changed)


def test_fold_agrees_with_ignorecase_on_ascii_letters() -> None:
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    folded = fold(chars)
    letters = "abcdefghijklmnopqrstuvwxyz"
    # every character re.IGNORECASE equates with an ASCII letter, and every one folded to one
    candidates = set(re.findall(f"(?i)[{letters}]", chars))
    candidates |= {c for c, f in zip(chars, folded, strict=True) if f in letters}
    for char in candidates:
        matched = [x for x in letters if re.fullmatch(x, char, re.IGNORECASE)]
        assert matched == [fold(char)], char
