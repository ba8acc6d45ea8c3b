"""“Add to collection…”: choose an existing collection (searchable) or type the
name of a new one, see what the add would do — "N new, N already in, N
unavailable" — and only then add.

The preview is computed in the background before anything is written and
again whenever the choice changes (the latest choice wins). Opened with
`open()`; when the user confirms, QDialog's `accepted` fires and `choice`
says what to do (CollectionActions runs it)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Iterable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.collections import ItemsPreview
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.sidebar_model import CountRole, KindRole, TargetRole
from desktop_app.qt.tasks import TaskScope
from desktop_app.qt.undo import items_text

from .collection_dialogs import ProblemLabel, name_problem
from .sidebar_view import SidebarDelegate

NEW = 0  # preview.collection_id of a collection that does not exist yet


@dataclass(frozen=True)
class AddChoice:
    collection_id: int | None  # None: create `new_name`
    new_name: str | None
    preview: ItemsPreview


def new_collection_preview(ids: Iterable[int], valid: AbstractSet[int]) -> ItemsPreview:
    """A new collection holds nothing yet: every usable id is new."""
    unique = list(dict.fromkeys(ids))
    return ItemsPreview("add", NEW, tuple(i for i in unique if i in valid), (),
                        tuple(i for i in unique if i not in valid))


class AddToCollectionDialog(QDialog):
    def __init__(self, state: AppState, ids: Sequence[int], parent: QWidget | None = None, *,
                 candidates_valid: AbstractSet[int] | None = None, preferred_id: int | None = None,
                 new: bool = False) -> None:
        """`candidates_valid`: the ids known to be items of this project (by default
        `ids` themselves: they come from this project's listing). `preferred_id`:
        the collection chosen at first (e.g. the target). `new`: start on a new name."""
        super().__init__(parent)
        self.state = state
        self.ids = list(ids)
        self.valid = frozenset(self.ids) if candidates_valid is None else frozenset(candidates_valid)
        self.preview: ItemsPreview | None = None  # of the current choice, None while computing
        self._tasks = TaskScope(self)
        self.setWindowTitle("Add to collection")
        self.setMinimumSize(440, 460)

        title = QLabel(f"Add {items_text(len(self.ids))} to a collection", self)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)

        self.existing_radio = QRadioButton("&Existing collection", self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search collections")
        self.search_edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setItemDelegate(SidebarDelegate(self.list))  # name, count on the right, target badge
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(16, 16))
        self.empty_label = QLabel("This project has no collections yet.", self)
        self.empty_label.setEnabled(False)
        self.new_radio = QRadioButton("&New collection", self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Name of the new collection")
        self.problem = ProblemLabel(self)
        self.preview_label = QLabel(self)
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        group = QButtonGroup(self)
        group.addButton(self.existing_radio)
        group.addButton(self.new_radio)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._accept_if_ready)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addSpacing(4)
        layout.addWidget(self.existing_radio)
        indented = QVBoxLayout()
        indented.setContentsMargins(22, 0, 0, 0)
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
        layout.addSpacing(6)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.buttons)

        self._fill_list(preferred_id)
        self.search_edit.textChanged.connect(self._filter)
        self.search_edit.returnPressed.connect(self._accept_if_ready)
        self.list.currentItemChanged.connect(lambda *_: self._choose_existing())
        self.list.itemDoubleClicked.connect(lambda *_: self._accept_if_ready())
        self.name_edit.textEdited.connect(lambda _: self.new_radio.setChecked(True))
        self.name_edit.textChanged.connect(lambda _: self._choice_changed())
        self.existing_radio.toggled.connect(lambda _: self._choice_changed())

        has_collections = self.list.count() > 0
        self.existing_radio.setEnabled(has_collections)
        self.empty_label.setVisible(not has_collections)
        self.list.setVisible(has_collections)
        self.search_edit.setVisible(has_collections)
        if new or not has_collections:
            self.new_radio.setChecked(True)
            self.name_edit.setFocus()
        else:
            self.existing_radio.setChecked(True)
            self.search_edit.setFocus()
        self._choice_changed()

    # -- what the user chose ---------------------------------------------------
    @property
    def collection_id(self) -> int | None:
        if not self.existing_radio.isChecked():
            return None
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and not item.isHidden() else None

    @property
    def choice(self) -> AddChoice | None:
        if self.preview is None or self._problem() is not None:
            return None
        if self.new_radio.isChecked():
            return AddChoice(None, self.name_edit.text().strip(), self.preview)
        return AddChoice(self.collection_id, None, self.preview)

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
    def _fill_list(self, preferred_id: int | None) -> None:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        for c in self.state.collections:
            item = QListWidgetItem(icon, c.name, self.list)
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
        self._choice_changed()

    def _choose_existing(self) -> None:
        if self.list.currentItem() is not None:
            self.existing_radio.setChecked(True)
        self._choice_changed()

    # -- validation and preview --------------------------------------------------
    def _problem(self) -> str | None:
        if self.new_radio.isChecked():
            return name_problem(self.name_edit.text(), self.state.collections)
        if self.collection_id is None:
            return "No collection matches the search."
        return None

    def _choice_changed(self) -> None:
        problem = self._problem()
        quiet = self.new_radio.isChecked() and not self.name_edit.text().strip()
        self.problem.show_problem(problem if self.new_radio.isChecked() else None, quiet=quiet)
        self.preview = None
        self._tasks.cancel_all()
        if problem is not None:
            self._show_preview(None, problem if not self.new_radio.isChecked() else "")
            return
        if self.new_radio.isChecked():
            self._show_preview(new_collection_preview(self.ids, self.valid))
            return
        self._show_preview(None, "Checking which items are already in the collection…")
        self._tasks.start(self._compute(self.collection_id), key="preview")

    async def _compute(self, collection_id: int) -> None:
        try:
            preview = await self.state.service.preview_add(collection_id, self.ids, self.valid)
        except Exception as exc:  # shown in the dialog; the user can pick another or cancel
            self._show_preview(None, f"Could not check the collection: {plain_error(exc)}")
            return
        if collection_id == self.collection_id and self.existing_radio.isChecked():
            self._show_preview(preview)

    def _show_preview(self, preview: ItemsPreview | None, text: str = "") -> None:
        self.preview = preview
        if preview is None:
            self.preview_label.setText(text)
            self.ok_button.setText("Add")
            self.ok_button.setEnabled(False)
            return
        new = len(preview.changes)
        line = f"Preview: {preview.summary()}"
        if new == 0:
            line += " — nothing to add."
        self.preview_label.setText(line)
        self.ok_button.setText(f"Add {items_text(new)}" if new else "Add")
        self.ok_button.setEnabled(new > 0)

    def _accept_if_ready(self) -> None:
        if self.ok_button.isEnabled() and self.choice is not None:
            self.accept()
