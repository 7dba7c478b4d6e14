"""Regions: which Indonesian provinces and kabupaten/kota an article is about.

Gazetteer
    ``asnscraper/data/regions.csv``: every province and kabupaten/kota with its Kemendagri
    code, built from the npm package ``idn-area-data`` (see ``asnscraper/data/README.md``).
    A :class:`~asnscraper.items.Region` carries the *official name with its level prefix*:
    ``Provinsi Sumatera Selatan``, ``Kabupaten Kuantan Singingi``, ``Kota Pagar Alam``,
    ``Kota Administrasi Jakarta Pusat``; ``province`` is the province name without prefix
    (a province's own name for a province).

Surface forms (what the text may say)
    * the name without its prefix (``Kuantan Singingi``, ``Jakarta Pusat``), any space or
      hyphen between words optional (``Pagar Alam`` = ``Pagaralam``, ``Bau Bau`` = ``Baubau``),
      ``Sumatra`` for ``Sumatera``;
    * the curated aliases of ``asnscraper/data/region_aliases.csv`` (``Kuansing``, ``OKU Timur``,
      ``Sumsel``, ``Jaksel``…). An all-caps alias (``OKU``, ``PALI``, ``DIY``) matches only in
      capitals.
    All forms are compiled once into one case-insensitive regular expression shaped as a trie
    (shared prefixes factored), so one scan of a text finds every candidate; the longest
    form wins (``Ogan Komering Ulu Timur`` over ``Ogan Komering Ulu``).

Cues
    The words just before a name: ``Kabupaten``, ``Kab.``, ``Pemkab``, ``Bupati``, ``Wabup``
    (kabupaten); ``Kota``, ``Pemkot``, ``Wali Kota``/``Walikota``, ``Wawako`` (kota);
    ``Provinsi``, ``Prov.``, ``Pemprov``, ``Gubernur`` (provinsi); optionally after ``se-``.
    Institution words (``Bawaslu``, ``KPU``, ``DPRD``, ``Polres``, ``Kejari``, ``RSUD``…) are
    level-neutral cues: they show that the next word is a place.

Acceptance of a match
    * Cued: always (any case), except that a *false friend* must still be capitalized.
    * Not cued: the name must start with a capital; an all-caps alias must be in capitals.
    * Never after a natural-feature or street word (``Pulau Bangka``, ``Danau Toba``,
      ``Jalan Palembang``, ``Desa …``, ``suku Asmat``, ``nasi Padang``) nor as part of a media
      name (``Tribun Jambi``, ``Riau Pos``).
    * False friends (``FALSE_FRIENDS``: names that are also common words or personal names:
      Batu, Malang, Lahat, Puncak, Metro, Bima, Agam, Solok, Padang…) without a cue also need:
      not in the title, not at a sentence start, and no personal-name-like capitalized word
      next to them (``Bima Arya``). A false friend rejected by these rules is accepted anyway
      when the same name is accepted elsewhere in the article.

Ambiguity (a kabupaten and a kota — or a province — with one name: Bandung, Bekasi, Jambi,
Gorontalo, Banjar…), resolved in this order:
    1. the cue of that mention (``Kota Bekasi``, ``Bupati Bekasi``);
    2. the level the article uses for that name elsewhere with a cue (majority);
    3. a candidate in the province of the dateline or of the other, unambiguous regions;
    4. the default: provinsi, then kabupaten, then kota (``Jambi`` → Provinsi Jambi,
       ``Malang`` → Kabupaten Malang: news says ``Kota Malang`` when it means the city).

Scoring (which regions the article is *about*, main one first)
    Each accepted mention adds: dateline ``DATELINE_WEIGHT``; title ``TITLE_WEIGHT``; body
    ``1`` plus ``LEAD_BONUS`` in the first ``LEAD_CHARS`` characters, times ``LIST_FACTOR``
    when it is one item of a list of regions (another region within a comma, ``dan``,
    ``/`` or ``serta``). Regions are ordered by score (ties: first position), then each province is
    moved after the first of its own kabupaten/kota in the list (``Kota Pagar Alam`` before
    ``… se-Provinsi Sumatera Selatan``). A region is kept when its
    score reaches ``MIN_EVIDENCE`` (the first one needs only ``MIN_MAIN``); at most
    ``MAX_REGIONS``.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Final

from asnscraper.items import Region
from asnscraper.parsing.word_scanner import WordScanner

logger = logging.getLogger(__name__)

DATELINE_WEIGHT: Final = 4.0
TITLE_WEIGHT: Final = 3.0
LEAD_CHARS: Final = 400
LEAD_BONUS: Final = 0.5
LIST_FACTOR: Final = 0.5
MIN_EVIDENCE: Final = 1.5
MIN_MAIN: Final = 0.9
MAX_REGIONS: Final = 5

LEVELS: Final = ("provinsi", "kabupaten", "kota")
_DEFAULT_ORDER: Final = {"provinsi": 0, "kabupaten": 1, "kota": 2}

#: Normalized names (see :func:`name_key`) that are also common words or personal names.
FALSE_FRIENDS: Final = frozenset(
    {
        "agam", "alor", "aru", "asmat", "badung", "bangka", "bangli", "banjar", "batang",
        "batu", "belitung", "bima", "bone", "bungo", "buru", "buton", "dairi", "demak",
        "ende", "intanjaya", "kampar", "kapuas", "karo", "kaur", "ketapang", "kudus",
        "kuningan", "lahat", "landak", "lebak", "limapuluhkota", "lingga", "malaka",
        "malang", "mataram", "merauke", "metro", "muna", "natuna", "nias", "padang", "palu",
        "pati", "pidie", "puncak", "sabang", "samosir", "serang", "siak", "solo", "solok",
        "sula", "sumba", "tanahdatar", "tebo", "tegal", "toba",
    }
)  # fmt: skip

_PREFIXES: Final = (
    "Provinsi ",
    "Kabupaten Administrasi ",
    "Kota Administrasi ",
    "Kabupaten ",
    "Kota ",
)

_CUE_WORDS: Final = {
    "kabupaten": (
        r"kabupaten|kab\.?|pemkab|pemerintah\s+kabupaten|bupati|wakil\s+bupati|wabup|"
        r"pj\.?\s+bupati|plt\.?\s+bupati"
    ),
    "kota": (
        r"kota|pemkot|pemerintah\s+kota|wali\s*kota|wakil\s+wali\s*kota|wawali|wawako|"
        r"pj\.?\s+wali\s*kota"
    ),
    "provinsi": (
        r"provinsi|prov\.?|pemprov|pemerintah\s+provinsi|gubernur|wakil\s+gubernur|wagub|"
        r"pj\.?\s+gubernur"
    ),
}
_CUE_RE: Final = re.compile(
    r"(?:(?<![\w-])|(?<=se-))(?:"
    + "|".join(f"(?P<{level}>{words})" for level, words in _CUE_WORDS.items())
    + r")\s*$",
    re.IGNORECASE,
)
_INSTITUTION_RE: Final = re.compile(
    r"(?<![\w-])(?:bawaslu|panwaslu|panwascam|kpu|kpud|dprd|polres|polresta|polda|kapolres|"
    r"kapolresta|kodim|dandim|kejari|kajari|kejaksaan\s+negeri|pengadilan\s+negeri|rsud|"
    r"bkpsdm|bkpsdmd|bkd|bkpp|bappeda|sekda|pemda|kemenag|disdik|dinkes|satpol\s+pp|dapil|"
    r"kabupaten/kota|wilayah|daerah|warga|asal)\s*$",
    re.IGNORECASE,
)
_NEGATIVE_BEFORE_RE: Final = re.compile(
    r"(?<![\w])(?:jalan|jl\.?|jln\.?|gang|gg\.?|desa|dusun|kampung|kelurahan|kecamatan|"
    r"gunung|danau|sungai|pulau|selat|teluk|bukit|suku|bahasa|nasi|masakan|rumah\s+makan|"
    r"sate|tribun|radar|harian|koran|kerajaan|kesultanan|roh)\s+$",
    re.IGNORECASE,
)
_MEDIA_AFTER_RE: Final = re.compile(
    r"\s+(?:pos|post|ekspres|express|tv|news|online|times|today|terkini|raya\s+pos)(?!\w)",
    re.IGNORECASE,
)
_SENTENCE_START_RE: Final = re.compile(r"(?:^|[.!?:\"“”]|\n)\s*[(\[]?\s*$")
_TOKEN_AFTER_RE: Final = re.compile(r"[ \t]+([A-Za-z][\w'-]*)")
_TOKEN_BEFORE_RE: Final = re.compile(r"([A-Za-z][\w'-]*)[ \t]+$")
_OK_NEIGHBOURS: Final = frozenset(
    [
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "sabtu",
        "minggu",
        "januari",
        "februari",
        "maret",
        "april",
        "mei",
        "juni",
        "juli",
        "agustus",
        "september",
        "oktober",
        "november",
        "desember",
        "raya",
        "utara",
        "selatan",
        "barat",
        "timur",
        "tengah",
        "provinsi",
        "kabupaten",
        "kota",
        "bupati",
        "gubernur",
        "pemkab",
        "pemkot",
        "pemprov",
        "bawaslu",
        "sekda",
    ]
)
_LIST_GAP_RE: Final = re.compile(r"^\s*(?:,|/|dan\b|serta\b|&|,\s*dan\b|,\s*serta\b)\s*$", re.I)
#: Longest text between two regions that still makes them items of one list.
_LIST_GAP_MAX: Final = 12
#: The next item's cue at the end of a gap, removed before the gap is judged.
_GAP_CUE_RE: Final = re.compile(r"(?i)(kabupaten|kab\.?|kota|provinsi)\s*$")
_LONGEST_CUE: Final = len("kabupaten")
_KEY_RE: Final = re.compile(r"[^0-9a-z]+")


def name_key(text: str) -> str:
    """Normalized form of a name: NFKC, lower case, letters and digits only."""
    return _KEY_RE.sub("", unicodedata.normalize("NFKC", text).lower())


@dataclass(frozen=True, slots=True)
class RegionEntry:
    """One gazetteer row."""

    code: str
    name: str
    level: str
    province_code: str
    province: str

    @property
    def base(self) -> str:
        """The name without its level prefix (``Pagar Alam``, ``Jakarta Pusat``)."""
        for prefix in _PREFIXES:
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name

    def as_region(self) -> Region:
        return Region(name=self.name, level=self.level, code=self.code, province=self.province)


def _data_text(filename: str) -> str:
    return (resources.files("asnscraper") / "data" / filename).read_text(encoding="utf-8")


def _load_entries() -> dict[str, RegionEntry]:
    rows = csv.DictReader(_data_text("regions.csv").splitlines())
    return {
        row["code"]: RegionEntry(
            row["code"], row["name"], row["level"], row["province_code"], row["province"]
        )
        for row in rows
    }


def _load_aliases() -> list[tuple[str, str]]:
    lines = [ln for ln in _data_text("region_aliases.csv").splitlines() if ln and ln[0] != "#"]
    return [(row["alias"].strip(), row["name"].strip()) for row in csv.DictReader(lines)]


ENTRIES: Final[dict[str, RegionEntry]] = _load_entries()
_BY_NAME: Final = {entry.name: entry for entry in ENTRIES.values()}
ALIASES: Final = _load_aliases()


def _surface_forms() -> tuple[dict[str, tuple[str, ...]], frozenset[str], list[str]]:
    """key → candidate codes, keys of all-caps aliases, and every surface form."""
    candidates: dict[str, list[str]] = defaultdict(list)
    forms: list[str] = []
    acronyms: set[str] = set()

    def add(form: str, code: str) -> None:
        key = name_key(form)
        if code not in candidates[key]:
            candidates[key].append(code)
        forms.append(form)

    for entry in ENTRIES.values():
        add(entry.base, entry.code)
        if "Sumatera" in entry.base:
            add(entry.base.replace("Sumatera", "Sumatra"), entry.code)
    for alias, name in ALIASES:
        entry = _BY_NAME.get(name)
        if entry is None:
            logger.error("Region alias %r points to unknown region %r", alias, name)
            continue
        add(alias, entry.code)
        if alias.replace(" ", "").isupper():
            acronyms.add(name_key(alias))
    return {k: tuple(v) for k, v in candidates.items()}, frozenset(acronyms), forms


_CANDIDATES, _ACRONYMS, _FORMS = _surface_forms()

_SEP: Final = "\x00"


def _trie_pattern(forms: list[str]) -> str:
    """One regex for all forms, prefixes factored; a space/hyphen matches an optional separator."""
    trie: dict[str, dict] = {}
    for form in forms:
        words = re.split(r"[\s-]+", form.lower().strip())
        node = trie
        for ch in _SEP.join(words):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        end = "" in node
        branches = []
        for ch in sorted((c for c in node if c), key=lambda c: (c == _SEP, c)):
            atom = r"(?:\s*-\s*|\s+)?" if ch == _SEP else re.escape(ch)
            branches.append(atom + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?"
        return body

    return emit(trie)


#: Every surface form as one trie, on whole words; the scanner finds the words a form can begin
#: with first (``Pagar``, ``Pagaralam``, ``Kuansing`` …), then matches the trie there.
_NAMES: Final = WordScanner([_trie_pattern(_FORMS)], r"(?<![\w])", r"(?![\w])", re.IGNORECASE)
_NAMES_RE: Final = _NAMES.pattern


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    key: str
    codes: tuple[str, ...]
    cue: str | None  # a level, "" for a level-neutral institution cue, None for no cue
    block: str  # "dateline" | "title" | "body"
    weight: float = 0.0
    accepted: bool = False
    strong: bool = False  # accepted by its own evidence (not only by the article's other mentions)
    code: str | None = None


def _is_capitalized(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _cue_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 40) : start]
    match = _CUE_RE.search(window)
    if match:
        return next(level for level in LEVELS if match.group(level))
    if _INSTITUTION_RE.search(window):
        return ""
    return None


def _personlike(token: str) -> bool:
    return (
        token[:1].isupper()
        and not token.isupper()
        and token.lower() not in _OK_NEIGHBOURS
        and name_key(token) not in _CANDIDATES
    )


def _scan(text: str, block: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    for match in _NAMES.finditer(text):
        surface = match.group()
        key = name_key(surface)
        codes = _CANDIDATES.get(key)
        if not codes:
            continue
        start, end = match.span()
        before = text[max(0, start - 40) : start]
        cue = "provinsi" if block == "dateline" else _cue_before(text, start)
        mention = _Mention(start, end, surface, key, codes, cue, block)
        _judge(mention, text, before)
        mentions.append(mention)
    return mentions


def _judge(m: _Mention, text: str, before: str) -> None:
    """Decide whether a mention is a region by its own evidence (see module docstring)."""
    if m.block == "dateline":
        m.accepted = m.strong = True
        return
    if _NEGATIVE_BEFORE_RE.search(before) or _MEDIA_AFTER_RE.match(text, m.end):
        return
    capitalized = _is_capitalized(m.text)
    if m.key in _ACRONYMS and not m.text.replace(" ", "").isupper():
        return
    false_friend = m.key in FALSE_FRIENDS
    if m.cue is not None:
        m.accepted = m.strong = capitalized or not false_friend
        return
    if not capitalized:
        return
    if not false_friend:
        m.accepted = m.strong = True
        return
    # A false friend without a cue: provisional, confirmed by other mentions of the same name.
    m.accepted = True
    if m.block == "title" or _SENTENCE_START_RE.search(before):
        return
    after = _TOKEN_AFTER_RE.match(text, m.end)
    previous = _TOKEN_BEFORE_RE.search(before)
    if (after and _personlike(after.group(1))) or (previous and _personlike(previous.group(1))):
        return
    m.strong = True


def _resolve(mentions: list[_Mention]) -> None:
    """Choose one code per accepted mention (see "Ambiguity" in the module docstring)."""
    strong_keys = {m.key for m in mentions if m.strong}
    for m in mentions:
        if m.accepted and not m.strong and m.key not in strong_keys:
            m.accepted = False
    live = [m for m in mentions if m.accepted]
    cue_levels: dict[str, Counter[str]] = defaultdict(Counter)
    for m in live:
        if m.cue:
            cue_levels[m.key][m.cue] += 1
        if len(m.codes) == 1:
            m.code = m.codes[0]
        elif m.cue:
            fitting = [c for c in m.codes if ENTRIES[c].level == m.cue]
            if len(fitting) == 1:
                m.code = fitting[0]
    known_provinces = [ENTRIES[m.code].province_code for m in live if m.code]
    dateline_provinces = {
        ENTRIES[m.code].province_code for m in live if m.code and m.block == "dateline"
    }
    for m in live:
        if m.code:
            continue
        codes = list(m.codes)
        if cue_levels[m.key]:
            level = cue_levels[m.key].most_common(1)[0][0]
            codes = [c for c in codes if ENTRIES[c].level == level] or codes
        for provinces in (dateline_provinces, set(known_provinces)):
            near = [c for c in codes if ENTRIES[c].province_code in provinces]
            if near and len({ENTRIES[c].province_code for c in codes}) > 1:
                codes = near
                break
        m.code = min(codes, key=lambda c: _DEFAULT_ORDER[ENTRIES[c].level])


def _mark_lists(text: str, mentions: list[_Mention]) -> set[int]:
    """Indexes of body mentions that are one item of a list of regions."""
    in_list: set[int] = set()
    live = [(i, m) for i, m in enumerate(mentions) if m.accepted]
    for (i, a), (j, b) in zip(live, live[1:], strict=False):
        gap = text[a.end : b.start]
        if len(gap.rstrip()) > _LIST_GAP_MAX + _LONGEST_CUE:
            continue  # even without the next item's cue it is too long for a list separator
        # the gap may hold the next item's cue (", Kabupaten …")
        gap = _GAP_CUE_RE.sub("", gap)
        if len(gap) <= _LIST_GAP_MAX and _LIST_GAP_RE.match(gap):
            in_list.update((i, j))
    return in_list


def _weigh(text: str, mentions: list[_Mention], block: str) -> None:
    in_list = _mark_lists(text, mentions) if block == "body" else set()
    for i, m in enumerate(mentions):
        if block == "dateline":
            m.weight = DATELINE_WEIGHT
        elif block == "title":
            m.weight = TITLE_WEIGHT
        else:
            m.weight = 1.0 + (LEAD_BONUS if m.start < LEAD_CHARS else 0.0)
            if i in in_list:
                m.weight *= LIST_FACTOR


def find_regions(title: str, body: str, dateline: str | None = None) -> list[Region]:
    """The regions an article is about, main one first (see the module docstring)."""
    blocks = [("dateline", dateline or ""), ("title", title or ""), ("body", body or "")]
    mentions: list[_Mention] = []
    offset = 0
    for block, text in blocks:
        found = _scan(text, block)
        _weigh(text, found, block)
        for m in found:
            m.start += offset  # a global position for ties
        mentions.extend(found)
        offset += len(text) + 1
    _resolve(mentions)
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for m in mentions:
        if m.accepted and m.code:
            scores[m.code] += m.weight
            first.setdefault(m.code, m.start)
    ranked = sorted(scores, key=lambda c: (-scores[c], first[c]))
    ranked = _provinces_after_members(ranked)
    kept = [
        code
        for rank, code in enumerate(ranked)
        if scores[code] >= MIN_EVIDENCE or (rank == 0 and scores[code] >= MIN_MAIN)
    ]
    if ranked and kept and kept[0] != ranked[0] and scores[ranked[0]] >= MIN_MAIN:
        kept.insert(0, ranked[0])
    return [ENTRIES[code].as_region() for code in kept[:MAX_REGIONS]]


def _provinces_after_members(ranked: list[str]) -> list[str]:
    result = list(ranked)
    for code in ranked:
        if ENTRIES[code].level != "provinsi":
            continue
        members = [
            i for i, c in enumerate(result) if ENTRIES[c].province_code == code and c != code
        ]
        here = result.index(code)
        if members and members[0] > here:
            result.pop(here)
            result.insert(members[0], code)  # members shifted left by one: lands right after
    return result


_LOOKUP_PREFIX_RE: Final = re.compile(
    r"^\s*(?:se-?\s*)?(?:" + "|".join(f"(?P<{lv}>{w})" for lv, w in _CUE_WORDS.items()) + r")\s+",
    re.IGNORECASE,
)


def lookup_region(name: str) -> Region | None:
    """The region a name denotes (``Kota Pagaralam``, ``Kuansing``, ``Kab. Bandung``, ``16.72``).

    A level prefix decides between same-named regions; without one the default order applies
    (provinsi, kabupaten, kota). None when the name is not a region.
    """
    if not name or not name.strip():
        return None
    text = name.strip()
    if text in ENTRIES:
        return ENTRIES[text].as_region()
    entry = _BY_NAME.get(" ".join(text.split()))
    if entry:
        return entry.as_region()
    level = None
    prefix = _LOOKUP_PREFIX_RE.match(text)
    if prefix:
        level = next(lv for lv in LEVELS if prefix.group(lv))
        text = text[prefix.end() :]
    codes = _CANDIDATES.get(name_key(text))
    if not codes and level:
        codes = _CANDIDATES.get(name_key(name))
        level = None
    if not codes:
        return None
    fitting = [c for c in codes if ENTRIES[c].level == level] or list(codes)
    code = min(fitting, key=lambda c: _DEFAULT_ORDER[ENTRIES[c].level])
    return ENTRIES[code].as_region()


def region_at(
    text: str, pos: int = 0, level: str | None = None, prefer: tuple[str, ...] = ()
) -> tuple[Region, int] | None:
    """The region named at ``text[pos:]`` (after optional spaces) and where its name ends.

    ``level`` (from a cue the caller already consumed, e.g. ``Kota``/``Bupati``) and
    ``prefer`` (codes of the article's regions) decide between same-named regions. Matches
    only a name that starts with a capital or an all-caps alias in capitals.
    """
    start = pos  # skip spaces without copying text[pos:] (called once per office: keep it linear)
    while start < len(text) and text[start] in " \t":
        start += 1
    match = _NAMES_RE.match(text, start)
    if not match or not _is_capitalized(match.group()):
        return None
    key = name_key(match.group())
    codes = _CANDIDATES.get(key, ())
    if not codes or (key in _ACRONYMS and not match.group().replace(" ", "").isupper()):
        return None
    choices = [c for c in codes if ENTRIES[c].level == level] or list(codes)
    choices = [c for c in choices if c in prefer] or choices
    code = min(choices, key=lambda c: _DEFAULT_ORDER[ENTRIES[c].level])
    return ENTRIES[code].as_region(), match.end()


def region_entry(code: str) -> RegionEntry | None:
    """The gazetteer row of a Kemendagri code."""
    return ENTRIES.get(code)
