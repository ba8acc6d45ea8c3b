"""Filter panel, its editors and the chips that show the active filter."""
