"""Annotation edits on the editor's own QUndoStack.

An edit is recorded after it happened, as the draft's state before and after
it (AnnotationDraft states are immutable values): undo restores the one,
redo the other. That makes a whole mouse gesture (a drag that changed the
draft many times) one step, and pushing is harmless: the stack's first
redo() restores the state the draft is already in."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from desktop_app.domain.annotation_draft import AnnotationDraft, DraftState


class DraftStep(QUndoCommand):
    def __init__(self, draft: AnnotationDraft, text: str, before: DraftState, after: DraftState) -> None:
        super().__init__(text)
        self.draft = draft
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.draft.restore(self.after)

    def undo(self) -> None:
        self.draft.restore(self.before)
