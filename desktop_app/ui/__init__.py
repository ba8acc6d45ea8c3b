"""Widgets, grouped by feature; the main window in window/ composes them."""
