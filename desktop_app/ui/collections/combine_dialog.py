"""“Combine collections…”: the union, intersection or difference of two or
more collections into a new collection or an existing one.

The dialog lists the project's collections with their counts (the chosen ones
ticked; the order editable for a difference), the operation with a line
saying what it means, the target (CollectionTargetPicker: a new name or an
existing collection), and a live preview from the server's dry run: how many
items the result has, how many are new to the target, and a row of sample
thumbnails. Nothing is written until Combine; the preview is asked again
(latest wins, after a short pause) whenever the choice changes. Opened with
`open()`; on Combine, `accepted` fires and `spec` says what to do
(CombineActions runs it as one undoable step)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QButtonGroup, QDialog, QGroupBox, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from desktop_app.domain.collection_combine import OPERATIONS, CollectionCombiner, CombinePreview, CombineSpec, Operation
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.tasks import TaskScope
from desktop_app.ui.collections.collection_dialogs import ProblemLabel
from desktop_app.ui.collections.collection_target_picker import CollectionTargetPicker
from desktop_app.ui.collections.combine_sources import CombineSources
from desktop_app.ui.collections.sample_strip import SampleStrip
from desktop_app.ui.common.dialog_parts import accept_cancel_buttons, dialog_title

DEBOUNCE_MS = 250  # typing a name asks the server once it pauses
LABELS: dict[Operation, str] = {"union": "&Union", "intersection": "&Intersection", "difference": "&Difference"}
SYMBOLS: dict[Operation, str] = {"union": "∪", "intersection": "∩", "difference": "−"}


class CombineDialog(QDialog):
    def __init__(
        self, state: AppState, combiner: CollectionCombiner, chosen: Sequence[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.combiner = combiner
        self.preview: CombinePreview | None = None  # of the current choice; None while asking or refused
        self._tasks = TaskScope(self)
        self._suggestion = ""  # the name last suggested; replaced while the user has not changed it
        self.setWindowTitle("Combine collections")
        self.setMinimumSize(600, 640)  # room for the row of sample thumbnails, on a 700 px screen

        self.sources = CombineSources(state.collections, chosen, self)
        rows = min(max(len(state.collections), 2), 5)  # up to five collections in view without scrolling
        self.sources.list.setMinimumHeight(rows * self.sources.list.sizeHintForRow(0) + 6)
        self.operation_buttons: dict[Operation, QRadioButton] = {}
        group = QButtonGroup(self)
        operations = QHBoxLayout()
        for op in OPERATIONS:
            button = QRadioButton(LABELS[op], self)
            group.addButton(button)
            operations.addWidget(button)
            self.operation_buttons[op] = button
        operations.addStretch(1)
        self.operation_buttons["union"].setChecked(True)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.picker = CollectionTargetPicker(
            state, self, empty_text="This project has no collections yet.", start_new=True
        )
        self.picker.list.setMaximumHeight(110)
        self.summary_label = QLabel(self)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.samples = SampleStrip(state, 8, self)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.problem = ProblemLabel(self, reserve_lines=2)
        self.buttons, self.ok_button = accept_cancel_buttons(self, "Combine", self._accept_if_ready)

        sources_box = QGroupBox("Collections", self)
        QVBoxLayout(sources_box).addWidget(self.sources)
        op_box = QGroupBox("Operation", self)
        op_layout = QVBoxLayout(op_box)
        op_layout.addLayout(operations)
        op_layout.addWidget(self.explanation)
        target_box = QGroupBox("Into", self)
        QVBoxLayout(target_box).addWidget(self.picker)
        preview_box = QGroupBox("Preview (nothing is written yet)", self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.summary_label)
        preview_layout.addWidget(self.samples)
        preview_layout.addWidget(self.note_label)

        layout = QVBoxLayout(self)
        layout.addWidget(dialog_title("Combine collections", self))
        layout.addWidget(sources_box, 2)
        layout.addWidget(op_box)
        layout.addWidget(target_box, 2)
        layout.addWidget(preview_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        screen = parent.screen() if parent is not None else None
        room = screen.availableGeometry().height() - 60 if screen is not None else 760
        self.resize(600, max(640, min(760, room)))  # both lists at ease where the screen allows

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._ask)
        self.sources.changed.connect(self._changed)
        group.buttonToggled.connect(self._operation_toggled)
        self.picker.changed.connect(self._changed)
        self._changed()

    # -- the choice --------------------------------------------------------------
    def _operation_toggled(self, _button: QRadioButton, on: bool) -> None:
        if on:  # the one turned on; the one turned off says so too
            self._changed()

    @property
    def operation(self) -> Operation:
        return next(op for op, b in self.operation_buttons.items() if b.isChecked())

    def set_operation(self, operation: Operation) -> None:
        self.operation_buttons[operation].setChecked(True)

    @property
    def spec(self) -> CombineSpec | None:
        """What Combine would do (None: the choice is not complete)."""
        ids = tuple(self.sources.chosen_ids())
        if len(ids) < 2:
            return None
        if self.picker.is_new:
            name = self.picker.new_name
            return CombineSpec(self.operation, ids, into_name=name) if name else None
        target = self.picker.collection_id
        return CombineSpec(self.operation, ids, into_id=target) if target is not None else None

    def _suggested_name(self) -> str:
        names = {c.id: c.name for c in self.state.collections}
        chosen = [names.get(i, "?") for i in self.sources.chosen_ids()]
        joined = f" {SYMBOLS[self.operation]} ".join(chosen[:3]) + (" …" if len(chosen) > 3 else "")
        return joined[:100]

    # -- preview -----------------------------------------------------------------
    def _changed(self) -> None:
        op = self.operation
        self.explanation.setText(OPERATIONS[op])
        self.sources.set_order_editable(op == "difference")
        typed = self.picker.name_edit.text()
        if self.picker.is_new and typed in ("", self._suggestion) and len(self.sources.chosen_ids()) >= 2:
            self._suggestion = self._suggested_name()
            if typed != self._suggestion:
                self.picker.set_new_name(self._suggestion)  # changes the picker: comes back here
                return
        self.preview = None
        self.ok_button.setEnabled(False)
        self._tasks.cancel_all()
        self._timer.stop()
        problem = self._local_problem()
        if problem is not None:
            # a new name's problem shows under the name (the picker's), not twice
            self._show(None, "" if self.picker.is_new and len(self.sources.chosen_ids()) >= 2 else problem)
            return
        self._show(None, "", summary="Asking the server…")
        self._timer.start()

    def _local_problem(self) -> str | None:
        if len(self.sources.chosen_ids()) < 2:
            return "Tick at least two collections to combine."
        return self.picker.problem_text()

    def _ask(self) -> None:
        spec = self.spec
        if spec is not None:
            self._tasks.start(self._compute(spec), key="preview")

    async def _compute(self, spec: CombineSpec) -> None:
        try:
            preview = await self.combiner.preview(spec, sample=len(self.samples.tiles))
        except Exception as exc:  # the server's refusal in its words (a name taken meanwhile...)
            if spec == self.spec:
                self._show(None, plain_error(exc) if not isinstance(exc, ValueError) else str(exc))
            return
        if spec == self.spec:  # the choice did not change meanwhile
            self._show(preview, "")

    def _show(self, preview: CombinePreview | None, problem: str, *, summary: str = "") -> None:
        self.preview = preview
        self.problem.show_problem(problem or None)
        if preview is None:
            self.summary_label.setText(summary)
            self.samples.show_items(())
            self.note_label.setText("")
            self.ok_button.setText("Combine")
            self.ok_button.setEnabled(False)
            return
        result = preview.result
        self.summary_label.setText(preview.summary() + ("." if result.count else " — the result is empty."))
        self.samples.show_items(preview.sample)
        self.note_label.setText(result.note[:1].upper() + result.note[1:] + "." if result.note else "")
        adds = result.added_count
        new = preview.spec.into_id is None
        self.ok_button.setText("Create collection" if new else (f"Add {adds:,}" if adds else "Combine"))
        self.ok_button.setEnabled(new or adds > 0)

    def _accept_if_ready(self) -> None:
        if self.ok_button.isEnabled() and self.preview is not None and self.preview.spec == self.spec:
            self.accept()
