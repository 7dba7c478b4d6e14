"""Scrapy extensions of asnscraper (enabled in ``settings.py``).

* :mod:`.coverage`: per-spider field coverage at close, to catch a silent layout change.
"""
