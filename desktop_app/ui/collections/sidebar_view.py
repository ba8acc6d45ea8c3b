"""The tree of the collections sidebar: how its rows look (section headers,
counts on the right, the target collection marked) and how collections take
dropped items (highlighted while items hover over them).

Drops are handled here rather than by the model: only ITEM_MIME payloads the
sidebar accepts (its project's items) are taken, only on collection rows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

from desktop_app.qt.item_mime import ItemsPayload, decode_items
from desktop_app.qt.sidebar_model import CountRole, KindRole, ScopeRole, TargetRole

TARGET_BADGE = "target"
HINT_FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap


class SidebarView(QTreeView):
    payloadDropped = Signal(int, object)  # collection id, ItemsPayload

    def __init__(self, accepts: Callable[[ItemsPayload], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accepts = accepts
        self._drop_row = QPersistentModelIndex()
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(14)
        self.setUniformRowHeights(False)  # headers are taller
        self.setFrameShape(QTreeView.Shape.NoFrame)
        # Ctrl/Shift+click select several collections (Combine collections…); the current row is the scope
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(False)  # the hovered collection is highlighted instead
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegate(SidebarDelegate(self))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # the wrapped hint's height depends on the width

    def is_drop_row(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return self._drop_row.isValid() and self._drop_row == index

    # -- drag and drop ---------------------------------------------------------
    def _collection_at(self, event) -> tuple[QModelIndex, ItemsPayload | None]:
        payload = decode_items(event.mimeData())
        index = self.indexAt(event.position().toPoint())
        if payload is None or not self._accepts(payload) or index.data(KindRole) != "collection":
            return QModelIndex(), payload
        return index, payload

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        payload = decode_items(event.mimeData())
        if payload is not None and self._accepts(payload):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index, _ = self._collection_at(event)
        self._set_drop_row(index)
        if index.isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self._set_drop_row(QModelIndex())
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        index, payload = self._collection_at(event)
        self._set_drop_row(QModelIndex())
        if not index.isValid() or payload is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.payloadDropped.emit(index.data(ScopeRole).id, payload)

    def _set_drop_row(self, index: QModelIndex) -> None:
        if self.is_drop_row(index) or (not index.isValid() and not self._drop_row.isValid()):
            return
        self._drop_row = QPersistentModelIndex(index)
        self.viewport().update()


class SidebarDelegate(QStyledItemDelegate):
    """Also used by the add dialog's list of collections (any view; only a
    SidebarView has drop rows)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def _is_drop_row(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return isinstance(self._view, SidebarView) and self._view.is_drop_row(index)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(KindRole) == "placeholder":  # wrapped over as many lines as it needs
            width = max(80, self._view.viewport().width() - 40)
            font = QFont(option.font)
            font.setItalic(True)
            bounds = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), HINT_FLAGS, index.data())
            return QSize(width, bounds.height() + 10)
        if index.data(KindRole) == "header":
            size.setHeight(size.height() + 10)  # air above each section
        return QSize(size.width(), max(size.height(), 24))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        kind = index.data(KindRole)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        painter.save()
        try:
            if kind == "header":
                self._paint_header(painter, opt)
            elif kind == "placeholder":
                self._paint_hint(painter, opt)
            else:
                self._paint_row(painter, opt, index)
        finally:
            painter.restore()

    def _paint_header(self, painter: QPainter, opt: QStyleOptionViewItem) -> None:
        font = QFont(opt.font)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        painter.setFont(font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
        rect = opt.rect.adjusted(4, 8, -4, 0)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, opt.text)

    def _paint_hint(self, painter: QPainter, opt: QStyleOptionViewItem) -> None:
        font = QFont(opt.font)
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(opt.rect.adjusted(6, 0, -4, 0), HINT_FLAGS, opt.text)

    def _paint_row(
        self, painter: QPainter, opt: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        widget = opt.widget
        style = widget.style() if widget is not None else None
        name = opt.text
        opt.text = ""
        if style is not None:  # background, selection, focus and icon as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        palette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if self._is_drop_row(index):
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill = QColor(highlight)
            fill.setAlpha(60)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(fill)
            painter.drawRoundedRect(opt.rect.adjusted(1, 1, -2, -2), 4, 4)

        text_rect = (
            style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget) if style is not None else opt.rect
        ).adjusted(2, 0, -6, 0)
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text_color if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        align = Qt.AlignmentFlag.AlignVCenter

        count = index.data(CountRole)
        if count is not None:
            count_text = f"{count:,}"
            painter.setFont(opt.font)
            painter.setPen(muted)
            width = painter.fontMetrics().horizontalAdvance(count_text)
            painter.drawText(text_rect, align | Qt.AlignmentFlag.AlignRight, count_text)
            text_rect.setRight(text_rect.right() - width - 10)

        font = QFont(opt.font)
        if index.data(TargetRole):
            font.setBold(True)
            text_rect.setRight(text_rect.right() - self._paint_badge(painter, opt, text_rect, selected) - 6)
        painter.setFont(font)
        painter.setPen(text_color)
        elided = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, max(0, text_rect.width()))
        painter.drawText(text_rect, align | Qt.AlignmentFlag.AlignLeft, elided)

    def _paint_badge(self, painter: QPainter, opt: QStyleOptionViewItem, rect: QRect, selected: bool) -> int:
        """A small "target" pill at the right end of `rect`; returns its width."""
        font = QFont(opt.font)
        font.setPointSizeF(font.pointSizeF() * 0.8)
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(TARGET_BADGE) + 10
        height = metrics.height() + 2
        pill = QRect(rect.right() - width, rect.center().y() - height // 2, width, height)
        palette = opt.palette
        color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, TARGET_BADGE)
        return width
