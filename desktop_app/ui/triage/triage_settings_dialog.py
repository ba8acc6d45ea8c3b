"""Triage ▸ Keys…: the key of each verdict and the collection it files into.
A key used twice, a key that is not one letter or digit, or an empty
collection name is refused in words under the form, and nothing is saved."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.triage import InvalidTriageSettings, Verdict, check_verdicts
from desktop_app.qt.style import error_text_style
from desktop_app.ui.common.dialog_parts import accept_cancel_buttons, dialog_title, reserve_message_space


class TriageSettingsDialog(QDialog):
    chosen = Signal(object)  # the checked verdicts (tuple[Verdict, ...])

    def __init__(self, verdicts: tuple[Verdict, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Triage keys")
        self.verdicts = verdicts
        self.key_fields: dict[str, QLineEdit] = {}
        self.collection_fields: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        for column, text in enumerate(("Verdict", "Key", "Files into collection")):
            grid.addWidget(QLabel(f"<b>{text}</b>", self), 0, column)
        for row, v in enumerate(verdicts, start=1):
            grid.addWidget(QLabel(v.label, self), row, 0)
            key = QLineEdit(v.key, self)
            key.setMaxLength(1)
            key.setFixedWidth(40)
            key.setObjectName(f"key_{v.name}")
            self.key_fields[v.name] = key
            grid.addWidget(key, row, 1)
            if v.collection is not None:
                collection = QLineEdit(v.collection, self)
                collection.setObjectName(f"collection_{v.name}")
                self.collection_fields[v.name] = collection
                grid.addWidget(collection, row, 2)
            else:
                grid.addWidget(QLabel("(nothing: the next item)", self), row, 2)
        self.problem = QLabel(self)
        self.problem.setObjectName("triageSettingsProblem")
        self.problem.setStyleSheet(error_text_style(self.palette()))
        self.problem.setWordWrap(True)
        reserve_message_space(self.problem)
        buttons, self.save_button = accept_cancel_buttons(self, "Save", self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(dialog_title("Triage keys", self))
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def wanted(self) -> tuple[Verdict, ...]:
        """The verdicts as the form says (checked: InvalidTriageSettings when they cannot be)."""
        return check_verdicts(
            tuple(
                replace(
                    v,
                    key=self.key_fields[v.name].text(),
                    collection=self.collection_fields[v.name].text() if v.name in self.collection_fields else None,
                )
                for v in self.verdicts
            )
        )

    def _save(self) -> None:
        try:
            verdicts = self.wanted()
        except InvalidTriageSettings as exc:
            self.problem.setText(str(exc))
            return
        self.chosen.emit(verdicts)
        self.accept()
