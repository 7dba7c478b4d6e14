"""Pagaralam Pos (Kota Pagar Alam, Sumatera Selatan): a Disway network outlet."""

from asnscraper.spiders.platforms.disway import DiswaySpider


class PagaralamposSpider(DiswaySpider):
    name = "pagaralampos"
    source_name = "Pagaralam Pos"
    canonical_host = "pagaralampos.disway.id"
    hosts = ("pagaralampos.disway.id", "www.pagaralampos.com", "pagaralampos.com")
    categories = ("/kategori/7/politik", "/kategori/3/pagaralam")
    tags = ("/listtag/4521/netralitas-asn",)
    rss_feeds = ("/rss",)
