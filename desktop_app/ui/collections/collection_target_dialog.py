"""The frame of a dialog that puts items into a collection the user picks
(Add to collection…, Move accepted items…): a title, an optional intro, the
CollectionTargetPicker, a preview line and Cancel / <verb>.

A subclass creates its picker, calls `_build`, computes its preview in
`_choice_changed` (called on every change of the choice, and once by `_build`)
and says in `_ready` whether what it shows may be run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from desktop_app.ui.collections.collection_target_picker import CollectionTargetPicker
from desktop_app.ui.common.dialog_parts import accept_cancel_buttons, dialog_title


class CollectionTargetDialog(QDialog):
    picker: CollectionTargetPicker

    def _build(self, title: str, picker: CollectionTargetPicker, verb: str, intro: str | None = None) -> None:
        self._verb = verb
        self.title_label = title_label = dialog_title(title, self)
        intro_label = None
        if intro is not None:
            intro_label = QLabel(intro, self)
            intro_label.setWordWrap(True)
        self.picker = picker
        self.preview_label = QLabel(self)
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons, self.ok_button = accept_cancel_buttons(self, verb, self._accept_if_ready)

        layout = QVBoxLayout(self)
        layout.addWidget(title_label)
        if intro_label is not None:
            layout.addWidget(intro_label)
        layout.addSpacing(4)
        layout.addWidget(picker, 1)
        layout.addSpacing(6)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.buttons)

        picker.changed.connect(self._choice_changed)
        picker.activated.connect(self._accept_if_ready)
        self._choice_changed()

    # -- the choice ------------------------------------------------------------
    @property
    def collection_id(self) -> int | None:
        return self.picker.collection_id

    def select_collection(self, collection_id: int) -> None:
        self.picker.select_collection(collection_id)

    def set_new_name(self, name: str) -> None:
        self.picker.set_new_name(name)

    # -- for the subclass ----------------------------------------------------------
    def _choice_changed(self) -> None:
        raise NotImplementedError

    def _ready(self) -> bool:
        raise NotImplementedError

    def _show_not_ready(self, text: str) -> None:
        """No preview to run: `text` says why (or what is being checked)."""
        self.preview_label.setText(text)
        self.ok_button.setText(self._verb)
        self.ok_button.setEnabled(False)

    def _accept_if_ready(self) -> None:
        if self.ok_button.isEnabled() and self._ready():
            self.accept()
