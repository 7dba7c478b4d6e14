"""Feed exporters of our own (FEED_EXPORTERS): ``jsonfeed`` (JSON Feed 1.1)."""
