"""Labeling queues: panel, create dialog, queue work window, moving accepted items."""
