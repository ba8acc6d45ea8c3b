"""Labeling queues: creating them, their entities and the work on them."""
