"""CleanTextPipeline: the body, title, description, tags, captions and related links cleaned.

Uses :func:`asnscraper.parsing.text.clean_body` on the body the spider delivered and writes back:

* ``body``: story paragraphs joined by one blank line, without related lines, captions, photo
  credits, page chrome, byline lines or the trailing reporter code;
* ``related``: the spider's links (titles cleaned, ``BACA JUGA:`` prefixes cut, duplicates
  removed) plus headlines found in the text (``url`` None), never a headline twice;
* ``images``: each caption cleaned and its trailing credit (``--pagaralampos.com``, ``Foto: X``)
  moved to ``credit``; captions found in the text go to the first image without one (an entry
  with an empty ``url`` when the page gave no image, so nothing is lost);
* ``authors``: byline lines found in the text (``Reporter: X``) appended for
  NormalizeAuthorsPipeline to read; ``reporter_code`` and ``dateline`` when the spider set none;
* ``title``, ``description`` (None when empty), ``tags`` (no ``#``, deduplicated).

Stats ``asnscraper/text/<what>``: ``cleaned``, ``removed/<kind>`` (related, caption, chrome,
tail, byline, end_mark), ``reporter_code``, ``dateline``, ``caption_without_image``, ``error``
(the cleaner failed: the body is kept with whitespace normalized, the item goes on).
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from asnscraper.items import Image, Link
from asnscraper.parsing.text import (
    RELATED_PREFIX,
    CleanBody,
    clean_body,
    clean_line,
    clean_tags,
    key,
    outlet_keys,
    paragraphs,
    split_credit,
)
from asnscraper.pipelines.base import ArticlePipeline, field_text

logger = logging.getLogger(__name__)


def outlet_names(adapter: ItemAdapter, spider: Any) -> list[str]:
    """The outlet's name and hosts, from the item and the running spider."""
    names = [adapter.get("source_name"), getattr(spider, "source_name", None)]
    names.append(getattr(spider, "canonical_host", None))
    names.extend(getattr(spider, "hosts", ()) or ())
    return [n for n in names if isinstance(n, str) and n]


def _images(value: Any) -> list[Image]:
    images: list[Image] = []
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        caption = entry.get("caption") if isinstance(entry.get("caption"), str) else None
        credit = entry.get("credit") if isinstance(entry.get("credit"), str) else None
        if caption:
            text, found = split_credit(caption)
            caption = text or None
            credit = credit or found
        credit = clean_line(credit) if credit else None
        images.append(Image(url=entry["url"], caption=caption, credit=credit or None))
    return images


def _related(value: Any) -> list[Link]:
    links: dict[str, Link] = {}
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
            continue
        title = clean_line(RELATED_PREFIX.sub("", clean_line(entry["title"]), count=1))
        url = entry.get("url") if isinstance(entry.get("url"), str) else None
        title_key = key(title)
        if title and title_key not in links:
            links[title_key] = Link(title=title, url=url or None)
        elif title and url and links[title_key]["url"] is None:
            links[title_key]["url"] = url
    return list(links.values())


class CleanTextPipeline(ArticlePipeline):
    component = "text"

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        spider = getattr(self.crawler, "spider", None)
        adapter["title"] = clean_line(field_text(adapter.get("title")))
        description = adapter.get("description")
        if description is not None:
            adapter["description"] = clean_line(field_text(description)) or None
        tags = adapter.get("tags")
        adapter["tags"] = clean_tags(tags if isinstance(tags, list) else [])
        images = _images(adapter.get("images"))
        related = _related(adapter.get("related"))
        body = field_text(adapter.get("body"))
        try:
            result = clean_body(
                body,
                known_related=[link["title"] for link in related],
                known_captions=[i["caption"] for i in images if i["caption"]],
                outlets=outlet_keys(outlet_names(adapter, spider)),
            )
        except Exception:  # a cleaner bug must not stop the crawl or lose the body
            logger.exception("Text cleanup failed for %s", adapter.get("url"))
            self.inc("error")
            result = CleanBody(text="\n\n".join(paragraphs(body)))
        adapter["body"] = result.text
        adapter["related"] = related + result.related
        adapter["images"] = self._attach_captions(images, result.captions)
        if result.bylines:
            authors = adapter.get("authors")
            authors = (
                [a for a in authors if isinstance(a, str)] if isinstance(authors, list) else []
            )
            adapter["authors"] = authors + result.bylines
        if result.reporter_code and not adapter.get("reporter_code"):
            adapter["reporter_code"] = result.reporter_code
            self.inc("reporter_code")
        if result.dateline and not adapter.get("dateline"):
            adapter["dateline"] = result.dateline
            self.inc("dateline")
        for what, count in result.removed.items():
            self.inc(f"removed/{what}", count)
        self.inc("cleaned")
        return item

    def _attach_captions(
        self, images: list[Image], captions: list[tuple[str, str | None]]
    ) -> list[Image]:
        for caption, credit in captions:
            same = next(
                (
                    i
                    for i in images
                    if caption and i["caption"] and key(i["caption"]) == key(caption)
                ),
                None,
            )
            if same is not None:
                same["credit"] = same["credit"] or credit
                continue
            if caption:
                free = next((i for i in images if not i["caption"]), None)
            else:  # a credit alone belongs to the first image still without one
                free = next((i for i in images if not i["credit"]), None)
            if free is not None:
                free["caption"] = free["caption"] or caption or None
                free["credit"] = free["credit"] or credit
                continue
            self.inc("caption_without_image")
            images.append(Image(url=None, caption=caption or None, credit=credit))
        return images
