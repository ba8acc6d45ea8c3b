"""The triage mode's marks over the annotation scene: unmatched predictions
(false positives) get a thick translucent fill, ground truth no prediction
found (missed) a thick dotted outline, so both stand out from the ordinary
boxes the scene draws (ground truth solid, predictions dashed)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

FALSE_POSITIVE = QColor("#FF1744")
MISSED = QColor("#FFAB00")
MARK_Z = 50_000  # above the boxes, below their labels (annotation_scene.LABEL_Z)
Box = tuple[float, float, float, float]  # left, top, right, bottom


class TriageHighlights:
    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: list[QGraphicsRectItem] = []
        self.false_positives: list[Box] = []
        self.missed: list[Box] = []

    def show(self, false_positives: Iterable[Box], missed: Iterable[Box]) -> None:
        self.clear()
        self.false_positives, self.missed = list(false_positives), list(missed)
        for box in self.false_positives:
            self._add(box, FALSE_POSITIVE, Qt.PenStyle.SolidLine, filled=True)
        for box in self.missed:
            self._add(box, MISSED, Qt.PenStyle.DotLine, filled=False)

    def clear(self) -> None:
        for item in self.items:
            self.scene.removeItem(item)
        self.items = []
        self.false_positives, self.missed = [], []

    def _add(self, box: Box, color: QColor, style: Qt.PenStyle, *, filled: bool) -> None:
        left, top, right, bottom = box
        item = QGraphicsRectItem(QRectF(left, top, right - left, bottom - top))
        pen = QPen(color, 4, style)
        pen.setCosmetic(True)  # as thick at any zoom
        item.setPen(pen)
        if filled:
            fill = QColor(color)
            fill.setAlpha(60)
            item.setBrush(QBrush(fill))
        item.setZValue(MARK_Z)
        self.scene.addItem(item)
        self.items.append(item)
