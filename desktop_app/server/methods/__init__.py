"""Importing this package registers every v3 method."""
from . import annotations, collections, context, images, queue_work, queues  # noqa: F401
