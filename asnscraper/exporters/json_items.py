"""Scrapy's JSON and JSON Lines exporters (``json``, ``jsonlines``), same bytes, less work.

Scrapy's exporters build the dict of every item field by field through ItemAdapter: the field's
metadata looked up and a serializer called for each of an Article's 30 fields, about as long as
encoding the item. When nothing can change a value or the field list (no ``FEED_EXPORT_FIELDS``
/ ``fields_to_export``, ``serialize_field`` not overridden, no ``serializer`` in the item's field
metadata), that dict is the item's own fields in their declared order, built in one step:
:func:`plain_fields` for a dataclass (the Article) or a plain ``dict``. Any other item or
option goes through Scrapy's own code. tests/test_crawl_overhead.py compares the bytes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from scrapy import exporters


@lru_cache(maxsize=64)
def _plain_dataclass_fields(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, or None when a field names a serializer."""
    fields = dataclasses.fields(cls)
    if any("serializer" in f.metadata for f in fields):
        return None
    return tuple(f.name for f in fields)


def plain_fields(item: Any) -> dict[str, Any] | None:
    """The exported dict of ``item`` when no serializer can apply: a plain dict's items, a
    dataclass's fields in declared order; None for anything else (Scrapy's way then)."""
    cls = type(item)
    if cls is dict:
        return dict(item)
    if not dataclasses.is_dataclass(cls):
        return None
    names = _plain_dataclass_fields(cls)
    if names is None:
        return None
    try:
        return {name: getattr(item, name) for name in names}
    except AttributeError:  # a field never set (init=False): Scrapy leaves it out
        return None


class PlainFieldsMixin:
    """``get_serialized_fields`` through :func:`plain_fields` when the exporter's options
    allow it (no field list, the base ``serialize_field``, Scrapy's defaults for the rest)."""

    fields_to_export: Any

    def get_serialized_fields(
        self, item: Any, default_value: Any = None, include_empty: bool | None = None
    ) -> Iterable[tuple[str, Any]]:
        if (
            self.fields_to_export is None
            and default_value is None
            and type(self).serialize_field is exporters.BaseItemExporter.serialize_field
        ):
            fields = plain_fields(item)
            if fields is not None:
                return fields.items()
        return super().get_serialized_fields(  # type: ignore[misc]
            item, default_value=default_value, include_empty=include_empty
        )


class JsonLinesItemExporter(PlainFieldsMixin, exporters.JsonLinesItemExporter):
    """Scrapy's JSON Lines exporter with :class:`PlainFieldsMixin`."""


class JsonItemExporter(PlainFieldsMixin, exporters.JsonItemExporter):
    """Scrapy's JSON exporter with :class:`PlainFieldsMixin`."""
