"""Code the app and the bundled server share, so both sides can never disagree:
what makes a box a prediction and its confidence (predictions.py), the
evaluation matching rule (matching.py) and the export writers
(export_formats/). Standard library only: it imports neither the app's layers
nor the server (pyproject.toml's import contracts), so each side may import it."""
