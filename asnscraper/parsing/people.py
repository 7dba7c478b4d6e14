"""People: officials named in an article together with their office.

``find_people(text, regions)`` returns ``[{name, role}]`` in order of first mention.

Offices (``OFFICES``), matched case-insensitively, with an optional ``Pj``/``Penjabat``,
``Plt``/``Pelaksana Tugas``, ``Plh``/``Pelaksana Harian`` before them: Sekda (Sekretaris
Daerah), Bupati, Wakil Bupati (Wabup), Wali Kota (Walikota), Wakil Wali Kota (Wawako),
Gubernur, Wakil Gubernur, Camat, Lurah, Kepala Desa (Kades), Kepala Dinas/Badan/Bagian +
their unit (Kadis, Kabag), Kepala BKPSDM/BKD/…, Kepala Inspektorat/Inspektur, Kepala Satpol PP,
Ketua/Wakil Ketua/Anggota of Bawaslu, Panwaslu, KPU and DPRD (long forms such as ``Badan
Pengawas Pemilihan Umum`` become the acronym), Kapolres, Kapolresta, Kapolda, Kapolsek,
Dandim, Danrem, Kajari, Kajati, Asisten.

Roles are normalized: the office's short form (``Sekretaris Daerah`` → ``Sekda``,
``Walikota`` → ``Wali Kota``, ``Kades`` → ``Kepala Desa``, ``Kepala Bagian`` → ``Kabag``),
then the region named right after it in gazetteer spelling: heads of a region and police,
military and prosecutors take the name without prefix (``Bupati Kuantan Singingi``,
``Wali Kota Pagar Alam``, ``Kapolres Lahat``), every other office the official name with its
prefix (``Pj Sekda Kota Pagar Alam``, ``Ketua Bawaslu Kota Pagar Alam``). Camat, Lurah and
Kepala Desa take the area name written after them (``Camat Dempo Utara``). No region is
added when the text names none.

Orders recognized: ``Role [Region] [,] Name`` (``Pj Sekda Kota Pagaralam Rano Fahlesi SE
MSi``), ``Role [Region] yang <short clause>, Name,`` (``Anggota Bawaslu Kuansing yang
membidangi penanganan pelanggaran, Siti Rahmawati, …``), ``Name, Role`` and ``Name (Role)``. An
office written as a candidacy (``calon Bupati``, ``paslon Wali Kota``, ``calon bupati dan wakil
bupati``) names nobody: candidates hold no office. Names are capitalized words (initials ``M.``
allowed); titles and ranks before them (Dr., H., Hj., Drs., Ir., Prof., AKBP, Letkol…) and
academic degrees after them (SE, M.Si, SPOG, S.Sos…) are stripped (``_strip``/``DEGREES``). A
name stops at punctuation, a lower-case word, a day or month, an office or institution word, or
a headline verb (``Ingatkan``…). A one-word name needs a title or degree next to it or a second
occurrence in the text, so ``Ketua DPRD Pabung`` gives nobody. In a title-case line (a headline
or subhead, where every word is capitalized) any name needs a title or degree next to it or the
same name written outside such lines: ``Paslon Wali Kota Pagar Alam Adu Gagasan`` names nobody,
``Sekda Kuansing Dr. Fahdiansyah Ingatkan ASN`` names Fahdiansyah. Role words followed by no
name (``Camat, dan Lurah``) give nobody.

One entry per person: the same name again, the surname alone (``Fahlesi``), or a spelling
within ``MAX_EDITS`` edits for the same office (``Fahriansyah`` / ``Fahdiansyah``) are merged;
the most frequent spelling in the text and the most specific role (the longest, e.g. the one
with a region) are kept.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from asnscraper.items import Person, Region
from asnscraper.parsing.regions import ENTRIES, name_key, region_at
from asnscraper.parsing.text import edit_distance
from asnscraper.parsing.word_scanner import WordScanner

MAX_EDITS: Final = 2
MAX_NAME_TOKENS: Final = 5


def _words(text: str) -> list[str]:
    return text.split()


#: (pattern, normalized office, kind). kind: head (region head; region without prefix and
#: level cue), security (region without prefix), local (area name follows), unit (unit words
#: follow), plain (official region name with prefix).
OFFICES: Final[tuple[tuple[str, str, str], ...]] = (
    (r"sekretaris\s+daerah|sekda", "Sekda", "plain"),
    (r"wakil\s+bupati|wabup", "Wakil Bupati", "head"),
    (r"bupati", "Bupati", "head"),
    (r"wakil\s+wali\s*kota|wawako|wawali", "Wakil Wali Kota", "head"),
    (r"wali\s*kota", "Wali Kota", "head"),
    (r"wakil\s+gubernur|wagub", "Wakil Gubernur", "head"),
    (r"gubernur", "Gubernur", "head"),
    (r"camat", "Camat", "local"),
    (r"lurah", "Lurah", "local"),
    (r"kepala\s+desa|kades", "Kepala Desa", "local"),
    (r"kepala\s+(?:bkpsdm|bkpsdmd|bkd|bkpp|bkppd|bkdpsdm|bkpsd)", "", "plain"),
    (r"kepala\s+inspektorat", "Kepala Inspektorat", "plain"),
    (r"inspektur", "Inspektur", "plain"),
    (r"kepala\s+satpol\s*pp|kasatpol\s*pp", "Kepala Satpol PP", "plain"),
    (r"kepala\s+dinas|kadis", "Kepala Dinas", "unit"),
    (r"kepala\s+badan", "Kepala Badan", "unit"),
    (r"kepala\s+bagian|kabag", "Kabag", "unit"),
    (r"asisten(?:\s+(?:iii|ii|i|[1-3])(?![\w]))?", "", "unit"),
    (
        r"(?:wakil\s+ketua|ketua|anggota)\s+(?:bawaslu|panwaslu|panwascam|kpu|kpud|dprd|"
        r"badan\s+pengawas\s+pemilihan\s+umum|komisi\s+pemilihan\s+umum|"
        r"dewan\s+perwakilan\s+rakyat\s+daerah)",
        "",
        "plain",
    ),
    (r"kapolresta|kapolres|kapolda|kapolsek|kepala\s+kepolisian\s+resor", "", "security"),
    (r"dandim|komandan\s+kodim|danrem|kajari|kepala\s+kejaksaan\s+negeri|kajati", "", "security"),
)
_MODIFIER: Final = (
    r"(?P<mod>penjabat|pj\.?|plt\.?|pelaksana\s+tugas|plh\.?|pelaksana\s+harian)"
    r"(?:\s*\((?:pj|plt|plh)\))?\s+"
)
#: Every office (group ``o<i>`` for ``OFFICES[i]``) with its modifier, on whole words; the
#: scanner finds the words an office can begin with first (Sekda, Bupati, Kepala, Pj …).
_OFFICE_SCAN: Final = WordScanner(
    [
        r"(?:"
        + _MODIFIER
        + r")?(?:"
        + "|".join(f"(?P<o{i}>{pattern})" for i, (pattern, _, _) in enumerate(OFFICES))
        + r")"
    ],
    r"(?<![\w-])",
    r"(?![\w-])",
    re.IGNORECASE,
)
_OFFICE_RE: Final = _OFFICE_SCAN.pattern
_OFFICE_GROUPS: Final = {f"o{i}": i for i in range(len(OFFICES))}
_MODIFIERS: Final = {"penjabat": "Pj", "pelaksana tugas": "Plt", "pelaksana harian": "Plh"}
_LONG_FORMS: Final = (
    (re.compile(r"badan\s+pengawas\s+pemilihan\s+umum", re.I), "Bawaslu"),
    (re.compile(r"komisi\s+pemilihan\s+umum", re.I), "KPU"),
    (re.compile(r"dewan\s+perwakilan\s+rakyat\s+daerah", re.I), "DPRD"),
    (re.compile(r"kepala\s+kepolisian\s+resor", re.I), "Kapolres"),
    (re.compile(r"komandan\s+kodim", re.I), "Dandim"),
    (re.compile(r"kepala\s+kejaksaan\s+negeri", re.I), "Kajari"),
    (
        re.compile(
            r"\b(bawaslu|panwaslu|panwascam|kpud?|dprd|bkpsdmd?|bkd|bkppd?|bkdpsdm)\b", re.I
        ),
        "",
    ),
)
_KEEP_UPPER: Final = {"pp", "dprd", "kpu", "kpud", "bkd", "bkpp", "bkppd", "bkpsdm", "bkpsdmd"}
_LEVEL_OF_HEAD: Final = {
    "Bupati": "kabupaten",
    "Wakil Bupati": "kabupaten",
    "Wali Kota": "kota",
    "Wakil Wali Kota": "kota",
    "Gubernur": "provinsi",
    "Wakil Gubernur": "provinsi",
}
_REGION_CUE_RE: Final = re.compile(
    r"\s*(?:(?P<kabupaten>kabupaten|kab\.?)|(?P<kota>kota)|(?P<provinsi>provinsi|prov\.?))\s+",
    re.IGNORECASE,
)
_AREA_CUE_RE: Final = re.compile(r"\s*(?:kecamatan|kelurahan|desa)\s+", re.IGNORECASE)
_PAREN_RE: Final = re.compile(r"\s*\(\s*([A-Za-z][\w .-]{0,30}?)\s*\)")
_UNIT_WORDS: Final = frozenset(
    _words(
        """
        pendidikan kebudayaan kesehatan sosial pekerjaan umum penataan ruang perumahan
        kawasan permukiman pertanahan lingkungan hidup perhubungan komunikasi informatika
        statistik persandian kependudukan pencatatan sipil pemberdayaan masyarakat desa
        perempuan perlindungan anak pengendalian penduduk keluarga berencana tenaga kerja
        transmigrasi koperasi usaha kecil menengah mikro penanaman modal pelayanan terpadu
        satu pintu pemuda olahraga pariwisata perpustakaan kearsipan kelautan perikanan
        pertanian pangan ketahanan peternakan perkebunan kehutanan energi sumber daya
        mineral perdagangan perindustrian kepegawaian pengembangan manusia aparatur keuangan
        pendapatan aset daerah perencanaan pembangunan penelitian penanggulangan bencana
        kesatuan bangsa politik pemadam kebakaran penyelamatan sekretariat pemerintahan
        hukum organisasi protokol kesejahteraan rakyat ekonomi administrasi pengadaan barang
        jasa tata bidang dan & umum rumah sakit pengelolaan kesra setda prokopim humas
        """
    )
)
_TITLE_PREFIXES: Final = frozenset(
    _words(
        """
        dr drs dra ir h hj prof kh ns drg apt ust ustadz tgk hc akbp akp kompol iptu ipda
        aiptu aipda bripka brigadir kombes brigjen irjen komjen letkol kolonel mayor kapten
        lettu letda inf czi kav arh pol laksma marsma mayjen
        """
    )
)
#: Academic and professional degrees, normalized (lower case, no dots, commas or spaces).
DEGREES: Final = frozenset(
    _words(
        """
        se sh ssos spd sag sip skom st ssi skep sked sfarm sstp shut sp spsi skes skm str
        sap sikom sth shum spt spi sab sak ssy shi sei ssn sds stp msi mm mh mpd mkes mkom
        mt mag msc ma map mak me mhum mip mph mkn mpsi meng mba mtr mhan mars mmr mse mec
        msos mip phd sik lc dipl amd amdkeb amdkep spog sppd spa spb spm spjp spn sprad spkj
        spbs spot ak ca cpa cfp cht chrm mmpd mikom mtp mhkes mkp dea
        """
    )
)
_STOP_WORDS: Final = frozenset(
    _words(
        """
        senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni
        juli agustus september oktober november desember sekda sekretaris bupati wabup wakil
        wali walikota kota gubernur camat lurah kepala kades kadis kabag asisten ketua
        anggota kapolres kapolda dandim kajari inspektur pj plt plh penjabat pelaksana
        pemkab pemkot pemprov pemerintah pemda kabupaten provinsi dinas badan bagian kantor
        kejaksaan kepolisian pengadilan agama negeri umum daerah pemilihan komisi dewan
        bawaslu kpu dprd asn pns opd forkopimda apel kegiatan acara dalam pada para seluruh
        serta dan yang di ke dari ini itu saat bersama menurut kata ujar selain tampak hadir
        turut juga unsur staf ahli tim satuan polres polsek kodim sementara selanjutnya
        kemudian namun tetapi bahkan sedangkan adapun lebih sebelumnya ia dia beliau kami
        kita mereka pilkada pemilu netralitas deklarasi organisasi perangkat pabung bapak
        ibu saudara sdr pak bu tak harus siap resmi soal terkait jelang usai minta imbau
        ajak beri jaga buka pimpin hadiri tanggapi larang bakal akan sudah telah bukan tidak
        """
    )
)
_WORD_RE: Final = re.compile(r"[A-Za-z](?:[A-Za-z'’-]|\.(?=[A-Za-z]))*\.?")
_SEP_RE: Final = re.compile(r"[ \t]*(,[ \t]*)?")
_VERB_SUFFIX_RE: Final = re.compile(r"(?:kan|nya|lah)$", re.IGNORECASE)
_SENTENCE_ENDS: Final = '\n.;:!?“”"'
_NONSPACE_RE: Final = re.compile(r"\S+")
_NEXT_TOKEN_RE: Final = re.compile(r"\s*(\S+)")
_AFTER_ROLE_RE: Final = re.compile(r"[ \t]*,?[ \t]*")
_UNIT_WORD_RE: Final = re.compile(r"[ \t]+([A-Za-z&][\w&]*)")
_AREA_WORD_RE: Final = re.compile(r"[ \t]*([A-Z][a-z'’-]+)")


@dataclass(slots=True)
class _Found:
    name: str
    role: str
    office: str
    start: int
    titled: bool  # a title or degree was written next to the name
    spellings: list[str] = field(default_factory=list)


def _core(token: str) -> str:
    return token.replace(".", "").replace(",", "")


def _is_degree(token: str) -> bool:
    return _core(token).lower() in DEGREES


def _is_title(token: str) -> bool:
    return _core(token).lower() in _TITLE_PREFIXES


def _name_token(token: str) -> bool:
    core = token.rstrip(".")
    if not core or not core[0].isupper() or core.lower() in _STOP_WORDS or "." in core:
        return False
    if len(core) > 1 and core.isupper():  # acronyms (ASN, OPD) are no names
        return False
    return not (len(core) > 4 and _VERB_SUFFIX_RE.search(core))  # Ingatkan, Tegaskan


def _valid_name(tokens: list[str]) -> str | None:
    if not tokens or len(tokens) > MAX_NAME_TOKENS:
        return None
    if len(tokens[-1].rstrip(".")) == 1 or not any(len(t.rstrip(".")) >= 3 for t in tokens):
        return None
    name = " ".join(tokens)
    return None if name_key(name) in _REGION_KEYS else name


def _take_name(text: str, pos: int) -> tuple[str, int, bool] | None:
    """The name written from ``pos``: (name, end, titled), titles and degrees stripped."""
    tokens: list[str] = []
    titled = False
    stage = "pre"  # pre: titles; name: name words; post: degrees
    end = pos
    while True:
        sep = _SEP_RE.match(text, end)
        assert sep is not None
        word = _WORD_RE.match(text, sep.end())
        if not word:
            break
        token = word.group()
        if sep.group(1) and (stage == "pre" or not _is_degree(token)):
            break  # a comma only continues a list of degrees
        if stage == "pre" and _is_title(token) and not _is_degree(token):
            titled = True
        elif stage != "post" and not _is_degree(token) and _name_token(token):
            stage = "name"
            if token.endswith(".") and len(token) > 3:  # the name ends a sentence
                tokens.append(token[:-1])
                end = word.end() - 1
                break
            tokens.append(token)
        elif stage != "pre" and _is_degree(token):
            stage, titled = "post", True
        else:
            break
        end = word.end()
    name = _valid_name(tokens)
    return (name, end, titled) if name else None


def _name_before(text: str, end: int) -> tuple[str, int, bool] | None:
    """The name written just before ``end`` (``Rano Fahlesi SE,`` before ``Pj Sekda``)."""
    mark = end - 1  # the "," or "(" before the role (no copy of the text: linear overall)
    while mark >= 0 and text[mark] in " \t":
        mark -= 1
    if mark < 0 or text[mark] not in ",(":
        return None
    origin = max(0, mark - 120)
    window = text[origin:mark]
    cut = max(window.rfind(ch) for ch in _SENTENCE_ENDS) + 1
    segment, origin = window[cut:], origin + cut
    words = list(_NONSPACE_RE.finditer(segment))
    tokens: list[str] = []
    titled = False
    start = mark
    i = len(words) - 1
    while i >= 0 and _is_degree(words[i].group().rstrip(",")):  # trailing degrees
        titled = True
        i -= 1
    if i >= 0 and words[i].group().endswith(","):
        words[i] = _NONSPACE_RE.match(words[i].group().rstrip(",")) or words[i]
    while i >= 0:
        token = words[i].group().rstrip(",")
        if not _name_token(token) or words[i].group().endswith(","):
            if tokens and _is_title(token):
                titled = True
            break
        tokens.insert(0, token)
        start = origin + words[i].start()
        i -= 1
    name = _valid_name(tokens)
    return (name, start, titled) if name else None


def _region_keys() -> frozenset[str]:
    return frozenset(name_key(entry.base) for entry in ENTRIES.values())


_REGION_KEYS: Final = _region_keys()


def _office_text(raw: str, normalized: str) -> str:
    if normalized:
        return normalized
    text = " ".join(raw.split())
    for pattern, short in _LONG_FORMS:
        if short:
            text = pattern.sub(short, text)
    words = []
    for word in text.split():
        low = word.lower()
        if low in _KEEP_UPPER or low in {"bawaslu", "panwaslu", "panwascam"}:
            words.append(word.upper() if low in _KEEP_UPPER else word.capitalize())
        elif re.fullmatch(r"[ivx]+|[1-3]", low):
            words.append(low.upper())
        else:
            words.append(word if word.isupper() and len(word) > 3 else word.capitalize())
    return " ".join(words)


def _modifier(raw: str | None) -> str:
    if not raw:
        return ""
    key = " ".join(raw.lower().rstrip(".").split())
    return _MODIFIERS.get(key, key.capitalize())


@dataclass(slots=True)
class _Role:
    text: str
    office: str
    end: int


def _parse_role(text: str, match: re.Match[str], prefer: tuple[str, ...]) -> _Role:
    index = _OFFICE_GROUPS[match.lastgroup or ""]  # the office group closes last
    _, normalized, kind = OFFICES[index]
    office = _office_text(match.group(f"o{index}"), normalized)
    modifier = _modifier(match.group("mod"))
    pos = match.end()
    paren = _PAREN_RE.match(text, pos)
    if paren and len(paren.group(1).split()) <= 2:
        pos = paren.end()
    extra = ""
    if kind == "unit":
        units: list[str] = []
        while True:
            word = _UNIT_WORD_RE.match(text, pos)
            if not word:
                break
            token = word.group(1)
            if token.lower() not in _UNIT_WORDS and not (token.isupper() and 2 <= len(token) <= 8):
                break
            if token.isupper() and name_key(token) in _REGION_KEYS:
                break
            units.append(token if token.isupper() else token.capitalize())
            pos = word.end()
        while units and units[-1].lower() in {"dan", "&"}:
            units.pop()
        paren = _PAREN_RE.match(text, pos)
        if paren and paren.group(1).isupper() and len(paren.group(1)) <= 10:
            units, pos = [paren.group(1)], paren.end()
        if units and office == "Kepala Badan" and units[0].isupper():
            office = f"Kepala {units[0]}"  # Kepala Badan … (BKPSDM) → Kepala BKPSDM
        elif units:
            extra = " ".join("dan" if u.lower() == "dan" else u for u in units)
    if kind == "local":
        cue = _AREA_CUE_RE.match(text, pos)
        area_pos = cue.end() if cue else pos
        area: list[str] = []
        end = area_pos
        while True:
            word = _AREA_WORD_RE.match(text, end)
            if not word or word.group(1).lower() in _STOP_WORDS:
                break
            area.append(word.group(1))
            end = word.end()
        if area:
            after = _SEP_RE.match(text, end)
            named_after = after is not None and bool(after.group(1))
            following = _NEXT_TOKEN_RE.match(text, end)  # no copy of text[end:]: linear
            degree_after = bool(following) and _is_degree(following.group(1).rstrip(","))
            # Degrees right after the run make it the person's name (``Camat Budi Santoso SE``),
            # read by the caller; otherwise it is the area (``Camat Dempo Utara, Budi``).
            if named_after or cue or not degree_after:
                extra, pos = " ".join(area), end
    region_text = ""
    if kind != "local":
        cue = _REGION_CUE_RE.match(text, pos)
        level = next(
            (lv for lv in ("kabupaten", "kota", "provinsi") if cue and cue.group(lv)), None
        )
        found = region_at(
            text, cue.end() if cue else pos, level or _LEVEL_OF_HEAD.get(office), prefer
        )
        if found:
            region, pos = found
            entry = ENTRIES[region["code"]]
            region_text = entry.base if kind in ("head", "security") else entry.name
    parts = [modifier, office, extra, region_text]
    return _Role(
        " ".join(p for p in parts if p),
        " ".join(p for p in (modifier, office) if p),
        pos,
    )


def _related_offices(a: str, b: str) -> bool:
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def _better_role(old: _Found, new: _Found) -> None:
    if _related_offices(old.office, new.office) and len(new.role) > len(old.role):
        old.role, old.office = new.role, new.office


def _same_person(old: _Found, new: _Found) -> bool:
    a, b = old.name.lower(), new.name.lower()
    if a == b:
        return True
    a_tokens, b_tokens = a.split(), b.split()
    if len(b_tokens) == 1 and b_tokens[0] in a_tokens[1:]:
        return True
    if len(a_tokens) == 1 and a_tokens[0] in b_tokens[1:]:
        return True
    return (
        _related_offices(old.office, new.office)
        and min(len(a), len(b)) >= 6
        and edit_distance(a, b, MAX_EDITS) <= MAX_EDITS
    )


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what regex \w matches


def _count(text: str, name: str) -> int:
    r"""Occurrences of ``name`` as whole words (``re.findall`` of ``(?<!\w)name(?!\w)``, by
    ``str.find``: no pattern compiled per name)."""
    count, size, last = 0, len(name), len(text)
    at = text.find(name)
    while at >= 0:
        end = at + size
        if (at == 0 or not _is_word_char(text[at - 1])) and (
            end == last or not _is_word_char(text[end])
        ):
            count += 1
            at = text.find(name, end)
        else:
            at = text.find(name, at + 1)
    return count


def _merge(found: list[_Found], text: str) -> list[_Found]:
    people: list[_Found] = []
    for new in found:
        old = next((p for p in people if _same_person(p, new)), None)
        if old is None:
            new.spellings = [new.name]
            people.append(new)
            continue
        old.spellings.append(new.name)
        old.titled = old.titled or new.titled
        _better_role(old, new)
    for person in people:
        longest = max(len(s.split()) for s in person.spellings)
        full = [s for s in person.spellings if len(s.split()) == longest]
        person.name = max(full, key=lambda s: (_count(text, s), -full.index(s)))
    return [p for p in people if len(p.name.split()) > 1 or p.titled or _count(text, p.name) > 1]


#: An office written right after these words is a candidacy, not an office held (``calon
#: Bupati``, ``paslon Wali Kota``), also the second of a pair (``calon bupati dan wakil bupati``).
_CANDIDACY_RE: Final = re.compile(
    r"(?<![\w-])(?:calon|paslon|bacalon|kandidat)\s+"
    r"(?:(?:wakil\s+)?(?:bupati|wali\s*kota|gubernur|kepala\s+daerah)\s*(?:dan|&|/)\s*)?$",
    re.IGNORECASE,
)
#: ``Role [Region] yang <clause>, Name,``: the name set off after a short relative clause
#: (``Anggota Bawaslu Kuansing yang membidangi penanganan pelanggaran, Siti Rahmawati, …``).
_CLAUSE_RE: Final = re.compile(r"[ \t]+yang(?:[ \t]+[\w/()-]+){1,8}?[ \t]*,[ \t]*")
_COMMA_RE: Final = re.compile(r"[ \t]*,")
_LINE_WORD_RE: Final = re.compile(r"[A-Za-z][\w'’-]*")
_HEADLINE_MAX_WORDS: Final = 20


def _candidacy(text: str, start: int) -> bool:
    """Whether the office matched at ``start`` is written as a candidacy (``calon Bupati``)."""
    return _CANDIDACY_RE.search(text, max(0, start - 60), start) is not None


def _name_after_clause(text: str, pos: int) -> tuple[str, int, bool] | None:
    """The name after ``yang <clause>,`` at ``pos``, when a comma closes it and the clause
    names no other office (``Sekda yang hadir bersama Kapolres, AKBP Budi`` is Budi's)."""
    clause = _CLAUSE_RE.match(text, pos)
    if not clause or _OFFICE_RE.search(text, pos, clause.end()):
        return None
    person = _take_name(text, clause.end())
    if not person or not _COMMA_RE.match(text, person[1]):
        return None
    return person


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines written in title case (a headline, a subhead): short lines, no final
    full stop, at least 80% of their words of 3+ letters capitalized. There capitals say
    nothing about names (``Paslon Wali Kota Pagar Alam Adu Gagasan``)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        head = line.rstrip(' \t"”’)')
        if head and not head.endswith(".") and len(line) <= 40 * _HEADLINE_MAX_WORDS:
            words = _LINE_WORD_RE.findall(line)
            long = [w for w in words if len(w) >= 3]
            capitals = sum(1 for w in long if w[0].isupper())
            if len(words) <= _HEADLINE_MAX_WORDS and len(long) >= 3 and capitals >= 0.8 * len(long):
                spans.append((pos, end))
        pos = end + 1
    return spans


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(t.rstrip(".") for t in name.split())


def _confirmed(found: list[_Found], text: str) -> list[_Found]:
    """Drop names read in a title-case line that have no title or degree next to them and that
    the rest of the text never writes in full (``Adu Gagasan``: a headline verb, no person)."""
    spans = _headline_lines(text)
    starts = [start for start, _ in spans]

    def in_headline(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos <= spans[i][1]

    doubtful = {id(f) for f in found if not f.titled and in_headline(f.start)}
    if not doubtful:
        return found
    wanted = {_tokens(f.name) for f in found if id(f) in doubtful}
    lengths: dict[str, set[int]] = {}
    for name in wanted:
        lengths.setdefault(name[0], set()).add(len(name))
    written: set[tuple[str, ...]] = set()
    pos = 0
    for start, end in [*spans, (len(text), len(text))]:
        words = _LINE_WORD_RE.findall(text, pos, start)
        for i, word in enumerate(words):
            for n in lengths.get(word, ()):
                written.add(tuple(words[i : i + n]))
        pos = end + 1
    return [f for f in found if id(f) not in doubtful or _tokens(f.name) in written]


def find_people(text: str, regions: Sequence[Region] = ()) -> list[Person]:
    """Officials named with their office, in order of first mention (see the module docstring).

    ``regions``: the article's regions (``TagRegionsPipeline``); they decide between
    same-named regions in a role (``Sekda Bekasi`` → the Bekasi the article is about).
    """
    if not text:
        return []
    prefer = tuple(r["code"] for r in regions if isinstance(r, dict) and r.get("code"))
    found: list[_Found] = []
    consumed = 0
    for match in _OFFICE_SCAN.finditer(text):
        if match.start() < consumed:
            continue
        role = _parse_role(text, match, prefer)
        after = _AFTER_ROLE_RE.match(text, role.end)
        assert after is not None
        person = _take_name(text, after.end()) or _name_after_clause(text, role.end)
        if _candidacy(text, match.start()):  # a candidate: nobody, but the name is used up
            consumed = person[1] if person else role.end
            continue
        if person:
            name, end, titled = person
            found.append(_Found(name, role.text, role.office, match.start(), titled))
            consumed = end
            continue
        before = _name_before(text, match.start())
        if before and before[1] >= consumed:
            name, start, titled = before
            found.append(_Found(name, role.text, role.office, start, titled))
        consumed = role.end
    found.sort(key=lambda f: f.start)
    return [Person(name=p.name, role=p.role) for p in _merge(_confirmed(found, text), text)]
