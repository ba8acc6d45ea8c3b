"""“Move accepted items…” of a labeling queue (docs/product.md Q3): the items
accepted in the queue leave its source collection and join another
collection, existing or new.

The dialog computes the plan (domain/move_accepted.py) in the background
whenever the choice changes (the latest choice wins) and shows it before
anything is written: "12 accepted; 10 will leave “Hard cases”; 2 already in
“For training”". Opened with `open()`; on `accepted`, `command()` is the
MoveAccepted to run as one undoable step (QueueActions does that through
UndoRunner) and `undo_text()` its name on the Edit menu."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.api.records import LabelingQueue
from desktop_app.domain.move_accepted import MoveAccepted, MovePlan
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.tasks import TaskScope
from desktop_app.qt.undo import items_text, quoted
from desktop_app.ui.collections.collection_target_dialog import CollectionTargetDialog
from desktop_app.ui.collections.collection_target_picker import CollectionTargetPicker


def preview_text(plan: MovePlan, source_name: str | None) -> str:
    """ "12 accepted; 10 will leave “Hard cases”; 2 already in “For training”"."""
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


class MoveAcceptedDialog(CollectionTargetDialog):
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

        intro = (
            f"They leave {quoted(self.source_name)} and join the collection you choose. "
            if self.source_name
            else "They join the collection you choose. "
        ) + "They stay accepted in the queue; Undo (Ctrl+Z) moves them back."
        picker = CollectionTargetPicker(
            state, self, empty_text="This project has no other collection yet.", exclude_id=queue.collection_id
        )  # the source is no target
        self._build(f"Move the accepted items of {quoted(queue.name)}", picker, "Move", intro)

    # -- what OK runs -----------------------------------------------------------
    def command(self) -> MoveAccepted | None:
        """The move to run, once a plan that changes something is shown."""
        if self.plan is None or not self.plan.changes_anything or not self.plan.accepted:
            return None
        service = self.state.service
        assert service is not None  # a queue, hence this dialog, exists only in an open project
        return MoveAccepted(service, self.plan)

    def undo_text(self) -> str:
        return undo_text(self.plan, self.source_name) if self.plan is not None else ""

    # -- preview -----------------------------------------------------------------
    def _choice_changed(self) -> None:
        problem = self.picker.problem_text()
        self.plan = None
        self._tasks.cancel_all()
        if problem is not None:
            self._show(None, "" if self.picker.is_new else problem)
            return
        self._show(None, "Checking the accepted items…")
        self._tasks.start(self._compute(self.collection_id, self.picker.new_name), key="plan")

    async def _compute(self, target_id: int | None, new_name: str | None) -> None:
        project, service = self.state.project, self.state.service
        assert project is not None and service is not None  # a queue exists only in an open project
        try:
            plan = await self.state.services.queues.plan_move_accepted(
                self.queue, target_id, project.id, service=service, new_name=new_name
            )
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
            self._show_not_ready(text)
            return
        self.preview_label.setText("Preview: " + preview_text(plan, self.source_name))
        ready = bool(plan.accepted) and plan.changes_anything
        self.ok_button.setText(f"Move {items_text(len(plan.accepted))}" if ready else "Move")
        self.ok_button.setEnabled(ready)

    def _ready(self) -> bool:
        return self.command() is not None
