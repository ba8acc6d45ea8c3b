"""Pieces every dialog of the app builds the same way: a bold title, a
Cancel / <verb> button row whose verb button is the default, and a message
line whose space is kept while it is empty."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QSizePolicy, QWidget


def dialog_title(text: str, parent: QWidget) -> QLabel:
    """A bold label a little larger than the text under it."""
    title = QLabel(text, parent)
    font = QFont(title.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    title.setFont(font)
    return title


def accept_cancel_buttons(
    dialog: QDialog, ok_text: str, on_accept: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel rejects `dialog`; the `ok_text` button (the default) calls `on_accept`,
    which decides whether the dialog may close."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok_button.setDefault(True)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button


def reserve_message_space(label: QLabel, lines: int = 2) -> None:
    """Keep `lines` lines of room for `label`, shown or hidden, empty or not: a dialog whose
    validation message comes and goes would otherwise resize (and move) while the user types."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
    label.setSizePolicy(policy)
    # Fixed both ways: a message longer than the room is shortened by its owner (ProblemLabel), never
    # allowed to push the form down.
    label.setFixedHeight(label.fontMetrics().lineSpacing() * lines + label.contentsMargins().top() * 2)
