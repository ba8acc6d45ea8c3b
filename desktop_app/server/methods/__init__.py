"""Importing this package registers every v3 method."""
from . import annotations, collections, context, images, queues  # noqa: F401
