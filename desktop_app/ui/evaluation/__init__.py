"""Evaluation views: precision/recall with a confidence slider, and the objects view."""
