"""Indonesian news dates: a regex fast path, dateparser only as a guarded fallback.

``parse_datetime(text, tz=…, now=…)`` returns a :class:`DateResult` whose ``value`` is an aware
datetime (or None with a ``reason``). The fast path reads, without dateparser:

* ISO 8601 with or without offset (``2024-09-23T14:05:00+07:00``, ``…Z``, ``2023-12-28 10:15:00``,
  a zone glued inside as some WordPress themes print it: ``2019-09-28WIB19:17:34+07:00``);
* day-month-year numbers (``Kamis 28-12-2023,10:15 WIB``, ``23/09/2024 14:05``, ``23.09.2024``,
  two-digit years with ``/`` or ``-``; month-first only when the day cannot be a month);
* month names and abbreviations in Indonesian and English (``Senin, 23 September 2024``,
  ``23 Sep 2024 14.05 WITA``, ``Rabu 23 Oct 2024 - 22:31 WIB``, ``6 Nop 2019``, ``17 Ags 2024``,
  ``Pebruari``, ``Sept.``, ``September 23, 2024``) and RFC 822 (``Mon, 23 Sep 2024 07:05:00 +0000``);
* a time ``HH:MM[:SS]`` or ``HH.MM`` after ``pukul``/``jam``/``,``/``-``/``|``, ``am``/``pm``, and a
  zone: ``WIB`` +07:00, ``WITA`` +08:00, ``WIT`` +09:00 (also glued: ``10:15WIB``), ``UTC``/``GMT``,
  ``Z``, ``+0700``, ``GMT+7``;
* relative dates against ``now``: ``2 jam lalu``, ``5 menit yang lalu``, ``3 hari yang lalu``,
  ``sebulan lalu``, ``1 bulan lalu``, ``bulan lalu``, ``2 pekan lalu``, ``kemarin`` (optionally
  with a time: ``Kemarin, 14:05``), ``hari ini``, ``baru saja``, and the English equivalents.

Weekday names (Senin … Minggu, Ahad, Jum'at; English) are checked against the date: a mismatch is
reported (``weekday_mismatch``) and the date kept, because the numbers are what the CMS printed.

A value without an offset is in the outlet's local time ``tz`` (``WIB`` by default), or in UTC when
the caller says so (``assume_utc=True``, e.g. WordPress REST ``date_gmt``). Rejected, never
clamped: impossible dates (31 Februari, 25:00), years before :data:`MIN_YEAR`, instants later than
``now`` + :data:`FUTURE_SLACK`, a time with no date (``pukul 10.15 WIB``: dateparser would say
"today"), a weekday or month name alone.

The fallback ``dateparser.parse(text, languages=["id", "en"], settings=…)`` runs only when the
fast path read nothing, the text is at most :data:`MAX_FALLBACK_CHARS` long and holds a digit or a
month/relative word; each call is counted (:func:`dateparser_calls` and
``DateResult.dateparser_calls``) so a pipeline can keep to one call per article.

Body dates (``Rabu (27/12)``, ``Senin (23/9/2024)``, ``Senin, 23/9/2024``) are read by
:func:`body_dates`; :func:`event_date` infers a missing year from the publication date and keeps
a date only when its weekday matches; :func:`publication_from_body` gives the first full body date
for a page that showed no publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from asnscraper.parsing.text import clean_line
from asnscraper.parsing.word_scanner import WordScanner

#: Earliest plausible year of an online news article.
MIN_YEAR: Final = 1990
#: How far after "now" a date may lie (clock skew, outlets in WIT ahead of the crawler).
FUTURE_SLACK: Final = dt.timedelta(days=2)
#: An event is normally not after its report; allow this much (evening events, time zones).
EVENT_SLACK: Final = dt.timedelta(days=2)
#: Longest text read as a date at all (a listing entry with its headline fits).
MAX_DATE_CHARS: Final = 1000
#: Longest string handed to dateparser (longer ones are prose, not a date).
MAX_FALLBACK_CHARS: Final = 80

#: Indonesian time zones (no daylight saving time) and the UTC offsets of their names.
ZONES: Final[dict[str, dt.timezone]] = {
    "WIB": dt.timezone(dt.timedelta(hours=7), "WIB"),
    "WITA": dt.timezone(dt.timedelta(hours=8), "WITA"),
    "WIT": dt.timezone(dt.timedelta(hours=9), "WIT"),
}
_IANA: Final = {
    "asia/jakarta": "WIB",
    "asia/pontianak": "WIB",
    "asia/makassar": "WITA",
    "asia/jayapura": "WIT",
}


def _names(table: list[tuple[str, ...]], start: int = 1) -> dict[str, int]:
    return {name: number for number, names in enumerate(table, start) for name in names}


#: Month names and abbreviations (Indonesian, old spellings, English) → month number.
MONTHS: Final[dict[str, int]] = _names(
    [
        ("januari", "jan", "january", "djan", "djanuari"),
        ("februari", "pebruari", "feb", "peb", "february", "febr"),
        ("maret", "mar", "mrt", "march"),
        ("april", "apr"),
        ("mei", "may", "mai"),
        ("juni", "jun", "june", "djuni"),
        ("juli", "jul", "july", "djuli"),
        ("agustus", "agu", "agt", "ags", "agst", "aug", "august", "agus"),
        ("september", "sep", "sept", "sepetember"),
        ("oktober", "okt", "oct", "october", "okto"),
        ("november", "nopember", "nov", "nop", "novemb"),
        ("desember", "des", "dec", "december", "dese"),
    ]
)
#: Weekday names (Indonesian with common spellings, English) → ``date.weekday()`` (Monday 0).
WEEKDAYS: Final[dict[str, int]] = _names(
    [
        ("senin", "monday", "mon", "sen"),
        ("selasa", "tuesday", "tue", "tues", "sel"),
        ("rabu", "wednesday", "wed", "rab"),
        ("kamis", "thursday", "thu", "thur", "thurs", "kam"),
        ("jumat", "jum'at", "jum’at", "jumaat", "friday", "fri", "jum"),
        ("sabtu", "saturday", "sat", "sab"),
        ("minggu", "ahad", "sunday", "sun", "min"),
    ],
    start=0,
)


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH: Final = rf"(?P<month>{_alternation(MONTHS)})\.?"
_DAY_NAME_RE: Final = re.compile(rf"(?<![\w'’])({_alternation(WEEKDAYS)})(?![\w'’])", re.I)
_ZONE: Final = (
    r"(?P<zone>(?:WITA|WIB|WIT|UTC|GMT|Z)(?![a-z])|[+-]\d{2}:?\d{2}(?!\d))"
    r"(?:(?<=UTC|GMT)(?P<zsign>[+-])(?P<zhours>\d{1,2})(?::?(?P<zmins>\d{2}))?(?!\d))?"
)
_ISO_RE: Final = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-/](?P<mon>\d{1,2})[-/](?P<day>\d{1,2})(?!\d)"
    r"(?:[T\s]*(?:WITA|WIB|WIT)?[T\s]*(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?"
    r"(?:\s*" + _ZONE + r")?",
    re.I,
)
_DMY_RE: Final = re.compile(
    r"(?<![\d.:/-])(?P<day>\d{1,2})(?P<sep>[-/.])(?P<mon>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d:])"
)
_DAY_MONTH_YEAR_RE: Final = re.compile(
    rf"(?<![\w])(?P<day>\d{{1,2}})(?:\s*[-/.]\s*|\s+|(?=[a-z])){_MONTH}(?![a-z])"
    rf",?(?:\s*[-/.]\s*|\s+|(?<=\.)(?=\d))(?P<year>\d{{4}})(?!\d)",
    re.I,
)
_MONTH_DAY_YEAR_RE: Final = re.compile(
    rf"(?<![\w]){_MONTH}(?![a-z])(?:\s+|\s*[-/]\s*)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf",?(?:\s+|\s*[-/]\s*)(?P<year>\d{{4}})(?!\d)",
    re.I,
)
_TIME_RE: Final = re.compile(
    r"""
    (?<![\d:.])
    (?:(?:pukul|pkl\.?|jam|at)\s*)?                       # "pukul 10.15", "jam 14:05"
    (?P<hour>\d{1,2})
    (?:
        [:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?   # 10:15, 10.15, 10:15:45
        (?!\d)(?![:.]\d)
      | (?=\s*[ap]\.?m\.?(?![a-z]))                        # an hour alone only before am/pm
    )
    \s*(?P<ampm>[ap]\.?m\.?(?![a-z]))?
    \s*(?:"""
    + _ZONE
    + r")?",
    re.I | re.X,
)
_ZONE_ONLY_RE: Final = re.compile(r"(?<![a-z])" + _ZONE, re.I)

_UNITS: Final = {
    "detik": "seconds",
    "dtk": "seconds",
    "second": "seconds",
    "seconds": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "menit": "minutes",
    "mnt": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "min": "minutes",
    "mins": "minutes",
    "jam": "hours",
    "hour": "hours",
    "hours": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hari": "days",
    "day": "days",
    "days": "days",
    "minggu": "weeks",
    "pekan": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "bulan": "months",
    "bln": "months",
    "month": "months",
    "months": "months",
    "tahun": "years",
    "thn": "years",
    "year": "years",
    "years": "years",
}
_NUMBER_WORDS: Final = {
    "se": 1,
    "satu": 1,
    "a": 1,
    "an": 1,
    "one": 1,
    "dua": 2,
    "two": 2,
    "tiga": 3,
    "three": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
}
_NUMBER: Final = (
    r"\d{1,3}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|an?|one|two|three"
)
_UNIT: Final = (
    r"detik|dtk|menit|mnt|jam|hari|minggu|pekan|bulan|bln|tahun|thn|seconds?|secs?|"
    r"minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?"
)
_REL_PART: Final = rf"(?:(?:{_NUMBER})\s*|se)(?:{_UNIT})(?![\w])"
#: ``2 jam lalu``, ``sebulan yang lalu``, ``1 minggu 2 hari lalu``, ``3 hours ago``.
_RELATIVE_RE: Final = re.compile(
    rf"(?<![\w])(?P<parts>{_REL_PART}(?:\s*(?:,|dan|and)?\s*{_REL_PART})*)"
    r"\s+(?:(?:yang|yg)\s+)?(?:lalu|silam|ago|kemarin)(?![\w])",
    re.I,
)
_REL_PART_RE: Final = re.compile(
    rf"(?<![\w])(?:(?P<num>{_NUMBER})\s*|(?P<se>se))(?P<unit>{_UNIT})(?![\w])", re.I
)
_LAST_UNIT_RE: Final = re.compile(
    r"(?<![\w])(?P<unit>minggu|pekan|bulan|tahun)\s+(?:lalu|kemarin)(?![\w])|"
    r"(?<![\w])last\s+(?P<eunit>week|month|year)(?![\w])",
    re.I,
)
_DAY_WORD_RE: Final = re.compile(
    r"(?<![\w])(?P<word>kemarin\s+lusa|kemarin|kmrn|hari\s+ini|baru\s+saja|barusan|"
    r"yesterday|today|just\s+now)(?![\w])",
    re.I,
)
_DATE_WORD_RE: Final = re.compile(
    rf"\d|(?<![a-z])(?:{_alternation(MONTHS)}|lalu|ago|kemarin|yesterday|today|hari ini|"
    r"baru saja|barusan|just now)(?![a-z])",
    re.I,
)


@dataclass(frozen=True, slots=True)
class DateResult:
    """What :func:`parse_datetime` read.

    ``value`` is aware (the offset the text gave, else the local or UTC offset) or None; then
    ``reason`` says why: ``empty``, ``no_date`` (nothing date-like, or a time/weekday alone),
    ``impossible`` (31 Februari, 25:00), ``too_old`` (before MIN_YEAR), ``future`` (after now +
    FUTURE_SLACK), ``unparsed`` (neither the fast path nor dateparser read it), ``no_fallback``
    (the fast path failed and the fallback was not allowed), ``too_long`` (more than
    MAX_DATE_CHARS characters: prose, not a date).
    """

    value: dt.datetime | None
    reason: str = ""
    via: str = ""  # iso | numeric | named | relative | dateparser
    has_time: bool = False
    weekday_mismatch: bool = False
    dateparser_calls: int = 0

    @property
    def ok(self) -> bool:
        return self.value is not None


class _Calls:
    count = 0


def dateparser_calls() -> int:
    """How many times this process called dateparser (benchmarks and stats read it)."""
    return _Calls.count


def zone(name: str | dt.tzinfo | None) -> dt.tzinfo:
    """The zone of an outlet: ``WIB``/``WITA``/``WIT``, an IANA Indonesian zone, ``+07:00``.

    None means ``WIB``. Raises ValueError for a name it does not know.
    """
    if name is None or name == "":
        return ZONES["WIB"]
    if isinstance(name, dt.tzinfo):
        return name
    key = name.strip()
    if key.upper() in ZONES:
        return ZONES[key.upper()]
    if key.lower() in _IANA:
        return ZONES[_IANA[key.lower()]]
    offset = _offset(key)
    if offset is not None:
        return offset
    raise ValueError(f"unknown time zone {name!r} (expected WIB, WITA, WIT or an offset)")


def _offset(text: str) -> dt.timezone | None:
    match = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?", text.strip(), re.I)
    if not match:
        return None
    hours, minutes = int(match[2]), int(match[3] or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-delta if match[1] == "-" else delta)


def _zone_of(match: re.Match[str]) -> dt.tzinfo | None:
    """The zone named in a match of a pattern holding ``_ZONE`` (None when absent)."""
    name = match.group("zone")
    if not name:
        return None
    upper = name.upper()
    if upper in ZONES:
        return ZONES[upper]
    if upper in ("UTC", "GMT", "Z"):
        if match.group("zsign"):
            return _offset(
                f"{match.group('zsign')}{match.group('zhours')}:{match.group('zmins') or '00'}"
            )
        return dt.UTC
    return _offset(name)


def to_iso(value: dt.datetime, tz: str | dt.tzinfo | None = "WIB") -> str:
    """ISO 8601 with offset, seconds precision, expressed in the zone ``tz``."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: attach the zone it is in first")
    return value.astimezone(zone(tz)).replace(microsecond=0).isoformat()


def local_now(now: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime:
    """``now`` (the real clock when None) as an aware datetime in ``tz``."""
    if now is None:
        return dt.datetime.now(tz)
    if now.tzinfo is None:
        now = now.replace(tzinfo=tz)
    return now.astimezone(tz)


# --- the fast path --------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    year: int
    month: int
    day: int
    span: tuple[int, int]
    via: str
    time: tuple[int, int, int] | None = None
    tz: dt.tzinfo | None = None


def _find_date(text: str) -> _Found | None:
    if match := _ISO_RE.search(text):
        found = _Found(
            int(match["year"]), int(match["mon"]), int(match["day"]), match.span(), "iso"
        )
        if match["hour"] is not None:
            found.time = (int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
        found.tz = _zone_of(match)
        return found
    for pattern, via in (
        (_DAY_MONTH_YEAR_RE, "named"),
        (_MONTH_DAY_YEAR_RE, "named"),
    ):
        if match := pattern.search(text):
            month = MONTHS[match["month"].lower()]
            return _Found(int(match["year"]), month, int(match["day"]), match.span(), via)
    if match := _DMY_RE.search(text):
        day, month, year = int(match["day"]), int(match["mon"]), match["year"]
        if len(year) == 2 and match["sep"] == ".":
            return None  # 10.15.30 is a time, not a date
        if month > 12 >= day:  # month-first, unambiguous only when the day cannot be a month
            day, month = month, day
        full_year = int(year) + 2000 if len(year) == 2 else int(year)
        return _Found(full_year, month, day, match.span(), "numeric")
    return None


def _find_time(text: str, span: tuple[int, int]) -> re.Match[str] | None:
    """The time written after the date, else before it."""
    after = _TIME_RE.search(text, span[1])
    if after:
        return after
    before = _TIME_RE.search(text[: span[0]])
    return before


def _clock(match: re.Match[str]) -> tuple[int, int, int] | None:
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour == 24 and minute == 0 and second == 0:
        return None  # 24:00 is the next day's midnight: ambiguous on news pages, rejected
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _weekday_mismatch(text: str, day: dt.date, span: tuple[int, int]) -> bool:
    outside = text[: span[0]] + " " + text[span[1] :]
    for match in _DAY_NAME_RE.finditer(outside):
        word = match.group(1).lower()
        if len(word) <= 3 and not match.group(1)[0].isupper():
            continue  # "sen", "min" in lower case are other words
        return WEEKDAYS[word] != day.weekday()
    return False


def _absolute(text: str, naive: dt.tzinfo) -> DateResult | None:
    found = _find_date(text)
    if found is None:
        return None
    tz, clock = found.tz, found.time
    if clock is None and (time_match := _find_time(text, found.span)) is not None:
        clock = _clock(time_match)
        if clock is None:
            return DateResult(None, "impossible", found.via)
        tz = tz or _zone_of(time_match)
    if tz is None and (zone_match := _ZONE_ONLY_RE.search(text, found.span[1])) is not None:
        tz = _zone_of(zone_match)
    hour, minute, second = clock or (0, 0, 0)
    try:
        value = dt.datetime(
            found.year, found.month, found.day, hour, minute, second, tzinfo=tz or naive
        )
    except ValueError:  # 31 Februari, 25:61
        return DateResult(None, "impossible", found.via)
    return DateResult(
        value,
        via=found.via,
        has_time=clock is not None,
        weekday_mismatch=_weekday_mismatch(text, value.date(), found.span),
    )


def _months_before(value: dt.datetime, months: int) -> dt.datetime:
    index = value.year * 12 + value.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return value.replace(year=year, month=month, day=min(value.day, last))


def _ago(now: dt.datetime, count: int, unit: str) -> dt.datetime:
    if unit == "months":
        return _months_before(now, count)
    if unit == "years":
        return _months_before(now, 12 * count)
    return now - dt.timedelta(**{unit: count})


def _relative(text: str, now: dt.datetime) -> DateResult | None:
    if match := _RELATIVE_RE.search(text):
        value, has_time = now, False
        for part in _REL_PART_RE.finditer(match["parts"]):
            raw = (part["num"] or part["se"] or "1").lower()
            count = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 1)
            unit = _UNITS[part["unit"].lower()]
            value = _ago(value, count, unit)
            has_time = has_time or unit in ("seconds", "minutes", "hours")
        return DateResult(value, via="relative", has_time=has_time)
    if match := _LAST_UNIT_RE.search(text):
        unit = _UNITS[(match["unit"] or match["eunit"]).lower()]
        return DateResult(_ago(now, 1, unit), via="relative")
    if match := _DAY_WORD_RE.search(text):
        word = " ".join(match["word"].lower().split())
        days = {"kemarin lusa": 2, "kemarin": 1, "kmrn": 1, "yesterday": 1}.get(word, 0)
        value = now - dt.timedelta(days=days)
        has_time = word in ("baru saja", "barusan", "just now")
        time_match = _TIME_RE.search(text, match.end()) or _TIME_RE.search(text[: match.start()])
        if time_match is not None:
            clock = _clock(time_match)
            if clock is None:
                return DateResult(None, "impossible", "relative")
            tz = _zone_of(time_match) or now.tzinfo
            value = dt.datetime.combine(value.date(), dt.time(*clock), tzinfo=tz)
            has_time = True
        return DateResult(value, via="relative", has_time=has_time)
    return None


def _fast(text: str, naive: dt.tzinfo, now: dt.datetime) -> DateResult | None:
    return _absolute(text, naive) or _relative(text, now)


# --- the fallback -------------------------------------------------------------------------


def _may_be_date(text: str) -> bool:
    if len(text) > MAX_FALLBACK_CHARS or not _DATE_WORD_RE.search(text):
        return False
    # a time alone ("pukul 10.15 WIB") or a weekday alone is no date: dateparser says "today"
    rest = _TIME_RE.sub(" ", text)
    rest = _DAY_NAME_RE.sub(" ", rest)
    return bool(_DATE_WORD_RE.search(rest))


def _dateparser(text: str, naive: dt.tzinfo, now: dt.datetime) -> dt.datetime | None:
    import dateparser  # imported lazily: a crawl that never needs it never pays for it

    _Calls.count += 1
    offset = now.astimezone(naive).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    settings = {
        "TIMEZONE": f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": now.astimezone(naive).replace(tzinfo=None),
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    try:
        return dateparser.parse(text, languages=["id", "en"], settings=settings)
    except (ValueError, OverflowError, TypeError):  # dateparser's own failures on odd input
        return None


# --- the public entry point ---------------------------------------------------------------


def _bounded(result: DateResult, now: dt.datetime) -> DateResult:
    value = result.value
    if value is None:
        return result
    if value.year < MIN_YEAR:
        return DateResult(None, "too_old", result.via, dateparser_calls=result.dateparser_calls)
    if value > now + FUTURE_SLACK:
        return DateResult(None, "future", result.via, dateparser_calls=result.dateparser_calls)
    return result


def parse_datetime(
    text: str | None,
    *,
    tz: str | dt.tzinfo | None = "WIB",
    now: dt.datetime | None = None,
    assume_utc: bool = False,
    fallback: bool = True,
) -> DateResult:
    """Read one date string (see the module docstring). Never raises on bad input.

    ``tz``: the outlet's local zone for values without offset; ``now``: the reference for
    relative dates and the future bound (the real clock when None); ``assume_utc``: a value
    without offset is UTC (WordPress ``date_gmt``); ``fallback``: dateparser may be called.
    """
    if not isinstance(text, str):
        return DateResult(None, "empty")
    if len(text) > 4 * MAX_DATE_CHARS:  # not a date string: no scan of a megabyte
        return DateResult(None, "too_long")
    cleaned = clean_line(text)
    if not cleaned:
        return DateResult(None, "empty")
    if len(cleaned) > MAX_DATE_CHARS:
        return DateResult(None, "too_long")
    local = zone(tz)
    naive = dt.UTC if assume_utc else local
    current = local_now(now, local)
    result = _fast(cleaned, naive, current)
    if result is not None:
        return _bounded(result, current)
    if not _may_be_date(cleaned):
        return DateResult(None, "no_date")
    if not fallback:
        return DateResult(None, "no_fallback")
    value = _dateparser(cleaned, naive, current)
    if value is None:
        return DateResult(None, "unparsed", "dateparser", dateparser_calls=1)
    if value.tzinfo is None:  # not expected with RETURN_AS_TIMEZONE_AWARE, kept safe
        value = value.replace(tzinfo=naive)
    return _bounded(DateResult(value, via="dateparser", dateparser_calls=1), current)


def parse_date(
    text: str | None,
    *,
    tz: str | dt.tzinfo | None = "WIB",
    now: dt.datetime | None = None,
    fallback: bool = True,
) -> dt.datetime | None:
    """The aware datetime of a date string, or None (shortcut of :func:`parse_datetime`)."""
    return parse_datetime(text, tz=tz, now=now, fallback=fallback).value


# --- dates inside the body ------------------------------------------------------------------

#: Weekday names that anchor a date in running Indonesian text.
BODY_WEEKDAYS: Final = (
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "jum'at",
    "jum’at",
    "sabtu",
    "minggu",
    "ahad",
)
#: Scanned through the weekday names only (a weekday is always followed by a non-word
#: character here, so it is a whole word): see :class:`WordScanner`.
_BODY_DATES: Final = WordScanner(
    [
        rf"(?P<wd>{_alternation(BODY_WEEKDAYS)})"
        r"(?:\s*\(\s*(?P<pd>\d{1,2})\s*(?P<ps>[/-])\s*(?P<pm>\d{1,2})"
        r"(?:\s*(?P=ps)\s*(?P<py>\d{4}|\d{2}))?\s*\)"
        r"|\s*,\s*(?P<cd>\d{1,2})(?P<cs>[/-])(?P<cm>\d{1,2})(?P=cs)(?P<cy>\d{4})(?![\d/-])"
        r"|\s*(?:\(\s*|,\s*)(?P<nd>\d{1,2})\s+"
        rf"(?P<nm>{_alternation(MONTHS)})\.?\s+(?P<ny>\d{{4}})"
        r"(?!\d)(?:\s*\))?)"
    ],
    r"(?<![\w'’])",
    "",
    re.I,
)
_BODY_DATE_RE: Final = _BODY_DATES.pattern


@dataclass(frozen=True, slots=True)
class BodyDate:
    """A ``Hari (dd/mm[/yyyy])`` date found in the text: the weekday named and the numbers."""

    weekday: int
    day: int
    month: int
    year: int | None
    text: str
    start: int


def body_dates(text: str) -> Iterator[BodyDate]:
    """Every weekday-anchored date in ``text``, in order: ``Rabu (27/12)``, ``Senin (23/9/2024)``,
    ``Senin, 23/9/2024``, ``Senin (23 September 2024)``, ``Senin, 23 September 2024``."""
    for match in _BODY_DATES.finditer(text or ""):
        weekday = WEEKDAYS[match["wd"].lower()]
        if match["pd"]:
            day, month, year = match["pd"], match["pm"], match["py"]
        elif match["cd"]:
            day, month, year = match["cd"], match["cm"], match["cy"]
        else:
            day, month, year = match["nd"], str(MONTHS[match["nm"].lower()]), match["ny"]
        full = None
        if year:
            full = int(year) + 2000 if len(year) == 2 else int(year)
        yield BodyDate(weekday, int(day), int(month), full, match.group(0), match.start())


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class EventDate:
    """The event date found in a body, with what was passed over on the way."""

    date: dt.date | None = None
    text: str = ""
    weekday_mismatches: int = 0
    future_mentions: int = 0
    impossible: int = 0


def _infer_year(found: BodyDate, published: dt.date) -> dt.date | None:
    """The date of a year-less body date: the latest one not after the report (+ slack)."""
    limit = published + EVENT_SLACK
    for year in (published.year + 1, published.year, published.year - 1):
        candidate = _date_or_none(year, found.month, found.day)
        if candidate is not None and candidate <= limit:
            return candidate
    return None


def event_date(text: str, published: dt.date | None) -> EventDate:
    """The first body date whose weekday matches, as the event the article reports.

    A missing year comes from ``published`` (late December reported in early January is the
    previous year); without ``published`` a year-less date is passed over. A date later than
    ``published`` + EVENT_SLACK is a mention of something to come, not the event; a weekday
    that contradicts the date makes the date untrustworthy. Both are passed over and counted.
    """
    mismatches = future = impossible = 0
    limit = published + EVENT_SLACK if published else None
    for found in body_dates(text):
        if found.year is not None:
            candidate = _date_or_none(found.year, found.month, found.day)
        elif published is not None:
            candidate = _infer_year(found, published)
        else:
            continue
        if candidate is None or candidate.year < MIN_YEAR:
            impossible += 1
            continue
        if limit is not None and candidate > limit:
            future += 1
            continue
        if candidate.weekday() != found.weekday:
            ahead = _date_or_none(candidate.year + 1, found.month, found.day)
            if found.year is None and ahead is not None and ahead.weekday() == found.weekday:
                future += 1  # "Rabu (27/11)" in a report of 11 November: the coming one
            else:
                mismatches += 1
            continue
        return EventDate(candidate, found.text, mismatches, future, impossible)
    return EventDate(None, "", mismatches, future, impossible)


def publication_from_body(text: str, not_after: dt.date) -> EventDate:
    """The first full body date (with its year, weekday matching, not after ``not_after``):
    the publication day of a page that printed none (the Metro24 seed's case)."""
    mismatches = future = impossible = 0
    for found in body_dates(text):
        if found.year is None:
            continue
        candidate = _date_or_none(found.year, found.month, found.day)
        if candidate is None or candidate.year < MIN_YEAR:
            impossible += 1
            continue
        if candidate > not_after:
            future += 1
            continue
        if candidate.weekday() != found.weekday:
            mismatches += 1
            continue
        return EventDate(candidate, found.text, mismatches, future, impossible)
    return EventDate(None, "", mismatches, future, impossible)


def local_midnight(day: dt.date, tz: str | dt.tzinfo | None = "WIB") -> dt.datetime:
    """Midnight of ``day`` in the outlet's zone."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone(tz))
