"""How one labeling queue looks in the queue panel's list: its name and item
total, where its items come from, a bar split by status (pending, annotating,
on review, accepted) and the four numbers under it, each with its color dot.

The status colors are the only fixed colors (mid-tone, readable on the light
and the dark palette); text uses the palette."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.domain.filters import QUEUE_STATUSES
from desktop_app.qt.style import QUEUE_STATUS_COLORS

QueueRole = Qt.ItemDataRole.UserRole + 40  # LabelingQueue
SourceRole = Qt.ItemDataRole.UserRole + 41  # "from “Hard cases”"
CountsRole = Qt.ItemDataRole.UserRole + 42  # (pending, annotating, on review, accepted)

STATUS_LABEL = {"pending": "Pending", "annotating": "Annotating", "on_review": "On review", "accepted": "Accepted"}
STATUS_COLOR = {status: QColor(color) for status, color in QUEUE_STATUS_COLORS.items()}
assert set(STATUS_LABEL) == set(STATUS_COLOR) == set(QUEUE_STATUSES)

PAD = 6
BAR = 6


def counts_text(counts: tuple[int, ...]) -> str:
    """ "12 pending · 3 annotating · 2 on review · 5 accepted"."""
    return " · ".join(f"{n:,} {STATUS_LABEL[s].lower()}" for s, n in zip(QUEUE_STATUSES, counts))


def row_height(font: QFont) -> int:
    """Name, source, bar, numbers."""
    return PAD + QFontMetrics(font).height() * 3 + BAR + 10 + PAD


class QueueListDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, row_height(option.font))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else None
        painter.save()
        try:
            if style is not None:  # background, selection and focus as the style draws them
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            self._paint_content(painter, opt, name, index)
        finally:
            painter.restore()

    def _paint_content(
        self, painter: QPainter, opt: QStyleOptionViewItem, name: str, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.7)
        counts = tuple(index.data(CountsRole) or (0, 0, 0, 0))
        total = sum(counts)
        fm = QFontMetrics(opt.font)
        line = fm.height()
        rect = opt.rect.adjusted(PAD + 2, PAD, -PAD - 2, -PAD)

        # line 1: name (bold, elided) and the total on the right
        total_text = f"{total:,} item" + ("" if total == 1 else "s")
        painter.setPen(muted)
        painter.setFont(opt.font)
        total_width = fm.horizontalAdvance(total_text)
        painter.drawText(
            QRect(rect.right() - total_width, rect.top(), total_width, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            total_text,
        )
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        name_rect = QRect(rect.left(), rect.top(), rect.width() - total_width - 8, line)
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width()),
        )

        # line 2: where the items come from
        painter.setFont(opt.font)
        painter.setPen(muted)
        source_rect = QRect(rect.left(), rect.top() + line, rect.width(), line)
        painter.drawText(
            source_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(str(index.data(SourceRole) or ""), Qt.TextElideMode.ElideRight, rect.width()),
        )

        # the bar: one segment per status, in proportion
        bar = QRectF(rect.left(), rect.top() + 2 * line + 4, rect.width(), BAR)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        track = QColor(palette.color(QPalette.ColorRole.Mid))
        track.setAlphaF(0.35)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, BAR / 2, BAR / 2)
        if total:
            painter.save()
            track_path = QPainterPath()
            track_path.addRoundedRect(bar, BAR / 2, BAR / 2)
            painter.setClipPath(track_path)  # segments take the track's rounded ends
            x = bar.left()
            for status, n in zip(QUEUE_STATUSES, counts):
                if not n:
                    continue
                width = bar.width() * n / total
                painter.setBrush(STATUS_COLOR[status])
                painter.drawRect(QRectF(x, bar.top(), width, bar.height()))
                x += width
            painter.restore()

        # line 3: the four numbers with their color dots
        cell = rect.width() / len(QUEUE_STATUSES)
        y = int(bar.bottom()) + 3
        dot = max(6, line // 2 - 1)
        for i, (status, n) in enumerate(zip(QUEUE_STATUSES, counts)):
            left = rect.left() + int(i * cell)
            painter.setBrush(STATUS_COLOR[status])
            # on the selection's color a dot of a similar hue would vanish: ring it
            painter.setPen(text_color if selected else Qt.PenStyle.NoPen)
            painter.drawEllipse(QRectF(left, y + (line - dot) / 2, dot, dot))
            painter.setPen(text_color if n else muted)
            painter.drawText(
                QRect(left + dot + 4, y, int(cell) - dot - 4, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{n:,}",
            )
            painter.setPen(Qt.PenStyle.NoPen)
