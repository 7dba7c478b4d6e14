"""Relevance: is this article about the political neutrality of civil servants (ASN) in an election?

A transparent, rule-based scorer. No model, no heavy NLP: a vocabulary of Indonesian terms in
precompiled regular expressions, matched on normalized text, then a small documented formula.

Text normalization
    NFKC, lower case, every run of characters other than ``a-z0-9`` becomes one space, so
    ``TNI-Polri`` → ``tni polri`` and ``Netralitas,`` → ``netralitas``. The title is one block;
    the body is split into paragraphs (blank lines, or single line breaks) and each paragraph
    into sentences (``.``, ``!``, ``?`` followed by a space). Multi-word terms never match
    across a sentence boundary.

Indonesian morphology
    Each term is an explicit stem pattern that lists the affixes that occur with it, built
    with :func:`_affixed` (prefixes ``ber-``, ``me-``/``meN-`` with its nasal forms, ``di-``,
    ``ter-``, ``ke-``, ``pe-``/``peN-``, ``ketidak-``; suffixes ``-an``, ``-kan``, ``-i``,
    ``-itas``, then clitics ``-nya``/``-lah``). Patterns are restricted to affixes that
    really occur with each stem so that e.g. ``pihak`` (party, side) alone does not count
    while ``berpihak``, ``memihak``, ``keberpihakan`` and ``ketidakberpihakan`` do;
    ``netral`` covers ``netralitas``, ``ketidaknetralan``, ``kenetralan``, ``menetralkan``,
    ``netralnya`` but not ``menetralisir`` (chemistry).

Term groups (``TERMS``)
    * ``subject``: who must be neutral: ASN / aparatur sipil negara, PNS, PPPK, pegawai,
      honorer, camat, lurah, kepala desa, perangkat desa, sekda, kepala dinas, OPD, pejabat,
      penjabat (Pj), guru / kepala sekolah, birokrasi, pemerintah daerah (weaker). Phrases
      like ``pegawai swasta`` or ``pejabat KPU`` are matched first as ``ignore`` so they
      are no subject.
    * ``neutrality``: neutrality and violation vocabulary, each with a weight ``w``. *Core*
      terms (``netral``, ``politik praktis``) are about neutrality by themselves; *generic*
      terms (kampanye, sanksi, dukungan, like/share, pakta integritas, KASN, Bawaslu …) also
      occur in unrelated news (health campaigns, discipline after a holiday, recruitment),
      so their weight is scaled by the election context factor ``c`` below.
    * ``election``: election context (pemilu, pilkada, paslon, calon …, KPU, pencoblosan).
      ``pilkades`` (village-head election) is reported but adds no context.
    * ``owner``: non-ASN bearers of "neutrality" (TNI, Polri, media, pers, internet,
      jaringan, wasit, pH, penyelenggara, KPPS). They are never reported; they only take
      neutrality away from a nearby ASN subject.

Formula (all constants are module-level names)
    Each text block has a position weight ``p``: the title ``TITLE_WEIGHT``; body paragraph
    ``i`` (0-based) ``max(PARA_FLOOR, PARA_FIRST * PARA_DECAY**i)``, so the lead counts more
    than later paragraphs.

    A neutrality hit is *linked* when an ASN subject occurs in the same sentence, or within
    ``WINDOW`` tokens in the same block. Link factor ``l``: the weight of the nearest such
    subject (1 for ASN/PNS/camat…, less for ``pemkab`` 0.5 or ``Pj`` 0.6); times
    ``SHARED_LINK`` when a non-ASN owner is nearer than that subject (``netralitas TNI,
    Polri dan ASN``); ``UNLINKED`` when no subject is near (and as a floor).

    Election context ``E = Σ w·p`` over election hits; ``c = C_FLOOR + (1 - C_FLOOR) ·
    min(1, E / C_FULL)``. Generic neutrality terms are multiplied by ``c``, core terms are not.

    Each hit contributes ``h = w · p · l`` (· ``c`` if generic). Hits of one canonical term
    are summed, then damped: ``R = Σ_term ln(1 + Σ h)``, so repeating one word has
    diminishing returns while different kinds of evidence add up. Finally
    ``score = 1 - exp(-R / SCALE)``, rounded to 3 decimals; relevant when
    ``score >= THRESHOLD``.

Matching is one pass of one precompiled alternation over each sentence (~350 µs for a
200-word article); the term an occurrence belongs to is looked up afterwards and cached.

Decisions documented in ``fixtures/relevance/README.md``: an ASN resigning to run for office
is *not* relevant unless the story is framed as neutrality or a violation; neutrality of
TNI/Polri, media, election organizers or the internet is not relevant.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from asnscraper.items import Relevance

THRESHOLD: Final = 0.4
"""Scores at or above this are relevant."""

TITLE_WEIGHT: Final = 2.5
PARA_FIRST: Final = 1.5
PARA_DECAY: Final = 0.85
PARA_FLOOR: Final = 0.5
WINDOW: Final = 10
SHARED_LINK: Final = 0.4
UNLINKED: Final = 0.05
C_FLOOR: Final = 0.25
C_FULL: Final = 3.0
SCALE: Final = 2.2

SUBJECT: Final = "subject"
NEUTRALITY: Final = "neutrality"
ELECTION: Final = "election"
OWNER: Final = "owner"
IGNORE: Final = "ignore"


def _affixed(stem: str, prefixes: str = "", suffixes: str = "", clitics: bool = True) -> str:
    """A regex for ``stem`` with an optional prefix and suffix (each ``|``-separated), then an
    optional clitic ``-nya``/``-lah``.

    ``_affixed("tegur", "di|pe", "an")`` matches tegur, ditegur, teguran, peneguran is NOT
    matched: a nasal mutation (meN-/peN- + t → men-/pen-) drops the stem's first letter, so
    such forms are spelled out next to the call (``menegur``).
    """
    pre = f"(?:{prefixes})?" if prefixes else ""
    suf = f"(?:{suffixes})?" if suffixes else ""
    tail = "(?:nya|lah)?" if clitics else ""
    return f"{pre}{stem}{suf}{tail}"


@dataclass(frozen=True)
class Term:
    name: str
    """Canonical name reported in ``matched``."""
    group: str
    pattern: str
    weight: float = 1.0
    generic: bool = False
    """Generic neutrality terms are scaled by the election context factor."""


# Order matters: at one position the first alternative wins, so longer phrases come first.
TERMS: Final[tuple[Term, ...]] = (
    # --- compound names that contain a subject word but are institutions ---------------
    Term("kasn", NEUTRALITY, r"kasn|komisi aparatur sipil negara", 0.8, True),
    Term("bkn", NEUTRALITY, r"bkn|badan kepegawaian negara", 0.3, True),
    Term("media sosial", NEUTRALITY, r"media sosial|medsos|sosmed|sosial media", 0.3, True),
    # --- non-ASN owners of neutrality ------------------------------------------------
    Term(
        "tni/polri",
        OWNER,
        r"tni|polri|polisi|kepolisian|prajurit|bhayangkara|babinsa|bhabinkamtibmas|"
        r"personel (?:tni|polri|kepolisian)",
    ),
    Term(
        "other owner",
        OWNER,
        r"media(?: massa)?|pers|wartawan|jurnalis|internet|jaringan|net|wasit|ph|"
        r"penyelenggara(?: pemilu| pilkada)?|kpps|pps|ppk|pantarlih",
    ),
    # --- phrases that contain a subject word but name someone else (never reported) ------
    Term(
        "not a subject",
        IGNORE,
        r"(?:pegawai|pejabat|karyawan) (?:swasta|bank|bumn|bumd|kpu|bawaslu|toko|pabrik|perusahaan|"
        r"partai|polri|tni)|pejabat (?:pembina kepegawaian|ppid)",
    ),
    # --- subjects (weight = how surely the subject is a civil servant) ----------------------
    Term(
        "asn",
        SUBJECT,
        r"asn|aparatur sipil negara|aparatur (?:negara|pemerintah(?:an)?)|abdi negara",
    ),
    Term("pns", SUBJECT, r"c?pns|pegawai negeri(?: sipil)?"),
    Term("pppk", SUBJECT, r"pppk|p3k|pegawai pemerintah dengan perjanjian kerja"),
    Term("honorer", SUBJECT, r"(?:tenaga |pegawai )?honorer"),
    Term(
        "pegawai",
        SUBJECT,
        r"pegawai(?:nya)?",
    ),
    Term("camat", SUBJECT, r"camat(?:nya)?"),
    Term("lurah", SUBJECT, r"lurah(?:nya)?"),
    Term(
        "kepala desa",
        SUBJECT,
        r"kepala (?:desa|kampung|nagari|pekon|gampong|lembang)|kades|wali nagari|keuchik|geuchik|kuwu",
    ),
    Term(
        "perangkat desa",
        SUBJECT,
        r"(?:perangkat|aparat|aparatur) (?:desa|kampung|nagari|kelurahan)|sekdes|sekretaris desa",
    ),
    Term("sekda", SUBJECT, r"sekda(?:kab|kot|prov)?|sekretaris daerah"),
    Term("kepala dinas", SUBJECT, r"kepala dinas|kadis|kadisdik|kadinkes"),
    Term(
        "opd",
        SUBJECT,
        r"(?:kepala )?(?:opd|skpd|organisasi perangkat daerah|satuan kerja perangkat daerah)",
    ),
    Term(
        "pejabat",
        SUBJECT,
        r"pejabat(?:nya)?|(?:kepala|pimpinan) (?:badan|bagian|bidang|seksi|instansi|uptd?)|"
        r"kabag|kabid|kasubag|kasubbag",
        0.9,
    ),
    Term("guru", SUBJECT, r"guru(?:nya)?|kepala sekolah|tenaga pendidik|tenaga kependidikan", 0.9),
    Term("penjabat", SUBJECT, r"penjabat|pj", 0.6),
    Term("birokrasi", SUBJECT, r"birokra(?:si|t)", 0.9),
    Term(
        "pemerintah daerah",
        SUBJECT,
        r"pemerintah (?:daerah|kabupaten|kota|provinsi)|pemkab|pemkot|pemprov|pemda",
        0.5,
    ),
    # --- neutrality: core -------------------------------------------------------------
    Term(
        "netral",
        NEUTRALITY,
        _affixed("netral", "ketidak|ke|me|di", "itas|kan|an"),
        1.0,
    ),
    Term("politik praktis", NEUTRALITY, r"(?:ber)?politik praktis", 1.0),
    # --- neutrality: generic (scaled by election context) -----------------------------
    Term("pakta integritas", NEUTRALITY, r"pakta integritas", 0.8, True),
    Term(
        "berpihak",
        NEUTRALITY,
        _affixed("berpihak", "ketidak|ke", "an") + "|memihak(?:nya)?|dipihaki",
        0.9,
        True,
    ),
    Term(
        "ajakan memilih",
        NEUTRALITY,
        r"(?:meng|di)?arahkan (?:\w+ ){0,3}(?:untuk )?(?:memilih|mencoblos|pilih|coblos|mendukung)|"
        r"(?:meng|di)?arahkan pilihan|"
        r"(?:meng|di)?ajak (?:\w+ ){0,3}(?:untuk )?(?:memilih|mencoblos|pilih|coblos|mendukung)|"
        r"ajakan (?:untuk )?(?:memilih|mencoblos|mendukung)",
        0.8,
        True,
    ),
    Term(
        "atribut kampanye",
        NEUTRALITY,
        r"atribut (?:partai|kampanye|paslon|calon|politik)|alat peraga(?: kampanye)?|apk|"
        r"(?:stiker|poster|baliho|spanduk|kalender|kaos) (?:bergambar )?(?:calon|paslon|caleg|partai)",
        0.6,
        True,
    ),
    Term(
        "tim sukses",
        NEUTRALITY,
        r"tim (?:sukses|pemenangan|kampanye|relawan)|timses|relawan|posko (?:pemenangan|relawan|kampanye|tim)",
        0.7,
        True,
    ),
    Term(
        "kampanye",
        NEUTRALITY,
        _affixed("kampanye", "ber|di|meng", "kan") + "|mengampanyekan(?:nya)?",
        0.6,
        True,
    ),
    Term(
        "pose jari",
        NEUTRALITY,
        r"(?:pose|gestur|gaya|simbol|acungan|salam) (?:\w+ )?jari|(?:satu|dua|tiga|empat) jari",
        0.8,
        True,
    ),
    Term(
        "foto bersama",
        NEUTRALITY,
        r"(?:ber)?foto (?:bersama|bareng|dengan)|swafoto|selfie",
        0.6,
        True,
    ),
    Term(
        "like/share/komentar",
        NEUTRALITY,
        r"(?:me|nge|di)?(?:like|share)|menyukai|disukai|"
        r"(?:membagikan|dibagikan) (?:ulang|postingan|unggahan|konten|foto|video|status)|"
        r"(?:ber|meng)?komentar|mengomentari|(?:me|di)?nyebarkan|disebarkan|sebar|"
        + _affixed("unggah", "meng|di", "an")
        + r"|postingan|memposting|diposting|(?:me)?repost",
        0.5,
        True,
    ),
    Term("politisasi", NEUTRALITY, r"(?:di|mem)?politisasi(?:kan)?", 0.6, True),
    Term("mobilisasi", NEUTRALITY, r"(?:di|me)?mobilisasi", 0.5, True),
    Term("dukungan", NEUTRALITY, _affixed("dukung", "men|di|pen", "an"), 0.3, True),
    Term("ikrar", NEUTRALITY, _affixed("ikrar", "ber|meng|di", "kan"), 0.5, True),
    Term("deklarasi", NEUTRALITY, _affixed("deklarasi", "men|di", "kan"), 0.5, True),
    Term("hukuman disiplin", NEUTRALITY, r"(?:hukuman|sanksi) disiplin", 0.7, True),
    Term("sanksi", NEUTRALITY, _affixed("sanksi", "ber|di"), 0.6, True),
    Term(
        "teguran",
        NEUTRALITY,
        _affixed("tegur", "di|pe", "an")
        + r"|menegur(?:nya)?|peringatan (?:keras|tertulis|terakhir)|(?:mem|di)peringatkan",
        0.5,
        True,
    ),
    Term(
        "penundaan pangkat",
        NEUTRALITY,
        r"penundaan (?:kenaikan )?(?:pangkat|gaji berkala|kgb)",
        0.7,
        True,
    ),
    Term(
        "penurunan jabatan",
        NEUTRALITY,
        r"penurunan (?:pangkat|jabatan)|pembebasan (?:dari )?jabatan|demosi|dicopot|pencopotan",
        0.6,
        True,
    ),
    Term("penonaktifan", NEUTRALITY, _affixed("nonaktif", "pe|di|me", "kan|an"), 0.6, True),
    Term("pelanggaran", NEUTRALITY, _affixed("langgar", "pe|me|di", "an"), 0.5, True),
    Term("kode etik", NEUTRALITY, r"kode etik", 0.5, True),
    Term("larangan", NEUTRALITY, _affixed("larang", "di|me", "an"), 0.4, True),
    Term(
        "bawaslu",
        NEUTRALITY,
        r"bawaslu|panwaslu|panwascam|panwaslih|pengawas (?:pemilu|pemilihan|kecamatan)|"
        r"badan pengawas pemilu",
        0.4,
        True,
    ),
    Term("inspektorat", NEUTRALITY, r"inspektorat", 0.4, True),
    Term("skb", NEUTRALITY, r"skb(?: (?:lima|5) (?:menteri|instansi))?", 0.4, True),
    Term("klarifikasi", NEUTRALITY, r"(?:di|meng)?klarifikasi", 0.3, True),
    # --- election context ---------------------------------------------------------------
    Term(
        "pemilihan",
        ELECTION,
        r"pemilihan (?:umum|kepala daerah|gubernur|bupati|wali ?kota|presiden|legislatif|serentak)",
        1.0,
    ),
    Term("pemilu", ELECTION, r"pemilu", 1.0),
    Term("pilkada", ELECTION, r"pilkada|pilgub|pilbup|pilwako|pilwalkot|pilbub", 1.0),
    Term("pilpres", ELECTION, r"pilpres", 1.0),
    Term("pileg", ELECTION, r"pileg", 1.0),
    # A village-head election is not the election this scorer is about: reported, no context.
    Term("pilkades", ELECTION, r"pilkades|pemilihan kepala desa", 0.0),
    Term("pesta demokrasi", ELECTION, r"pesta demokrasi|tahun politik|masa tenang", 1.0),
    Term("paslon", ELECTION, r"paslon|pasangan calon", 1.0),
    Term(
        "calon",
        ELECTION,
        r"(?:bakal )?calon (?:bupati|wakil bupati|wali ?kota|wakil wali ?kota|gubernur|"
        r"wakil gubernur|kepala daerah|presiden|wakil presiden|legislatif|anggota dprd?)|"
        r"caleg|capres|cawapres|cabup|cawabup|cagub|cawagub|cawalkot|cawako|bacalon|calon",
        0.6,
    ),
    Term("kandidat", ELECTION, r"kandidat", 0.6),
    Term("kpu", ELECTION, r"kpu|komisi pemilihan umum", 0.6),
    Term("tahapan", ELECTION, r"tahapan", 0.4),
    Term(
        "pencoblosan",
        ELECTION,
        r"pencoblosan|pemungutan suara|tps|tempat pemungutan suara|hari h",
        0.6,
    ),
    Term("partai politik", ELECTION, r"partai politik|parpol", 0.5),
    Term("kontestasi", ELECTION, r"kontestasi", 0.6),
)

# One flat alternation of every term's own alternatives, no capturing groups: CPython's regex
# engine skips an alternative that starts with a literal as soon as the first character differs.
# Which term matched is found afterwards (cached).
_MATCHER: Final = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(term.pattern for term in TERMS) + r")(?![a-z0-9])"
)
_TERM_RES: Final = tuple((term, re.compile(term.pattern)) for term in TERMS)


@lru_cache(maxsize=8192)
def _term_of(matched: str) -> Term:
    """The first term whose pattern matches all of ``matched`` (the one the alternation chose).

    Term patterns use no lookaround, so the first full match in TERMS order is exactly the
    alternative :data:`_MATCHER` took at that position.
    """
    for term, compiled in _TERM_RES:
        if compiled.fullmatch(matched):
            return term
    raise LookupError(matched)  # pragma: no cover - _MATCHER only matches TERMS


_NON_WORD: Final = re.compile(r"[^a-z0-9]+")
_PARAGRAPHS: Final = re.compile(r"\n\s*")
_SENTENCES: Final = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")


@dataclass(frozen=True)
class Hit:
    term: Term
    block: int
    sentence: int
    token: int
    position_weight: float


def normalize(text: str) -> str:
    """Lower-case ``text`` and reduce it to ``a-z0-9`` words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NON_WORD.sub(" ", text).strip()


def _blocks(title: str, body: str) -> list[tuple[float, list[str]]]:
    """(position weight, sentences) for the title and each body paragraph."""
    blocks: list[tuple[float, list[str]]] = []
    if title and title.strip():
        blocks.append((TITLE_WEIGHT, [title]))
    index = 0
    for paragraph in _PARAGRAPHS.split(body or ""):
        if not paragraph.strip():
            continue
        weight = max(PARA_FLOOR, PARA_FIRST * PARA_DECAY**index)
        blocks.append((weight, [s for s in _SENTENCES.split(paragraph) if s.strip()]))
        index += 1
    return blocks


def find_hits(title: str, body: str) -> list[Hit]:
    """Every term occurrence, with its block, sentence, token offset and position weight."""
    hits: list[Hit] = []
    sentence_id = 0
    for block_id, (weight, sentences) in enumerate(_blocks(title, body)):
        token_base = 0
        for sentence in sentences:
            text = normalize(sentence)
            if not text:
                continue
            starts = [0] + [m.end() for m in re.finditer(" ", text)]
            for match in _MATCHER.finditer(text):
                term = _term_of(match.group())
                token = token_base + bisect_right(starts, match.start()) - 1
                hits.append(Hit(term, block_id, sentence_id, token, weight))
            token_base += len(starts)
            sentence_id += 1
    return hits


class _Near:
    """Hits indexed by block and sentence, for :meth:`nearest` in logarithmic time.

    A long text can hold tens of thousands of hits; comparing each neutrality hit with every
    subject hit would be quadratic.
    """

    def __init__(self, hits: list[Hit]) -> None:
        by_block: dict[int, list[Hit]] = {}
        by_sentence: dict[int, list[Hit]] = {}
        for hit in hits:
            by_block.setdefault(hit.block, []).append(hit)
            by_sentence.setdefault(hit.sentence, []).append(hit)
        self.blocks = {k: self._sorted(v) for k, v in by_block.items()}
        self.sentences = {k: self._sorted(v) for k, v in by_sentence.items()}

    @staticmethod
    def _sorted(hits: list[Hit]) -> tuple[list[int], list[Hit]]:
        ordered = sorted(hits, key=lambda h: h.token)
        return [h.token for h in ordered], ordered

    def nearest(self, hit: Hit) -> tuple[float, float]:
        """(token distance, weight) of the nearest hit close enough to ``hit`` to count.

        Close enough: same block and either the same sentence or at most ``WINDOW`` tokens
        away. Among equally near ones the highest weight wins; ``(inf, 0)`` when none is close.
        """
        best = (math.inf, 0.0)
        candidates: list[Hit] = []
        tokens, ordered = self.sentences.get(hit.sentence, ([], []))
        if tokens:  # sentences are numbered across blocks: a sentence lies in one block
            i = bisect_left(tokens, hit.token)
            gaps = [abs(tokens[j] - hit.token) for j in (i - 1, i) if 0 <= j < len(tokens)]
            gap = min(gaps)
            lo = bisect_left(tokens, hit.token - gap)
            hi = bisect_right(tokens, hit.token + gap)
            candidates += [h for h in ordered[lo:hi] if abs(h.token - hit.token) == gap]
        tokens, ordered = self.blocks.get(hit.block, ([], []))
        lo = bisect_left(tokens, hit.token - WINDOW)
        hi = bisect_right(tokens, hit.token + WINDOW)
        candidates += ordered[lo:hi]
        for other in candidates:
            if other.block != hit.block:
                continue
            gap = abs(other.token - hit.token)
            if (other.sentence == hit.sentence or gap <= WINDOW) and (
                gap < best[0] or (gap == best[0] and other.term.weight > best[1])
            ):
                best = (gap, other.term.weight)
        return best


def _link(hit: Hit, subjects: _Near, owners: _Near) -> float:
    """Link factor of a neutrality hit: the nearby subject's weight, less if an owner is nearer."""
    to_subject, weight = subjects.nearest(hit)
    if to_subject == math.inf:
        return UNLINKED
    if owners.nearest(hit)[0] < to_subject:
        return max(UNLINKED, SHARED_LINK * weight)
    return max(UNLINKED, weight)


def score(title: str, body: str) -> Relevance:
    """ASN-neutrality relevance of one article: ``{score, is_relevant, matched}``.

    The formula is described in the module docstring. ``matched`` lists the canonical
    names of subject, neutrality and election terms found, sorted.
    """
    hits = find_hits(title or "", body or "")
    subjects = _Near([h for h in hits if h.term.group == SUBJECT])
    owners = _Near([h for h in hits if h.term.group == OWNER])
    context = sum(h.term.weight * h.position_weight for h in hits if h.term.group == ELECTION)
    factor = C_FLOOR + (1 - C_FLOOR) * min(1.0, context / C_FULL)
    per_term: dict[str, float] = {}
    for hit in hits:
        if hit.term.group != NEUTRALITY:
            continue
        value = hit.term.weight * hit.position_weight * _link(hit, subjects, owners)
        if hit.term.generic:
            value *= factor
        per_term[hit.term.name] = per_term.get(hit.term.name, 0.0) + value
    raw = sum(math.log1p(v) for v in per_term.values())
    value = round(1.0 - math.exp(-raw / SCALE), 3)
    matched = sorted({h.term.name for h in hits if h.term.group in (SUBJECT, NEUTRALITY, ELECTION)})
    return Relevance(score=value, is_relevant=value >= THRESHOLD, matched=matched)
