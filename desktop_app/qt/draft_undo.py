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


NUDGE_ID = 1  # QUndoCommand.id() of nudges: a run of them on one box is one step


class NudgeStep(DraftStep):
    """Arrow-key moves of one box: the next nudge of the same box folds into
    this step (QUndoStack merges them), so one Ctrl+Z undoes the whole run.
    The stack does not merge across a save (its clean state), so a run never
    swallows the saved position."""

    def __init__(self, draft: Restorable, text: str, before: Any, after: Any, key: int) -> None:
        super().__init__(draft, text, before, after)
        self.key = key

    def id(self) -> int:
        return NUDGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, NudgeStep) or other.key != self.key or other.draft is not self.draft:
            return False
        self.after = other.after
        return True
