"""The COCO-style matching rule (shared/matching.py) and the
precision/recall curve built from confidence bins."""

from __future__ import annotations

import pytest

from desktop_app.domain.evaluation.precision_recall import Bin, at_threshold, curve, merged
from desktop_app.shared.matching import Box, counts, iou, match_item


def box(fid: int, title: str, left: float, top: float = 0, size: float = 10, conf: float | None = None) -> Box:
    return Box(fid, title, left, top, left + size, top + size, conf)


def verdicts(matches) -> dict[int, tuple[str, int | None]]:
    return {m.figure_id: (m.kind, m.matched_figure_id) for m in matches}


def test_iou_of_overlapping_and_disjoint_boxes():
    assert iou(box(1, "a", 0), box(2, "a", 0)) == 1.0
    assert iou(box(1, "a", 0), box(2, "a", 5)) == pytest.approx(50 / 150)
    assert iou(box(1, "a", 0), box(2, "a", 10)) == 0.0  # right edge exclusive: touching is no overlap


def test_greedy_by_confidence_the_surest_prediction_takes_the_ground_truth():
    gt = box(1, "car", 0)
    weak = box(2, "car_pred", 0, conf=0.4)  # IoU 1.0 but less sure
    strong = box(3, "car_pred", 2, conf=0.9)  # IoU 0.667
    m = match_item([gt, weak, strong], ["car"])
    assert verdicts(m) == {3: ("tp", 1), 1: ("tp", 3), 2: ("fp", None)}
    assert counts(m) == {"tp": 1, "fp": 1, "fn": 0}


def test_missing_confidence_counts_as_one():
    m = match_item([box(1, "car", 0), box(2, "car_pred", 0, conf=0.99), box(3, "car_pred", 1)], ["car"])
    assert verdicts(m)[3] == ("tp", 1)
    assert next(x for x in m if x.figure_id == 3).confidence == 1.0


def test_threshold_edge_is_inclusive():
    gt = box(1, "car", 0)
    pred = box(2, "car_pred", 0, size=20)  # IoU exactly 100/400 = 0.25
    assert counts(match_item([gt, pred], ["car"], threshold=0.25)) == {"tp": 1, "fp": 0, "fn": 0}
    m = match_item([gt, pred], ["car"], threshold=0.2501)
    assert counts(m) == {"tp": 0, "fp": 1, "fn": 1}
    assert next(x for x in m if x.figure_id == 2).iou == pytest.approx(0.25)  # its best IoU is kept


def test_class_mismatch_does_not_match():
    m = match_item([box(1, "car", 0), box(2, "bus_pred", 0)], ["car", "bus"])
    assert verdicts(m) == {2: ("fp", None), 1: ("fn", None)}


def test_each_ground_truth_is_taken_once_and_leftovers_are_missed():
    gts = [box(1, "car", 0), box(2, "car", 50), box(3, "car", 100)]
    preds = [box(4, "car_pred", 0, conf=0.8), box(5, "car_pred", 1, conf=0.7), box(6, "car_pred", 50, conf=0.6)]
    m = match_item(gts + preds, ["car"])
    assert verdicts(m) == {
        4: ("tp", 1),
        1: ("tp", 4),
        5: ("fp", None),
        6: ("tp", 2),
        2: ("tp", 6),
        3: ("fn", None),
    }
    assert counts(m) == {"tp": 2, "fp": 1, "fn": 1}


def test_prediction_class_without_a_labelled_class_is_all_false_positives():
    m = match_item([box(1, "dog_pred", 0, conf=0.9), box(2, "dog_pred", 30)], ["car"])
    assert {x.kind for x in m} == {"fp"} and counts(m) == {"tp": 0, "fp": 2, "fn": 0}
    assert all(x.labelled_class == "dog" for x in m)


def test_a_confidence_tag_alone_does_not_make_a_prediction():
    m = match_item([box(1, "car", 0, conf=0.3)], ["car"])
    assert verdicts(m) == {1: ("fn", None)}


def test_result_does_not_depend_on_input_order():
    items = [box(1, "car", 0), box(2, "car_pred", 1, conf=0.5), box(3, "car_pred", 2, conf=0.5)]
    assert verdicts(match_item(items, ["car"])) == verdicts(match_item(list(reversed(items)), ["car"]))
    assert verdicts(match_item(items, ["car"]))[2] == ("tp", 1)  # equal confidence: lower id first


def test_precision_recall_from_bins():
    bins = [Bin(0.0, 0.5, tp=1, fp=3), Bin(0.5, 1.0, tp=3, fp=1)]
    points = curve(bins, gt_count=5)
    assert [(p.threshold, p.tp, p.fp) for p in points] == [(0.0, 4, 4), (0.5, 3, 1)]
    assert points[1].precision == 0.75 and points[1].recall == 0.6
    high = at_threshold(bins, 5, 0.9)
    assert high.tp == 0 and high.precision is None
    all_bins, gt = merged([(bins, 5), ([Bin(0.5, 1.0, 1, 0)], 2)])
    assert gt == 7 and all_bins[1] == Bin(0.5, 1.0, 4, 1)
