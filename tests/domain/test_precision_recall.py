"""Precision/recall from evaluation.summary's 20 confidence bins, as the plot
uses them (a class's bins, several classes merged, the counts at a slider's
threshold), checked against numbers worked out by hand."""

from __future__ import annotations

import pytest

from desktop_app.domain.evaluation.precision_recall import Bin, at_threshold, curve, merged

# dog: 10 ground-truth boxes; 20 bins, three with predictions
#   0.90-0.95: 4 TP, 0 FP   0.50-0.55: 3 TP, 2 FP   0.10-0.15: 1 TP, 5 FP
FILLED = {18: (4, 0), 10: (3, 2), 2: (1, 5)}
DOG = [Bin(i / 20, (i + 1) / 20, *FILLED.get(i, (0, 0))) for i in range(20)]
# cat: 4 ground-truth boxes, one prediction (FP) at 0.60-0.65
CAT = [Bin(i / 20, (i + 1) / 20, 0, 1 if i == 12 else 0) for i in range(20)]


def test_counts_at_a_threshold_by_hand():
    everything = at_threshold(DOG, 10, 0.0)
    assert (everything.tp, everything.fp) == (8, 7)
    assert everything.precision == pytest.approx(8 / 15) and everything.recall == pytest.approx(0.8)
    middle = at_threshold(DOG, 10, 0.5)  # the 0.50 bin is kept: "from >= t"
    assert (middle.tp, middle.fp, middle.precision, middle.recall) == (7, 2, pytest.approx(7 / 9), 0.7)
    sure = at_threshold(DOG, 10, 0.55)
    assert (sure.tp, sure.fp, sure.precision, sure.recall) == (4, 0, 1.0, 0.4)
    nothing = at_threshold(DOG, 10, 0.96)  # nothing kept: precision undefined, every box missed
    assert (nothing.tp, nothing.fp, nothing.precision, nothing.recall) == (0, 0, None, 0.0)
    assert at_threshold(DOG, 10, 0.15000000000000002).tp == 7  # a float slider step lands on its bin
    assert at_threshold([], 0, 0.0).recall is None  # no ground truth: recall undefined


def test_the_curve_runs_from_most_kept_to_least():
    points = curve(DOG, 10)
    assert [p.threshold for p in points] == [i / 20 for i in range(20)]
    recalls = [p.recall for p in points]
    assert recalls == sorted(recalls, reverse=True)  # a higher threshold never finds more
    assert (points[0].recall, points[-1].recall) == (pytest.approx(0.8), 0.0)
    assert points[11].precision == 1.0 and points[10].precision == pytest.approx(7 / 9)
    assert [p.tp for p in points] == [at_threshold(DOG, 10, p.threshold).tp for p in points]


def test_classes_merged_add_up():
    bins, gt = merged([(DOG, 10), (CAT, 4)])
    assert gt == 14 and len(bins) == 20
    both = at_threshold(bins, gt, 0.5)
    assert (both.tp, both.fp) == (7, 3) and both.recall == pytest.approx(0.5)
    assert at_threshold(CAT, 4, 0.0).precision == 0.0
