"""“Edit queue…”: what the server lets change after creation
(labeling-queues.editInfo, wire-contract 4.5): name, description, labelers,
reviewers, the per-image limits and self-review. The source and the classes
and tags to label stay as created.

Only what was changed is sent. Save runs in the background with the dialog
locked; a refusal is shown in the dialog and nothing changed. Esc or Cancel
with changes asks first (discard_prompt.py)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.records import LabelingQueue
from desktop_app.domain.limits import NAME_MAX
from desktop_app.domain.team_users import TeamUser
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.undo import quoted
from desktop_app.ui.collections.collection_dialogs import ProblemLabel
from desktop_app.ui.common.dialog_parts import accept_cancel_buttons, dialog_title
from desktop_app.ui.queues.discard_prompt import ask_discard_queue
from desktop_app.ui.queues.queue_check_list import CheckList, Entry
from desktop_app.ui.queues.queue_form_parts import limit_box, limits_row, people_columns


class QueueEditDialog(QDialog):
    def __init__(self, state: AppState, queue: LabelingQueue, users: list[TeamUser], parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.queue = queue
        self._busy = False
        self.discard_prompt: QMessageBox | None = None
        self.setWindowTitle("Edit labeling queue")
        self.setMinimumWidth(560)

        self.name_edit = QLineEdit(queue.name, self)
        self.name_edit.setMaxLength(NAME_MAX + 50)
        self.description_edit = QLineEdit(queue.description, self)
        entries = [Entry(u.id, u.label) for u in users]
        known = {u.id for u in users}
        entries += [
            Entry(i, f"user {i}") for i in dict.fromkeys(queue.labeler_ids + queue.reviewer_ids) if i not in known
        ]
        self.labelers = CheckList(self, rows=5, min_rows=3)
        self.reviewers = CheckList(self, rows=5, min_rows=3)
        for checklist, ids in ((self.labelers, queue.labeler_ids), (self.reviewers, queue.reviewer_ids)):
            checklist.set_entries(entries)
            checklist.set_checked(ids)
        self.objects_limit = limit_box(self, "objects")
        self.objects_limit.setValue(int(queue.meta.get("imageFiguresLimit") or 0))
        self.tags_limit = limit_box(self, "tags")
        self.tags_limit.setValue(int(queue.meta.get("imageTagsLimit") or 0))
        self.review_own = QCheckBox("Reviewers may review their own annotations", self)
        self.review_own.setChecked(queue.allows_self_review)

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Description:", self.description_edit)
        people = people_columns(self, self.labelers, self.reviewers)
        form.addRow("Per image:", limits_row(self, self.objects_limit, self.tags_limit))
        note = QLabel(
            "The source and the classes and tags to label stay as created. A labeler taken off the "
            "queue gives back the items they were still annotating.",
            self,
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        self.problem = ProblemLabel(self)
        self.buttons, self.ok_button = accept_cancel_buttons(self, "Save changes", self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(dialog_title(f"Edit {quoted(queue.name)}", self))
        layout.addLayout(form)
        layout.addLayout(people, 1)
        layout.addWidget(self.review_own)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self._initial_fields = self._fields()  # Save sends only what differs from these
        for edit in (self.name_edit, self.description_edit):
            edit.textChanged.connect(self._validate)
        for checklist in (self.labelers, self.reviewers):
            checklist.changed.connect(self._validate)
        for spin in (self.objects_limit, self.tags_limit):
            spin.valueChanged.connect(self._validate)
        self.review_own.toggled.connect(self._validate)
        self._validate()
        self.name_edit.setFocus()

    # -- what changed -----------------------------------------------------------------
    def _fields(self) -> dict:
        return {
            "name": self.name_edit.text().strip(),
            "description": self.description_edit.text().strip(),
            "userIds": sorted(self.labelers.checked()),
            "reviewerIds": sorted(self.reviewers.checked()),
            "meta": {"imageFiguresLimit": self.objects_limit.value(), "imageTagsLimit": self.tags_limit.value()},
            "queueMeta": {"reviewOwnAnnotationsAvailable": self.review_own.isChecked()},
        }

    def changes(self) -> dict:
        """Only the fields that differ from the queue as opened."""
        fields = self._fields()
        return {k: v for k, v in fields.items() if v != self._initial_fields[k]}

    def problems(self) -> list[str]:
        f = self._fields()
        out = []
        if not f["name"]:
            out.append("The queue needs a name.")
        elif len(f["name"]) > NAME_MAX:
            out.append(f"The name is {len(f['name'])} characters long; the maximum is {NAME_MAX}.")
        elif f["name"] != self.queue.name and any(q.name == f["name"] for q in self.state.queues):
            out.append(f"A queue named {quoted(f['name'])} already exists in this project.")
        if not f["userIds"]:
            out.append("Choose at least one labeler.")
        if not f["reviewerIds"]:
            out.append("Choose at least one reviewer.")
        return out

    def _validate(self, *_: object) -> None:
        problems = self.problems()
        self.problem.show_problem("\n".join(problems) if problems else None)
        self.ok_button.setEnabled(not problems and bool(self.changes()) and not self._busy)

    # -- saving ---------------------------------------------------------------------------
    def submit(self) -> None:
        changes = self.changes()
        if self._busy or self.problems() or not changes:
            return
        self._set_busy(True)
        self.state.run(self._save(changes), "Saving labeling queue")

    async def _save(self, changes: dict) -> None:
        try:
            await self.state.services.queues.edit(self.queue.id, changes)
        except Exception as exc:  # refused or unreachable: said in the dialog, nothing changed
            self._set_busy(False)
            self.problem.show_problem(f"The queue was not changed: {plain_error(exc)}")
            return
        except BaseException:
            self._set_busy(False)
            raise
        try:
            await self.state.refresh_queues()
        finally:
            self._set_busy(False)
            self.accept()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        widgets: tuple[QWidget, ...] = (
            self.name_edit,
            self.description_edit,
            self.labelers,
            self.reviewers,
            self.objects_limit,
            self.tags_limit,
            self.review_own,
        )
        for w in widgets:
            w.setEnabled(not busy)
        self.ok_button.setText("Saving…" if busy else "Save changes")
        self._validate()

    def reject(self) -> None:
        """Esc and Cancel: ask first when something was changed."""
        if self._busy:
            return
        if not self.changes():
            super().reject()
            return
        if self.discard_prompt is None or not self.discard_prompt.isVisible():
            self.discard_prompt = ask_discard_queue(self, lambda: QDialog.reject(self), editing=True)
