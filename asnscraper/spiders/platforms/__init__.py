"""Platform base spiders: one per CMS (Disway network, WordPress)."""
