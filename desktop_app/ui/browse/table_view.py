"""The table: the same list and selection as the gallery, one row per item,
sortable by clicking a column header.

Sorting goes through the BrowseController, which sorts on the server when it
can and in memory for columns the server cannot sort by (only for lists
small enough to load); a refused sort puts the header back as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop_app.qt.browse_controller import BrowseController
from desktop_app.shared.matching import EVALUATED_TYPES
from desktop_app.ui.browse.item_view_behaviour import ItemViewBehaviour

COLUMN_WIDTHS = (260, 120, 120, 70, 260, 140, 120, 50, 50, 60)
LENGTH_COLUMN = 6  # duration and frames of a video, points of a point cloud: hidden for images
EVALUATION_COLUMNS = (7, 8, 9)  # FP, TP, Missed: images and videos (evaluation counts 2D boxes)


class ItemTableView(ItemViewBehaviour, QTableView):  # Enter/double-click, Select All, drag
    activated = Signal(int)  # item id (double-click or Enter)

    def __init__(self, controller: BrowseController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setModel(controller.model)
        self.setSelectionModel(controller.selection_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)

        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row size questions at 1M rows
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicatorClearable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.setColumnWidth(column, width)
        header.moveSection(header.visualIndex(LENGTH_COLUMN), 3)  # shown next to the size (the model keeps its order)
        for offset, column in enumerate(EVALUATION_COLUMNS):  # FP, TP, Missed right after Labels
            header.moveSection(header.visualIndex(column), header.visualIndex(3) + 1 + offset)
        self._show_sort()
        header.sortIndicatorChanged.connect(self._on_sort_clicked)
        controller.sortChanged.connect(self._show_sort)
        controller.state.projectChanged.connect(self._show_columns)
        self._show_columns()

    def _show_columns(self, *_: object) -> None:
        images = self.controller.item_type == "images"
        self.setColumnHidden(LENGTH_COLUMN, images)
        for column in EVALUATION_COLUMNS:
            self.setColumnHidden(column, self.controller.item_type not in EVALUATED_TYPES)

    # -- sorting ------------------------------------------------------------------
    def _on_sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        if column < 0:  # indicator cleared: back to the server's default order
            self.controller.clear_sort()
            return
        wanted = (column, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.controller.sort and not self.controller.sort_by(*wanted):
            self._show_sort()

    def _show_sort(self) -> None:
        """Show the controller's order in the header (also after a refused sort)."""
        header = self.horizontalHeader()
        current = self.controller.sort
        header.blockSignals(True)
        if current is None:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            column, descending = current
            header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        header.viewport().update()
