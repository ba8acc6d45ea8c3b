"""Annotation edits on the editor's own QUndoStack.

An edit is recorded after it happened, as the draft's state before and after
it (AnnotationDraft states are immutable values): undo restores the one,
redo the other. That makes a whole mouse gesture (a drag that changed the
draft many times) one step, and pushing is harmless: the stack's first
redo() restores the state the draft is already in."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand


class Restorable(Protocol):
    """A draft (an image's AnnotationDraft, a point cloud's CloudDraft) that goes back to a state."""

    def restore(self, state: Any) -> None: ...


class DraftStep(QUndoCommand):
    def __init__(self, draft: Restorable, text: str, before: Any, after: Any) -> None:
        super().__init__(text)
        self.draft = draft
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.draft.restore(self.after)

    def undo(self) -> None:
        self.draft.restore(self.before)
