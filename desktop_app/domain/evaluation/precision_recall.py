"""Precision and recall at every confidence threshold, from the server's
per-class confidence bins (evaluation.summary). At threshold t only the
predictions with confidence >= t count: TP(t) = the tp of the bins starting
at or above t, FP(t) likewise; precision = TP / (TP + FP), recall = TP / gtCount."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.api.evaluation import ConfidenceBin as Bin  # low ("from"), high ("to"), tp, fp

__all__ = ["Bin", "CurvePoint", "at_threshold", "curve", "merged"]


@dataclass(frozen=True)
class CurvePoint:
    threshold: float
    tp: int
    fp: int
    precision: float | None  # None when no prediction reaches the threshold
    recall: float | None  # None when the class has no ground truth


def curve(bins: Sequence[Bin], gt_count: int) -> list[CurvePoint]:
    """One point per bin start, lowest threshold first."""
    ordered = sorted(bins, key=lambda b: b.low)
    points: list[CurvePoint] = []
    tp = fp = 0
    for b in reversed(ordered):  # accumulate from the highest threshold down
        tp += b.tp
        fp += b.fp
        points.append(_point(b.low, tp, fp, gt_count))
    return list(reversed(points))


def at_threshold(bins: Iterable[Bin], gt_count: int, threshold: float) -> CurvePoint:
    chosen = [b for b in bins if b.low >= threshold - 1e-9]
    return _point(threshold, sum(b.tp for b in chosen), sum(b.fp for b in chosen), gt_count)


def merged(classes: Iterable[tuple[Sequence[Bin], int]]) -> tuple[list[Bin], int]:
    """All classes as one (micro average): bins added up by their start, GT counts summed."""
    by_low: dict[tuple[float, float], list[int]] = {}
    total_gt = 0
    for bins, gt in classes:
        total_gt += gt
        for b in bins:
            acc = by_low.setdefault((b.low, b.high), [0, 0])
            acc[0] += b.tp
            acc[1] += b.fp
    return [Bin(low, high, tp, fp) for (low, high), (tp, fp) in sorted(by_low.items())], total_gt


def _point(threshold: float, tp: int, fp: int, gt_count: int) -> CurvePoint:
    return CurvePoint(
        threshold,
        tp,
        fp,
        tp / (tp + fp) if tp + fp else None,
        tp / gt_count if gt_count else None,
    )
