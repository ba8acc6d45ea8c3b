"""What can be done with labeling queues, as QActions for the Queues menu,
the queue panel and the collections' context menu:

- Create labeling queue… (Ctrl+Shift+Q) from the collection being viewed;
  `collection_action` is the same for the sidebar's context menu, where it
  takes the collection under the cursor (`create_queue(collection)`).
- Work on queue (Ctrl+Shift+J): opens QueueWorkWindow as labeler; enabled when
  the user is one of the current queue's labelers.
- Review queue (Ctrl+Shift+R): the same as reviewer.
- Move accepted items… (Ctrl+Shift+M): the accepted items leave the source
  collection and join another one, after a preview; ONE undoable step on the
  undo stack (UndoRunner, like every collection edit).
- Edit queue… / Delete queue…: what labeling-queues.editInfo can change, and
  deleting the queue (after a question; its collection and items stay; no
  undo). Managing roles only (the window's RoleGate).
- Refresh queues.

The current queue is set by the queue panel (`set_queue`)."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.api.records import Collection, LabelingQueue
from desktop_app.domain.queue_work import Role
from desktop_app.domain.team_users import TeamUser
from desktop_app.qt.app_state import AppState
from desktop_app.qt.undo import UndoRunner, quoted
from desktop_app.ui.common.action_set import ActionSet
from desktop_app.ui.common.window_placement import centre_on, return_focus_on_close
from desktop_app.ui.queues.move_accepted_dialog import MoveAcceptedDialog
from desktop_app.ui.queues.queue_dialog import QueueDialog
from desktop_app.ui.queues.queue_edit_dialog import QueueEditDialog
from desktop_app.ui.queues.queue_work_window import QueueWorkWindow

CATEGORY = "Queues"
LABELER: Role = "labeler"
REVIEWER: Role = "reviewer"


def queue_source_text(state: AppState, queue: LabelingQueue) -> str:
    """Where a queue's items come from, e.g. 'from “Hard cases”'."""
    if queue.collection_id is not None:
        c = state.collection(queue.collection_id)
        return f"from {quoted(c.name)}" if c is not None else "from a deleted collection"
    if queue.dataset_id is not None:
        name = state.dataset_name(queue.dataset_id)
        return f"from dataset {quoted(name)}" if name else "from a dataset"
    return ""


class QueueActions(ActionSet):
    usersLoaded = Signal()  # the team's users are known: names can replace ids

    def __init__(
        self,
        state: AppState,
        parent_widget: QWidget,
        current_collection: Callable[[], Collection | None] = lambda: None,
    ) -> None:
        super().__init__(parent_widget, CATEGORY)
        self.state = state
        self.runner = UndoRunner.of(state)
        self._current_collection = current_collection
        self._queue: LabelingQueue | None = None
        self.users: dict[int, TeamUser] = {}  # the team's users, for names (loaded per project)
        self.windows: list[QueueWorkWindow] = []  # open queue work windows

        self.create_action = self._action(
            "Create labeling queue…",
            self.create_from_current,
            shortcuts="Ctrl+Shift+Q",
            icon="queue",
            tip="Send the collection being viewed to a labeling queue",
        )
        self.collection_action = QAction("Create labeling queue…", self)  # for a collection's context menu
        self.collection_action.setToolTip("Send this collection to a labeling queue")
        self.work_action = self._action(
            "Work on queue",
            lambda: self.open_work(LABELER),
            shortcuts="Ctrl+Shift+J",
            tip="Take the next item of the queue and annotate it",
        )
        self.review_action = self._action(
            "Review queue",
            lambda: self.open_work(REVIEWER),
            shortcuts="Ctrl+Shift+R",
            tip="Accept or reject the queue's annotated items",
        )
        self.move_action = self._action(
            "Move accepted items…",
            self.move_accepted,
            shortcuts="Ctrl+Shift+M",
            tip="Move the queue's accepted items from its collection to another one",
        )
        self.edit_action = self._action(
            "Edit queue…",
            self.edit_queue,
            tip="Change the queue's name, labelers, reviewers, limits or self-review",
        )
        self.delete_queue_action = self._action(
            "Delete queue…",
            self.delete_queue,
            tip="Delete the queue and its work states; its collection and items stay",
        )
        self.refresh_action = self._action(
            "Refresh queues", self.refresh, icon="refresh", tip="Ask the server for the queues' counts now"
        )
        self.review_action.setIconText("Review")  # the panel's button; menus say "Review queue"
        self.move_action.setIconText("Move accepted…")
        state.projectChanged.connect(self._project_changed)
        state.connected.connect(self._update)
        state.collectionsChanged.connect(self._update)
        if state.project is not None:
            self._load_users()
        self._update()

    def actions(self) -> list[QAction]:
        """In menu order."""
        return [
            self.create_action,
            self.work_action,
            self.review_action,
            self.move_action,
            self.edit_action,
            self.delete_queue_action,
            self.refresh_action,
        ]

    # -- the current queue ---------------------------------------------------------
    @property
    def queue(self) -> LabelingQueue | None:
        return self._queue

    def set_queue(self, queue: LabelingQueue | None) -> None:
        self._queue = queue
        self._update()

    def role_allowed(self, queue: LabelingQueue, role: Role) -> bool:
        user = self.state.user
        if user is None:
            return False
        return user.id in (queue.labeler_ids if role == LABELER else queue.reviewer_ids)

    def people_text(self, queue: LabelingQueue) -> str:
        def names(ids) -> str:
            return ", ".join(self.users[i].login if i in self.users else f"user {i}" for i in ids) or "nobody"

        return f"Labelers: {names(queue.labeler_ids)} · Reviewers: {names(queue.reviewer_ids)}"

    def _update(self, *_: object) -> None:
        queue = self._queue
        has_project = self.state.project is not None
        self.create_action.setEnabled(has_project)  # without a collection in view it says what to do
        self.refresh_action.setEnabled(has_project)
        self.edit_action.setEnabled(queue is not None)  # the role gate turns them off for non-managers
        self.delete_queue_action.setEnabled(queue is not None)
        self.move_action.setEnabled(
            queue is not None
            and queue.collection_id is not None
            and self.state.collection(queue.collection_id) is not None
        )
        for action, role, what in (
            (self.work_action, LABELER, "labelers"),
            (self.review_action, REVIEWER, "reviewers"),
        ):
            allowed = queue is not None and self.role_allowed(queue, role)
            action.setEnabled(allowed)
            if queue is not None and not allowed:
                action.setStatusTip(f"You are not one of the {what} of {quoted(queue.name)}.")
            else:
                action.setStatusTip("")

    def _project_changed(self, _project: object) -> None:
        self.users = {}
        self._queue = None
        self._load_users()
        self._update()

    def _load_users(self) -> None:
        project = self.state.project
        if project is None or project.team_id is None:
            return
        team_id = project.team_id

        async def load() -> None:
            try:
                users = await self.state.services.users.team_members(team_id)
            except Exception:  # noqa: BLE001 (names are a nicety: ids are shown instead)
                return
            self.users = {u.id: u for u in users}
            self.usersLoaded.emit()

        self.state.scope.start(load(), key="queue-team-users")

    # -- create ------------------------------------------------------------------------
    def create_from_current(self) -> None:
        collection = self._current_collection()
        if collection is None:
            self.state.messageRaised.emit("Open a collection in the sidebar to send it to a labeling queue.")
            return
        self.create_queue(collection)

    def create_queue(self, collection: Collection) -> None:
        users = sorted(self.users.values(), key=lambda u: u.login.casefold()) if self.users else None
        dialog = QueueDialog(self.state, collection, self._parent, users=users)
        dialog.created.connect(lambda queue_id: self._created(queue_id, dialog))
        self._open(dialog)

    def _created(self, queue_id: int, dialog: QueueDialog) -> None:
        name = dialog.name_edit.text().strip()
        self.state.messageRaised.emit(f"Created labeling queue {quoted(name)}.")

    # -- work ----------------------------------------------------------------------------
    def open_work(self, role: Role) -> None:
        queue = self._queue
        if queue is None:
            return
        if not self.role_allowed(queue, role):
            self.state.messageRaised.emit(f"You are not one of the {role}s of {quoted(queue.name)}.")
            return
        for open_window in self.windows:  # one window per queue and role: bring it back
            if open_window.queue.id == queue.id and open_window.role == role:
                open_window.showNormal()
                open_window.raise_()
                open_window.activateWindow()
                return
        window = QueueWorkWindow(self.state, queue, role, self._parent)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: self._window_closed(window))
        self.windows.append(window)
        centre_on(window, self._parent)  # on the main window, not at the screen's corner
        return_focus_on_close(window, self._parent)
        window.show()

    def _window_closed(self, window: QWidget) -> None:
        if not shiboken6.isValid(self):  # the whole window is closing
            return
        self.windows = [w for w in self.windows if w is not window]
        self.refresh()  # the work done there shows in the counts at once

    # -- edit and delete -------------------------------------------------------------------
    def edit_queue(self) -> None:
        queue = self._queue
        if queue is None:
            return
        users = sorted(self.users.values(), key=lambda u: u.login.casefold())
        dialog = QueueEditDialog(self.state, queue, users, self._parent)
        dialog.accepted.connect(lambda: self.state.messageRaised.emit(f"Saved the changes to {quoted(queue.name)}."))
        self._open(dialog)

    def delete_queue(self) -> None:
        queue = self._queue
        if queue is None:
            return
        source = queue_source_text(self.state, queue)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Delete labeling queue",
            f"Delete the labeling queue {quoted(queue.name)}?",
            QMessageBox.StandardButton.Cancel,
            self._parent,
        )
        box.setObjectName("deleteQueuePrompt")
        box.setInformativeText(
            "Who labeled and reviewed what in this queue is deleted with it, and this cannot be undone. "
            f"The items{' ' + source if source else ''} stay, with their annotations."
        )
        delete = box.addButton("Delete queue", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._run_delete(queue) if box.clickedButton() is delete else None)
        self._open(box)

    def _run_delete(self, queue: LabelingQueue) -> None:
        async def remove() -> None:
            await self.state.services.queues.remove(queue.id)
            if self._queue is not None and self._queue.id == queue.id:
                self.set_queue(None)
            self.state.messageRaised.emit(f"Deleted the labeling queue {quoted(queue.name)}; its items stay.")
            await self.state.refresh_queues()

        self.state.run(remove(), "Deleting labeling queue")

    # -- move accepted -----------------------------------------------------------------
    def move_accepted(self) -> None:
        queue = self._queue
        if queue is None:
            return
        dialog = MoveAcceptedDialog(self.state, queue, self._parent)
        dialog.accepted.connect(lambda: self._run_move(dialog.command(), dialog.undo_text()))
        self._open(dialog)

    def _run_move(self, command, text: str) -> None:
        if command is None:
            return

        def done(result) -> None:
            if result is not None:
                self._moved(text)

        self.runner.execute(command, text=text, label="Moving accepted items", on_done=done)

    def _moved(self, text: str) -> None:
        self.state.messageRaised.emit(f"{text}. Undo (Ctrl+Z) puts them back.")
        self.refresh()

    # -- refresh --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.state.run(self.state.refresh_queues(), key="refresh-queues")
