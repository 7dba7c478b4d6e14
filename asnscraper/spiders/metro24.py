"""Metro24 (metro24.co.id, Riau; Kuantan Singingi coverage): a WordPress outlet.

Not the unrelated Medan paper also called Metro24: only metro24.co.id hosts are followed.
"""

from asnscraper.spiders.platforms.wordpress import WordPressSpider


class Metro24Spider(WordPressSpider):
    name = "metro24"
    source_name = "Metro24"
    canonical_host = "metro24.co.id"
    hosts = ("metro24.co.id", "www.metro24.co.id")
    categories = ("/category/news/", "/category/kuansing/")
    tags = ("/tag/netralitas-asn/",)
    timezone = "WIB"
    # Small REST pages: a scheduled run stops after the first few known posts.
    rest_per_page = 5
