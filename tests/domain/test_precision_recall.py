"""Precision/recall from evaluation.summary's confidence bins, checked against
numbers worked out by hand."""

from __future__ import annotations

import pytest

from desktop_app.domain.evaluation.precision_recall import classes_from_json, counts_at, curve, thresholds

# dog: 10 ground-truth boxes; predictions in three bins
#   0.90-0.95: 4 TP, 0 FP   0.50-0.55: 3 TP, 2 FP   0.10-0.15: 1 TP, 5 FP
# cat: 4 ground-truth boxes, one prediction (FP) at 0.60-0.65
SUMMARY = {
    "iouThreshold": 0.5,
    "classes": [
        {
            "classId": 1,
            "classTitle": "dog",
            "gtCount": 10,
            "predictions": 15,
            "bins": [{"from": i / 20, "to": (i + 1) / 20, "tp": 0, "fp": 0} for i in range(20)],
        },
        {
            "classId": 2,
            "classTitle": "cat",
            "gtCount": 4,
            "predictions": 1,
            "bins": [{"from": 0.6, "to": 0.65, "tp": 0, "fp": 1}],
        },
    ],
}
for index, tp, fp in ((18, 4, 0), (10, 3, 2), (2, 1, 5)):
    SUMMARY["classes"][0]["bins"][index].update(tp=tp, fp=fp)  # type: ignore[index]


def test_counts_at_thresholds_by_hand():
    dog, cat = classes_from_json(SUMMARY)
    assert (dog.class_title, dog.gt_count, dog.predictions, len(dog.bins)) == ("dog", 10, 15, 20)

    everything = counts_at(dog, 0.0)
    assert (everything.tp, everything.fp, everything.missed) == (8, 7, 2)
    assert everything.precision == pytest.approx(8 / 15) and everything.recall == pytest.approx(0.8)

    middle = counts_at(dog, 0.5)  # the 0.50 bin is kept: "from >= t"
    assert (middle.tp, middle.fp, middle.missed) == (7, 2, 3)
    assert middle.precision == pytest.approx(7 / 9) and middle.recall == pytest.approx(0.7)

    assert (counts_at(dog, 0.55).tp, counts_at(dog, 0.55).fp) == (4, 0)
    assert counts_at(dog, 0.55).precision == 1.0
    high = counts_at(dog, 0.96)  # nothing kept: precision undefined, every box missed
    assert (high.tp, high.fp, high.missed, high.precision, high.recall) == (0, 0, 10, None, 0.0)
    assert counts_at(dog, 0.15000000000000002).tp == 7  # a float slider step still lands on its bin


def test_several_classes_sum_and_no_ground_truth():
    dog, cat = classes_from_json(SUMMARY)
    both = counts_at([dog, cat], 0.5)
    assert (both.tp, both.fp, both.missed) == (7, 3, 7)
    assert counts_at(cat, 0.0).recall == 0.0 and counts_at(cat, 0.0).precision == 0.0
    ghost = classes_from_json({"classes": [{"classId": 3, "classTitle": "bird", "gtCount": 0, "bins": []}]})[0]
    assert counts_at(ghost, 0.0).recall is None and counts_at(ghost, 0.0).precision is None


def test_curve_runs_from_most_kept_to_least():
    dog, _ = classes_from_json(SUMMARY)
    points = curve(dog)
    assert [p.threshold for p in points] == thresholds([dog]) == [i / 20 for i in range(20)]
    recalls = [p.recall for p in points]
    assert recalls == sorted(recalls, reverse=True)  # a higher threshold never finds more
    assert (points[0].recall, points[-1].recall) == (pytest.approx(0.8), pytest.approx(0.0))
    assert points[11].precision == 1.0  # 0.55 and up: only the four sure dogs
