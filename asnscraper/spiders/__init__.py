"""One spider per outlet; each is a thin configuration of a platform spider in platforms/."""
