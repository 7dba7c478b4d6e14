"""The date table (``fixtures/dates/cases.json``): the fast path against plain dateparser.

Run ``python -m benchmarks.date_table``: prints, per string of the table that the fast path reads
(``via: fast``), the median time of ``asnscraper.parsing.dates.parse_datetime`` and of
``dateparser.parse(s, languages=["id"])``, their ratio (goal ≥ 20× faster), the dateparser calls
the fast path made (goal 0) and how many table strings plain dateparser reads to the same instant.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from asnscraper.parsing import dates
from benchmarks.harness import interleaved

TABLE = Path(__file__).resolve().parent.parent / "fixtures" / "dates" / "cases.json"


def evaluate(rounds: int = 7, repeat: int = 20) -> dict[str, Any]:
    import dateparser

    table = json.loads(TABLE.read_text(encoding="utf-8"))
    now = dt.datetime.fromisoformat(table["now"])
    cases = [c for c in table["cases"] if c["via"] == "fast"]
    strings = [c["text"] for c in cases] * repeat

    def ours() -> None:
        for case in cases * repeat:
            dates.parse_datetime(case["text"], tz=case["tz"], now=now, assume_utc=case["utc"])

    def peer() -> None:
        for text in strings:
            dateparser.parse(text, languages=["id"])

    before = dates.dateparser_calls()
    timings = interleaved({"fast path": ours, "dateparser": peer}, rounds=rounds)
    calls = dates.dateparser_calls() - before
    agree = 0
    settings = {"RELATIVE_BASE": now.replace(tzinfo=None), "TIMEZONE": "+0700"}
    for case in cases:
        if case["expect"] is None:
            continue
        theirs = dateparser.parse(case["text"], languages=["id"], settings=settings)
        if theirs is not None and theirs.tzinfo is None:
            theirs = theirs.replace(tzinfo=dates.zone(case["tz"]))
        if theirs is not None and dates.to_iso(theirs, case["tz"]) == case["expect"]:
            agree += 1
    per = {k: timings.median(k) / len(strings) * 1e6 for k in timings.samples}
    return {
        "strings": len(cases),
        "fast_path_us": round(per["fast path"], 2),
        "dateparser_us": round(per["dateparser"], 2),
        "ratio": round(timings.ratio("dateparser", "fast path"), 1),
        "fast_path_dateparser_calls": calls,
        "dateparser_right": agree,
        "with_expected_value": sum(c["expect"] is not None for c in cases),
    }


def main() -> None:
    figures = evaluate()
    print(f"date table: {figures['strings']} strings read by the fast path")
    print(f"  parse_datetime                      {figures['fast_path_us']:>9.2f} µs/string")
    print(f"  dateparser.parse(languages=['id'])  {figures['dateparser_us']:>9.2f} µs/string")
    met = "met" if figures["ratio"] >= 20 else "MISSED"
    print(f"  fast path is {figures['ratio']}x faster (goal >= 20x: {met})")
    print(f"  dateparser calls made by the fast path: {figures['fast_path_dateparser_calls']}")
    print(
        f"  plain dateparser gives the right instant on {figures['dateparser_right']} of "
        f"{figures['with_expected_value']} dated strings"
    )


if __name__ == "__main__":
    main()
