"""Evaluating predictions against ground truth (no Qt, no SQL): precision/recall
curves from the server's confidence bins (precision_recall.py). The COCO-style
matching rule itself is shared with the server (desktop_app/shared/matching.py).
The wire contract is docs/evaluation-api.md."""
