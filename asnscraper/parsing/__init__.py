"""Pure parsing functions (no Scrapy): dates, text, URLs, regions, people, relevance."""
