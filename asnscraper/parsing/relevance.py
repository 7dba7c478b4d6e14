"""Relevance: is this article about the political neutrality of civil servants (ASN) in an election?

A transparent, rule-based scorer. No model, no heavy NLP: a vocabulary of Indonesian terms in
precompiled regular expressions, matched on normalized text, then a small documented formula.
:func:`explain` returns every factor and per-term contribution behind a score.

Text normalization
    NFKC, lower case, every run of characters other than ``a-z0-9`` becomes one space, so
    ``TNI-Polri`` → ``tni polri``, ``nge-like`` → ``nge like`` and ``Netralitas,`` →
    ``netralitas``. The title is one block; the body is split into paragraphs (blank lines, or
    single line breaks) and each paragraph into sentences (``.``, ``!``, ``?`` followed by a
    space). Multi-word terms never match across a sentence boundary.

Indonesian morphology
    Each term is an explicit stem pattern that lists the affixes that occur with it, built
    with :func:`_affixed` (prefixes ``ber-``, ``me-``/``meN-`` with its nasal forms, ``di-``,
    ``ter-``, ``ke-``, ``pe-``/``peN-``, ``ketidak-``; suffixes ``-an``, ``-kan``, ``-i``,
    ``-itas``, then clitics ``-nya``/``-lah``) or spelled out (``mengerahkan``/``dikerahkan``/
    ``pengerahan``). Patterns are restricted to affixes that really occur with each stem so
    that e.g. ``pihak`` (party, side) alone does not count while ``berpihak``, ``memihak`` and
    ``keberpihakan`` do; ``netral`` covers ``netralitas``, ``ketidaknetralan``,
    ``menetralkan`` but not ``menetralisir`` (chemistry). Informal forms that news quotes use
    are listed too (``nyalon``, ``nyaleg``, ``komen``, ``nge-like``, ``tanda suka``).

Term groups (``TERMS``)
    * ``subject``: who must be neutral: ASN / aparatur sipil negara, PNS, PPPK/P3K, pegawai,
      honorer and other non-ASN paid by the region (tenaga kontrak), camat, lurah, kepala desa,
      perangkat desa (sekdes, kadus, kaur), sekda, kepala dinas, OPD, pejabat, penjabat (Pj),
      guru / kepala sekolah, dosen, tenaga kesehatan, Satpol PP, birokrasi, pemerintah daerah
      (weaker). Phrases like ``pegawai swasta`` or ``pejabat KPU`` are matched first as
      ``ignore`` so they are no subject.
    * ``neutrality``: neutrality and violation vocabulary, each with a weight ``w``. *Core*
      terms (``netral``, ``politik praktis``) are about neutrality by themselves; *generic*
      terms (kampanye, sanksi, dukungan, like/share, fasilitas negara, politik uang, KASN,
      Bawaslu …) also occur in unrelated news, so their weight is scaled by the election
      context factor ``c``.
    * ``election``: election context, each term with a *scope*: ``target`` (Pemilu, Pilkada,
      paslon, calon bupati, KPU …), ``shared`` (words every election uses: calon alone,
      kandidat, pemungutan suara, tahapan) or ``other`` (elections that are not Pemilu or
      Pilkada: pilkades, pemilihan ketua RT/OSIS/KORPRI, pemilihan rektor, anggota BPD, party
      congresses).
    * ``candidacy``: an ASN running for office (mencalonkan diri, maju, nyalon, mengundurkan
      diri, pensiun dini, pemberhentian dengan hormat / atas permintaan sendiri).
    * ``in office``: the candidate is still a civil servant (masih aktif, masih menjabat,
      belum mundur, tanpa mengundurkan diri, curi start). Never reported.
    * ``cue``: vote words (memilih, pilihan, mencoblos) that only serve as companions, and
      removal words (menertibkan, mencopot, menurunkan) that block campaign-material hits
      near them (Satpol PP taking banners down is enforcement). Never reported.
    * ``owner``: non-ASN bearers of "neutrality" (TNI, Polri, media, pers, internet, wasit, pH,
      penyelenggara, KPPS, panitia pemilihan). Never reported; they take neutrality away from a nearby
      ASN subject.

Companions
    Some words are evidence only next to another kind of word. A campaign material (poster,
    stiker, kalender, baliho, kaus, brosur), a directing verb (mengarahkan, menggiring,
    mengerahkan, menggalang, mengondisikan, menyosialisasikan, memenangkan), a chat group, or
    envelopes and sembako count only with a *candidate* word (calon, paslon, kandidat, caleg,
    nomor urut, partai, tim sukses, a vote word) near them. Being reported, summoned or
    examined (dilaporkan, dipanggil, diperiksa, pelapor, terlapor) counts only with a
    *supervisor* (Bawaslu, Panwascam, KASN, Inspektorat) near it; a candidacy word only with
    an *election* word near it. "Near" is the same sentence or at most ``WINDOW`` tokens away
    in the same block. A hit without its companion is ignored and not reported.

Formula (all constants are module-level names)
    Each text block has a position weight ``p``: the title ``TITLE_WEIGHT``; body paragraph
    ``i`` (0-based) ``max(PARA_FLOOR, PARA_FIRST * PARA_DECAY**i)``, so the lead counts more
    than later paragraphs.

    A neutrality hit is *linked* when an ASN subject occurs in the same sentence, or within
    ``WINDOW`` tokens in the same block. Link factor ``l``: the weight of the nearest such
    subject (1 for ASN/PNS/camat…, less for ``pemkab`` 0.5 or ``Pj`` 0.6); times
    ``SHARED_LINK`` when a non-ASN owner is nearer than that subject (``netralitas TNI,
    Polri dan ASN``); ``UNLINKED`` when no subject is near (and as a floor).

    Which election: ``T``, ``S``, ``O`` = ``Σ w·p`` over target, shared and other-election hits.
    The target election's share ``d = 1`` when ``O <= T``, else ``T / O``: an article mostly
    about a village-head or campus election keeps ``d`` of its neutrality evidence.
    Election context ``E = T + d·S``; ``c = C_FLOOR + (1 - C_FLOOR) · min(1, E / C_FULL)``.

    Own candidacy: ``K = Σ w·p·l`` over candidacy hits with an ASN subject in the same
    sentence (``l`` its weight; a candidacy with no subject there is someone else's),
    ``U = Σ w·p`` over in-office hits; ``k = 1 / (1 + CANDIDACY_RATE · max(0, K - U))``.
    Terms that also describe the candidate's own campaign (dukungan, deklarasi, tim sukses,
    kampanye, atribut, foto, like/share, BKN …) are multiplied by ``k``: an ASN resigning to
    run is not a neutrality story unless it says the candidate is still in office, or it
    carries violation terms (pelanggaran, sanksi, Bawaslu, netral) that ``k`` leaves alone.

    Each hit contributes ``h = w · p · l · d`` (· ``c`` if generic, · ``k`` if a campaign
    term). Hits of one canonical term are summed, then damped: ``R = Σ_term ln(1 + Σ h)``, so
    repeating one word has diminishing returns while different kinds of evidence add up.
    ``R`` is taken over the title plus the best run of ``BLOCK_WINDOW`` consecutive body
    paragraphs (all of a normal article; on a long page, evidence must sit together).
    Finally ``score = 1 - exp(-R / SCALE)``, rounded to 3 decimals; relevant when
    ``score >= THRESHOLD``.

Matching is one precompiled alternation of every term over each sentence, run by
:class:`~asnscraper.parsing.word_scanner.WordScanner`: the words a term can begin with are read
from its pattern, one C-level pass finds those words in the sentence and only the terms that can
begin there are tried (the same matches as ``finditer`` of the whole alternation, about ten
times faster). The term an occurrence belongs to is looked up afterwards and cached.
Nearest-hit lookups go through sorted indexes, so the cost stays linear in the text length.

Decisions documented in ``fixtures/relevance/README.md``: an ASN resigning to run for office
is *not* relevant unless the story is framed as neutrality or a violation; neutrality of
TNI/Polri, media, election organizers or the internet is not relevant; village-head and other
non-Pemilu/Pilkada elections are not relevant.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NamedTuple

from asnscraper.items import Relevance
from asnscraper.parsing.word_scanner import WordScanner, without_marks

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
CANDIDACY_RATE: Final = 1.0
BLOCK_WINDOW: Final = 8
SCALE: Final = 2.2

SUBJECT: Final = "subject"
NEUTRALITY: Final = "neutrality"
ELECTION: Final = "election"
CANDIDACY: Final = "candidacy"
IN_OFFICE: Final = "in office"
CUE: Final = "cue"
OWNER: Final = "owner"
IGNORE: Final = "ignore"

REPORTED: Final = frozenset({SUBJECT, NEUTRALITY, ELECTION, CANDIDACY})
"""Groups whose (counted) terms are listed in ``matched``."""

# Election scopes.
TARGET: Final = "target"
SHARED: Final = "shared"
OTHER: Final = "other"

# Companion marks: a term that ``needs`` one counts only near a term that ``marks`` it.
CANDIDATE: Final = "candidate"
ELECTORAL: Final = "electoral"
SUPERVISOR: Final = "supervisor"
REMOVAL: Final = "removal"


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
    """Canonical name reported in ``matched`` (several patterns may share one name)."""
    group: str
    pattern: str
    weight: float = 1.0
    generic: bool = False
    """Generic neutrality terms are scaled by the election context factor."""
    scope: str = TARGET
    """Election terms: which election they point to (``target``, ``shared``, ``other``)."""
    needs: str = ""
    """A companion mark that must occur near a hit of this term, or the hit is ignored."""
    unless: str = ""
    """A mark that must NOT occur near a hit of this term, or the hit is ignored."""
    marks: tuple[str, ...] = ()
    """Companion marks this term provides."""
    campaign: bool = False
    """Also describes an ASN candidate's own campaign: scaled by the candidacy factor."""


_CAND: Final = (CANDIDATE, ELECTORAL)

# Order matters: at one position the first alternative wins, so longer phrases come first.
TERMS: Final[tuple[Term, ...]] = (
    # --- compound names that contain a subject or owner word ---------------------------
    Term("kasn", NEUTRALITY, r"kasn|komisi aparatur sipil negara", 0.8, True, marks=(SUPERVISOR,)),
    Term("bkn", NEUTRALITY, r"bkn|badan kepegawaian negara", 0.3, True, campaign=True),
    Term("media sosial", NEUTRALITY, r"media sosial|medsos|sosmed|sosial media", 0.3, True),
    Term(
        "bawaslu",
        NEUTRALITY,
        r"bawaslu|panwaslu|panwascam|panwaslih|panwas|pengawas (?:pemilu|pemilihan|kecamatan|desa|tps)|"
        r"panitia pengawas(?: pemilu| pemilihan| kecamatan)?|badan pengawas pemilu|"
        r"gakkumdu|sentra penegakan hukum terpadu",
        0.4,
        True,
        marks=(SUPERVISOR,),
    ),
    # Satpol PP is an agency (like pemkab) whose election role is mostly removing banners.
    Term(
        "satpol pp", SUBJECT, r"satpol(?: pp)?|satuan polisi pamong praja|polisi pamong praja", 0.4
    ),
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
        r"penyelenggara(?: pemilu| pilkada)?|kpps|pps|ppk|pantarlih|"
        r"panitia (?:pemilihan|pilkades|pemungutan suara|pelaksana|penyelenggara)",
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
    Term(
        "honorer",
        SUBJECT,
        r"(?:tenaga |pegawai )?honorer|tenaga (?:kontrak|harian lepas|non asn)|pegawai kontrak",
    ),
    Term("pegawai", SUBJECT, r"pegawai(?:nya)?"),
    Term(
        "camat",
        SUBJECT,
        r"camat(?:nya)?|sekcam|sekretaris (?:camat|kecamatan)|kepala distrik|kadistrik",
    ),
    Term("lurah", SUBJECT, r"lurah(?:nya)?|seklur|sekretaris (?:lurah|kelurahan)"),
    Term(
        "kepala desa",
        SUBJECT,
        r"kepala (?:desa|kampung|nagari|pekon|gampong|lembang)|kades|wali nagari|keuchik|geuchik|"
        r"kuwu|perbekel",
    ),
    Term(
        "perangkat desa",
        SUBJECT,
        r"(?:perangkat|aparat|aparatur) (?:desa|kampung|nagari|kelurahan|gampong)|sekdes|"
        r"sekretaris (?:desa|kampung|nagari)|kepala (?:dusun|urusan|lingkungan|jorong)|kadus|kaur|"
        r"kasi pemerintahan",
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
        r"pejabat(?:nya)?|(?:kepala|pimpinan) (?:badan|bagian|bidang|seksi|instansi|uptd?|"
        r"puskesmas|kantor)|kabag|kabid|kasubag|kasubbag|kapus",
        0.9,
    ),
    Term("guru", SUBJECT, r"guru(?:nya)?|kepala sekolah|tenaga pendidik|tenaga kependidikan", 0.9),
    Term("dosen", SUBJECT, r"dosen(?:nya)?", 0.8),
    Term("tenaga kesehatan", SUBJECT, r"tenaga kesehatan|nakes|bidan desa", 0.7),
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
        r"(?:meng|di)?arahkan pilihan",
        0.8,
        True,
        campaign=True,
    ),
    Term(
        "ajakan memilih",
        NEUTRALITY,
        r"(?:meng|di)?ajak (?:\w+ ){0,3}(?:untuk )?(?:memilih|mencoblos|pilih|coblos|mendukung)|"
        r"ajakan (?:untuk )?(?:memilih|mencoblos|mendukung)",
        0.8,
        True,
        needs=CANDIDATE,
        campaign=True,
    ),
    Term(
        "mengarahkan pemilih",
        NEUTRALITY,
        r"mengarahkan|diarahkan|arahkan|menggiring|digiring|penggiringan|mengerahkan|dikerahkan|"
        r"pengerahan|menggalang|digalang|penggalangan|mengondisikan|mengkondisikan|dikondisikan|"
        r"pengondisian|menyosialisasikan|mensosialisasikan|disosialisasikan|sosialisasikan|"
        r"memenangkan|menangkan|dimenangkan|(?:meng)?amankan suara",
        0.6,
        True,
        needs=CANDIDATE,
        campaign=True,
    ),
    Term(
        "atribut kampanye",
        NEUTRALITY,
        r"atribut (?:partai|kampanye|paslon|calon|politik)|alat peraga(?: kampanye)?|apk",
        0.6,
        True,
        unless=REMOVAL,
        campaign=True,
    ),
    Term(
        "atribut kampanye",
        NEUTRALITY,
        r"stiker|poster|baliho|spanduk|kalender|ka[ou]s|brosur|pamflet|selebaran|flyer|leaflet|"
        r"kartu(?: nama)?|umbul umbul|bendera|banner",
        0.6,
        True,
        needs=CANDIDATE,
        unless=REMOVAL,
        campaign=True,
    ),
    Term(
        "grup percakapan",
        NEUTRALITY,
        r"grup (?:whatsapp|wa|wag|telegram|facebook|fb|percakapan|pesan)|wag",
        0.3,
        True,
        needs=CANDIDATE,
        campaign=True,
    ),
    Term(
        "tim sukses",
        NEUTRALITY,
        r"tim (?:sukses|pemenangan|kampanye|relawan)|timses|relawan|posko (?:pemenangan|relawan|kampanye|tim)",
        0.7,
        True,
        marks=(CANDIDATE,),
        campaign=True,
    ),
    Term(
        "kampanye",
        NEUTRALITY,
        _affixed("kampanye", "ber|di|meng", "kan") + "|mengampanyekan(?:nya)?",
        0.6,
        True,
        campaign=True,
    ),
    Term(
        "fasilitas negara",
        NEUTRALITY,
        r"fasilitas (?:negara|dinas|kantor|pemerintah(?:an)?|jabatan|instansi|daerah|desa)|"
        r"(?:mobil|kendaraan|motor) (?:dinas|operasional|pelat merah|berpelat merah)|"
        r"seragam (?:dinas|pns|asn|instansi)",
        0.6,
        True,
    ),
    Term(
        "pose jari",
        NEUTRALITY,
        r"(?:pose|gestur|gaya|simbol|acungan|salam) (?:\w+ )?jari|(?:satu|dua|tiga|empat) jari",
        0.8,
        True,
        campaign=True,
    ),
    Term(
        "foto bersama",
        NEUTRALITY,
        r"(?:ber)?foto (?:bersama|bareng|dengan)|swafoto|selfie",
        0.6,
        True,
        campaign=True,
    ),
    Term(
        "like/share/komentar",
        NEUTRALITY,
        r"(?:me|nge|di)?(?:like|share)|menyukai|disukai|tanda suka|memberi suka|"
        r"(?:membagikan|dibagikan) (?:ulang|postingan|unggahan|konten|foto|video|status)|"
        r"(?:ber|meng)?komentar|mengomentari|komen|dikomen(?:tari)?|ngomen|"
        r"(?:me|di)?nyebarkan|disebarkan|sebar|"
        + _affixed("unggah", "meng|di", "an")
        + r"|postingan|memposting|diposting|(?:me)?repost",
        0.5,
        True,
        campaign=True,
    ),
    Term(
        "politik uang",
        NEUTRALITY,
        r"politik uang|money politics?|serangan fajar|bagi bagi uang",
        0.6,
        True,
    ),
    Term(
        "politik uang",
        NEUTRALITY,
        r"amplop|sembako|uang (?:tunai|transport|saku|bensin)",
        0.6,
        True,
        needs=CANDIDATE,
    ),
    Term("politisasi", NEUTRALITY, r"(?:di|mem)?politisasi(?:kan)?", 0.6, True),
    Term("mobilisasi", NEUTRALITY, r"(?:di|me)?mobilisasi", 0.5, True),
    Term(
        "dukungan", NEUTRALITY, _affixed("dukung", "men|di|pen|nge", "an"), 0.3, True, campaign=True
    ),
    Term("ikrar", NEUTRALITY, _affixed("ikrar", "ber|meng|di", "kan"), 0.5, True),
    Term(
        "deklarasi",
        NEUTRALITY,
        _affixed("deklarasi", "men|di", "kan"),
        0.5,
        True,
        campaign=True,
    ),
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
    Term(
        "pemecatan",
        NEUTRALITY,
        r"(?:pemberhentian|diberhentikan|berhenti) (?:secara )?tidak dengan hormat|ptdh|"
        r"pemecatan|dipecat",
        0.6,
        True,
    ),
    Term("penonaktifan", NEUTRALITY, _affixed("nonaktif", "pe|di|me", "kan|an"), 0.6, True),
    Term("pelanggaran", NEUTRALITY, _affixed("langgar", "pe|me|di", "an"), 0.5, True),
    Term("kode etik", NEUTRALITY, r"kode etik", 0.5, True),
    Term("larangan", NEUTRALITY, _affixed("larang", "di|me", "an"), 0.4, True),
    Term(
        "laporan/pemeriksaan",
        NEUTRALITY,
        r"melaporkan|dilaporkan|dilapor|pelaporan|pelapor|terlapor|laporan|memanggil|dipanggil|"
        r"pemanggilan|memeriksa|diperiksa|pemeriksaan|dimintai (?:keterangan|klarifikasi)",
        0.5,
        True,
        needs=SUPERVISOR,
    ),
    Term("inspektorat", NEUTRALITY, r"inspektorat", 0.4, True, marks=(SUPERVISOR,)),
    Term("skb", NEUTRALITY, r"skb(?: (?:lima|5) (?:menteri|instansi))?", 0.4, True),
    Term("klarifikasi", NEUTRALITY, r"(?:di|meng)?klarifikasi", 0.3, True),
    # --- removing campaign material (enforcement, not campaigning; never reported) ---------
    Term(
        "penertiban",
        CUE,
        r"menertibkan|ditertibkan|tertibkan|penertiban|mencopot(?:i)?|copot|menurunkan|diturunkan|"
        r"membongkar|dibongkar|pembongkaran|mencabut|dicabut|pencabutan|razia|sweeping|"
        r"membersihkan|dibersihkan|pembersihan",
        marks=(REMOVAL,),
    ),
    # --- an ASN still in office (cancels the candidacy discount; never reported) ------------
    Term(
        "masih menjabat",
        IN_OFFICE,
        r"masih (?:aktif|menjabat|berstatus|tercatat|melekat|bertugas)|"
        r"belum (?:resmi )?(?:mundur|mengundurkan diri|berhenti|pensiun|nonaktif|dinonaktifkan)|"
        r"(?:belum|tanpa|tidak) mengajukan (?:surat )?pengunduran diri|"
        r"tanpa (?:mundur|mengundurkan diri)|curi start",
    ),
    # --- an ASN running for office -------------------------------------------------------
    Term(
        "pencalonan",
        CANDIDACY,
        r"mencalonkan diri|dicalonkan|pencalonan(?:nya)?|nyalon|nyaleg|maju|bertarung|berlaga",
        needs=ELECTORAL,
    ),
    Term(
        "pengunduran diri",
        CANDIDACY,
        r"mengundurkan diri|undurkan diri|pengunduran diri(?:nya)?|mundur (?:dari|sebagai)|pensiun dini|"
        r"(?:pemberhentian|diberhentikan|berhenti) (?:dengan hormat )?atas permintaan sendiri|"
        r"(?:pemberhentian|diberhentikan|berhenti) dengan hormat",
        needs=ELECTORAL,
    ),
    # --- elections that are not Pemilu/Pilkada (checked before the target terms) ---------
    Term(
        "pilkades",
        ELECTION,
        r"pilkades|pilkakam|pemilihan (?:kepala (?:desa|kampung|pekon|lembang)|kades|kuwu|"
        r"wali nagari|keuchik|geuchik|perbekel)|pesta demokrasi desa",
        scope=OTHER,
    ),
    Term(
        "pilkades",
        ELECTION,
        r"(?:pasangan )?calon (?:kepala (?:desa|kampung|pekon|lembang)|kades|kuwu|wali nagari|"
        r"keuchik|geuchik|perbekel)",
        0.6,
        scope=OTHER,
        marks=_CAND,
    ),
    Term(
        "pemilihan lain",
        ELECTION,
        r"pemilihan (?:ketua|rektor|dekan|anggota bpd|bpd|kepala dusun|pengurus|rt|rw)|pilrek|"
        r"pemira",
        scope=OTHER,
    ),
    Term(
        "pemilihan lain",
        ELECTION,
        r"osis|musda|muscab|muswil|munas|musyawarah (?:daerah|cabang|wilayah|nasional|"
        r"kabupaten|kota|provinsi)|kongres|muktamar|konferensi (?:cabang|daerah|wilayah)",
        0.5,
        scope=OTHER,
    ),
    Term(
        "pemilihan lain",
        ELECTION,
        r"(?:pasangan )?calon (?:ketua|rektor|dekan|anggota bpd)",
        0.6,
        scope=OTHER,
        marks=_CAND,
    ),
    # --- election context -----------------------------------------------------------------
    Term(
        "pemilihan",
        ELECTION,
        r"pemilihan (?:umum|kepala daerah|gubernur|bupati|wali ?kota|presiden|legislatif|"
        r"serentak|anggota (?:dpr|dprd|dpd)|20\d\d)",
        marks=(ELECTORAL,),
    ),
    Term("pemilu", ELECTION, r"pemilu(?:kada)?", marks=(ELECTORAL,)),
    Term(
        "pilkada",
        ELECTION,
        r"pilkada|pilgub|pilbup|pilwako|pilwalkot|pilwali|pilbub",
        marks=(ELECTORAL,),
    ),
    Term("pilpres", ELECTION, r"pilpres", marks=(ELECTORAL,)),
    Term("pileg", ELECTION, r"pileg", marks=(ELECTORAL,)),
    Term("pesta demokrasi", ELECTION, r"pesta demokrasi", scope=SHARED),
    Term("pesta demokrasi", ELECTION, r"tahun politik|masa tenang"),
    Term("paslon", ELECTION, r"paslon|pasangan calon", marks=_CAND),
    Term(
        "calon",
        ELECTION,
        r"(?:bakal )?calon (?:bupati|wakil bupati|wali ?kota|wakil wali ?kota|gubernur|"
        r"wakil gubernur|kepala daerah|presiden|wakil presiden|legislatif|anggota dprd?)|"
        r"caleg|capres|cawapres|cabup|cawabup|cagub|cawagub|cawalkot|cawako|bacalon|bacabup|"
        r"bacagub|bacawalkot",
        0.6,
        marks=_CAND,
    ),
    Term("calon", ELECTION, r"calon", 0.6, scope=SHARED, marks=_CAND),
    Term("kandidat", ELECTION, r"kandidat", 0.6, scope=SHARED, marks=_CAND),
    Term("nomor urut", ELECTION, r"nomor urut", 0.4, scope=SHARED, marks=(CANDIDATE,)),
    Term(
        "kpu",
        ELECTION,
        r"kpu|komisi pemilihan umum|komisi independen pemilihan|kip aceh",
        0.6,
        marks=(ELECTORAL,),
    ),
    Term("tahapan", ELECTION, r"tahapan", 0.4, scope=SHARED),
    Term(
        "pencoblosan",
        ELECTION,
        r"pencoblosan|pemungutan suara|tps|tempat pemungutan suara|hari h",
        0.6,
        scope=SHARED,
    ),
    Term("partai politik", ELECTION, r"partai politik|parpol", 0.5, marks=(CANDIDATE,)),
    Term("kontestasi", ELECTION, r"kontestasi", 0.6, scope=SHARED),
    # --- vote words: companions only --------------------------------------------------------
    Term(
        "memilih",
        CUE,
        r"memilih|dipilih|pilihan(?:nya)?|mencoblos|dicoblos|coblos|nyoblos",
        marks=(CANDIDATE,),
    ),
)

# One flat alternation of every term's own alternatives, no capturing groups, on whole words of
# the normalized text; the scanner tries at each word only the terms that can begin with it.
# Which term matched is found afterwards (cached).
_MATCHER: Final = WordScanner([term.pattern for term in TERMS], r"(?<![a-z0-9])", r"(?![a-z0-9])")
_TERM_RES: Final = tuple((term, re.compile(term.pattern)) for term in TERMS)
_MARKS: Final = tuple(sorted({mark for term in TERMS for mark in term.marks}))


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
#: Every ASCII character but ``a-z0-9`` to a space (``normalize`` of ASCII text).
_ASCII_NON_WORD: Final = str.maketrans(
    {chr(c): " " for c in range(128) if not ("a" <= chr(c) <= "z" or "0" <= chr(c) <= "9")}
)
_PARAGRAPHS: Final = re.compile(r"\n\s*")
#: A sentence ends at ``.``, ``!`` or ``?``, closing quotes or brackets, then a space. Matched
#: from the mark (a pattern that begins with a lookbehind is tried at every character) and
#: captured, so :func:`_sentences` gives it back to its sentence.
_SENTENCE_END: Final = re.compile(r"([.!?])[\"'”’)]*\s+")


class Hit(NamedTuple):
    """One term occurrence (a tuple: many are made per article)."""

    term: Term
    block: int
    sentence: int
    token: int
    position_weight: float


def normalize(text: str) -> str:
    """Lower-case ``text`` and reduce it to ``a-z0-9`` words separated by single spaces."""
    if text.isascii():  # most sentences: NFKC changes nothing, str methods do the rest
        return " ".join(text.lower().translate(_ASCII_NON_WORD).split())
    text = unicodedata.normalize("NFKC", text).lower()
    return _NON_WORD.sub(" ", text).strip()


#: Every byte but ``a-z0-9`` and the newline to a space (:func:`_normalized_lines`).
_LINE_BYTES: Final = bytes(
    c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789\n" else 32 for c in range(256)
)


def _normalized_lines(sentences: list[str]) -> list[str]:
    """:func:`normalize` of each sentence (none holds a newline), in C-level steps over their
    text joined by newlines: a newline is a character NFKC never joins with its neighbours
    and ``str.lower`` never reads around, so each line comes out as the sentence alone would;
    every character left that is not ``a-z0-9`` (non-ASCII ones through ``"?"``) is a space.
    """
    if not sentences:
        return []
    joined = without_marks("\n".join(sentences))  # quotes and dashes: spaces either way
    if not joined.isascii():
        joined = unicodedata.normalize("NFKC", joined)
    data = joined.lower().encode("ascii", "replace").translate(_LINE_BYTES).decode("ascii")
    return [" ".join(line.split()) for line in data.split("\n")]


def _sentences(paragraph: str) -> list[str]:
    """The paragraph cut after each sentence end (its mark kept, what follows it dropped)."""
    parts = _SENTENCE_END.split(paragraph)
    sentences = [text + mark for text, mark in zip(parts[0::2], parts[1::2], strict=False)]
    sentences.append(parts[-1])
    return sentences


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
        blocks.append((weight, [s for s in _sentences(paragraph) if s.strip()]))
        index += 1
    return blocks


def find_hits(title: str, body: str) -> list[Hit]:
    """Every term occurrence, with its block, sentence, token offset and position weight.

    The sentences are normalized together and scanned as one text, one sentence a line: no
    term pattern matches a newline (literal spaces, ``\\w``, ``\\d`` only), so no match
    crosses a sentence (tests/test_relevance.py checks both against sentence-by-sentence work).
    """
    blocks = _blocks(title, body)
    if blocks and title and title.strip():  # the title is one sentence, newlines and all
        blocks[0] = (blocks[0][0], [title.replace("\n", " ")])
    lines = _normalized_lines([s for _, sentences in blocks for s in sentences])
    # Per kept (non-empty) sentence: block, position weight, first word in the scanned text,
    # and the tokens of its block before it.
    kept: list[tuple[int, float, int, int]] = []
    texts: list[str] = []
    line_no = word = 0
    for block_id, (weight, sentences) in enumerate(blocks):
        token_base = 0
        for text in lines[line_no : line_no + len(sentences)]:
            if text:
                kept.append((block_id, weight, word, token_base))
                texts.append(text)
                size = text.count(" ") + 1
                word += size
                token_base += size
        line_no += len(sentences)
    hits: list[Hit] = []
    sentence = 0
    for index, match in _MATCHER.match_spaced("\n".join(texts)):
        while sentence + 1 < len(kept) and kept[sentence + 1][2] <= index:
            sentence += 1
        block_id, weight, first, token_base = kept[sentence]
        hits.append(
            Hit(_term_of(match.group()), block_id, sentence, token_base + index - first, weight)
        )
    return hits


_NO_HITS: Final[tuple[list[int], list[Hit]]] = ([], [])


class _Near:
    """Hits indexed by block and sentence, for :meth:`nearest` in logarithmic time.

    A long text can hold tens of thousands of hits; comparing each neutrality hit with every
    subject hit would be quadratic.
    """

    def __init__(self, hits: list[Hit]) -> None:
        """``hits`` in text order (as :func:`find_hits` returns them, or any sublist): within
        a block or a sentence their tokens are then already ascending."""
        by_block: dict[int, list[Hit]] = {}
        by_sentence: dict[int, list[Hit]] = {}
        for hit in hits:
            by_block.setdefault(hit.block, []).append(hit)
            by_sentence.setdefault(hit.sentence, []).append(hit)
        self.blocks = {k: ([h.token for h in v], v) for k, v in by_block.items()}
        self.sentences = {k: ([h.token for h in v], v) for k, v in by_sentence.items()}

    def nearest(self, hit: Hit) -> tuple[float, float]:
        """(token distance, weight) of the nearest hit close enough to ``hit`` to count.

        Close enough: same block and either the same sentence or at most ``WINDOW`` tokens
        away. Among equally near ones the highest weight wins; ``(inf, 0)`` when none is close.
        """
        tokens, ordered = self.blocks.get(hit.block, _NO_HITS)
        lo = bisect_left(tokens, hit.token - WINDOW)
        hi = bisect_right(tokens, hit.token + WINDOW)
        # Hits within WINDOW in the block are nearer than any farther hit of the sentence;
        # without them only the sentence's nearest count (a sentence lies in one block).
        candidates = ordered[lo:hi] if lo < hi else self._closest_in_sentence(hit)
        best = (math.inf, 0.0)
        for other in candidates:
            gap = abs(other.token - hit.token)
            if gap < best[0] or (gap == best[0] and other.term.weight > best[1]):
                best = (gap, other.term.weight)
        return best

    def near(self, hit: Hit) -> bool:
        return self.nearest(hit)[0] != math.inf

    def in_sentence(self, hit: Hit) -> float:
        """Weight of the nearest hit in the same sentence as ``hit`` (0 when there is none)."""
        return max((h.term.weight for h in self._closest_in_sentence(hit)), default=0.0)

    def _closest_in_sentence(self, hit: Hit) -> list[Hit]:
        """The hits of ``hit``'s sentence at the smallest token distance from it."""
        tokens, ordered = self.sentences.get(hit.sentence, _NO_HITS)
        if not tokens:
            return []
        i = bisect_left(tokens, hit.token)
        gap = min(abs(tokens[j] - hit.token) for j in (i - 1, i) if 0 <= j < len(tokens))
        lo = bisect_left(tokens, hit.token - gap)
        hi = bisect_right(tokens, hit.token + gap)
        return [h for h in ordered[lo:hi] if abs(h.token - hit.token) == gap]


def _link(hit: Hit, subjects: _Near, owners: _Near) -> float:
    """Link factor of a neutrality hit: the nearby subject's weight, less if an owner is nearer."""
    to_subject, weight = subjects.nearest(hit)
    if to_subject == math.inf:
        return UNLINKED
    if owners.nearest(hit)[0] < to_subject:
        return max(UNLINKED, SHARED_LINK * weight)
    return max(UNLINKED, weight)


def _counted(hits: list[Hit]) -> list[Hit]:
    """The hits that count: a companion near when they need one, no blocker near."""
    wanted = {h.term.needs for h in hits} | {h.term.unless for h in hits}
    near = {
        mark: _Near([h for h in hits if mark in h.term.marks]) for mark in _MARKS if mark in wanted
    }
    return [
        h
        for h in hits
        if (not h.term.needs or near[h.term.needs].near(h))
        and not (h.term.unless and near[h.term.unless].near(h))
    ]


def _best_window(per_block: dict[int, dict[str, float]], first_body: int) -> dict[str, float]:
    """Per-term sums over the title plus the run of ``BLOCK_WINDOW`` consecutive body blocks
    whose damped total ``Σ ln(1 + Σ h)`` is largest (the whole text when it is shorter).

    Evidence must sit together: a long page that names ASN in one part, neutrality in another
    and an election in a third is not an article about ASN neutrality. Sliding sums keep this
    linear in the number of blocks.
    """
    title = per_block.get(0, {}) if first_body else {}
    last = max((b for b in per_block if b >= first_body), default=first_body)
    window: dict[str, float] = {}
    best: dict[str, float] = dict(title)
    best_value = sum(math.log1p(v) for v in best.values())
    for end in range(first_body, last + 1):
        entering = per_block.get(end, {})
        for name, v in entering.items():
            window[name] = window.get(name, 0.0) + v
        start = end - BLOCK_WINDOW
        leaving = per_block.get(start, {}) if start >= first_body else {}
        for name, v in leaving.items():
            window[name] -= v
        if end > first_body and not entering and not leaving:
            continue  # the same window as the step before: its value was weighed already
        # dict.fromkeys, not a set: the sums run in one order in every process (a set's order
        # follows the string hash seed, and float sums in another order can differ in the last bit)
        names = dict.fromkeys([*title, *window])
        total = {name: title.get(name, 0.0) + window.get(name, 0.0) for name in names}
        value = sum(math.log1p(max(0.0, v)) for v in total.values())
        if value > best_value:
            best, best_value = total, value
    return {name: v for name, v in best.items() if v > 0}


def explain(title: str, body: str) -> dict[str, Any]:
    """Every factor of the score: ``score``, ``is_relevant``, ``matched`` as :func:`score`
    returns them, plus ``context`` (E), ``context_factor`` (c), ``election_share`` (d),
    ``candidacy`` (K), ``in_office`` (U), ``candidacy_factor`` (k) and ``contributions``:
    ``ln(1 + Σ h)`` per canonical neutrality term, largest first.
    """
    hits = _counted(find_hits(title or "", body or ""))
    subjects = _Near([h for h in hits if h.term.group == SUBJECT])
    owners = _Near([h for h in hits if h.term.group == OWNER])
    scopes = {TARGET: 0.0, SHARED: 0.0, OTHER: 0.0}
    candidacy = in_office = 0.0
    matched: set[str] = set()
    for hit in hits:
        group = hit.term.group
        if group == ELECTION:
            scopes[hit.term.scope] += hit.term.weight * hit.position_weight
        elif group == IN_OFFICE:
            in_office += hit.term.weight * hit.position_weight
        elif group == CANDIDACY:
            weight = subjects.in_sentence(hit)
            if not weight:
                continue  # someone else's candidacy: neither counted nor reported
            candidacy += hit.term.weight * hit.position_weight * weight
        if group in REPORTED:
            matched.add(hit.term.name)
    target, other = scopes[TARGET], scopes[OTHER]
    share = 1.0 if other <= target else target / other
    context = target + share * scopes[SHARED]
    factor = C_FLOOR + (1 - C_FLOOR) * min(1.0, context / C_FULL)
    own_run = 1.0 / (1.0 + CANDIDACY_RATE * max(0.0, candidacy - in_office))
    # Neutrality evidence per block and canonical term; the title counts with every window.
    per_block: dict[int, dict[str, float]] = {}
    for hit in hits:
        if hit.term.group != NEUTRALITY:
            continue
        value = hit.term.weight * hit.position_weight * _link(hit, subjects, owners) * share
        if hit.term.generic:
            value *= factor
        if hit.term.campaign:
            value *= own_run
        sums = per_block.setdefault(hit.block, {})
        sums[hit.term.name] = sums.get(hit.term.name, 0.0) + value
    per_term = _best_window(per_block, 1 if title and title.strip() else 0)
    contributions = {k: math.log1p(v) for k, v in per_term.items()}
    value = round(1.0 - math.exp(-sum(contributions.values()) / SCALE), 3)
    return {
        "score": value,
        "is_relevant": value >= THRESHOLD,
        "matched": sorted(matched),
        "context": round(context, 3),
        "context_factor": round(factor, 3),
        "election_share": round(share, 3),
        "candidacy": round(candidacy, 3),
        "in_office": round(in_office, 3),
        "candidacy_factor": round(own_run, 3),
        "contributions": {
            k: round(v, 3) for k, v in sorted(contributions.items(), key=lambda kv: -kv[1])
        },
    }


def score(title: str, body: str) -> Relevance:
    """ASN-neutrality relevance of one article: ``{score, is_relevant, matched}``.

    The formula is described in the module docstring. ``matched`` lists the canonical
    names of the subject, neutrality, election and candidacy terms that count, sorted.
    """
    result = explain(title, body)
    return Relevance(
        score=result["score"], is_relevant=result["is_relevant"], matched=result["matched"]
    )
