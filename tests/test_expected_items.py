"""Every article fixture, field by field, against its reviewed ``*.expected.json``."""

from __future__ import annotations

import pytest

from asnscraper.items import article_fields
from tests.expected import (
    VOLATILE_FIELDS,
    article_fixtures,
    expected_path,
    final_item,
    load_expected,
)

CASES = [
    (spider, name) for spider, name in article_fixtures() if expected_path(spider, name).exists()
]
FIELDS = [f for f in article_fields() if f not in VOLATILE_FIELDS]


def test_every_article_fixture_has_an_expected_item() -> None:
    missing = [f"{s}/{n}" for s, n in article_fixtures() if not expected_path(s, n).exists()]
    assert not missing, f"article fixtures without *.expected.json: {missing}"
    assert len(CASES) >= 20


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(("spider", "name"), CASES, ids=[f"{s}/{n}" for s, n in CASES])
def test_field(spider: str, name: str, field: str) -> None:
    item = final_item(spider, name)
    assert isinstance(item, dict), f"{spider}/{name}: {item}"
    expected = load_expected(spider, name)
    assert field in expected, f"{spider}/{name}: expected file lacks field {field!r}"
    assert item[field] == expected[field], f"{spider}/{name}: field {field!r} differs"
