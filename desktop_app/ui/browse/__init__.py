"""Gallery and table views over the browsed items, with thumbnails."""
