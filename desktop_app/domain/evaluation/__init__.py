"""Evaluating predictions against ground truth (no Qt, no SQL): the COCO-style
matching rule (matching.py) and precision/recall curves from the server's
confidence bins (precision_recall.py). The wire contract is docs/evaluation-api.md."""
