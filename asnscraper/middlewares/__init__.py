"""Downloader and spider middlewares of asnscraper (enabled in ``settings.py``).

* :mod:`.guard`: requests go only to the outlet's own hosts (or its mirror); no redirect loops;
* :mod:`.retry`: retries with exponential backoff that honours ``Retry-After`` within a cap;
* :mod:`.failures`: a fetch that finally failed is logged once with its URL and counted;
* :mod:`.charset`: a page declared in one charset but sent in another is decoded correctly;
* :mod:`.walls`: empty 200s, login walls and consent walls are dropped with a reason;
* :mod:`.base`: what they share (the crawler, ``asnscraper/…`` counters).
"""
