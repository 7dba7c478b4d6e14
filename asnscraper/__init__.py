"""asnscraper: a Scrapy crawler for Indonesian news coverage of civil-servant (ASN) neutrality."""

__version__ = "0.1.0"
