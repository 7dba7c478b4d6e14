"""Dates: the table of real-world shapes, body dates, the pipelines that use them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.exceptions import DropItem

from asnscraper.items import Article
from asnscraper.parsing import dates as D
from asnscraper.parsing.dates import (
    body_dates,
    event_date,
    parse_date,
    parse_datetime,
    publication_from_body,
    to_iso,
    zone,
)
from asnscraper.pipelines.filter_date_range import FilterDateRangePipeline
from asnscraper.pipelines.normalize_dates import NormalizeDatesPipeline
from asnscraper.spiders.pagaralampos import PagaralamposSpider
from tests.support import make_spider

TABLE = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "dates" / "cases.json").read_text(
        encoding="utf-8"
    )
)
NOW = dt.datetime.fromisoformat(TABLE["now"])
CASES = TABLE["cases"]
WIB = dt.timezone(dt.timedelta(hours=7))


def test_table_is_large_and_covers_rejections() -> None:
    assert len(CASES) >= 40
    assert sum(c["expect"] is None for c in CASES) >= 8
    assert {c["reason"] for c in CASES if c["expect"] is None} >= {
        "impossible",
        "too_old",
        "future",
        "no_date",
    }


@pytest.mark.parametrize("case", CASES, ids=[c["text"] or "<empty>" for c in CASES])
def test_date_table(case: dict[str, Any]) -> None:
    result = parse_datetime(case["text"], tz=case["tz"], now=NOW, assume_utc=case["utc"])
    if case["expect"] is None:
        assert result.value is None, case["note"]
        assert result.reason == case["reason"], case["note"]
    else:
        assert result.value is not None, f"{case['note']}: {result.reason}"
        assert to_iso(result.value, case["tz"]) == case["expect"], case["note"]
    assert result.dateparser_calls == (1 if case["via"] == "dateparser" else 0), case["note"]


def test_fast_path_never_calls_dateparser_and_the_count_is_observable() -> None:
    before = D.dateparser_calls()
    for case in CASES:
        if case["via"] == "fast":
            parse_datetime(case["text"], tz=case["tz"], now=NOW, assume_utc=case["utc"])
    assert D.dateparser_calls() == before
    parse_datetime("23rd of September 2024", now=NOW)
    assert D.dateparser_calls() == before + 1


def test_fallback_can_be_refused() -> None:
    result = parse_datetime("23rd of September 2024", now=NOW, fallback=False)
    assert result.value is None and result.reason == "no_fallback"
    assert result.dateparser_calls == 0


def test_dateparser_result_is_bounded_like_the_fast_path() -> None:
    result = parse_datetime("23rd of September 2031", now=NOW)
    assert result.value is None and result.reason == "future"
    assert result.dateparser_calls == 1


def test_weekday_that_contradicts_the_date_is_reported_and_the_date_kept() -> None:
    result = parse_datetime("Sabtu, 28 Desember 2023 10:15 WIB", now=NOW)
    assert result.weekday_mismatch
    assert to_iso(result.value) == "2023-12-28T10:15:00+07:00"
    assert not parse_datetime("Kamis, 28 Desember 2023", now=NOW).weekday_mismatch


def test_relative_dates_follow_the_injected_now() -> None:
    later = NOW + dt.timedelta(days=40)
    assert to_iso(parse_date("kemarin", now=later)) == "2024-12-29T12:00:00+07:00"
    assert to_iso(parse_date("sebulan lalu", now=dt.datetime(2024, 3, 31, 8, tzinfo=WIB))) == (
        "2024-02-29T08:00:00+07:00"  # month arithmetic clamps to the month's last day
    )


def test_naive_now_is_local_time() -> None:
    value = parse_date("2 jam lalu", now=dt.datetime(2024, 11, 20, 12, 0))
    assert to_iso(value) == "2024-11-20T10:00:00+07:00"


def test_zone_names() -> None:
    assert zone("WITA").utcoffset(None) == dt.timedelta(hours=8)
    assert zone("wit").utcoffset(None) == dt.timedelta(hours=9)
    assert zone("Asia/Jakarta").utcoffset(None) == dt.timedelta(hours=7)
    assert zone("+08:00").utcoffset(None) == dt.timedelta(hours=8)
    assert zone(None).utcoffset(None) == dt.timedelta(hours=7)
    with pytest.raises(ValueError, match="unknown time zone 'CET'"):
        zone("CET")


def test_to_iso_refuses_naive_values() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_iso(dt.datetime(2024, 1, 1))


def test_bad_input_types_are_no_date() -> None:
    assert parse_datetime(None).reason == "empty"  # type: ignore[arg-type]
    assert parse_datetime(20240923).reason == "empty"  # type: ignore[arg-type]
    assert parse_datetime("  \u200b\u00a0 ").reason == "empty"
    assert parse_datetime("23 September 2024 " + "kata " * 300).reason == "too_long"
    assert parse_datetime("1" * (1 << 20)).reason == "too_long"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_never_raises_and_never_calls_dateparser_on_long_or_dateless_text(text: str) -> None:
    before = D.dateparser_calls()
    result = parse_datetime(text, now=NOW, fallback=False)
    assert result.dateparser_calls == 0 and D.dateparser_calls() == before
    if result.value is not None:
        assert result.value.tzinfo is not None
        assert result.value.year >= D.MIN_YEAR and result.value <= NOW + D.FUTURE_SLACK


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1995, 1, 1), max_value=dt.datetime(2024, 11, 19)),
    st.sampled_from(["WIB", "WITA", "WIT"]),
    st.data(),
)
def test_round_trip_of_iso_and_named_months(value: dt.datetime, tz: str, data: Any) -> None:
    value = value.replace(microsecond=0, tzinfo=zone(tz))
    assert parse_date(value.isoformat(), tz="WIB", now=NOW) == value
    names = sorted(k for k, v in D.MONTHS.items() if v == value.month)
    month = data.draw(st.sampled_from(names)).capitalize()
    text = f"{value.day} {month} {value.year} {value:%H:%M} {tz}"
    assert parse_date(text, tz="WIB", now=NOW) == value.replace(second=0)


# --- body dates -----------------------------------------------------------------------------


def test_body_date_shapes() -> None:
    text = (
        "Acara pada Rabu (27/12) di aula; apel Senin (23/9/2024), rapat Senin, 23/9/2024, "
        "kunjungan Kamis (3/10) dan Jum'at (20 September 2024)."
    )
    found = [(d.weekday, d.day, d.month, d.year, d.text) for d in body_dates(text)]
    assert found == [
        (2, 27, 12, None, "Rabu (27/12)"),
        (0, 23, 9, 2024, "Senin (23/9/2024)"),
        (0, 23, 9, 2024, "Senin, 23/9/2024"),
        (3, 3, 10, None, "Kamis (3/10)"),
        (4, 20, 9, 2024, "Jum'at (20 September 2024)"),
    ]


@pytest.mark.parametrize(
    ("body", "published", "expect", "mismatches", "future"),
    [
        ("berlangsung pada Rabu (27/12) di Ruang Rapat", dt.date(2023, 12, 28), "2023-12-27", 0, 0),
        # late December reported in early January belongs to the previous year
        ("berlangsung pada Rabu (27/12) di Ruang Rapat", dt.date(2024, 1, 2), "2023-12-27", 0, 0),
        ("Apel digelar Selasa (31/12) pagi.", dt.date(2025, 1, 3), "2024-12-31", 0, 0),
        # an evening event reported after midnight, and a report a day before the event
        ("Debat Sabtu (16/11) malam.", dt.date(2024, 11, 17), "2024-11-16", 0, 0),
        ("Apel akan digelar Senin (25/11).", dt.date(2024, 11, 24), "2024-11-25", 0, 0),
        ("Senin (23/9/2024) di Lapangan Upacara", dt.date(2024, 9, 24), "2024-09-23", 0, 0),
        ("rapat Senin, 23/9/2024 di kantor bupati", dt.date(2024, 9, 24), "2024-09-23", 0, 0),
        # weekday contradicts the date: not trusted, the next consistent date is taken
        (
            "Acara Kamis (27/12) lalu. Rapat Rabu (27/12) sore.",
            dt.date(2023, 12, 28),
            "2023-12-27",
            1,
            0,
        ),
        ("Acara Kamis (27/12) di Ruang Rapat.", dt.date(2023, 12, 28), None, 1, 0),
        # the coming election day is a mention, not the reported event
        (
            "Pencoblosan Rabu (27/11) nanti. Sosialisasi Senin (11/11).",
            dt.date(2024, 11, 11),
            "2024-11-11",
            0,
            1,
        ),
        ("pemungutan suara Rabu, 27/11/2024.", dt.date(2024, 11, 16), None, 0, 1),
        ("Tidak ada tanggal di sini, hanya Senin dan (23/9).", dt.date(2024, 9, 24), None, 0, 0),
        # a year-less date needs a publication date
        ("berlangsung pada Rabu (27/12)", None, None, 0, 0),
        ("berlangsung pada Senin (23/9/2024)", None, "2024-09-23", 0, 0),
        ("pada Kamis (29/2) lalu", dt.date(2024, 3, 1), "2024-02-29", 0, 0),
    ],
)
def test_event_date(
    body: str, published: dt.date | None, expect: str | None, mismatches: int, future: int
) -> None:
    found = event_date(body, published)
    assert (found.date.isoformat() if found.date else None) == expect
    assert found.weekday_mismatches == mismatches
    assert found.future_mentions == future


def test_impossible_body_date_is_passed_over() -> None:
    found = event_date("Rabu (31/2/2024) lalu dan Senin (23/9/2024).", dt.date(2024, 9, 24))
    assert found.date == dt.date(2024, 9, 23) and found.impossible == 1


def test_publication_from_body_needs_a_year_and_a_matching_weekday() -> None:
    body = "Rapat Rabu (27/12). Kamis (23/9/2024) lalu. Apel Senin (23/9/2024) di lapangan."
    found = publication_from_body(body, dt.date(2026, 1, 1))
    assert found.date == dt.date(2024, 9, 23) and found.text == "Senin (23/9/2024)"
    assert found.weekday_mismatches == 1
    assert publication_from_body(body, dt.date(2024, 9, 1)).date is None  # all in the future


# --- pipelines --------------------------------------------------------------------------------


def dates_pipeline(**settings: Any) -> tuple[NormalizeDatesPipeline, Any]:
    spider = make_spider(
        PagaralamposSpider, settings={"ASNSCRAPER_NOW": NOW.isoformat(), **settings}
    )
    return NormalizeDatesPipeline.from_crawler(spider.crawler), spider


def stat(spider: Any, what: str) -> Any:
    return spider.crawler.stats.get_value(f"asnscraper/dates/{what}")


def test_pipeline_normalizes_publication_modification_and_event() -> None:
    pipeline, spider = dates_pipeline()
    item = Article(
        published_at_raw="Kamis 28-12-2023,10:15 WIB",
        modified_at="2023-12-28T05:20:00Z",
        body="Acara tersebut berlangsung pada Rabu (27/12) di Ruang Rapat.",
    )
    out = pipeline.process_item(item)
    assert out.published_at == "2023-12-28T10:15:00+07:00"
    assert out.published_at_raw == "Kamis 28-12-2023,10:15 WIB"
    assert out.modified_at == "2023-12-28T12:20:00+07:00"
    assert out.event_date == "2023-12-27"
    assert stat(spider, "published") == 1 and stat(spider, "event_date") == 1
    assert stat(spider, "dateparser_calls") is None


def test_pipeline_writes_dates_in_the_spiders_zone() -> None:
    pipeline, spider = dates_pipeline()
    spider.timezone = "WITA"
    out = pipeline.process_item(Article(published_at_raw="2024-09-23T06:05:00+00:00"))
    assert out.published_at == "2024-09-23T14:05:00+08:00"
    out = pipeline.process_item(Article(published_at_raw="2024-09-23 14:05:00"))
    assert out.published_at == "2024-09-23T14:05:00+08:00"


def test_pipeline_leaves_an_unreadable_date_empty_and_says_why() -> None:
    pipeline, spider = dates_pipeline()
    out = pipeline.process_item(
        Article(published_at_raw="31 Februari 2024", body="Senin (23/9/2024)")
    )
    assert out.published_at is None  # never the body date instead of what the page said
    assert out.published_at_raw == "31 Februari 2024"
    assert stat(spider, "published_unreadable/impossible") == 1


def test_pipeline_takes_the_publication_day_from_the_body_when_the_page_shows_none() -> None:
    pipeline, spider = dates_pipeline()
    body = (
        "Metro24, Kuantan Singingi – Apel Deklarasi Netralitas ASN dipimpin Sekda "
        "Senin (23/9/2024) di Lapangan Upacara Kantor Bupati Kuantan Singingi."
    )
    out = pipeline.process_item(Article(published_at_raw="", body=body))
    assert out.published_at == "2024-09-23T00:00:00+07:00"
    assert out.published_at_raw == "Senin (23/9/2024)"
    assert out.event_date == "2024-09-23"
    assert stat(spider, "published_from_body") == 1


def test_pipeline_calls_dateparser_at_most_once_per_article() -> None:
    pipeline, spider = dates_pipeline()
    out = pipeline.process_item(
        Article(published_at_raw="23rd of September 2024", modified_at="24th of September 2024")
    )
    assert out.published_at == "2024-09-23T00:00:00+07:00"
    assert out.modified_at is None
    assert stat(spider, "dateparser_calls") == 1
    assert stat(spider, "modified_unreadable/no_fallback") == 1


def test_pipeline_counts_event_weekday_mismatch() -> None:
    pipeline, spider = dates_pipeline()
    out = pipeline.process_item(
        Article(published_at_raw="2023-12-28 10:15:00", body="Acara Kamis (27/12) di Ruang Rapat.")
    )
    assert out.event_date is None
    assert stat(spider, "event_weekday_mismatch") == 1


def test_pipeline_survives_odd_field_types() -> None:
    pipeline, _ = dates_pipeline()
    out = pipeline.process_item(
        {"published_at_raw": None, "modified_at": 5, "body": ["Rabu (27/12)", 3]}
    )
    assert out["published_at"] is None and out["modified_at"] is None
    assert out["event_date"] is None


def test_pipeline_drops_with_a_reason_when_the_spider_zone_is_unknown() -> None:
    pipeline, spider = dates_pipeline()
    spider.timezone = "CET"
    with pytest.raises(DropItem, match="bad_timezone"):
        pipeline.process_item(Article(published_at_raw="2024-09-23 14:05:00", url="https://x/1"))
    assert stat(spider, "dropped/bad_timezone") == 1


# --- date range -------------------------------------------------------------------------------


def range_pipeline(**kwargs: Any) -> tuple[FilterDateRangePipeline, Any]:
    spider = make_spider(PagaralamposSpider, **kwargs)
    return FilterDateRangePipeline.from_crawler(spider.crawler), spider


@pytest.mark.parametrize(
    ("published", "kept"),
    [
        ("2024-09-01T00:00:00+07:00", True),  # since is inclusive
        ("2024-08-31T23:59:00+07:00", False),
        ("2024-08-31T17:30:00+00:00", True),  # 00:30 on 1 September in WIB
        ("2024-09-30T23:59:59+07:00", True),  # until is inclusive
        ("2024-09-30T17:30:00+00:00", False),  # 00:30 on 1 October in WIB
        ("2024-10-01T00:00:00+07:00", False),
    ],
)
def test_date_range_is_inclusive_in_local_days(published: str, kept: bool) -> None:
    pipeline, spider = range_pipeline(since="2024-09-01", until="2024-09-30")
    item = Article(url="https://pagaralampos.disway.id/x", published_at=published)
    if kept:
        assert pipeline.process_item(item) is item
    else:
        with pytest.raises(DropItem, match="out_of_range"):
            pipeline.process_item(item)
        assert spider.crawler.stats.get_value("asnscraper/date_range/dropped/out_of_range") == 1


def test_date_range_open_ends_and_undated_items_pass() -> None:
    pipeline, _ = range_pipeline(since="2024-09-01")
    assert pipeline.process_item(Article(published_at="2030-01-01T00:00:00+07:00"))
    assert pipeline.process_item(Article(published_at=None))
    assert pipeline.process_item(Article(published_at="not a date"))
    pipeline, _ = range_pipeline()
    assert pipeline.process_item(Article(published_at="1999-01-01T00:00:00+07:00"))
