"""Fast ``finditer`` for large whole-word alternations (term lists, offices, region names).

Why
    ``pattern.finditer(text)`` makes Python's regex engine try the pattern at every character;
    with hundreds of alternatives (the relevance vocabulary, every office title, every region
    name) that was most of the time of the relevance, people and region stages. Each of those
    patterns matches whole words only, so a match can only start at a word (a run of ``\\w``
    characters) that is one of a finite set: the words the pattern can begin with.

How
    :func:`first_words` lists that set from the pattern itself, read with the parser of
    Python's own ``re`` module (``re._parser``, the one ``re.compile`` uses). A
    :class:`WordScanner` finds the candidate words with C-level string methods (the text's
    ASCII words from one ``bytes.split``, a set intersection, ``str.find``; for first words
    that are not all ASCII, one trie-shaped regular expression ``\\W(?:…)\\b``), then runs
    the exact pattern only there, and only its alternatives that can begin with that word.
    Case-insensitive patterns are scanned on :func:`fold` (the text in lower case the way
    ``re.IGNORECASE`` compares ASCII letters, same length, same word boundaries).

Same results
    The matches are exactly those of ``pattern.finditer(text)``: same spans, same groups, same
    order. The listed words are a superset of the real first words (assertions are ignored, which
    can only add words), a position that is no candidate cannot match, and at a candidate the
    alternatives left out cannot begin with its word. When the first words cannot be listed
    (``\\w+`` or ``.`` before the first word ends, a non-ASCII letter in a case-insensitive
    pattern, an alternative that may start with a non-word character, more than
    ``MAX_WORDS``), the scanner simply runs ``pattern.finditer``. Requirement on the caller:
    the pattern only matches whole words: it is followed by a lookahead that refuses a word
    character (``(?!\\w)``, ``(?![a-z0-9])`` on text that has no other word characters).

Pure functions; no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import accumulate
from typing import Any, Final

try:  # the parser behind re.compile (Python 3.11+); without it every scan is a plain finditer
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - other Python implementations
    _sre = _sre_parse = None  # type: ignore[assignment]

#: More first words than this: the pattern is scanned the plain way.
MAX_WORDS: Final = 20_000
#: Up to this many (ASCII) first words, candidates are found by one substring search each
#: (each costs about a tenth of the split and intersection; short words also occur inside
#: longer ones, which the split never has to place).
FEW_WORDS: Final = 16
#: A repeat inside the first word is unrolled at most this many times.
MAX_REPEAT: Final = 8

_WORD_CHAR: Final = re.compile(r"\w")
#: Non-ASCII characters that ``re.IGNORECASE`` equates with an ASCII letter (İ ı ~ i, ſ ~ s,
#: Kelvin sign ~ k); every other character folds by ``str.lower`` without changing length or
#: being a word character (tests/test_word_scanner.py checks both over all of Unicode).
_ODD_CASES: Final = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_ODD_TABLE: Final = str.maketrans(_ODD_CASES)
#: Non-ASCII punctuation common in news text (curly quotes, dashes, ellipsis, no-break space).
TYPOGRAPHIC_MARKS: Final = (
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    "\u2013",
    "\u2014",
    "\u2026",
    "\u00a0",
)
#: Every byte but an ASCII word character (``[0-9A-Za-z_]``) to a space.
_ASCII_WORD_BYTES: Final = bytes(
    c if chr(c).isascii() and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256)
)


class _Unlisted(Exception):
    """The first words of a pattern cannot be listed."""


def without_marks(text: str) -> str:
    """``text`` with the :data:`TYPOGRAPHIC_MARKS` made spaces (same length, no word character
    changed): where only letters and digits count, most texts are then ASCII, which str
    methods fold fast."""
    if not text.isascii():
        for mark in TYPOGRAPHIC_MARKS:
            if mark in text:
                text = text.replace(mark, " ")
    return text


def fold(text: str) -> str:
    """``text`` in lower case as ``re.IGNORECASE`` compares ASCII letters; same length, and each
    character is a word character exactly when the original one is (typographic marks become
    spaces, so most news text is folded as ASCII)."""
    text = without_marks(text)
    if not text.isascii() and any(odd in text for odd in _ODD_CASES):  # str.find: no regex
        text = text.translate(_ODD_TABLE)
    return text.lower()


def first_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Every word (maximal run of ``\\w`` characters) a match of ``pattern`` can begin with, in
    lower case when the pattern ignores case; None when they cannot be listed (see the module
    docstring). The pattern must match whole words only."""
    if _sre_parse is None:  # pragma: no cover
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
        done: set[str] = set()
        ignorecase = bool(parsed.state.flags & re.IGNORECASE)
        still_open = _walk(list(parsed), {""}, done, ignorecase)
        done |= still_open  # the match ends where a word ends (the caller's lookahead)
    except (_Unlisted, re.error, RecursionError):
        return None
    if "" in done or len(done) > MAX_WORDS:
        return None  # a match may begin with a non-word character: words cannot tell
    return frozenset(done)


def _walk(items: list[Any], open_: set[str], done: set[str], ignorecase: bool) -> set[str]:
    """Feed parsed items to the words still being read (``open_``); a word that meets a
    non-word character moves to ``done``. Returns the words still open after the items."""
    for op, av in items:
        if not open_:
            return open_
        open_ = _step(op, av, open_, done, ignorecase)
        if len(open_) > MAX_WORDS:
            raise _Unlisted
    return open_


def _step(op: Any, av: Any, open_: set[str], done: set[str], ignorecase: bool) -> set[str]:
    if op is _sre.LITERAL:
        return _chars([chr(av)], open_, done, ignorecase)
    if op is _sre.IN:
        return _chars(_class_chars(av), open_, done, ignorecase)
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            out |= _walk(alternative, set(open_), done, ignorecase)
        return out
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        inner = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _walk(list(sub), open_, done, inner)
    if op is _sre.ATOMIC_GROUP:
        return _walk(list(av), open_, done, ignorecase)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        return _repeat(av, open_, done, ignorecase)
    if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
        return open_  # zero width; ignoring a condition only adds words
    if op is _sre.CATEGORY and av in (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_WORD):
        done |= open_  # only non-word characters: the word ends
        return set()
    raise _Unlisted  # \w, \d, ., [^…], back references: no finite list


def _repeat(av: Any, open_: set[str], done: set[str], ignorecase: bool) -> set[str]:
    low, high, sub = av
    out = set(open_) if low == 0 else set()
    current = open_
    count = 0
    while current and count < high:
        count += 1
        if count > MAX_REPEAT:
            raise _Unlisted
        current = _walk(list(sub), set(current), done, ignorecase)
        if count >= low:
            out |= current
    return out


def _class_chars(items: Any) -> list[str]:
    chars: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            chars.append(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] < 128:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        elif op is _sre.CATEGORY and av in (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_WORD):
            chars.append(" ")  # stands for "a non-word character"
        else:
            raise _Unlisted
    return chars


def _chars(chars: list[str], open_: set[str], done: set[str], ignorecase: bool) -> set[str]:
    out: set[str] = set()
    for ch in chars:
        if not _WORD_CHAR.match(ch):
            done |= open_
            continue
        if ignorecase:
            if not ch.isascii():
                raise _Unlisted  # re.IGNORECASE equivalences beyond ASCII are not folded
            ch = ch.lower()
        out.update(word + ch for word in open_)
    return out


def trie_pattern(words: Sequence[str] | frozenset[str]) -> str:
    """One regex alternation of ``words`` with shared prefixes factored (no groups captured)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(c for c in node if c)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


class WordScanner:
    """``re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, flags)`` whose
    :meth:`finditer` runs fast on long texts (see the module docstring).

    ``before`` and ``after`` are the word-boundary assertions around the alternation; the
    whole pattern is :attr:`pattern`. Compiled lazily on first use (imports stay fast).
    """

    def __init__(
        self, alternatives: Sequence[str], before: str, after: str, flags: int = 0
    ) -> None:
        self.alternatives = tuple(alternatives)
        self.before, self.after, self.flags = before, after, flags
        self._groups: dict[str, re.Pattern[str]] = {}

    def _compile(self, alternatives: Sequence[str]) -> re.Pattern[str]:
        body = "|".join(alternatives)
        return re.compile(f"{self.before}(?:{body}){self.after}", self.flags)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return self._compile(self.alternatives)

    @cached_property
    def first_word_index(self) -> dict[str, tuple[int, ...]] | None:
        """The alternatives (indexes) each first word can begin, or None when unlisted."""
        by_word: dict[str, list[int]] = {}
        for i, alternative in enumerate(self.alternatives):
            words = first_words(f"{self.before}(?:{alternative}){self.after}", self.flags)
            if words is None:
                return None
            for word in words:
                by_word.setdefault(word, []).append(i)
        if not by_word or len(by_word) > MAX_WORDS:
            return None
        return {word: tuple(ids) for word, ids in by_word.items()}

    @cached_property
    def _ascii_first_words(self) -> frozenset[bytes] | None:
        """The first words as ASCII bytes (see :meth:`_candidates`); None when one is not ASCII."""
        index = self.first_word_index
        if index is None or not all(word.isascii() for word in index):
            return None
        return frozenset(word.encode("ascii") for word in index)

    @cached_property
    def _first_word_list(self) -> tuple[str, ...]:
        return tuple(sorted(self.first_word_index or ()))

    @cached_property
    def _finder(self) -> re.Pattern[str] | None:
        """The first words as one trie, after the non-word character before them: a pattern
        that starts with a character class lets the engine skip the letters inside words."""
        index = self.first_word_index
        if index is None:
            return None
        return re.compile(r"\W(?:" + trie_pattern(sorted(index)) + r")\b")

    def group(self, word: str) -> re.Pattern[str] | None:
        """The pattern restricted to the alternatives that can begin with ``word`` (compiled
        once, on first use); None when no alternative can (or the words are unlisted)."""
        found = self._groups.get(word)
        if found is not None:
            return found
        index = self.first_word_index
        ids = None if index is None else index.get(word)
        if ids is None:
            return None
        if len(ids) == len(self.alternatives):
            found = self.pattern
        else:
            found = self._compile([self.alternatives[i] for i in ids])
        self._groups[word] = found
        return found

    def _candidates(self, scanned: str) -> list[tuple[int, str]] | None:
        """(start, word) of every whole word of ``scanned`` that is a first word, in order;
        None when the first words are not all ASCII (then the trie finder serves).

        C-level steps only, no regex (one that tries the trie at every non-word character was
        most of a scan): the ASCII word runs of the text's UTF-8 bytes (every other byte made a
        space by ``bytes.translate``, one ``bytes.split``) hold every first word the text has
        as a whole word, so a set intersection names the few present (up to
        :data:`FEW_WORDS` first words, substring tests do), and ``str.find`` places them; an
        occurrence inside a longer word (a neighbour that is a word character, ASCII or not)
        is no candidate.
        """
        first = self._ascii_first_words
        if first is None:
            return None
        if len(first) <= FEW_WORDS:  # a few substring searches cost less than the split
            present = [word for word in self._first_word_list if word in scanned]
        else:
            data = scanned.encode("utf-8", "surrogatepass").translate(_ASCII_WORD_BYTES)
            present = [raw.decode("ascii") for raw in first.intersection(data.split())]
        found: list[tuple[int, str]] = []
        limit = len(scanned)
        for word in present:
            size = len(word)
            pos = scanned.find(word)
            while pos >= 0:
                after = pos + size
                if not (pos and _WORD_CHAR.match(scanned, pos - 1)) and not (
                    after < limit and _WORD_CHAR.match(scanned, after)
                ):
                    found.append((pos, word))
                pos = scanned.find(word, after)
        found.sort()
        return found

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``self.pattern.finditer(text)``, found through the first words."""
        finder = self._finder
        if finder is None:
            yield from self.pattern.finditer(text)
            return
        ignorecase = bool(self.pattern.flags & re.IGNORECASE)
        scanned = fold(text) if ignorecase else text
        candidates = self._candidates(scanned)
        if candidates is None:
            # One non-word character in front, so a word at the very start has one too; a
            # candidate's word begins at ``candidate.start()`` in ``text``.
            candidates = [(m.start(), m.group()[1:]) for m in finder.finditer(" " + scanned)]
        end = 0
        for start, word in candidates:
            if start < end:
                continue  # inside the previous match (finditer never overlaps)
            group = self.group(word)
            match = group.match(text, start) if group is not None else None
            if match is not None:
                end = match.end()
                yield match

    def match_spaced(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """(word index, match) of every match of :attr:`pattern` in ``text``, in order, for a
        text of words separated by single spaces or single newlines (normalized text, one
        sentence a line). Cheaper than :meth:`finditer`: the words come from ``str.split``,
        looked up at once. A match spans lines only if the pattern can match a newline."""
        index = self.first_word_index
        if index is None:
            return [(len(text[: m.start()].split()), m) for m in self.pattern.finditer(text)]
        words = text.split()
        found: list[tuple[int, re.Match[str]]] = []
        candidates = [i for i, word in enumerate(words) if word in index]
        if not candidates:
            return found
        # Where each word starts: the lengths before it plus one separator per word.
        starts = [0, *accumulate(map(len, words))]
        end = 0
        for i in candidates:
            pos = starts[i] + i
            if pos < end:
                continue  # inside the previous match
            group = self._groups.get(words[i]) or self.group(words[i])
            match = group.match(text, pos) if group is not None else None
            if match is not None:
                end = match.end()
                found.append((i, match))
        return found
