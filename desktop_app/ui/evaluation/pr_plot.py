"""A small precision/recall plot drawn with QPainter (PySide6-Essentials has no
QtCharts): recall across, precision up, one point per confidence bin joined
by a line, and a ring on the point of the chosen threshold."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.domain.evaluation.precision_recall import CurvePoint

CURVE = QColor("#1E88E5")
MARK = QColor("#E53935")
MARGIN = 36  # room for the axis labels


class PrPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prPlot")
        self.points: list[CurvePoint] = []
        self.marker: CurvePoint | None = None
        self.setMinimumSize(260, 220)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(380, 300)

    def set_curve(self, points: Sequence[CurvePoint], marker: CurvePoint | None) -> None:
        self.points = [p for p in points if p.precision is not None and p.recall is not None]
        drawable = marker is not None and marker.precision is not None and marker.recall is not None
        self.marker = marker if drawable else None
        self.update()

    def plot_rect(self) -> QRectF:
        return QRectF(MARGIN, 10, max(self.width() - MARGIN - 14, 10), max(self.height() - MARGIN - 10, 10))

    def to_screen(self, recall: float, precision: float) -> QPointF:
        r = self.plot_rect()
        return QPointF(r.left() + recall * r.width(), r.bottom() - precision * r.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        r = self.plot_rect()
        grid = QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine)
        text = palette.color(QPalette.ColorRole.Text)
        for step in range(0, 11, 2):
            value = step / 10
            painter.setPen(grid)
            painter.drawLine(self.to_screen(value, 0), self.to_screen(value, 1))
            painter.drawLine(self.to_screen(0, value), self.to_screen(1, value))
            painter.setPen(text)
            x = self.to_screen(value, 0)
            painter.drawText(QRectF(x.x() - 15, r.bottom() + 2, 30, 14), Qt.AlignmentFlag.AlignCenter, f"{value:.1f}")
            y = self.to_screen(0, value)
            painter.drawText(QRectF(0, y.y() - 7, MARGIN - 4, 14), Qt.AlignmentFlag.AlignRight, f"{value:.1f}")
        painter.setPen(QPen(text, 1))
        painter.drawRect(r)
        painter.drawText(QRectF(r.left(), r.bottom() + 16, r.width(), 16), Qt.AlignmentFlag.AlignCenter, "recall")
        painter.save()
        painter.translate(10, r.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-40, -12, 80, 14), Qt.AlignmentFlag.AlignCenter, "precision")
        painter.restore()
        if not self.points:
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, "No predictions to plot")
            return
        path = QPainterPath()
        for i, p in enumerate(self.points):
            at = self.to_screen(p.recall or 0.0, p.precision or 0.0)
            path.moveTo(at) if i == 0 else path.lineTo(at)
        painter.setPen(QPen(CURVE, 2))
        painter.drawPath(path)
        painter.setBrush(CURVE)
        for p in self.points:
            painter.drawEllipse(self.to_screen(p.recall or 0.0, p.precision or 0.0), 2.5, 2.5)
        if self.marker is not None:
            painter.setPen(QPen(MARK, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self.to_screen(self.marker.recall or 0.0, self.marker.precision or 0.0), 7, 7)
