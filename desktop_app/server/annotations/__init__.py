"""Annotations: checking uploads, storing them, answering them as JSON."""
