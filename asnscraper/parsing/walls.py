"""Pages that are not what was asked for: login walls and cookie-consent walls.

A site may answer an article URL with ``200 OK`` and a page that holds no article: a member
login ("Masuk untuk melanjutkan"), a paywall, or a consent interstitial ("Kami menggunakan
cookie"). :func:`wall_kind` recognizes them structurally first (a password field; a consent or
login box by class/id) and by their wording (Indonesian and English), and only when the page has
little text outside the wall and the page chrome: a real article with a login link in its header
or a cookie banner at the bottom is not a wall. Takes a parsel Selector or an lxml root element
(the shared tree of ``asnscraper/pages.py``). Pure lxml/parsel; no Scrapy.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from parsel import Selector

from asnscraper.parsing.queries import Tree, element_root, xpath

#: Visible characters outside chrome and wall boxes at or above which a page has real content.
CONTENT_CHARS = 400

_WALL_BOX = (
    r"(?:^|[\s_-])(?:consent|cookies?|cmp|gdpr|privacy|login|log-in|signin|sign-in|paywall|"
    r"subscribe|langganan|overlay|modal|popup)(?:$|[\s_-])"
)
_CONSENT_BOX = r"(?:^|[\s_-])(?:consent|cookies?|cmp|gdpr)(?:$|[\s_-])"
_LOGIN_BOX = r"(?:^|[\s_-])(?:login|log-in|signin|sign-in|paywall|subscribe|langganan)(?:$|[\s_-])"

_LOGIN_WORDS = re.compile(
    r"\b(?:masuk|login|log in|sign in|daftar|berlangganan|langganan|subscribe)\b.{0,40}"
    r"\b(?:untuk|to)\b.{0,20}\b(?:melanjutkan|membaca|baca|mengakses|continue|read|access)\b"
    r"|\bsilakan\s+(?:masuk|login|log in)\b|\bkhusus\s+(?:pelanggan|member|anggota)\b"
    r"|\bsubscribers?\s+only\b|\bkata\s+sandi\b|\bpassword\b",
    re.IGNORECASE,
)
_CONSENT_WORDS = re.compile(
    r"\b(?:kami|situs ini|we|this site)\b.{0,40}\b(?:menggunakan|memakai|use|uses)\s+cookies?\b"
    r"|\bprivasi anda\b|\byour privacy\b|\bpersetujuan\b.{0,30}\bcookie|\bcookie consent\b"
    r"|\bmenyetujui penggunaan cookie\b|\baccept (?:all )?cookies\b",
    re.IGNORECASE | re.DOTALL,
)
_CHROME = (
    "self::script or self::style or self::noscript or self::template or self::nav or "
    "self::header or self::footer or self::form or self::button or self::select or self::label"
)


def _box(pattern: str) -> str:
    return f"re:test(concat(' ', @class, ' ', @id, ' ', @role), '{pattern}', 'i')"


_OUTSIDE_TEXT = (
    f"//body//text()[not(ancestor::*[{_CHROME} or {_box(_WALL_BOX)}])] | /html/text()[not(//body)]"
)


_CHROME_TAGS = frozenset(
    {"script", "style", "noscript", "template", "nav", "header", "footer", "form", "button"}
    | {"select", "label"}
)
_WALL_BOX_RE = re.compile(_WALL_BOX, re.IGNORECASE)


def _outside(element: Any) -> bool:
    """False for an element whose text does not count: chrome, or a wall-like box."""
    if element.tag in _CHROME_TAGS:
        return False
    classes, element_id, role = element.get("class"), element.get("id"), element.get("role")
    if classes is None and element_id is None and role is None:
        return True
    return not _is_wall_box(f" {classes or ''} {element_id or ''} {role or ''}")


@lru_cache(maxsize=4096)
def _is_wall_box(marker: str) -> bool:
    """``_WALL_BOX`` found in a class/id/role marker (pages repeat the same few markers)."""
    return bool(_WALL_BOX_RE.search(marker))


def _chars_below(top: Any, stop_at: int | None = None) -> int:
    """Characters of the text nodes under ``top`` with no chrome/wall element above them
    (counting stops once ``stop_at`` is reached)."""
    total, stack = 0, [top]
    while stack:
        if stop_at is not None and total >= stop_at:
            return total
        element = stack.pop()
        if not _outside(element):
            continue
        text = element.text
        total += len(text.strip()) if text else 0
        for child in element:
            if isinstance(child.tag, str):  # comments and processing instructions hold no text
                stack.append(child)
            tail = child.tail
            if tail:
                total += len(tail.strip())
    return total


def _paragraph_chars(html: Any, stop_at: int) -> int:
    """Characters of the text under the page's ``<p>`` elements that ``content_chars`` counts
    (inside a ``<body>``, no chrome/wall element above), each paragraph once, counting stops
    at ``stop_at``. A lower bound of the full count, found without walking the page chrome:
    an article page reaches ``stop_at`` in its first paragraphs."""
    outside: dict[Any, bool] = {}  # ancestor -> _outside(ancestor), shared by its paragraphs
    total = 0
    for paragraph in html.iter("p"):
        in_body = False
        for ancestor in paragraph.iterancestors():
            if ancestor.tag == "p":  # counted with the paragraph around it
                break
            known = outside.get(ancestor)
            if known is None:
                known = outside[ancestor] = _outside(ancestor)
            if not known:
                break
            in_body = in_body or ancestor.tag == "body"
        else:
            if in_body:
                total += _chars_below(paragraph, stop_at - total)
                if total >= stop_at:
                    return total
    return total


def content_chars(sel: Tree, stop_at: int | None = None) -> int:
    """Visible characters outside scripts, navigation, forms and wall-like boxes.

    What ``_OUTSIDE_TEXT`` selects, counted in one walk of the tree (the XPath runs a regular
    expression per ancestor of every text node: 50 ms on a large page, for every response).
    With ``stop_at``, counting may stop once that many are found (the result is then at least
    ``stop_at``, not the full count).
    """
    root = sel.root if isinstance(sel, Selector) else sel
    if isinstance(sel, Selector) and not isinstance(getattr(root, "tag", None), str):
        return sum(len(t.strip()) for t in sel.xpath(_OUTSIDE_TEXT).getall())
    html = root.getroottree().getroot()
    if stop_at is not None and (found := _paragraph_chars(html, stop_at)) >= stop_at:
        return found
    bodies = list(html.iter("body"))
    if not bodies:
        texts = [html.text or ""] + [c.tail or "" for c in html]
        return sum(len(t.strip()) for t in texts)
    total = 0
    for body in bodies:
        if all(_outside(a) for a in body.iterancestors()):
            total += _chars_below(body, None if stop_at is None else stop_at - total)
    return total


def wall_kind(sel: Tree) -> str | None:
    """``"login_wall"``, ``"consent_wall"`` or None for a page with content (or no wall signs)."""
    if content_chars(sel, stop_at=CONTENT_CHARS) >= CONTENT_CHARS:
        return None
    root = element_root(sel)
    text = " ".join(" ".join(xpath("//body//text()")(root)).split())
    has_password = bool(xpath("//input[translate(@type, 'PASWORD', 'pasword')='password']")(root))
    login_words = bool(_LOGIN_WORDS.search(text))
    if has_password or (login_words and xpath(f"//form | //*[{_box(_LOGIN_BOX)}]")(root)):
        return "login_wall"
    if _CONSENT_WORDS.search(text):
        return "consent_wall"
    return None
