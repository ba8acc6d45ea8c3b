"""Evaluation of predictions: the project's IoU threshold (Project → Evaluation settings…)."""
