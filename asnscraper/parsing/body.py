"""The article body of a news page: text blocks in reading order, minus what is not the story.

Shared by every platform (Disway, WordPress): a platform finds its content container
(``div.post.text-black-1``, ``div.entry-content``, ``div.td-post-content`` …) and this walker
returns its text blocks (p, h2-h6, li, blockquote, and loose text between them), with nodes
recognized structurally set aside instead of kept:

* photo captions (``figcaption``, ``.wp-caption-text``, Disway ``.bottom-15 small`` …) →
  ``captions``, paired with their image when both sit in one figure;
* related-post boxes: ``BACA JUGA:`` / ``Baca Juga :`` paragraphs (also ``Baca juga``,
  ``Lihat juga``, ``Simak juga``) and inline related-post plugin boxes → ``related``;
* scripts, ads, iframes, forms, share/tag/author/comment boxes, bottom related-post blocks and
  short page chrome ("Cek Berita dan Artikel yang lain di Google News", "WhatsApp Channel",
  "Sumber:", "Berita Terkait", "Tinggalkan Balasan", "Tag", "Share" …).

Pure parsel/lxml; no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from parsel import Selector

from asnscraper.items import Link
from asnscraper.parsing.text import RELATED_PREFIX, is_chrome
from asnscraper.parsing.text import RELATED_WITH_SEPARATOR as _RELATED_WITH_SEPARATOR

BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})
_CONTAINER_TAGS = frozenset(
    {
        "div",
        "section",
        "article",
        "main",
        "ul",
        "ol",
        "blockquote",
        "li",
        "table",
        "tbody",
        "figure",
    }
)
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "iframe",
        "ins",
        "form",
        "button",
        "input",
        "select",
        "svg",
        "h1",
        "nav",
        "aside",
        "footer",
        "header",
        "amp-ad",
        "amp-iframe",
        "amp-social-share",
        "amp-analytics",
        "amp-embed",
        "template",
    }
)
_SKIP_CLASS = re.compile(
    r"^(?:ads?|adsbygoogle|iklan\w*|advert\w*|banner\w*|ad[-_]\w+|ads[-_]\w+|share\w*|"
    r"[\w-]*social[\w-]*|news-tags|tags?|tag-list|list-tags|pagination|author|editor|"
    r"post-info|breadcrumb|comments?|related[\w-]*|berita-?terkait|terkait|"
    r"widget[\w-]*|sidebar[\w-]*|btn[\w-]*|g-news|google-news|wa-channel|"
    # WordPress themes and plugins: share bars, ads, author/comment boxes, page links …
    r"[\w-]*shar(?:e|ing)[\w-]*|sharedaddy|addtoany[\w-]*|a2a_kit|heateor[\w-]*|"
    r"td-a-rec[\w-]*|td-g-rec[\w-]*|td-post-source-tags|td-post-next-prev|td-author[\w-]*|"
    r"jeg_ad[\w-]*|jnews_[\w-]*ads?[\w-]*|jeg_post_tags|jeg_authorbox|jeg_meta[\w-]*|"
    r"code-block[\w-]*|ai-viewport[\w-]*|saboxplugin[\w-]*|author-?box[\w-]*|"
    r"[\w-]*related[\w-]*|yarpp[\w-]*|crp_related|entry-meta|entry-footer|post-meta|"
    r"post-tags|tags-links|cat-links|page-links|post-page-numbers|comment-respond|"
    r"comments-area|comment-form[\w-]*|wp-block-buttons|screen-reader-text)$",
    re.IGNORECASE,
)
_SKIP_ID = re.compile(
    r"^(?:author|editor|div-gpt[\w-]*|ads?[\w-]*|comments?|respond|jp-relatedposts)$",
    re.IGNORECASE,
)
_CAPTION_CLASS = re.compile(
    r"^(?:bottom-15|caption|wp-caption-text|image-caption|foto-caption|img-caption|keterangan)$",
    re.IGNORECASE,
)
# Inline related-post boxes (one or a few headlines inside the story): their links become
# ``related``. Checked before _SKIP_CLASS, which drops bottom related-post blocks whole.
_RELATED_CLASS = re.compile(
    r"^(?:baca-?juga[\w-]*|bacajuga|read-?also|inline-related[\w-]*|irp-\w+|"
    r"jnews_inline_related_post(?:_wrapper)?|td_block_inline_related|related-inline)$",
    re.IGNORECASE,
)

_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass
class Body:
    """What the walker found in a content container."""

    blocks: list[str] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    #: image URL -> caption, for images whose caption sits in the same figure / wp-caption box.
    image_captions: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


def collapse(text: str) -> str:
    """Whitespace (including newlines and no-break spaces) collapsed to single spaces."""
    # str.split() splits on every Unicode space (no-break space included) but not on the
    # zero-width space U+200B, which counts as one here.
    return " ".join(text.replace("\u200b", " ").split())


@dataclass(frozen=True)
class _ClassFlags:
    """What a ``class`` attribute value says about its element (see the patterns above)."""

    skip: bool
    caption: bool
    related: bool
    figure: bool


@lru_cache(maxsize=8192)
def _class_flags(value: str) -> _ClassFlags:
    """The flags of one ``class`` value, computed once per distinct value (themes repeat the
    same few hundred values on every page; the patterns are tried per class token)."""
    tokens = value.split()
    return _ClassFlags(
        skip=any(_SKIP_CLASS.match(tok) for tok in tokens),
        caption=any(_CAPTION_CLASS.match(tok) for tok in tokens),
        related=any(_RELATED_CLASS.match(tok) for tok in tokens),
        figure=any(tok in ("wp-caption", "wp-block-image") for tok in tokens),
    )


_NO_CLASS = _class_flags("")


def _flags(el: etree._Element) -> _ClassFlags:
    value = el.get("class")
    return _class_flags(value) if value else _NO_CLASS


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _skipped_id(el: etree._Element) -> bool:
    element_id = el.get("id") or ""
    return bool(element_id and _SKIP_ID.match(element_id))


def _is_skipped(el: etree._Element) -> bool:
    return _tag(el) in _SKIP_TAGS or _flags(el).skip or _skipped_id(el)


_CAPTION_TAGS = frozenset({"figcaption", "small"})
_NOT_TEXT_TAGS = _SKIP_TAGS | _CAPTION_TAGS


def is_caption(el: etree._Element) -> bool:
    """True for a caption element (figcaption, small, ``.wp-caption-text`` …)."""
    return _tag(el) in _CAPTION_TAGS or _flags(el).caption


def _not_text(el: etree._Element, tag: str) -> bool:
    """``_is_skipped(el) or is_caption(el)``: a subtree whose text is not the block's text."""
    if tag in _NOT_TEXT_TAGS:
        return True
    flags = _flags(el)
    return flags.skip or flags.caption or _skipped_id(el)


def _is_figure(el: etree._Element) -> bool:
    return _tag(el) == "figure" or _flags(el).figure


_BLOCKISH = BLOCK_TAGS | {"div", "section"}


def _has_block(el: etree._Element) -> bool:
    for child in el.iterdescendants():
        if isinstance(child.tag, str) and child.tag.lower() in _BLOCKISH:
            return True
    return False


def _text(el: etree._Element) -> str:
    """Text of ``el`` with skipped subtrees left out and ``<br>`` kept as a newline."""
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                tag = child.tag.lower()
                if tag == "br":
                    parts.append("\n")
                elif not _not_text(child, tag):
                    visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return "".join(parts)


class _Walker:
    def __init__(self, urljoin: Callable[[str], str]) -> None:
        self.urljoin = urljoin
        self.body = Body()
        self.buffer: list[str] = []
        self.buffer_links: list[etree._Element] = []

    # --- loose inline text between blocks ---------------------------------------------
    def flush(self) -> None:
        raw = "".join(self.buffer)
        links = self.buffer_links
        self.buffer, self.buffer_links = [], []
        if not raw or raw.isspace():  # only the indentation between blocks: nothing to emit
            return
        for chunk in _BLANK_LINES.split(raw):
            self.emit(chunk, links)

    # --- classification of one block's text --------------------------------------------
    def emit(self, raw: str, links: list[etree._Element]) -> None:
        lines = [line for line in map(collapse, raw.split("\n")) if line]
        if not lines:
            return
        hrefs = [a.get("href") for a in links if a.get("href")]
        pattern = RELATED_PREFIX if hrefs else _RELATED_WITH_SEPARATOR
        if any(pattern.match(line) for line in lines):
            # One block may stack several "BACA JUGA:" lines; story text around them survives.
            kept: list[str] = []
            for line in lines:
                if pattern.match(line):
                    title = RELATED_PREFIX.sub("", line).strip()
                    href = hrefs.pop(0) if hrefs else None
                    if title:
                        url = self.urljoin(href) if href else None
                        self.body.related.append(Link(title=title, url=url))
                else:
                    kept.append(line)
            if kept:
                self.add(" ".join(kept))
            return
        self.add(" ".join(lines))

    def add(self, text: str) -> None:
        if not text or is_chrome(text) or text in self.body.captions:
            return
        self.body.blocks.append(text)

    # --- tree walk ----------------------------------------------------------------------
    def node(self, el: etree._Element) -> None:
        if not isinstance(el.tag, str):
            return
        tag = el.tag.lower()
        if tag == "br":
            self.buffer.append("\n")
            return
        if tag in ("img", "amp-img"):
            src = el.get("src") or el.get("data-src") or ""
            if src and not src.startswith("data:"):
                self.body.images.append(self.urljoin(src))
            return
        flags = _flags(el)
        if tag in _CAPTION_TAGS or flags.caption:
            caption = collapse(_text(el))
            if caption:
                self.body.captions.append(caption)
                self.pair_caption(el, caption)
            for img in el.iter("img", "amp-img"):
                self.node(img)
            return
        if flags.related:
            self.flush()
            self.related_box(el)
            return
        if tag in _SKIP_TAGS or flags.skip or _skipped_id(el):
            return
        if tag in BLOCK_TAGS and not _has_block(el):
            self.flush()
            self.emit(_text(el), list(el.iter("a")))
            for img in el.iter("img", "amp-img"):
                self.node(img)
            return
        if tag in _CONTAINER_TAGS or _has_block(el):
            self.flush()
            self.container(el)
            self.flush()
            return
        # inline element (a, strong, span …) inside loose text
        self.buffer.append(_text(el))
        self.buffer_links.extend(el.iter("a"))
        for img in el.iter("img", "amp-img"):
            self.node(img)

    def pair_caption(self, caption_el: etree._Element, caption: str) -> None:
        """Remember ``caption`` for the image of the figure / wp-caption box around it."""
        box = caption_el.getparent()
        while box is not None and not _is_figure(box):
            box = box.getparent() if box.tag not in ("div", "section", "article") else None
        if box is None:
            return
        for img in box.iter("img", "amp-img"):
            src = img.get("src") or img.get("data-src") or ""
            if src and not src.startswith("data:"):
                self.body.image_captions.setdefault(self.urljoin(src), caption)
                return

    def related_box(self, el: etree._Element) -> None:
        """An inline related-post box: its headline links (in headings when it has any)."""
        links = [a for a in el.iter("a") if a.xpath("ancestor::h2|ancestor::h3|ancestor::h4")]
        for a in links or list(el.iter("a")):
            title = RELATED_PREFIX.sub("", collapse(_text(a))).strip()
            if title and a.get("href"):
                self.body.related.append(Link(title=title, url=self.urljoin(a.get("href"))))

    def container(self, el: etree._Element) -> None:
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.node(child)
            if child.tail:
                self.buffer.append(child.tail)


def extract_body(container: Selector | etree._Element, urljoin: Callable[[str], str] = str) -> Body:
    """Text blocks, related links, captions and images of one content container (a parsel
    Selector or the lxml element itself)."""
    walker = _Walker(urljoin)
    root = container.root if isinstance(container, Selector) else container
    if isinstance(root, etree._Element):
        walker.container(root)
        walker.flush()
    body = walker.body
    body.images = list(dict.fromkeys(body.images))
    return body


def densest_container(sel: Selector) -> Selector | None:
    """Generic fallback: the element holding the most paragraph text directly (not in nav etc.)."""
    best: Selector | None = None
    best_len = 0
    for candidate in sel.xpath(
        "//body//*[p][not(ancestor-or-self::nav or ancestor-or-self::aside or "
        "ancestor-or-self::footer or ancestor-or-self::header)]"
    ):
        size = sum(len(collapse(t)) for t in candidate.xpath("./p//text()").getall())
        if size > best_len:
            best, best_len = candidate, size
    return best if best_len >= 80 else None
