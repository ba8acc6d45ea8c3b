"""Small dialogs for editing collections: name and description (new, rename,
edit description, duplicate) and confirmations (delete, large removals).

All are opened with `open()` and answer by signal (`submitted(name,
description)`, `confirmed()`); none blocks the event loop."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.records import Collection
from desktop_app.domain.limits import DESCRIPTION_MAX, NAME_MAX
from desktop_app.qt.style import error_color
from desktop_app.ui.common.dialog_parts import accept_cancel_buttons, reserve_message_space


def name_problem(name: str, collections: Iterable[Collection], except_id: int | None = None) -> str | None:
    """Why `name` cannot name a collection of this project, or None when it can.
    The server compares names after trimming spaces, ignoring case."""
    name = name.strip()
    if not name:
        return "Type a name for the collection."
    if len(name) > NAME_MAX:
        return f"The name is {len(name):,} characters long; the maximum is {NAME_MAX}."
    for c in collections:
        if c.name.casefold() == name.casefold() and c.id != except_id:
            same = "" if c.name == name else f" (“{c.name}”: names that differ only in case are the same name)"
            return f"A collection named “{name}” already exists in this project{same}."
    return None


def unique_copy_name(name: str, collections: Iterable[Collection]) -> str:
    """“Hard cases copy”, or “Hard cases copy 2”… when that is taken."""
    taken = {c.name.casefold() for c in collections}
    base = f"{name} copy"[:NAME_MAX]
    candidate, n = base, 2
    while candidate.casefold() in taken:
        suffix = f" {n}"
        candidate = base[: NAME_MAX - len(suffix)] + suffix
        n += 1
    return candidate


class ProblemLabel(QLabel):
    """An inline message under a field, in the palette's warning-ish color.

    `reserve_lines`: in a dialog, the space of that many lines is kept while no
    message shows (reserve_message_space), so the dialog does not grow, shrink and
    move under the pointer as messages come and go while typing."""

    def __init__(self, parent: QWidget | None = None, *, reserve_lines: int = 0) -> None:
        super().__init__(parent)
        self.reserve_lines = reserve_lines
        self.setWordWrap(True)
        self.setObjectName("problemLabel")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if reserve_lines:
            reserve_message_space(self, reserve_lines)

    def show_problem(self, text: str | None, *, quiet: bool = False) -> None:
        """`quiet`: a hint (muted), not an error (an empty name before typing). In a reserved
        space, messages beyond its lines are counted on the last one; the tooltip has them all."""
        lines = (text or "").splitlines()
        if self.reserve_lines and len(lines) > self.reserve_lines:
            kept = lines[: self.reserve_lines - 1]
            text = "\n".join([*kept, f"…and {len(lines) - len(kept)} more (hover to see them)"])
        self.setToolTip("\n".join(lines) if len(lines) > 1 else "")
        self.setText(text or "")
        self.setVisible(bool(text))
        palette = self.palette()
        color = palette.color(QPalette.ColorRole.PlaceholderText) if quiet else error_color(palette)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.setPalette(palette)


class CollectionNameDialog(QDialog):
    """Name and/or description of a collection, validated while typing."""

    submitted = Signal(str, str)  # name (trimmed), description

    def __init__(
        self,
        collections: Iterable[Collection],
        *,
        title: str,
        ok_text: str,
        intro: str = "",
        name: str = "",
        description: str = "",
        except_id: int | None = None,
        ask_name: bool = True,
        ask_description: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._collections = list(collections)
        self._except_id = except_id
        self._ask_name = ask_name
        self._pristine = not name

        layout = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro, self)
            intro_label.setWordWrap(True)
            layout.addWidget(intro_label)
        form = QFormLayout()
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setPlaceholderText("e.g. Hard cases")
        self.name_edit.setMaxLength(NAME_MAX + 50)  # longer input is shown as a problem, not cut silently
        self.description_edit = QPlainTextEdit(description, self)
        self.description_edit.setPlaceholderText("Optional: what belongs here and why")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(90)
        if ask_name:
            form.addRow("&Name:", self.name_edit)
        else:
            self.name_edit.hide()
        if ask_description:
            form.addRow("&Description:", self.description_edit)
        else:
            self.description_edit.hide()
        layout.addLayout(form)
        self.problem = ProblemLabel(self, reserve_lines=2)
        layout.addWidget(self.problem)

        self.buttons, self.ok_button = accept_cancel_buttons(self, ok_text, self._submit)
        layout.addWidget(self.buttons)

        self.name_edit.textChanged.connect(self._validate)
        self.description_edit.textChanged.connect(self._validate)
        self._validate()
        (self.name_edit if ask_name else self.description_edit).setFocus()
        self.name_edit.selectAll()

    def problem_text(self) -> str | None:
        if self._ask_name:
            problem = name_problem(self.name_edit.text(), self._collections, self._except_id)
            if problem:
                return problem
        text = self.description_edit.toPlainText()
        if len(text) > DESCRIPTION_MAX:
            return f"The description is {len(text):,} characters long; the maximum is {DESCRIPTION_MAX:,}."
        return None

    def _validate(self) -> None:
        if self.name_edit.text():
            self._pristine = False
        problem = self.problem_text()
        quiet = self._pristine and problem is not None and not self.name_edit.text().strip()
        self.problem.show_problem(problem, quiet=quiet)
        self.ok_button.setEnabled(problem is None)

    def _submit(self) -> None:
        if self.problem_text() is not None:
            return
        self.submitted.emit(self.name_edit.text().strip(), self.description_edit.toPlainText())
        self.accept()


class ConfirmDialog(QMessageBox):
    """A question with one confirming button; `confirmed` when it is pressed.
    Cancel is the default, so Enter does not destroy anything by accident."""

    confirmed = Signal()

    def __init__(
        self,
        title: str,
        text: str,
        informative: str,
        confirm_text: str,
        *,
        destructive: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
        self.setText(text)
        self.setInformativeText(informative)
        role = QMessageBox.ButtonRole.DestructiveRole if destructive else QMessageBox.ButtonRole.AcceptRole
        self.confirm_button = self.addButton(confirm_text, role)
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel_button)
        # QMessageBox sizes itself from its text; a spacer keeps the explanation from wrapping narrowly.
        grid = self.layout()
        assert isinstance(grid, QGridLayout)  # QMessageBox lays itself out in a grid
        grid.addItem(
            QSpacerItem(420, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
            grid.rowCount(),
            0,
            1,
            grid.columnCount(),
        )
        self.setEscapeButton(self.cancel_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button) -> None:
        if button is self.confirm_button:
            self.confirmed.emit()


def delete_confirmation(collection: Collection, parent: QWidget | None = None) -> ConfirmDialog:
    count = collection.items_count
    items = "Its items" if count is None else f"Its {count:,} item{'s' if count != 1 else ''}"
    return ConfirmDialog(
        "Delete collection",
        f"Delete the collection “{collection.name}”?",
        f"{items} stay in their datasets; only the collection is removed. You can bring it back with Undo (Ctrl+Z).",
        "Delete collection",
        parent=parent,
    )
