"""The “existing collection or a new name” part of a dialog that puts items
into a collection (Add to collection…, Move accepted items…).

An existing collection is chosen from a list (optionally searchable) drawn like
the sidebar; a new one is named in a field checked while typing, with the
problem shown under it. The picker says nothing about what the choice would do:
its dialog listens to `changed` and computes its own preview."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.qt.app_state import AppState
from desktop_app.qt.resources import icon
from desktop_app.qt.sidebar_model import CountRole, KindRole, TargetRole
from desktop_app.ui.collections.collection_dialogs import ProblemLabel, name_problem
from desktop_app.ui.collections.sidebar_view import SidebarDelegate


class CollectionTargetPicker(QWidget):
    changed = Signal()  # the choice changed (the problem under the name is already shown)
    activated = Signal()  # a double-click on a collection, or Enter in the search: accept if ready

    def __init__(
        self,
        state: AppState,
        parent: QWidget | None = None,
        *,
        empty_text: str,
        searchable: bool = False,
        exclude_id: int | None = None,
        preferred_id: int | None = None,
        start_new: bool = False,
    ) -> None:
        """`empty_text`: shown instead of the list when there is nothing to choose.
        `exclude_id`: a collection that is no choice (e.g. the source of a move).
        `preferred_id`: the collection chosen at first, marked as the target.
        `start_new`: start on a new name even when there are collections."""
        super().__init__(parent)
        self.state = state
        self.searchable = searchable
        self.existing_radio = QRadioButton("&Existing collection", self)
        self.search_edit: QLineEdit | None = None
        if searchable:
            self.search_edit = QLineEdit(self)
            self.search_edit.setPlaceholderText("Search collections")
            self.search_edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setItemDelegate(SidebarDelegate(self.list))  # name, count on the right, target badge
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(16, 16))
        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setEnabled(False)
        self.new_radio = QRadioButton("&New collection", self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Name of the new collection")
        self.problem = ProblemLabel(self, reserve_lines=2)
        group = QButtonGroup(self)
        group.addButton(self.existing_radio)
        group.addButton(self.new_radio)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.existing_radio)
        indented = QVBoxLayout()
        indented.setContentsMargins(22, 0, 0, 0)
        if self.search_edit is not None:
            indented.addWidget(self.search_edit)
        indented.addWidget(self.list, 1)
        indented.addWidget(self.empty_label)
        layout.addLayout(indented, 1)
        layout.addWidget(self.new_radio)
        new_box = QVBoxLayout()
        new_box.setContentsMargins(22, 0, 0, 0)
        new_box.addWidget(self.name_edit)
        new_box.addWidget(self.problem)
        layout.addLayout(new_box)

        self._fill_list(exclude_id, preferred_id)
        if self.search_edit is not None:
            self.search_edit.textChanged.connect(self._filter)
            self.search_edit.returnPressed.connect(self.activated)
        self.list.currentItemChanged.connect(lambda *_: self._choose_existing())
        self.list.itemDoubleClicked.connect(lambda *_: self.activated.emit())
        self.name_edit.textEdited.connect(lambda _: self.new_radio.setChecked(True))
        self.name_edit.textChanged.connect(lambda _: self._changed())
        self.existing_radio.toggled.connect(lambda _: self._changed())

        has_collections = self.list.count() > 0
        self.existing_radio.setEnabled(has_collections)
        self.empty_label.setVisible(not has_collections)
        self.list.setVisible(has_collections)
        if self.search_edit is not None:
            self.search_edit.setVisible(has_collections)
        if start_new or not has_collections:
            self.new_radio.setChecked(True)
            self.name_edit.setFocus()
        else:
            self.existing_radio.setChecked(True)
            (self.search_edit or self.list).setFocus()
        self._show_problem()

    # -- what the user chose ---------------------------------------------------
    @property
    def is_new(self) -> bool:
        return self.new_radio.isChecked()

    @property
    def collection_id(self) -> int | None:
        """The existing collection chosen, or None (a new name, or nothing matches)."""
        if not self.existing_radio.isChecked():
            return None
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and not item.isHidden() else None

    @property
    def new_name(self) -> str | None:
        """The name typed for a new collection (trimmed), or None when an existing one is chosen."""
        return self.name_edit.text().strip() if self.is_new else None

    def problem_text(self) -> str | None:
        """Why the choice cannot be used yet, or None."""
        if self.is_new:
            return name_problem(self.name_edit.text(), self.state.collections)
        if self.collection_id is None:
            return "No collection matches the search." if self.searchable else "Choose a collection."
        return None

    def select_collection(self, collection_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == collection_id:
                self.list.setCurrentRow(row)
                self.existing_radio.setChecked(True)
                return

    def set_new_name(self, name: str) -> None:
        self.new_radio.setChecked(True)
        self.name_edit.setText(name)

    # -- list ------------------------------------------------------------------
    def _fill_list(self, exclude_id: int | None, preferred_id: int | None) -> None:
        collection_icon = icon("collection")
        for c in self.state.collections:
            if c.id == exclude_id:
                continue
            item = QListWidgetItem(collection_icon, c.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setData(KindRole, "collection")
            item.setData(CountRole, c.items_count)
            item.setData(TargetRole, c.id == preferred_id)
            if c.description:
                item.setToolTip(c.description)
        if preferred_id is not None:
            self.select_collection(preferred_id)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first_visible = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(needle) and needle not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first_visible is not None:
            self.list.setCurrentItem(first_visible)
        self.existing_radio.setChecked(True)
        self._changed()

    def _choose_existing(self) -> None:
        if self.list.currentItem() is not None:
            self.existing_radio.setChecked(True)
        self._changed()

    # -- the problem under the name ----------------------------------------------
    def _show_problem(self) -> None:
        # only a new name's problem shows here; the dialog says why an existing choice cannot be used
        new = self.is_new
        self.problem.show_problem(self.problem_text() if new else None, quiet=new and not self.name_edit.text().strip())

    def _changed(self) -> None:
        self._show_problem()
        self.changed.emit()
