"""Text cleanup of Indonesian news articles: what a structural walker cannot see.

Spiders remove what the markup shows (caption blocks, BACA JUGA links, share boxes); the body can
still hold the same things as plain text (REST content, fallback extraction, pages typed by
hand). :func:`clean_body` takes the body paragraph by paragraph and sets aside:

* related-article lines: ``BACA JUGA:<headline>``, ``Baca Juga :  <headline>``, ``Baca juga:``,
  ``Lihat juga:``, ``Simak juga:``, stacked in one line or as a bare ``Baca Juga`` line followed by
  the headline (→ ``related``). Without a separator only the capitalised ``BACA JUGA`` or a
  headline the spider already linked counts: prose ("Baca juga buku panduan itu…") is kept;
* photo captions and credits: a first paragraph ``LABEL IN CAPS: caption --credit`` (or without
  credit when a dateline follows), any short paragraph ending in ``--credit``, ``Foto: …``,
  ``(Foto: Istimewa)``, ``Foto/Ist`` (→ ``captions`` as ``(caption, credit)``);
* page chrome (:func:`is_chrome`): share/tag/comment prompts, "Google News", "WhatsApp Channel",
  Terkini/Terpopuler/Pilihan headings, the WordPress comment form ("Tinggalkan Balasan", "Alamat
  email Anda tidak akan dipublikasikan"); from a comment form on, and from a closing section
  heading followed only by headline-like lines, the rest of the page is cut;
* byline lines at the start or end (``Reporter: X``, ``Editor: Y``, ``Penulis :``) (→ ``bylines``);
* the trailing reporter code ``(Cg09)``, ``(ags)``, ``(ags/red)`` (→ ``reporter_code``) and the end
  marks ``(*)``, ``***`` (removed, no code).

When an insert (related line, caption) split a sentence in two, the halves are joined again. The
dateline (``PAGARALAM POS, Pagaralam –``, ``KUANSING, METRO24.CO.ID -``, ``Pekanbaru (ANTARA) -``,
``JAKARTA, KOMPAS.com -``) is read into ``dateline`` (the place; all-caps names in title case) and
stays in the text. Text is NFC, without zero-width characters, soft hyphens or no-break spaces,
spaces folded, paragraphs joined by one blank line; quotes are left as written.

Pure functions; no Scrapy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from asnscraper.items import Link
from asnscraper.parsing.word_scanner import fold, without_marks

#: Longest paragraph that page-chrome phrases may drop (longer text is story text).
CHROME_MAX_CHARS: Final = 160
#: Longest paragraph read as a caption or credit.
CAPTION_MAX_CHARS: Final = 400
#: Longest line read as a byline (``Reporter: X | Editor: Y``).
BYLINE_MAX_CHARS: Final = 100
#: First paragraphs where the dateline is looked for.
DATELINE_ZONE: Final = 3
#: Paragraphs at each end of the body where byline lines are looked for.
BYLINE_ZONE: Final = 3

#: Invisible characters dropped from text (soft hyphen, zero-width spaces and joiners, BOM).
_INVISIBLE: Final = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

_CHROME_EXACT: Final = re.compile(
    r"^(?:tags?|share|bagikan|bagikan artikel|share this|berita terkait|artikel terkait|terkini|"
    r"terpopuler|pilihan|berita terkini|berita terpopuler|berita pilihan|populer|editor's pick|"
    r"tinggalkan balasan|tinggalkan komentar|leave a reply|komentar|kirim komentar|"
    r"berita lainnya|baca berita lainnya|artikel lainnya|rekomendasi|advertisement|iklan|"
    r"scroll untuk melanjutkan|scroll to continue with content|baca selengkapnya)\s*:?$",
    re.IGNORECASE,
)
_CHROME_PHRASE: Final = re.compile(
    r"google\s*news|whatsapp\s*channel|saluran\s*whatsapp|^sumber\s*:|ikuti (?:kami|berita)|"
    # WordPress comment form and sharing chrome (Indonesian locale)
    r"^tinggalkan (?:balasan|komentar)|alamat email anda tidak akan dipublikasikan|"
    r"ruas yang wajib ditandai|^(?:bagikan|share this|suka ini|sukai ini)\s*:|"
    # follow / subscribe prompts
    r"dapatkan (?:update|informasi|berita)|follow (?:us|kami)|whatsapp\.com/channel|t\.me/|"
    r"gabung (?:di|ke) (?:grup|saluran|channel)",
    re.IGNORECASE,
)
# From here on the page is the comment form: the article has ended.
_TAIL_START: Final = re.compile(
    r"^(?:tinggalkan balasan|tinggalkan komentar|leave a reply|kirim komentar|"
    r"alamat email anda tidak akan dipublikasikan)",
    re.IGNORECASE,
)
# Section headings after the story; cut when only headline-like lines follow them.
_SECTION_HEADING: Final = re.compile(
    r"^(?:tags?|share|bagikan|berita terkait|artikel terkait|terkini|terpopuler|pilihan|"
    r"berita terkini|berita terpopuler|berita pilihan|berita lainnya|baca berita lainnya|"
    r"artikel lainnya|rekomendasi|populer)\s*:?$",
    re.IGNORECASE,
)

#: The start of a related-article line (``BACA JUGA:``, ``Baca Juga :``, ``Lihat juga``).
RELATED_PREFIX: Final = re.compile(
    r"^\s*(?:baca|lihat|simak)\s+(?:juga|pula)\b\s*[:：\-–]?\s*", re.IGNORECASE
)
#: The same with its separator: without a link, only this counts (not prose "Baca juga buku …").
RELATED_WITH_SEPARATOR: Final = re.compile(
    r"^\s*(?:baca|lihat|simak)\s+(?:juga|pula)\s*[:：\-–]", re.IGNORECASE
)
_RELATED_CAPS: Final = re.compile(r"^\s*(?:BACA|LIHAT|SIMAK)\s+(?:JUGA|PULA)\b")
_RELATED_ALONE: Final = re.compile(
    r"^(?:baca|lihat|simak)\s+(?:juga|pula)\s*[:：\-–]?$", re.IGNORECASE
)
_RELATED_SPLIT: Final = re.compile(
    r"\s+(?=(?:BACA|Baca|LIHAT|Lihat|SIMAK|Simak)\s+(?:JUGA|Juga|juga|PULA|pula)\s*[:：\-–])"
)

_CAPTION_LABEL: Final = re.compile(
    r"^(?P<label>[A-Z0-9][A-Z0-9 &/'’.,()\-]{0,40}[A-Z0-9)])\s*:\s*(?P<rest>\S.*)$"
)
_CREDIT_PATTERNS: Final = (
    re.compile(r"\s*(?<![\w-])-{2,}\s*(?P<credit>[^\s\-][^\n]{0,60}?)\s*$"),
    re.compile(
        r"\s*\(\s*(?:foto|photo|dok(?:umentasi)?|ilustrasi|sumber foto)\.?\s*[:/]\s*"
        r"(?P<credit>[^()]{1,60}?)\s*\)\s*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:^|\s*[|–—]\s*|\s+-\s+|(?<=[.!?])\s*)(?:foto|photo)\s*[:/]\s*"
        r"(?P<credit>[^:|]{1,60}?)\s*$",
        re.IGNORECASE,
    ),
)
#: Words that may start a photo credit; searched in any case.
_CREDIT_WORDS: Final = ("foto", "photo", "dok", "ilustrasi")
_BYLINE_LINE: Final = re.compile(
    r"^(?:reporter|reporte|wartawan|penulis|pewarta|laporan|oleh|editor|redaktur|penyunting|"
    r"kontributor|editing)\s*[:：]\s*\S",
    re.IGNORECASE,
)
_CODE_RE: Final = re.compile(
    r"(?:(?<=[.!?\"”’)])|^)\s*\(\s*(?P<code>[A-Za-z][A-Za-z0-9]{1,7}"
    r"(?:\s*[/.-]\s*[A-Za-z0-9]{1,8}){0,2})\s*\)\s*$"
)
_END_MARK_RE: Final = re.compile(r"(?:(?<=[.!?\"”’])|^)\s*(?:\(\s*\*+\s*\)|\*{3,}|\*\))\s*$")
_NOT_CODES: Final = frozenset({"habis", "tamat", "selesai", "bersambung", "end", "foto"})
_UNFINISHED: Final = re.compile(r"[a-z,]$")

_DASH: Final = r"(?:\s*[–—‒]\s*|\s+-{1,2}\s*|-{1,2}\s+)"
_PART: Final = r"[^\W_][\w.&'’ -]{0,40}?"
_DATELINE_RE: Final = re.compile(
    rf"^(?P<a>{_PART})(?:\s*\((?P<agency>[^()]{{2,25}})\))?"
    rf"(?:\s*,\s*(?P<b>{_PART})(?:\s*\((?P<agency2>[^()]{{2,25}})\))?)?{_DASH}(?=\S)"
)
_DOMAIN: Final = re.compile(r"\.(?:com|co\.id|id|net|org|co|news|tv)\b", re.IGNORECASE)
_MEDIA_WORDS: Final = frozenset(
    [
        "pos",
        "post",
        "news",
        "ekspres",
        "express",
        "times",
        "online",
        "tv",
        "radar",
        "tribun",
        "antara",
        "kompas",
        "detik",
        "metro",
        "media",
        "pers",
        "today",
        "info",
        "koran",
        "harian",
    ]
)
_KEY_RE: Final = re.compile(r"[\W_]+")
_ASCII_NOT_KEY: Final = str.maketrans(
    "", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum())
)
_DATELINE_MAX_WORDS: Final = 4


@dataclass
class CleanBody:
    """What :func:`clean_body` kept and what it set aside."""

    text: str = ""
    related: list[Link] = field(default_factory=list)
    captions: list[tuple[str, str | None]] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    reporter_code: str | None = None
    dateline: str | None = None
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.removed[what] = self.removed.get(what, 0) + 1


# --- characters and lines ------------------------------------------------------------------


def _visible(text: str) -> str:
    """``text`` in NFC without the invisible characters (a substring test each: no regex)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    for char in _INVISIBLE:
        if char in text:
            text = text.replace(char, "")
    return text


def clean_line(text: str) -> str:
    """One line of text: NFC, invisible characters removed, all whitespace one space, stripped."""
    text = _visible(text)
    return " ".join(text.split())  # str.split's whitespace is exactly regex \s


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a text, each cleaned (a line is a paragraph)."""
    text = _visible(text)
    # Within a line every whitespace run is one space: str.split's whitespace is regex \s.
    return [" ".join(words) for words in map(str.split, text.splitlines()) if words]


def key(text: str) -> str:
    """A comparison key: lower case, letters and digits only."""
    text = without_marks(text)  # marks are no letters: the key drops them anyway
    if text.isascii():  # casefold is lower; the table drops what [\W_] matches
        return text.lower().translate(_ASCII_NOT_KEY)
    return _KEY_RE.sub("", text.casefold())


def clean_tags(tags: Iterable[object]) -> list[str]:
    """Tags without ``#``, cleaned, deduplicated case-insensitively (first spelling kept)."""
    out: dict[str, str] = {}
    for tag in tags:
        if not isinstance(tag, str):
            continue
        text = clean_line(tag).lstrip("#＃").strip()
        tag_key = key(text)
        if text and tag_key and tag_key not in out:
            out[tag_key] = text
    return list(out.values())


# --- page chrome ---------------------------------------------------------------------------


def is_chrome(text: str) -> bool:
    """True for a short block of page furniture rather than story text."""
    if _CHROME_EXACT.match(text):
        return True
    return len(text) <= CHROME_MAX_CHARS and bool(_CHROME_PHRASE.search(text))


def _tail_start(paras: Sequence[str]) -> int:
    """Index where the page after the story begins (len(paras) when it does not)."""
    for index, para in enumerate(paras):
        if _TAIL_START.match(para):
            return index
        if _SECTION_HEADING.match(para) and _only_headlines(paras[index + 1 :]):
            return index
    return len(paras)


def _only_headlines(paras: Sequence[str]) -> bool:
    return all(len(p) <= CHROME_MAX_CHARS and not p.endswith(".") for p in paras)


# --- related lines -------------------------------------------------------------------------


def related_titles(line: str, known: Iterable[str] = ()) -> list[str] | None:
    """The headlines of a related-article line, or None when the line is story text.

    ``known``: comparison keys (:func:`key`) of headlines the spider already linked.
    """
    if not RELATED_PREFIX.match(line):
        return None
    known_keys = set(known)
    titles = []
    for part in _RELATED_SPLIT.split(line):
        title = RELATED_PREFIX.sub("", part, count=1).strip()
        titles.append(title)
    strong = RELATED_WITH_SEPARATOR.match(line) or _RELATED_CAPS.match(line)
    if not strong and not (titles and key(titles[0]) in known_keys):
        return None
    return [t for t in titles if t]


# --- captions and credits -----------------------------------------------------------------


def _has_credit_word(text: str) -> bool:
    """Whether a credit word occurs in ``text`` in any case (where ``re.IGNORECASE`` would find
    it: substring search in the case-folded text)."""
    folded = fold(text)
    return any(word in folded for word in _CREDIT_WORDS)


def _credit_ok(credit: str) -> bool:
    """A credit is a name or a domain, not the rest of a sentence (``--seraya tersenyum.``)."""
    if _DOMAIN.search(credit):
        return True
    return len(credit.split()) <= 4 and not credit.rstrip().endswith((".", "!", "?", "”", '"'))


def split_credit(caption: str) -> tuple[str, str | None]:
    """A caption and its trailing credit: ``… --pagaralampos.com``, ``… (Foto: Istimewa)``,
    ``… Foto: Humas``, ``Foto/Ist`` → (caption, credit); (caption, None) without one."""
    return _split_credit(clean_line(caption))


def _split_credit(text: str) -> tuple[str, str | None]:
    """:func:`split_credit` of a line already cleaned."""
    if "--" not in text and not _has_credit_word(text):
        return text, None  # most paragraphs: no regex scan
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(text)
        if match and _credit_ok(match["credit"]):
            credit = match["credit"].strip(" ,;:()")
            if credit:
                return text[: match.start()].rstrip(" |–—-"), credit
    return text, None


def _is_caption(
    para: str,
    first: bool,
    following: str | None,
    known: set[str],
    outlets: Sequence[str],
    credits: bool = True,
) -> bool:
    """A photo caption or credit: ``first`` paragraph kept so far, ``following`` the next one;
    ``credits`` False when the whole text holds no ``--`` and no credit word."""
    if len(para) > CAPTION_MAX_CHARS:
        return False
    credit = _split_credit(para)[1] if credits else None
    if credit:
        return True  # "… --pagaralampos.com", "… (Foto: Istimewa)", "Foto/Ist"
    if known and key(para) in known:  # without a credit the caption is the paragraph
        return True
    label = _CAPTION_LABEL.match(para)
    if first and label and sum(c.isalpha() for c in label["label"]) >= 2 and following:
        return parse_dateline(following, outlets) is not None
    return False


# --- reporter code ------------------------------------------------------------------------


def split_reporter_code(para: str) -> tuple[str, str | None, bool]:
    """(text, code, found): a trailing ``(Cg09)`` read off, or the end marks ``(*)``/``***``."""
    if not para.rstrip().endswith((")", "*")):
        return para, None, False  # both patterns end in ``)`` or ``*`` then white space
    match = _CODE_RE.search(para)
    if match and match["code"].lower() not in _NOT_CODES:
        code = re.sub(r"\s+", "", match["code"])
        return para[: match.start()].rstrip(), code, True
    mark = _END_MARK_RE.search(para)
    if mark:
        return para[: mark.start()].rstrip(), None, True
    return para, None, False


# --- dateline -----------------------------------------------------------------------------


def outlet_keys(names: Iterable[str | None]) -> list[str]:
    """Comparison keys of an outlet's names and hosts (``Pagaralam Pos``, ``metro24.co.id``)."""
    return list(_outlet_keys(tuple(names)))


@lru_cache(maxsize=256)
def _outlet_keys(names: tuple[str | None, ...]) -> tuple[str, ...]:
    """:func:`outlet_keys`, once per outlet (every article of a spider asks the same)."""
    keys: list[str] = []
    for name in names:
        if not name:
            continue
        if "." in name and " " not in name.strip():
            labels = [p for p in name.lower().split(".") if p and p != "www"]
            labels = [p for p in labels if p not in ("com", "co", "id", "net", "org", "disway")]
            keys.extend(key(p) for p in labels[:1])
        keys.append(key(name))
    return tuple(k for k in dict.fromkeys(keys) if len(k) >= 3)


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance (for short strings: names, outlet names).

    With ``limit``, any distance above it comes back as ``limit + 1`` as soon as it is certain
    (lengths too far apart, or a whole row above the limit): callers that only ask "within k
    edits?" skip most of the table.
    """
    if limit is not None:
        return _edits_within(a, b, limit)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _edits_within(a: str, b: str, limit: int) -> int:
    """:func:`edit_distance` with a limit: only the cells within ``limit`` of the diagonal
    are computed (a path leaving that band costs more than ``limit``); values are capped at
    ``limit + 1``, which is returned as soon as a whole row reaches it."""
    over = limit + 1
    if abs(len(a) - len(b)) > limit:
        return over
    if a == b:
        return 0
    size = len(b)
    previous = [min(j, over) for j in range(size + 1)]
    for i, ca in enumerate(a, 1):
        current = [over] * (size + 1)
        if i <= limit:
            current[0] = i
        low, high = max(1, i - limit), min(size, i + limit)
        for j in range(low, high + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1]), over
            )
        if min(current[low - 1 : high + 1]) >= over:
            return over
        previous = current
    return previous[size]


def _outlet_score(part: str, outlets: Sequence[str]) -> int:
    if _DOMAIN.search(part):
        return 3
    part_key = key(part)
    for outlet in outlets:
        if part_key == outlet or (len(outlet) >= 6 and edit_distance(part_key, outlet, 2) <= 2):
            return 3
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", part)}
    if words & _MEDIA_WORDS:
        return 2
    return 1 if any(c.isdigit() for c in part) else 0


def _name_like(part: str) -> bool:
    words = part.split()
    if not words or len(words) > _DATELINE_MAX_WORDS:
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in words)


def _place(part: str) -> str:
    part = part.strip(" .")
    if part.isupper():
        return " ".join(w.capitalize() for w in part.split())
    return part


def parse_dateline(para: str, outlets: Sequence[str] = ()) -> str | None:
    """The place named in a paragraph's dateline, or None when it has none.

    ``outlets``: :func:`outlet_keys` of the outlet, to tell ``PAGARALAM POS, Pagaralam –`` (outlet,
    place) from ``KUANSING, METRO24.CO.ID -`` (place, outlet).
    """
    match = _DATELINE_RE.match(para)
    if not match:
        return None
    a, b = match["a"].strip(), (match["b"] or "").strip()
    if not _name_like(a) or (b and not _name_like(b)):
        return None
    if not b:
        if match["agency"] or _outlet_score(a, outlets) < 2:
            return _place(a)
        return None
    score_a, score_b = _outlet_score(a, outlets), _outlet_score(b, outlets)
    place = b if score_a > score_b else a
    return _place(place)


# --- the body -------------------------------------------------------------------------------


def clean_body(
    body: str,
    *,
    known_related: Iterable[str] = (),
    known_captions: Iterable[str] = (),
    outlets: Sequence[str] = (),
) -> CleanBody:
    """Clean a body (see the module docstring).

    ``known_related``: titles of related links the spider found (not repeated in ``related``);
    ``known_captions``: image captions the spider found (their copies leave the body);
    ``outlets``: :func:`outlet_keys` of the outlet (dateline reading).
    """
    result = CleanBody()
    paras = paragraphs(body or "")
    cut = _tail_start(paras)
    for para in paras[cut:]:
        if _is_byline(para):  # "Editor: Y" under the tag box is still the byline
            result.bylines.append(para)
            result.count("byline")
        else:
            result.count("tail")
    paras = paras[:cut]
    related_keys = {key(t) for t in known_related}
    caption_keys = {key(c) for c in known_captions if c}
    caption_keys |= {key(split_credit(c)[0]) for c in known_captions if c}
    joined = "\n".join(paras)  # no credit anywhere: no paragraph needs the credit patterns
    credits = "--" in joined or _has_credit_word(joined)
    kept: list[str] = []
    gap = False
    pending_related = False
    last = len(paras) - 1
    for index, para in enumerate(paras):
        if pending_related:
            pending_related = False
            if len(para) <= CHROME_MAX_CHARS:
                _add_related(result, [para], related_keys)
                gap = True
                continue
        if is_chrome(para):
            result.count("chrome")
            continue
        if _RELATED_ALONE.match(para):
            pending_related = True  # "Baca Juga" alone: the headline is the next line
            result.count("related")
            continue
        titles = related_titles(para, related_keys)
        if titles is not None:
            _add_related(result, titles, related_keys)
            gap = True
            continue
        if (index < BYLINE_ZONE or index > last - BYLINE_ZONE) and _is_byline(para):
            result.bylines.append(para)
            result.count("byline")
            continue
        following = paras[index + 1] if index < last else None
        if _is_caption(para, not kept, following, caption_keys, outlets, credits):
            caption, credit = _split_credit(para)
            result.captions.append((caption, credit))
            result.count("caption")
            gap = True
            continue
        if gap and kept and len(kept[-1]) >= 60 and _UNFINISHED.search(kept[-1]):
            kept[-1] = f"{kept[-1]} {para}"  # an insert had cut this sentence in two
        else:
            kept.append(para)
        gap = False
    _read_end(result, kept)
    for para in kept[:DATELINE_ZONE]:  # a rubric label or the headline may come first
        result.dateline = parse_dateline(para, outlets)
        if result.dateline:
            break
    result.text = "\n\n".join(kept)
    return result


def _is_byline(para: str) -> bool:
    return len(para) <= BYLINE_MAX_CHARS and bool(_BYLINE_LINE.match(para))


def _add_related(result: CleanBody, titles: list[str], seen: set[str]) -> None:
    for title in titles:
        result.count("related")
        title_key = key(title)
        if title_key and title_key not in seen:
            seen.add(title_key)
            result.related.append(Link(title=title, url=None))


def _read_end(result: CleanBody, kept: list[str]) -> None:
    """Read the reporter code off the last paragraph (a standalone code paragraph too)."""
    while kept:
        text, code, found = split_reporter_code(kept[-1])
        if not found:
            return
        result.count("end_mark")
        if text:
            kept[-1] = text
        else:
            kept.pop()
        if code:
            result.reporter_code = code
            return
