"""Feed exporters of our own (FEED_EXPORTERS): ``jsonfeed`` (JSON Feed 1.1); ``json`` and
``jsonlines`` (Scrapy's, with a fast path for plain items: json_items.py)."""
