"""Compiled CSS/XPath queries over lxml trees: what parsel's ``Selector.css``/``.xpath`` find,
without a ``Selector`` object per result.

Why: an article page asks a few dozen questions of its tree. Through parsel each one
translates nothing twice (parsel caches), but wraps every result (element, text node, attribute)
in a new ``Selector``, and most answers are thrown away. Here a query is compiled once per
process (``lxml.etree.XPath``, translated by parsel's own ``HTMLTranslator``, so a selector
matches exactly what ``Selector.css`` matches) and returns plain elements and strings.

* :func:`css` / :func:`xpath`: the compiled query for a selector (cached);
* :func:`select`: ``css(selector)(context)`` that skips the tree search when the document has
  none of the class names (or ids) the selector requires. Searching a tree for a class costs
  about a tenth of parsing it (libxml2 evaluates the ``@class`` predicate on every element),
  and most theme selectors a page is asked miss: the document's class and id values, read once,
  answer those without a search. The answer is the same: a selector needing ``.td-post-title``
  cannot match where no class attribute holds that name. A selector made only of tag, class
  and id compounds joined by spaces (``div.post.text-black-1``, ``#author``, ``.td-tags a``)
  is answered from those values too, each knowing its element (the class index), instead of
  a tree-wide XPath;
* :func:`html_root`: a page's text parsed as parsel parses it for an HTML ``Selector``, but into
  plain lxml elements: ``lxml.html`` elements call a Python class lookup each time one is
  handed to Python, which makes every walk of the tree in Python ~5 times slower;
* :func:`element_root`: the element a parsel ``Selector`` wraps (a ``ValueError`` for a JSON or
  text selector, as parsel itself raises when such a selector is queried);
* :func:`text_of` / :func:`direct_texts`: the ``::text`` / ``text()`` nodes of one element;
* :func:`has_ancestor`: a walk up the tree in Python for the "inside page chrome" tests that the
  readers make per node (an ``ancestor::*[contains(@class, …)]`` XPath costs a tree-sized
  evaluation each time);
* :func:`page_head`: ``<meta>``, ``<link>``, ``<script>`` and ``<title>`` of a page read in one
  pass and kept while the page is alive (structured data is asked for ~15 times a page).

Pure lxml; no Scrapy.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Any

from cssselect import parser as css_parser
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()
#: The namespaces parsel declares for every query (EXSLT regular expressions as ``re:``).
_NAMESPACES = {"re": "http://exslt.org/regular-expressions"}

Element = etree._Element
#: What the page readers accept: a parsel Selector of an HTML page, or an lxml element.
Tree = Selector | etree._Element


@cache
def xpath(expression: str) -> etree.XPath:
    """``expression`` compiled once; results are elements and plain ``str`` (no smart strings)."""
    return etree.XPath(expression, namespaces=_NAMESPACES, smart_strings=False)


@cache
def css(selector: str) -> etree.XPath:
    """The CSS ``selector`` (``::text`` and ``::attr(x)`` included) as parsel translates it for
    HTML, compiled once. Evaluated on an element it searches that element and its descendants,
    as ``Selector.css`` does."""
    return xpath(_TRANSLATOR.css_to_xpath(selector))


def _required_names(tree: Any, classes: list[str], ids: list[str]) -> None:
    """Class names and ids every element matching the parsed selector ``tree`` needs (those
    inside ``:not()``, ``:has()`` or ``:is()`` are left out: they are not required)."""
    while tree is not None:
        if isinstance(tree, css_parser.Class):
            classes.append(tree.class_name)
        elif isinstance(tree, css_parser.Hash):
            ids.append(tree.id)
        elif isinstance(tree, css_parser.CombinedSelector):
            _required_names(tree.subselector, classes, ids)
        elif not isinstance(
            tree,
            (
                css_parser.Attrib,
                css_parser.Pseudo,
                css_parser.Function,
                css_parser.Negation,
                css_parser.Matching,
                css_parser.SpecificityAdjustment,
                css_parser.Relation,
            ),
        ):
            return  # an element name, ``*`` or an unknown node: nothing more is required
        tree = tree.selector


@dataclass(frozen=True)
class _Compound:
    """One compound selector made only of an element name and class / id conditions
    (``div.post.text-black-1``, ``#author``, ``small``): what the class index can answer."""

    tag: str | None  # None for ``*``
    classes: tuple[str, ...]
    ids: tuple[str, ...]

    def matches(self, element: Element) -> bool:
        """What the XPath cssselect writes for this compound tests on ``element``: the tag name,
        ``contains(concat(' ', normalize-space(@class), ' '), ' c ')`` per class (tokens split
        on the four XML space characters only) and ``@id = 'i'`` per id."""
        if self.tag is not None and element.tag != self.tag:
            return False
        if self.classes:
            value = element.get("class")
            if value is None:
                return False
            tokens = _xml_spaced(value).split(" ")
            if not all(c in tokens for c in self.classes):
                return False
        return all(element.get("id") == i for i in self.ids)


def _xml_spaced(value: str) -> str:
    """``value`` with the other characters XPath ``normalize-space`` treats as space (tab,
    newline, carriage return) made plain spaces (``str.replace`` leaves a value without them
    as it is, where ``str.translate`` copies it)."""
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")


_NOT_A_NAME = frozenset(" \t\n\r\f")


def _compound(tree: Any) -> _Compound | None:
    classes: list[str] = []
    ids: list[str] = []
    while True:
        if isinstance(tree, css_parser.Class):
            classes.append(tree.class_name)
        elif isinstance(tree, css_parser.Hash):
            ids.append(tree.id)
        elif isinstance(tree, css_parser.Element):
            break
        else:
            return None
        tree = tree.selector
    names = [*classes, *ids]
    if tree.namespace is not None or any(not n or _NOT_A_NAME & set(n) for n in names):
        return None
    tag = tree.element.lower() if tree.element is not None else None
    return _Compound(tag, tuple(reversed(classes)), tuple(reversed(ids)))


def _chain(tree: Any) -> tuple[_Compound, ...] | None:
    """``A B C`` (compounds joined by descendant combinators) as its compounds, or None when
    the selector holds anything else (other combinators, attributes, pseudo-classes)."""
    parts: list[_Compound] = []
    while isinstance(tree, css_parser.CombinedSelector):
        if tree.combinator != " ":
            return None
        right = _compound(tree.subselector)
        if right is None:
            return None
        parts.append(right)
        tree = tree.selector
    last = _compound(tree)
    if last is None:
        return None
    chain = (last, *reversed(parts))
    # Answered from the index: the last compound naming a class or id; after it only tag
    # names (walked down from its matches).
    anchored = [i for i, part in enumerate(chain) if part.classes or part.ids]
    if not anchored or any(p.tag is None for p in chain[anchored[-1] + 1 :]):
        return None
    return chain


@dataclass(frozen=True)
class _Group:
    """One comma-separated group of a selector: its XPath, the class names and ids an element
    needs to match it, and its compounds when the class index can answer it."""

    path: str
    classes: tuple[str, ...]
    ids: tuple[str, ...]
    chain: tuple[_Compound, ...] | None


@cache
def _groups(selector: str) -> tuple[_Group, ...]:
    """The groups of ``selector``."""
    groups = []
    for parsed in css_parser.parse(selector):
        classes: list[str] = []
        ids: list[str] = []
        _required_names(parsed.parsed_tree, classes, ids)
        path = _TRANSLATOR.selector_to_xpath(
            parsed, "descendant-or-self::", translate_pseudo_elements=True
        )
        chain = _chain(parsed.parsed_tree) if parsed.pseudo_element is None else None
        groups.append(_Group(path, tuple(classes), tuple(ids), chain))
    return tuple(groups)


class _Names:
    """Every ``class`` attribute value of a document (each knows its element), joined by
    spaces, and (read on first use) every ``id`` value.

    A value knows its element by holding it (an lxml smart string), except the root's own
    value: this object lives in a cache weakly keyed by the root, and holding the root would
    keep the page alive for good. The root's value (the first, in document order) is kept
    as a plain string, and :meth:`_owner` gives the root for it."""

    def __init__(self, doc: Element) -> None:
        self.doc = weakref.ref(doc)
        self.class_values: list[Any] = _without_root(_ALL_CLASSES(doc), doc)
        self.classes = " ".join(self.class_values)
        self._starts: list[int] | None = None  # where each class value begins in ``classes``
        self._class_tokens: frozenset[str] | None = None
        self._id_values: list[Any] | None = None
        self._ids: frozenset[str] | None = None

    @property
    def id_values(self) -> list[Any]:
        if self._id_values is None:
            doc = self.doc()
            self._id_values = _without_root(_ALL_IDS(doc), doc) if doc is not None else []
        return self._id_values

    @property
    def class_tokens(self) -> frozenset[str]:
        """Every class name of the document: the class values split on the XML spaces, as
        the XPath of a ``.name`` selector splits them (a name not among them matches nothing)."""
        if self._class_tokens is None:
            self._class_tokens = frozenset(_xml_spaced(self.classes).split(" "))
        return self._class_tokens

    @property
    def ids(self) -> frozenset[str]:
        if self._ids is None:
            self._ids = frozenset(self.id_values)
        return self._ids

    def matches(self, part: _Compound) -> list[Element]:
        """The elements of the document matching ``part`` (it names a class or an id), in
        document order: the owners of the attribute values holding its first name."""
        if part.classes:
            owners = self._holding(part.classes[0])
        else:
            name = part.ids[0]
            owners = [self._owner(value) for value in self.id_values if name in value]
        return [element for element in owners if part.matches(element)]

    def _holding(self, name: str) -> list[Element]:
        """Owners of the class values holding ``name``: found by ``str.find`` in the joined
        string (``name`` holds no space, so a hit never spans two values), each value once."""
        starts = self._starts
        if starts is None:
            starts = self._starts = list(
                accumulate((len(v) + 1 for v in self.class_values), initial=0)
            )
        owners, joined, values = [], self.classes, self.class_values
        at = joined.find(name)
        while at != -1:
            index = bisect_right(starts, at) - 1
            owners.append(self._owner(values[index]))
            at = joined.find(name, starts[index + 1])
        return owners

    def _owner(self, value: Any) -> Element:
        """The element holding an attribute value (the root for its plain-string value)."""
        return self.doc() if type(value) is str else value.getparent()


def _without_root(values: list[Any], doc: Element) -> list[Any]:
    """``values`` (smart strings in document order) with the root's own value, the first when
    the root has the attribute, turned into a plain string that does not hold the root."""
    if values and values[0].getparent() is doc:
        values[0] = str(values[0])
    return values


_NAMES: weakref.WeakKeyDictionary[Element, _Names] = weakref.WeakKeyDictionary()
# Smart strings: each value's getparent() is the element holding it (the class index).
_ALL_CLASSES = etree.XPath("//@class", smart_strings=True)
_ALL_IDS = etree.XPath("//@id", smart_strings=True)


def _names(context: Element) -> _Names | None:
    """The names of ``context``'s document, or None for a tree of plain ``lxml.etree`` elements
    (an XML page), which cannot be weakly referenced: its queries are simply run."""
    doc = context.getroottree().getroot()
    try:
        names = _NAMES.get(doc)
    except TypeError:
        return None
    if names is None:
        names = _NAMES[doc] = _Names(doc)
    return names


def _inside(element: Element, context: Element) -> bool:
    """True when ``element`` is ``context`` or one of its descendants."""
    return element is context or any(a is context for a in element.iterancestors())


def _has_ancestors(element: Element, parts: tuple[_Compound, ...], context: Element) -> bool:
    """True when ``element`` (inside ``context``) has ancestors inside ``context`` matching
    ``parts`` top-down (each one below the one before): the nearest match of the last part
    first, as a CSS engine checks a descendant combinator."""
    if element is context:
        return False
    k = len(parts) - 1
    for ancestor in element.iterancestors():
        if parts[k].matches(ancestor):
            k -= 1
            if k < 0:
                return True
        if ancestor is context:
            break
    return False


#: Matches in the whole document above which a query from an inner element searches that
#: element's subtree instead (a listing entry box asked for a class every entry has).
_INNER_INDEX_LIMIT = 8


def _indexed(names: _Names, context: Element, group: _Group) -> list[Element]:
    """What ``xpath(group.path)(context)`` finds for a group made of a chain of compounds,
    from the class index: the matches of the last compound naming a class or id, kept when
    their ancestors match the compounds before it, then the descendants with the tag names
    after it. The result is in document order without repeats, as an XPath node-set."""
    chain = group.chain
    if chain is None:
        return xpath(group.path)(context)
    anchor = max(i for i, part in enumerate(chain) if part.classes or part.ids)
    found = names.matches(chain[anchor])
    if context is not names.doc():
        if len(found) > _INNER_INDEX_LIMIT:  # each would be walked up to the context
            return xpath(group.path)(context)
        found = [element for element in found if _inside(element, context)]
    if anchor:
        found = [element for element in found if _has_ancestors(element, chain[:anchor], context)]
    for part in chain[anchor + 1 :]:
        below: dict[Element, None] = {}
        for element in found:
            for descendant in element.iterdescendants(part.tag):
                below[descendant] = None
        found = list(below)
    return found


def select(context: Element, selector: str) -> list[Any]:
    """``css(selector)(context)``, without searching the tree for a group of ``selector`` that
    needs a class name or id the document does not have (only possible groups are searched: the
    union of the others is empty, so the result and its order are the same)."""
    names = _names(context)
    if names is None:
        return css(selector)(context)
    groups = _groups(selector)
    possible = [
        group
        for group in groups
        if all(c in names.class_tokens for c in group.classes)
        and all(i in names.ids for i in group.ids)
    ]
    if not possible:
        return []
    if len(possible) == 1 and possible[0].chain is not None:
        return _indexed(names, context, possible[0])
    if len(possible) == len(groups):
        return css(selector)(context)
    return xpath(" | ".join(group.path for group in possible))(context)


class PageElement(etree.ElementBase):
    """A plain lxml element (its class is chosen in C, not by a Python lookup) that can be
    weakly referenced: the per-page caches above are keyed by the page's root element."""


_PAGE_ELEMENTS = etree.ElementDefaultClassLookup(element=PageElement)


def html_root(text: str) -> Element:
    """The root element of ``text`` parsed as HTML, the tree parsel builds for
    ``Selector(text=text, type="html")`` (same libxml2 parser and options, same clean-up of the
    text), made of :class:`PageElement` elements instead of ``lxml.html`` ones."""
    return _parse_html(text.strip().replace("\x00", "").encode("utf-8"))


#: The ASCII characters ``str.strip()`` removes (``bytes.strip()`` leaves ``\x1c``-``\x1f``).
_STR_SPACES = bytes(c for c in range(128) if chr(c).isspace())


def html_root_utf8(body: bytes) -> Element | None:
    """``html_root(body.decode("utf-8"))`` without decoding and encoding the text again, for
    ``body`` known to be valid UTF-8 without a byte-order mark; None (use :func:`html_root`)
    when the text's ends are not ASCII, where ``str.strip()`` could remove more than the
    ASCII spaces stripped here. NULs are removed from the bytes: in UTF-8 a zero byte is
    only ever the character U+0000."""
    stripped = body.strip(_STR_SPACES)
    if stripped and (stripped[0] >= 0x80 or stripped[-1] >= 0x80):
        return None
    return _parse_html(stripped.replace(b"\x00", b""))


def _parse_html(body: bytes) -> Element:
    body = body or b"<html/>"
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    parser.set_element_class_lookup(_PAGE_ELEMENTS)
    root = etree.fromstring(body, parser=parser)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser)
    return root


def element_root(sel: Tree) -> Element:
    """The lxml element a parsel ``Selector`` wraps (or ``sel`` itself when it is an element).

    Raises ValueError for a selector that holds no tree (JSON or text), as querying it through
    parsel would."""
    root = getattr(sel, "root", sel)
    if not isinstance(root, etree._Element) or not isinstance(root.tag, str):
        raise ValueError(f"no HTML/XML tree to query (a {type(root).__name__})")
    return root


def serialized(sel: Tree) -> str:
    """The page as markup, as ``Selector.get()`` gives it (HTML serialization for an element)."""
    if isinstance(sel, Selector):
        return str(sel.get())
    return etree.tostring(sel, method="html", encoding="unicode", with_tail=False)


def text_of(element: Element) -> str:
    """Every text node under ``element`` joined by spaces: ``" ".join(sel.css("::text").getall())``."""
    return " ".join(element.itertext())


def direct_texts(element: Element) -> list[str]:
    """The ``text()`` children of ``element``: its text and the tails of its children."""
    texts = [element.text] if element.text else []
    texts.extend(child.tail for child in element if child.tail)
    return texts


def first_result(query: etree.XPath, context: Element) -> Any:
    """The first result of ``query`` in ``context`` (``Selector.css(...).get()``), or None."""
    found = query(context)
    return found[0] if found else None


def has_ancestor(element: Element, test: Callable[[Element], bool]) -> bool:
    """True when an ancestor of ``element`` passes ``test``."""
    return any(test(ancestor) for ancestor in element.iterancestors())


def class_contains(element: Element, words: Iterable[str]) -> bool:
    """XPath ``contains(@class, w)`` for any of ``words`` (a substring of the raw attribute)."""
    value = element.get("class")
    return value is not None and any(word in value for word in words)


@dataclass
class PageHead:
    """What a page states in ``<meta>``, ``<link>``, ``<script>`` and ``<title>`` elements
    (anywhere in the document, in document order)."""

    #: name -> content of the first ``<meta>`` naming it by property, name or itemprop.
    meta: dict[str, str] = field(default_factory=dict)
    #: name -> every content of ``<meta>`` elements naming it by property or name, in order.
    meta_lists: dict[str, list[str]] = field(default_factory=dict)
    #: rel -> hrefs of ``<link>`` elements whose ``rel`` is exactly that value, in order.
    links: dict[str, list[str]] = field(default_factory=dict)
    #: The ``text()`` nodes of ``<script type="application/ld+json">`` elements.
    json_ld: list[str] = field(default_factory=list)
    #: The ``text()`` nodes of scripts whose text mentions ``dataLayer``.
    data_layer: list[str] = field(default_factory=list)
    #: The first ``text()`` node of a ``<title>`` (an SVG icon's title counts, as in XPath).
    title: str | None = None


_HEADS: weakref.WeakKeyDictionary[Element, PageHead] = weakref.WeakKeyDictionary()


def _read_head(doc: Element) -> PageHead:
    head = PageHead()
    meta, meta_lists = head.meta, head.meta_lists
    for element in doc.iter("meta", "link", "script", "title"):
        tag = element.tag
        if tag == "meta":
            content = element.get("content")
            if content is None:
                continue
            prop, name, itemprop = (
                element.get("property"),
                element.get("name"),
                element.get("itemprop"),
            )
            # The first <meta> naming a key by property, name or itemprop wins (in that order).
            if prop is not None:
                meta.setdefault(prop, content)
                meta_lists.setdefault(prop, []).append(content)
            if name is not None:
                meta.setdefault(name, content)
                if name != prop:
                    meta_lists.setdefault(name, []).append(content)
            if itemprop is not None:
                meta.setdefault(itemprop, content)
        elif tag == "link":
            rel, href = element.get("rel"), element.get("href")
            if rel is not None and href is not None:
                head.links.setdefault(rel, []).append(href)
        elif tag == "script":
            if len(element) == 0:  # an HTML script: one text node at most
                text = element.text
                texts = [text] if text else []
                value = text or ""
            else:  # child elements (XML): the string value is every text under it
                texts = direct_texts(element)
                value = "".join(element.itertext())
            if element.get("type") == "application/ld+json":
                head.json_ld.extend(texts)
            if texts and "dataLayer" in value:
                head.data_layer.extend(texts)
        elif head.title is None:
            texts = direct_texts(element)
            head.title = texts[0] if texts else None
    return head


def page_head(root: Element) -> PageHead:
    """The :class:`PageHead` of the document ``root`` belongs to (read once per document)."""
    doc = root.getroottree().getroot()
    head = _HEADS.get(doc)
    if head is None:
        head = _HEADS[doc] = _read_head(doc)
    return head
