"""The matching rule of evaluation, COCO style, for one item.

Per labelled class C: the predictions are the boxes of class "C_pred" (see
shared/predictions.py: the class makes a prediction, not a confidence tag),
the ground truth the boxes of class C. Predictions are taken by confidence,
highest first (a missing confidence counts as 1.0; ties by id so the answer
never depends on input order); each takes the still unmatched ground-truth box
of its class with the highest IoU if that IoU >= the threshold -> "tp", else it
is "fp". Ground truth left over is "fn" (missed). A prediction class whose
labelled class is not in the project: all its boxes are "fp".

Pure Python on plain records: the server stores its answer per figure
(server/evaluation/) and the app's triage highlights use it as is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.shared.predictions import is_prediction_class, labelled_class

DEFAULT_IOU_THRESHOLD = 0.5
MISSING_CONFIDENCE = 1.0
KINDS = ("tp", "fp", "fn")
# project types whose boxes are matched (a video's frame by frame); point-cloud cuboids are not
EVALUATED_TYPES = ("images", "videos")


@dataclass(frozen=True)
class Box:
    """One rectangle figure of an item: right/bottom exclusive, as on the wire."""

    figure_id: int
    class_title: str
    left: float
    top: float
    right: float
    bottom: float
    confidence: float | None = None  # the "confidence" object tag; predictions only

    @property
    def area(self) -> float:
        return max(0.0, self.right - self.left) * max(0.0, self.bottom - self.top)


@dataclass(frozen=True)
class Match:
    """What evaluation says of one box. `labelled_class` is the ground-truth class
    title both sides are counted under ("car" for a "car_pred" box)."""

    figure_id: int
    labelled_class: str
    kind: str  # "tp" | "fp" | "fn"
    prediction: bool  # the prediction side (a "tp" pair has one Match per side)
    confidence: float | None  # predictions: their confidence (1.0 when missing); ground truth: None
    matched_figure_id: int | None  # the other box of a "tp" pair
    iou: float | None  # IoU with the matched box; for an "fp" the best IoU it had (None without any GT)


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (0.0 when either has no area)."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    union = a.area + b.area - inter
    return inter / union if union > 0 else 0.0


def match_item(
    boxes: Iterable[Box], labelled_classes: Iterable[str], threshold: float = DEFAULT_IOU_THRESHOLD
) -> list[Match]:
    """Every box of the item with its verdict: predictions "tp"/"fp", ground truth "tp"/"fn".

    `labelled_classes` are the project's class titles that people label: a
    prediction class without one among them is all "fp"; boxes of a class that
    is neither predicted nor has predictions are still ground truth ("fn" when
    no prediction takes them)."""
    known = set(labelled_classes)
    predictions: dict[str, list[Box]] = defaultdict(list)
    truth: dict[str, list[Box]] = defaultdict(list)
    for box in boxes:
        if is_prediction_class(box.class_title):
            predictions[labelled_class(box.class_title)].append(box)
        else:
            truth[box.class_title].append(box)
    matches: list[Match] = []
    for title in sorted(set(predictions) | set(truth)):
        gt = truth[title] if title in known else []
        matches.extend(_match_class(title, predictions[title], gt, threshold))
    return matches


def _confidence(box: Box) -> float:
    return MISSING_CONFIDENCE if box.confidence is None else box.confidence


def _match_class(title: str, preds: Sequence[Box], gt: Sequence[Box], threshold: float) -> list[Match]:
    out: list[Match] = []
    unmatched = {g.figure_id: g for g in sorted(gt, key=lambda g: g.figure_id)}
    for pred in sorted(preds, key=lambda p: (-_confidence(p), p.figure_id)):
        best: Box | None = None
        best_iou = -1.0
        for g in unmatched.values():
            value = iou(pred, g)
            if value > best_iou:
                best, best_iou = g, value
        conf = _confidence(pred)
        if best is not None and best_iou >= threshold:
            del unmatched[best.figure_id]
            out.append(Match(pred.figure_id, title, "tp", True, conf, best.figure_id, best_iou))
            out.append(Match(best.figure_id, title, "tp", False, None, pred.figure_id, best_iou))
        else:
            out.append(Match(pred.figure_id, title, "fp", True, conf, None, best_iou if best is not None else None))
    out.extend(Match(g.figure_id, title, "fn", False, None, None, None) for g in unmatched.values())
    return out


def counts(matches: Iterable[Match]) -> dict[str, int]:
    """Per-item counts {"tp","fp","fn"}: a true positive counts once (its prediction), not per side."""
    out = dict.fromkeys(KINDS, 0)
    for m in matches:
        if m.kind != "tp" or m.prediction:  # a pair's ground-truth side is not counted again
            out[m.kind] += 1
    return out
