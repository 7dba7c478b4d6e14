"""Validation, and the normalization pipelines on the saved article fixtures."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from scrapy.exceptions import DropItem

from asnscraper.items import Article
from asnscraper.parsing import dates as D
from asnscraper.pipelines.validate_article import ValidateArticlePipeline
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from tests.expected import article_fixtures, final_item
from tests.support import make_spider, run_pipelines

BODY = "Pj Sekda Kota Pagar Alam memimpin apel deklarasi netralitas ASN. " * 4
GOOD = {
    "url": "https://pagaralampos.disway.id/pagaralam/read/1/x",
    "title": "Apel Netralitas",
    "body": BODY,
    "published_at": "2023-12-28T10:15:00+07:00",
}


def pipeline(**settings: Any) -> tuple[ValidateArticlePipeline, Any]:
    spider = make_spider(PagaralamposSpider, settings=settings)
    return ValidateArticlePipeline.from_crawler(spider.crawler), spider


def stat(spider: Any, what: str) -> Any:
    return spider.crawler.stats.get_value(f"asnscraper/validate/{what}")


def test_a_complete_article_passes_unchanged() -> None:
    pipe, spider = pipeline()
    item = Article(**GOOD)
    assert pipe.process_item(item) is item
    assert stat(spider, "valid") == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"title": "  "}, "no_title"),
        ({"title": None}, "no_title"),
        ({"body": "Terlalu pendek."}, "short_body"),
        ({"body": ""}, "short_body"),
        ({"published_at": None, "published_at_raw": "31 Februari 2024"}, "no_published_at"),
        ({"published_at": "2023-12-28T10:15:00"}, "bad_published_at"),
        ({"published_at": "kemarin"}, "bad_published_at"),
        ({"published_at": 20231228}, "bad_published_at"),
    ],
)
def test_drops_with_the_reason(
    change: dict[str, Any], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    pipe, spider = pipeline()
    with caplog.at_level(logging.INFO), pytest.raises(DropItem, match=reason):
        pipe.process_item({**GOOD, **change})
    assert stat(spider, f"dropped/{reason}") == 1
    assert stat(spider, "valid") is None
    assert reason in caplog.text and GOOD["url"] in caplog.text


def test_minimum_body_length_is_a_setting() -> None:
    pipe, _ = pipeline(ASNSCRAPER_MIN_BODY_CHARS=20)
    assert pipe.process_item({**GOOD, "body": "Dua puluh karakter lebih."})
    pipe, _ = pipeline(ASNSCRAPER_MIN_BODY_CHARS=len(BODY.strip()) + 1)
    with pytest.raises(DropItem, match=r"short_body: \d+ characters, minimum \d+"):
        pipe.process_item(dict(GOOD))


# --- the chain on saved articles ------------------------------------------------------------


def test_pagaralam_seed_through_the_pipelines() -> None:
    item = final_item("pagaralampos", "jaga-netralitas.html")
    assert isinstance(item, dict), item
    assert item["published_at"] == "2023-12-28T10:15:00+07:00"
    assert item["published_at_raw"] == "2023-12-28 10:15:00"
    assert item["event_date"] == "2023-12-27"
    assert item["dateline"] == "Pagaralam"
    assert item["reporter_code"] == "Cg09"
    body = item["body"]
    assert body.startswith("PAGRALAM POS, Pagaralam – Pj Sekretaris Daerah")
    assert body.endswith("tidak berkepentingan.")
    for junk in ("BACA JUGA", "BERITA ACARA", "--pagaralampos.com", "(Cg09)", "Google News"):
        assert junk not in body
    assert "WhatsApp" not in body and "\n\n\n" not in body
    assert len(item["related"]) == 3 and all(r["url"] for r in item["related"])
    assert item["images"][0]["caption"].startswith("BERITA ACARA:")
    assert item["images"][0]["credit"] == "pagaralampos.com"


@pytest.mark.parametrize(("spider", "name"), article_fixtures())
def test_fixture_articles_need_no_dateparser_call(spider: str, name: str) -> None:
    before = D.dateparser_calls()
    item = final_item.__wrapped__(spider, name)
    assert D.dateparser_calls() == before, f"{spider}/{name} needed dateparser"
    assert isinstance(item, dict), item
    published = item["published_at"]
    assert published and published[19:] in ("+07:00", "+08:00", "+09:00")
    assert item["event_date"] is None or item["event_date"] <= published[:10]
    for junk in ("BACA JUGA", "Baca Juga :", "Tinggalkan Balasan", "Google News"):
        assert junk not in item["body"]


def test_an_article_without_any_date_is_dropped_by_validation() -> None:
    spider = make_spider(PagaralamposSpider, settings={"ASNSCRAPER_KEEP_IRRELEVANT": True})
    item = Article(
        url="https://pagaralampos.disway.id/pagaralam/read/2/y",
        title="Apel Netralitas",
        body=BODY + " Acara berlangsung pada Rabu (27/12) di aula.",
        published_at_raw="",
    )
    with pytest.raises(DropItem, match="no_published_at"):
        run_pipelines(spider, item)
    stats = spider.crawler.stats
    assert stats.get_value("asnscraper/validate/dropped/no_published_at") == 1
    assert stats.get_value("asnscraper/dates/published_from_body") is None
