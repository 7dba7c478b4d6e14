"""Item pipelines, one job each; their order is ITEM_PIPELINES in settings.py."""
