"""The start-up objects are frozen out of the collector only while a spider is open."""

from __future__ import annotations

import gc
import weakref

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from asnscraper.extensions.gc_freeze import GcFreezeExtension


def _extension(**settings: object) -> GcFreezeExtension:
    return GcFreezeExtension.from_crawler(get_crawler(Spider, settings))


def test_frozen_while_a_spider_is_open_and_given_back_when_the_last_closes() -> None:
    first, second = _extension(), _extension()
    try:
        first.spider_opened()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        second.spider_opened()  # a second spider of the process: already frozen
        assert gc.get_freeze_count() == frozen
        first.spider_closed()
        assert gc.get_freeze_count() == frozen  # the other spider still runs
        second.spider_closed()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        GcFreezeExtension.open_spiders = 0


def test_frozen_objects_are_collected_after_the_spider_closes() -> None:
    class Cycle:
        def __init__(self) -> None:
            self.me = self

    extension = _extension()
    held = Cycle()
    ref = weakref.ref(held)
    try:
        extension.spider_opened()
        del held  # garbage once frozen: the collector does not see it while frozen
        gc.collect()
        assert ref() is not None
        extension.spider_closed()
        gc.collect()
        assert ref() is None
    finally:
        gc.unfreeze()
        GcFreezeExtension.open_spiders = 0


def test_the_setting_turns_it_off() -> None:
    with pytest.raises(NotConfigured):
        _extension(ASNSCRAPER_GC_FREEZE=False)
