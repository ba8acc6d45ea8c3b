"""Making projects and changing their meta (classes and tag metas)."""
