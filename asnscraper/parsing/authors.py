"""Authors and editor of an article from the raw bylines a spider read.

:func:`parse_byline` reads one byline string:

* labels, case-insensitive, ``:`` optional: ``Reporter``, ``Wartawan``, ``Penulis``, ``Laporan``,
  ``Oleh``, ``Pewarta``, ``Kontributor``, ``Author``, ``By`` (authors); ``Editor``, ``Redaktur``,
  ``Penyunting``, ``Editing`` (editor). Text before any label is authors;
* separators: ``|`` and ``;`` between parts, and between names ``/``, ``&``, `` dan ``, ``and``
  and ``,`` (a comma before a degree, ``Budi, S.Sos``, is no separator);
* reporter codes in parentheses (``Rina Marlina (Rin)``) are dropped.

:func:`clean_name` strips titles and degrees with the lists of :mod:`asnscraper.parsing.people`
(one copy): titles before the name (``Dr.``, ``H``, ``Hj.``, ``Ir.``, ``Drs.``, ``Prof.``, ``dr.``,
``KH`` …) and degrees after it (``SPOG``, ``S.Sos``, ``S.H.``, ``M.Si``, ``SE``, ``MM`` …):
``Dr. H Fahdiansyah SPOG`` → ``Fahdiansyah``. A name written in capitals is put in title case.

Policy on bylines that name no person (:func:`is_person`): the newsroom or a role (``Redaksi``,
``Tim Redaksi``, ``Admin``, ``Administrator``, ``Tim``, ``Tim Liputan``, ``Webmaster``, ``Humas …``,
``Rilis``, ``Press Release``), the outlet itself (its name, host or a spelling within two edits:
``Pagaralam Pos``, ``pagaralampos.com``, ``Metro24``), a domain, a region name alone, or a string
with no letters are *not authors*: ``authors`` lists people only, and the pipeline counts what it
left out (``asnscraper/authors/not_person``). Names are deduplicated case-insensitively, first
spelling kept; the editor is kept apart from the authors.

Pure functions; no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from asnscraper.parsing.people import _REGION_KEYS, _TITLE_PREFIXES, DEGREES
from asnscraper.parsing.regions import name_key
from asnscraper.parsing.text import clean_line, edit_distance, key, outlet_keys

#: Labels of author parts and of editor parts.
AUTHOR_LABELS: Final = (
    "reporter",
    "reporte",
    "wartawan",
    "penulis",
    "laporan",
    "oleh",
    "pewarta",
    "kontributor",
    "author",
    "writer",
    "by",
)
EDITOR_LABELS: Final = ("editor", "redaktur", "penyunting", "editing", "penyelaras")
#: Bylines that name the newsroom or a role, not a person (lower case, as keys).
NOT_PEOPLE: Final = frozenset(
    key(n)
    for n in (
        "redaksi",
        "tim redaksi",
        "admin",
        "administrator",
        "tim",
        "tim liputan",
        "webmaster",
        "humas",
        "rilis",
        "press release",
        "siaran pers",
        "kontributor",
        "wartawan",
        "reporter",
        "penulis",
        "editor",
        "redaktur",
        "anonim",
        "anonymous",
        "staff",
        "staf",
        "desk",
    )
)
_NOT_PEOPLE_PREFIX: Final = re.compile(
    r"^(?:tim|redaksi|humas|admin|desk|biro|bagian|diskominfo|pemkab|pemkot|pemprov)\b", re.I
)
_LABEL_RE: Final = re.compile(
    r"(?<![\w])(?P<label>" + "|".join(AUTHOR_LABELS + EDITOR_LABELS) + r")(?![\w])\s*[:：]\s*|"
    r"^\s*(?P<bare>" + "|".join(AUTHOR_LABELS + EDITOR_LABELS) + r")\s+(?=[A-Z])",
    re.IGNORECASE,
)
_PART_SEP: Final = re.compile(r"\s*[|;•·]\s*")
_NAME_SEP: Final = re.compile(r"\s*(?:/|&|\+|\band\b|\bdan\b)\s*", re.IGNORECASE)
_PAREN: Final = re.compile(r"\s*\([^()]*\)")
_DOMAIN: Final = re.compile(r"\.(?:com|co\.id|id|net|org|co|news)\b", re.IGNORECASE)
_WORD: Final = re.compile(r"\S+")
_EDIT_LIMIT: Final = 2


@dataclass
class Byline:
    """Names read from bylines: authors and editors, raw order, titles already stripped."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    not_people: list[str] = field(default_factory=list)


def _core(token: str) -> str:
    return token.replace(".", "").replace(",", "").lower()


def clean_name(raw: str) -> str:
    """A person's name without titles before it and degrees after it (may return "")."""
    text = clean_line(_PAREN.sub("", raw)).strip(" ,;:-–—")
    tokens = [t.strip(",") for t in _WORD.findall(text)]
    tokens = [t for t in tokens if t]
    while tokens and _core(tokens[0]) in _TITLE_PREFIXES and len(tokens) > 1:
        tokens.pop(0)
    while tokens and _core(tokens[-1]) in DEGREES and len(tokens) > 1:
        tokens.pop()
    name = " ".join(tokens).strip(" ,.")
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() if w.isalpha() else w for w in name.split())
    return name


def _split_names(part: str) -> list[str]:
    names: list[str] = []
    for chunk in _NAME_SEP.split(part):
        # commas separate names unless a degree follows (``Budi Santoso, S.Sos, M.Si``)
        current: list[str] = []
        for piece in chunk.split(","):
            piece = piece.strip()
            if not piece:
                continue
            words = piece.split()
            if current and all(_core(w) in DEGREES for w in words):
                current.append(piece)
            else:
                if current:
                    names.append(", ".join(current))
                current = [piece]
        if current:
            names.append(", ".join(current))
    return names


def is_person(name: str, outlets: Sequence[str] = ()) -> bool:
    """False for a byline that names no person (see the module docstring for the policy).

    ``outlets``: :func:`asnscraper.parsing.text.outlet_keys` of the outlet.
    """
    name_k = key(name)
    if not name_k or not any(c.isalpha() for c in name):
        return False
    if name_k in NOT_PEOPLE or _NOT_PEOPLE_PREFIX.match(name) or _DOMAIN.search(name):
        return False
    for outlet in outlets:
        if name_k == outlet or (
            len(outlet) >= 6 and edit_distance(name_k, outlet, _EDIT_LIMIT) <= _EDIT_LIMIT
        ):
            return False
    return name_key(name) not in _REGION_KEYS


def parse_byline(raw: str, outlets: Sequence[str] = ()) -> Byline:
    """Authors and editors named in one byline string (see the module docstring)."""
    result = Byline()
    text = clean_line(raw or "")
    for part in _PART_SEP.split(text):
        role = "author"
        pos = 0
        pieces: list[tuple[str, str]] = []
        for match in _LABEL_RE.finditer(part):
            if match.start() > pos:
                pieces.append((role, part[pos : match.start()]))
            label = (match["label"] or match["bare"]).lower()
            role = "editor" if label in EDITOR_LABELS else "author"
            pos = match.end()
        pieces.append((role, part[pos:]))
        for piece_role, piece in pieces:
            for raw_name in _split_names(piece):
                name = clean_name(raw_name)
                if not name:
                    continue
                if not is_person(name, outlets):
                    result.not_people.append(name)
                    continue
                (result.editors if piece_role == "editor" else result.authors).append(name)
    return result


def _dedupe(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


@dataclass
class Authors:
    """The normalized ``authors`` and ``editor`` of an article."""

    authors: list[str]
    editor: str | None
    not_people: list[str]


def normalize_authors(
    authors: Iterable[str], editor: str | None = None, outlet_names: Iterable[str | None] = ()
) -> Authors:
    """Authors (people only, deduplicated) and the editor from raw bylines.

    ``authors``: raw byline strings (labels allowed: ``Reporter: X | Editor: Y``); ``editor``:
    the raw editor string; ``outlet_names``: the outlet's name and hosts (no-person check).
    """
    outlets = outlet_keys(outlet_names)
    found_authors: list[str] = []
    found_editors: list[str] = []
    not_people: list[str] = []
    for raw in authors:
        byline = parse_byline(raw, outlets)
        found_authors += byline.authors
        found_editors += byline.editors
        not_people += byline.not_people
    if editor:
        byline = parse_byline(editor, outlets)
        # an editor field names the editor, whatever label it carries
        given = byline.editors + byline.authors
        found_editors = given + found_editors
        not_people += byline.not_people
    return Authors(
        authors=_dedupe(found_authors),
        editor=found_editors[0] if found_editors else None,
        not_people=_dedupe(not_people),
    )
