"""The center of the window: the gallery and the table in a stack, with a
small bar above them (view mode, "N items · M selected", sort, thumbnail
size, boxes), the selection shortcuts (Ctrl+A selects every matching item
without loading them, Esc clears) and the right-click menu (the window's
actions on the selection, `set_context_actions`)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt import QElidingLabel

from desktop_app.qt.browse_controller import BrowseController
from desktop_app.ui.browse.gallery_view import MAX_THUMB, MIN_THUMB, GalleryView
from desktop_app.ui.browse.sort_bar import SortBar
from desktop_app.ui.browse.table_view import ItemTableView
from desktop_app.ui.common.actions import make_action

VIEW_MODES = ("gallery", "table")
THUMB_STEP = 16


def counts_text(total: int | None, selected: int) -> str:
    if total is None:
        return "Loading…"
    items = f"{total:,} item{'s' if total != 1 else ''}"
    return f"{items} · {selected:,} selected"


class ItemViews(QWidget):
    viewOptionsChanged = Signal()  # view mode, thumbnail size or boxes changed (saved in settings)
    activated = Signal(int)  # an item was opened (double-click or Enter) in either view

    def __init__(self, controller: BrowseController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.gallery = GalleryView(controller, self)
        self.table = ItemTableView(controller, self)
        self.empty = QLabel(self, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.empty.setObjectName("emptyState")
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setMargin(24)
        self.stack = QStackedWidget(self)
        for page in (self.gallery, self.table, self.empty):
            self.stack.addWidget(page)
        self._mode = "gallery"

        self._make_actions()
        self.counts = QElidingLabel(self)  # "60 items · 3 sel…" in a narrow window; the tooltip has it whole
        self.counts.setObjectName("itemCounts")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(MIN_THUMB, MAX_THUMB)
        self.slider.setSingleStep(THUMB_STEP)
        self.slider.setPageStep(THUMB_STEP * 2)
        self.slider.setValue(self.gallery.thumbnail_size)
        self.slider.setMinimumWidth(60)  # shrinks first in a narrow window (usable at 1024 px)
        self.slider.setMaximumWidth(140)
        self.slider.setToolTip("Thumbnail size (Ctrl++ / Ctrl+-)")
        self.slider.valueChanged.connect(self.set_thumbnail_size)
        self._size_label = QLabel("Size", self)
        self.sort_bar = SortBar(controller, self)  # in both views: the gallery has no header to show it

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.setSpacing(6)
        for action in (self.act_gallery, self.act_table):
            bar.addWidget(self._button(action))
        bar.addSpacing(6)
        bar.addWidget(self.counts, 1)  # takes the free space, gives it up first
        bar.addWidget(self.sort_bar)
        self._size_label.setContentsMargins(12, 0, 0, 0)  # the gap goes with it in the table (no spacer)
        bar.addWidget(self._size_label)
        bar.addWidget(self.slider)
        self._boxes_button = self._button(self.act_boxes)
        bar.addWidget(self._boxes_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self.gallery.activated.connect(self.activated)
        self.table.activated.connect(self.activated)
        self._context_actions: list[QAction | None] = []
        for view in (self.gallery, self.table):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: self._context_menu(v, pos))
        controller.countsChanged.connect(self._update_state)
        controller.failureChanged.connect(self._update_state)
        self._update_state()

    # -- actions ----------------------------------------------------------------------
    def _make_actions(self) -> None:
        # while the focus is in the views: Esc and Ctrl+A mean other things elsewhere
        action = partial(make_action, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_gallery = action(
            "Gallery",
            lambda: self.set_view_mode("gallery"),
            shortcuts="Ctrl+1",
            tip="Show items as a thumbnail grid",
            checkable=True,
            icon="gallery",
        )
        self.act_table = action(
            "Table",
            lambda: self.set_view_mode("table"),
            shortcuts="Ctrl+2",
            tip="Show items as a sortable table",
            checkable=True,
            icon="table",
        )
        group = QActionGroup(self)
        group.addAction(self.act_gallery)
        group.addAction(self.act_table)
        self.act_gallery.setChecked(True)
        self.act_boxes = action(
            "Boxes",
            self.set_show_boxes,
            shortcuts="B",
            tip="Show annotation boxes on thumbnails",
            checkable=True,
            icon="boxes",
        )
        self.act_bigger = action(
            "Larger thumbnails",
            lambda: self.set_thumbnail_size(self.thumbnail_size + THUMB_STEP),
            shortcuts="Ctrl++",
            icon="zoom-in",
        )
        self.act_smaller = action(
            "Smaller thumbnails",
            lambda: self.set_thumbnail_size(self.thumbnail_size - THUMB_STEP),
            shortcuts="Ctrl+-",
            icon="zoom-out",
        )
        self.act_select_all = action(
            "Select all matching",
            self.controller.select_all_matching,
            shortcuts=QKeySequence.StandardKey.SelectAll,
            tip="Select every item matching the filter",
        )
        self.act_clear = action(
            "Clear selection", self.controller.clear_selection, shortcuts="Esc", tip="Clear the selection"
        )

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(True)
        return button

    def actions(self) -> list[QAction]:  # noqa: D401 (Qt's own name)
        """The QActions of the center (for menus and the shortcut cheat sheet)."""
        return [
            self.act_gallery,
            self.act_table,
            self.act_boxes,
            self.act_bigger,
            self.act_smaller,
            self.act_select_all,
            self.act_clear,
        ]

    def set_context_actions(self, actions: list[QAction | None]) -> None:
        """What a right-click on the list offers (the window's actions; None is a separator)."""
        self._context_actions = list(actions)

    def context_menu(self) -> QMenu:
        """The menu a right-click opens (tests read it)."""
        menu = QMenu(self)
        for action in self._context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _context_menu(self, view: QAbstractItemView, pos: QPoint) -> None:
        if not self._context_actions:
            return
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(view.viewport().mapToGlobal(pos))

    # -- view options -------------------------------------------------------------------
    @property
    def view_mode(self) -> str:
        return self._mode

    def set_view_mode(self, mode: str) -> None:
        if mode not in VIEW_MODES:
            raise ValueError(f"view mode must be one of {VIEW_MODES}, got {mode!r}")
        changed = mode != self._mode
        self._mode = mode
        (self.act_gallery if mode == "gallery" else self.act_table).setChecked(True)
        for widget in (self._size_label, self.slider, self._boxes_button):
            widget.setVisible(mode == "gallery")
        self._update_state()
        view = self.current_view()
        current = self.controller.selection_model.currentIndex()
        if current.isValid():
            view.scrollTo(view.model().index(current.row(), 0))
        if changed:
            view.setFocus()
            self.viewOptionsChanged.emit()

    def current_view(self) -> GalleryView | ItemTableView:
        return self.gallery if self._mode == "gallery" else self.table

    @property
    def thumbnail_size(self) -> int:
        return self.gallery.thumbnail_size

    def set_thumbnail_size(self, px: int) -> None:
        before = self.gallery.thumbnail_size
        self.gallery.set_thumbnail_size(px)
        if self.slider.value() != self.gallery.thumbnail_size:
            self.slider.setValue(self.gallery.thumbnail_size)
        if self.gallery.thumbnail_size != before:
            self.viewOptionsChanged.emit()

    @property
    def show_boxes(self) -> bool:
        return self.gallery.show_boxes

    def set_show_boxes(self, on: bool) -> None:
        on = bool(on)
        changed = on != self.gallery.show_boxes
        self.gallery.set_show_boxes(on)
        self.act_boxes.setChecked(on)
        if changed:
            self.viewOptionsChanged.emit()

    # -- counts and the empty state ----------------------------------------------------
    def _update_state(self, *_: object) -> None:
        c = self.controller
        failure = c.failure
        self.counts.setText(
            "Could not load the list" if failure and c.total is None else counts_text(c.total, c.selected_count())
        )
        self.counts.setToolTip(self.counts.text())
        if c.project_id is None:
            self._show_empty("Open a project to see its items.")
        elif failure and c.total is None:
            self._show_empty(failure)
        elif c.total == 0:
            self._show_empty(self._empty_text())
        else:
            self.stack.setCurrentWidget(self.current_view())

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    def _empty_text(self) -> str:
        c = self.controller
        if c.filter.active():
            return "No items match the filter.\nSwitch off or remove a filter chip to see more."
        if c.scope.kind == "collection":
            return (
                "This collection is empty.\nAdd items with “Add selection to collection…” "
                "or by dragging them onto it in the sidebar."
            )
        if c.scope.kind == "dataset":
            return "This dataset has no items."
        return "This project has no items yet."
