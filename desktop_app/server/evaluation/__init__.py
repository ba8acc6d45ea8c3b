"""Evaluation of predictions against ground truth, kept current on every write
of an item's figures (docs/evaluation-api.md). The matching rule itself is the
app's pure function (shared/matching.py), the one module of the app
the server imports (pyproject.toml's import contract names the exception)."""
