"""2. Extraction accuracy on every article fixture with a gold item, against trafilatura/htmldate.

Gold, per article: its reviewed ``fixtures/<spider>/<stem>.expected.json`` (title, body,
published_at); for an article without one yet, the seed text in ``shared/seeds/`` whose headline
is the page's headline (title and body as a reader sees them, minus the photo caption, BACA JUGA
lines and the page chrome after the story; no date). Figures: token-level F1 of the body (words
lower-cased, counted as multisets), exact title, ``published_at`` equal to the minute with the
same UTC offset. trafilatura gets ``bare_extraction(fast=True, with_metadata=True)`` on the same
pages (text of every page joined, title of the first), htmldate ``find_date(original_date=True)``
on the first page (judged to the minute with offset like ours, and by the day alone).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import htmldate
import lxml.html
import trafilatura

from asnscraper.mirror import FIXTURES_DIR, path_key
from benchmarks.articles import Extractor, article_files, fixture_pages, fixture_spiders
from benchmarks.harness import Figure, Goal, NotAvailable
from benchmarks.suite import Context

NAME = "accuracy"
SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
_WORD = re.compile(r"\w+", re.UNICODE)
_CAPTION = re.compile(r"^[A-Z0-9][A-Z0-9 ,.'’/-]+:\s.*--\s*\S+\s*$")
_RELATED = re.compile(r"^\s*(?:baca|lihat|simak)\s+juga\b", re.IGNORECASE)
_CHROME = re.compile(
    r"^(?:tag|tags|share|bagikan|berita terkini|berita terpopuler|berita pilihan|berita terkait|"
    r"tinggalkan balasan|alamat email anda)\b",
    re.IGNORECASE,
)


def tokens(text: str | None) -> Counter[str]:
    return Counter(_WORD.findall((text or "").lower()))


def token_f1(predicted: str | None, gold: str) -> float:
    """Token-level F1 of ``predicted`` against ``gold`` (bags of lower-cased words)."""
    pred, ref = tokens(predicted), tokens(gold)
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def same_minute(value: str | None, gold: str | None, offset: bool = True) -> bool:
    """True when two ISO 8601 times agree to the minute and (``offset``) carry the same offset.

    ``offset=False`` compares local wall-clock times only (for peers that give no offset).
    """
    if not value or not gold:
        return False
    try:
        a, b = dt.datetime.fromisoformat(value), dt.datetime.fromisoformat(gold)
    except ValueError:
        return False
    if offset and (a.utcoffset() is None or a.utcoffset() != b.utcoffset()):
        return False
    a, b = a.replace(second=0, microsecond=0), b.replace(second=0, microsecond=0)
    return a.replace(tzinfo=None) == b.replace(tzinfo=None)


def same_day(value: str | None, gold: str | None) -> bool:
    if not value or not gold:
        return False
    return value[:10] == gold[:10]


def collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Gold:
    title: str
    body: str
    published_at: str | None
    source: str  # "expected" | "seed"


def seed_gold(seed: Path, title: str) -> Gold | None:
    """Gold from a seed text whose lines include ``title``; None when it is another article."""
    lines = [collapse(line) for line in seed.read_text(encoding="utf-8").splitlines()]
    if title not in lines:
        return None
    body = []
    for line in lines[lines.index(title) + 1 :]:
        if _CHROME.match(line):
            break
        if line and not _CAPTION.match(line) and not _RELATED.match(line):
            body.append(line)
    return Gold(title, "\n\n".join(body), None, "seed")


def page_titles(html: bytes) -> list[str]:
    """Headline candidates of a page: ``h1``, og:title, ``<title>``, each also without a
    `` - Outlet`` suffix (to find the seed with the same headline)."""
    tree = lxml.html.fromstring(html)
    found = [
        collapse(tree.xpath("string(//h1)")),
        collapse(tree.xpath("string(//meta[@property='og:title']/@content)")),
        collapse(tree.xpath("string(//title)")),
    ]
    found += [re.split(r"\s+[-|–]\s+", t)[0] for t in found]
    return [t for t in dict.fromkeys(found) if t]


def gold_for(spider: str, name: str, first_html: bytes) -> Gold | None:
    expected = FIXTURES_DIR / spider / (Path(name).stem + ".expected.json")
    if expected.exists():
        data: dict[str, Any] = json.loads(expected.read_text(encoding="utf-8"))
        return Gold(data["title"], data["body"], data.get("published_at"), "expected")
    if SEEDS_DIR.is_dir():
        for title in page_titles(first_html):
            for seed in sorted(SEEDS_DIR.glob("*.txt")):
                gold = seed_gold(seed, title)
                if gold is not None:
                    return gold
    return None


def run(ctx: Context) -> list[Figure]:
    rows: list[dict[str, Any]] = []
    date_stage = True
    for spider in fixture_spiders():
        extractor = Extractor(spider, below=800)
        date_stage = date_stage and not any("NormalizeDates" in m for m in extractor.missing)
        site = fixture_pages(spider)
        for name, url in article_files(spider):
            first = site[path_key(url)]
            gold = gold_for(spider, name, first.body)
            if gold is None:
                continue
            ours = extractor.extract(first, site)
            docs = [
                trafilatura.bare_extraction(p.body, fast=True, with_metadata=True)
                for p in ours.pages
            ]
            peer_text = "\n".join(d.text for d in docs if d is not None and d.text)
            peer_title = docs[0].title if docs and docs[0] is not None else None
            peer_date = htmldate.find_date(
                first.body, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S"
            )
            item = ours.item or {}
            rows.append(
                {
                    "article": f"{spider}/{name}",
                    "gold": gold.source,
                    "f1": token_f1(item.get("body"), gold.body),
                    "peer_f1": token_f1(peer_text, gold.body),
                    "title": collapse(item.get("title") or "") == collapse(gold.title),
                    "peer_title": collapse(peer_title or "") == collapse(gold.title),
                    "date": same_minute(item.get("published_at"), gold.published_at)
                    if gold.published_at
                    else None,
                    "peer_date": same_minute(peer_date, gold.published_at, offset=False)
                    if gold.published_at
                    else None,
                    "peer_day": same_day(peer_date, gold.published_at)
                    if gold.published_at
                    else None,
                    "dropped": ours.dropped,
                }
            )
    if not rows:
        raise NotAvailable("no article fixture has an expected item or a matching seed text")
    ctx.cache["accuracy:rows"] = rows
    sources = Counter(r["gold"] for r in rows)
    note = ", ".join(f"{n} {s}" for s, n in sorted(sources.items()))
    f1 = statistics.fmean(r["f1"] for r in rows)
    peer_f1 = statistics.fmean(r["peer_f1"] for r in rows)
    worst = min(rows, key=lambda r: r["f1"])
    figures = [
        Figure(
            NAME,
            "body token F1 (mean)",
            f1,
            "",
            Goal(">=", 0.97),
            note=f"{len(rows)} articles: {note}; lowest {worst['article']} {worst['f1']:.3f}",
        ),
        Figure(NAME, "trafilatura body token F1 (mean)", peer_f1, ""),
        Figure(NAME, "body F1 lead over trafilatura", f1 - peer_f1, "", Goal(">=", 0.03)),
        Figure(NAME, "titles exact", _share(rows, "title"), "%", Goal(">=", 100)),
        Figure(NAME, "trafilatura titles exact", _share(rows, "peer_title"), "%"),
    ]
    dated = [r for r in rows if r["date"] is not None]
    if not dated:
        figures.append(
            Figure(
                NAME,
                "published_at to the minute + offset",
                None,
                available=False,
                note="no gold date yet (needs *.expected.json)",
            )
        )
    elif not date_stage:
        figures.append(
            Figure(
                NAME,
                "published_at to the minute + offset",
                None,
                available=False,
                note="NormalizeDatesPipeline not in the tree",
            )
        )
    else:
        figures += [
            Figure(
                NAME,
                "published_at to the minute + offset",
                _share(dated, "date"),
                "%",
                Goal(">=", 100),
                note=f"{len(dated)} articles",
            ),
            Figure(
                NAME, "htmldate to the minute (it gives no offset)", _share(dated, "peer_date"), "%"
            ),
            Figure(NAME, "htmldate right day", _share(dated, "peer_day"), "%"),
        ]
    return figures


def _share(rows: list[dict[str, Any]], key: str) -> float:
    return 100.0 * sum(bool(r[key]) for r in rows) / len(rows)
