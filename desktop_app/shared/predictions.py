"""What makes an object a model's prediction rather than ground truth: its
class. A model's output goes to its own class, named "<class>_pred" (the demo,
the "likely false positives" filter presets and common practice all use that
name), so the same rule holds for the boxes drawn in the viewer, the boxes on
thumbnails, point-cloud cuboids and the filters.

A confidence tag does NOT make a prediction: it is a value a person may put
on any box (and ground truth with a confidence stays ground truth). The
confidence a prediction carries is its `confidence` object tag, a number in
0..1."""

from __future__ import annotations

PREDICTION_SUFFIX = "_pred"
CONFIDENCE_TAG = "confidence"
CONFIDENCE_RANGE = (0.0, 1.0)


def is_prediction_class(class_title: str) -> bool:
    """True for a model-output class ("car_pred"), False for a class people label ("car")."""
    return class_title.endswith(PREDICTION_SUFFIX) and len(class_title) > len(PREDICTION_SUFFIX)


def labelled_class(prediction_title: str) -> str:
    """The class a prediction class predicts: "car_pred" -> "car" (unchanged when not a prediction class)."""
    return prediction_title[: -len(PREDICTION_SUFFIX)] if is_prediction_class(prediction_title) else prediction_title
