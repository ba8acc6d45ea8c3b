"""“Move accepted items…” of a labeling queue (product.md Q3): the items
accepted in the queue leave its source collection and join another
collection, existing or new.

The dialog computes the plan (domain/move_accepted.py) in the background
whenever the choice changes (the latest choice wins) and shows it before
anything is written: "12 accepted; 10 will leave “Hard cases”; 2 already in
“For training”". Opened with `open()`; on `accepted`, `command()` is the
MoveAccepted to run as one undoable step (QueueActions does that through
UndoRunner) and `undo_text()` its name on the Edit menu."""
from __future__ import annotations

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

from desktop_app.api.records import LabelingQueue
from desktop_app.domain.move_accepted import MoveAccepted, MovePlan, plan_move_accepted
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.sidebar_model import CountRole, KindRole
from desktop_app.qt.tasks import TaskScope
from desktop_app.qt.undo import items_text, quoted

from .collection_dialogs import ProblemLabel, name_problem
from .sidebar_view import SidebarDelegate


def preview_text(plan: MovePlan, source_name: str | None) -> str:
    """"12 accepted; 10 will leave “Hard cases”; 2 already in “For training”"."""
    if not plan.accepted:
        return f"No item of {quoted(plan.queue_name)} is accepted yet: nothing to move."
    parts = [f"{len(plan.accepted):,} accepted"]
    if plan.source_collection_id is not None:
        parts.append(f"{len(plan.to_remove):,} will leave {quoted(source_name or 'the source collection')}")
    if plan.creates_target:
        parts.append(f"the new collection {quoted(plan.target_name)} gets {items_text(len(plan.to_add))}")
    else:
        parts.append(f"{len(plan.already_in_target):,} already in {quoted(plan.target_name)}")
    text = "; ".join(parts)
    if not plan.changes_anything:
        text += " — nothing to move."
    return text


def undo_text(plan: MovePlan, source_name: str | None) -> str:
    """What the Edit menu says: "Move 12 accepted items from “Hard cases” to “For training”"."""
    n = len(plan.accepted)
    source = f" from {quoted(source_name)}" if source_name else ""
    what = "new collection " if plan.creates_target else ""
    return f"Move {n:,} accepted item{'' if n == 1 else 's'}{source} to {what}{quoted(plan.target_name)}"


class MoveAcceptedDialog(QDialog):
    def __init__(self, state: AppState, queue: LabelingQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.queue = queue
        self.plan: MovePlan | None = None  # of the current choice, None while computing
        self._tasks = TaskScope(self)
        source = state.collection(queue.collection_id) if queue.collection_id is not None else None
        self.source_name = source.name if source is not None else None
        self.setWindowTitle("Move accepted items")
        self.setMinimumSize(440, 440)

        title = QLabel(f"Move the accepted items of {quoted(queue.name)}", self)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)
        intro = QLabel(
            (f"They leave {quoted(self.source_name)} and join the collection you choose. " if self.source_name
             else "They join the collection you choose. ")
            + "They stay accepted in the queue; Undo (Ctrl+Z) moves them back.", self)
        intro.setWordWrap(True)

        self.existing_radio = QRadioButton("&Existing collection", self)
        self.list = QListWidget(self)
        self.list.setItemDelegate(SidebarDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(16, 16))
        self.empty_label = QLabel("This project has no other collection yet.", self)
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
        self.ok_button = self.buttons.addButton("Move", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._accept_if_ready)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.existing_radio)
        indented = QVBoxLayout()
        indented.setContentsMargins(22, 0, 0, 0)
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

        self._fill_list()
        self.list.currentItemChanged.connect(lambda *_: self._choose_existing())
        self.list.itemDoubleClicked.connect(lambda *_: self._accept_if_ready())
        self.name_edit.textEdited.connect(lambda _: self.new_radio.setChecked(True))
        self.name_edit.textChanged.connect(lambda _: self._choice_changed())
        self.existing_radio.toggled.connect(lambda _: self._choice_changed())
        has = self.list.count() > 0
        self.existing_radio.setEnabled(has)
        self.list.setVisible(has)
        self.empty_label.setVisible(not has)
        if has:
            self.existing_radio.setChecked(True)
            self.list.setFocus()
        else:
            self.new_radio.setChecked(True)
            self.name_edit.setFocus()
        self._choice_changed()

    # -- the choice ------------------------------------------------------------
    @property
    def collection_id(self) -> int | None:
        if not self.existing_radio.isChecked():
            return None
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_collection(self, collection_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == collection_id:
                self.list.setCurrentRow(row)
                self.existing_radio.setChecked(True)
                return

    def set_new_name(self, name: str) -> None:
        self.new_radio.setChecked(True)
        self.name_edit.setText(name)

    def command(self) -> MoveAccepted | None:
        """The move to run, once a plan that changes something is shown."""
        if self.plan is None or not self.plan.changes_anything or not self.plan.accepted:
            return None
        return MoveAccepted(self.state.service, self.plan)

    def undo_text(self) -> str:
        return undo_text(self.plan, self.source_name) if self.plan is not None else ""

    def _fill_list(self) -> None:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        for c in self.state.collections:
            if c.id == self.queue.collection_id:
                continue  # the source itself is no target
            item = QListWidgetItem(icon, c.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setData(KindRole, "collection")
            item.setData(CountRole, c.items_count)
            if c.description:
                item.setToolTip(c.description)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _choose_existing(self) -> None:
        if self.list.currentItem() is not None:
            self.existing_radio.setChecked(True)
        self._choice_changed()

    # -- preview -----------------------------------------------------------------
    def _problem(self) -> str | None:
        if self.new_radio.isChecked():
            return name_problem(self.name_edit.text(), self.state.collections)
        if self.collection_id is None:
            return "Choose a collection."
        return None

    def _choice_changed(self) -> None:
        problem = self._problem()
        new = self.new_radio.isChecked()
        self.problem.show_problem(problem if new else None, quiet=new and not self.name_edit.text().strip())
        self.plan = None
        self._tasks.cancel_all()
        if problem is not None:
            self._show(None, "" if new else problem)
            return
        self._show(None, "Checking the accepted items…")
        target = self.collection_id
        name = self.name_edit.text().strip() if new else None
        self._tasks.start(self._compute(target, name), key="plan")

    async def _compute(self, target_id: int | None, new_name: str | None) -> None:
        try:
            plan = await plan_move_accepted(self.state.api, self.queue, target_id, self.state.project.id,
                                            service=self.state.service, new_name=new_name)
        except ValueError as exc:  # refused before anything was written (name taken, target gone...)
            text = str(exc)
            self._show(None, text[:1].upper() + text[1:])
            return
        except Exception as exc:  # noqa: BLE001 (shown in the dialog; the user can retry or cancel)
            self._show(None, f"Could not check the accepted items: {plain_error(exc)}")
            return
        self._show(plan)

    def _show(self, plan: MovePlan | None, text: str = "") -> None:
        self.plan = plan
        if plan is None:
            self.preview_label.setText(text)
            self.ok_button.setText("Move")
            self.ok_button.setEnabled(False)
            return
        self.preview_label.setText("Preview: " + preview_text(plan, self.source_name))
        ready = bool(plan.accepted) and plan.changes_anything
        self.ok_button.setText(f"Move {items_text(len(plan.accepted))}" if ready else "Move")
        self.ok_button.setEnabled(ready)

    def _accept_if_ready(self) -> None:
        if self.ok_button.isEnabled() and self.command() is not None:
            self.accept()
