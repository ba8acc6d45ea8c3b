"""Deleting the selected items from their datasets, and what the Delete key
means in the item list.

"Delete from dataset…" (Shift+Delete, Edit menu and the list's context
menu) takes the selection (also "all matching" after Ctrl+A), looks up
read-only where the items are, and asks (DeleteItemsDialog). The delete runs
in the status bar with progress and Cancel, chunk by chunk, and is never
queued in the outbox: a destructive step that cannot be undone happens while
the user watches. Afterwards the list, the counts and the queues are read
again, the viewer leaves a deleted item, and no undo step names the deleted
items any more.

The Delete key removes the selection from the collection shown, like
Backspace, wherever the focus is in the window (issue 11: it worked only while
the list had the focus), except in the sidebar, where it deletes the collection
there (asking first); one window-wide key that looks at the focus, since two
Delete shortcuts in one window are ambiguous to Qt and neither would fire.
Outside a collection it only says that Shift+Delete deletes from the dataset.
It never deletes anything from a dataset itself."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.api.errors import ApiError
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.outbox import is_transient
from desktop_app.domain.services import DeletionPlan, ItemDeletion
from desktop_app.qt.app_state import AppState, Progress, plain_error
from desktop_app.qt.undo import UndoRunner, items_text
from desktop_app.ui.browse.delete_dialog import DeleteItemsDialog
from desktop_app.ui.common.action_set import ActionSet
from desktop_app.ui.common.actions import make_action

IdsProvider = Callable[[Progress], Awaitable[list[int]]]
CATEGORY = "Edit"
DELETE_KEY_HINT = (
    "Delete removes items from a collection only. To delete items from their dataset, "
    "use Edit ▸ Delete from dataset… (Shift+Delete)."
)


class DeleteActions(ActionSet):
    itemsDeleted = Signal(object)  # set of the item ids deleted (empty: none, but the lists may be stale)

    def __init__(
        self,
        state: AppState,
        selected_ids: IdsProvider,
        current_scope: Callable[[], Scope],
        remove_from_collection: Callable[[], None],
        list_widget: QWidget,
        parent_widget: QWidget,
        *,
        sidebar: QWidget | None = None,
        delete_collection: Callable[[], None] | None = None,
    ) -> None:
        """`list_widget`: the item list (kept for callers; Delete now works window-wide).
        `sidebar`: where Delete means `delete_collection` instead."""
        super().__init__(parent_widget, CATEGORY)
        self._sidebar = sidebar
        self._delete_collection = delete_collection
        self.state = state
        self._selected_ids = selected_ids
        self._current_scope = current_scope
        self._remove_from_collection = remove_from_collection
        self.deleting: ItemDeletion | None = None  # the delete running now

        self.delete_action = self._action(
            "Delete from dataset…",
            self.delete_selected,
            shortcuts="Shift+Del",
            icon="delete",
            tip="Delete the selected items from their datasets, for good (asks first)",
        )
        self.delete_key_action = make_action(
            parent_widget,
            "Remove from collection",
            self.delete_key,
            shortcuts="Del",
            category=CATEGORY,
            tip="In a collection: remove the selected items from it (never deletes from a dataset); "
            "in the sidebar: delete the collection (asks first)",
            parent=self,
        )
        self.set_selected_count(0)

    def actions(self) -> list[QAction]:
        return [self.delete_action, self.delete_key_action]

    def set_selected_count(self, selected: int) -> None:
        self.delete_action.setEnabled(selected > 0 and self.state.project is not None)

    # -- the Delete key ----------------------------------------------------------
    def delete_key(self) -> None:
        focus = QApplication.focusWidget()
        sidebar = self._sidebar
        if sidebar is not None and focus is not None and (focus is sidebar or sidebar.isAncestorOf(focus)):
            if self._delete_collection is not None:
                self._delete_collection()
            return
        if self._current_scope().kind == "collection":
            self._remove_from_collection()
        else:
            self.state.messageRaised.emit(DELETE_KEY_HINT)

    # -- Delete from dataset -------------------------------------------------------
    def delete_selected(self) -> None:
        project = self.state.project
        if project is None:
            return
        if self.deleting is not None:
            self.state.messageRaised.emit("A delete is still running; wait for it to finish or cancel it.")
            return
        pending = len(self.state.outbox.pending())
        if pending:
            # A queued edit may name these items; it must reach the server before they go.
            self.state.errorRaised.emit(
                f"{pending:,} edit{' is' if pending == 1 else 's are'} still waiting to be sent. Delete once "
                f"{'it has' if pending == 1 else 'they have'} reached the server (File ▸ Pending edits…); "
                "nothing was deleted."
            )
            return
        session = self.state.session
        names = {d.id: d.name for d in session.datasets}
        collections, queues = list(session.collections), list(session.queues)

        async def work(progress: Progress) -> DeletionPlan | None:
            ids = await self._selected_ids(progress)
            if not ids:
                self.state.messageRaised.emit("Select the items to delete first.")
                return None
            return await self.state.services.deletion.plan(
                project.id, ids, names, collections, queues, progress, project_type=project.type
            )

        # keyed: a second press while the first check runs replaces it, so one dialog opens
        self.state.run(work, "Checking what would be deleted", key="delete-plan", on_done=self._confirm)

    def _confirm(self, plan: DeletionPlan | None) -> None:
        if plan is None:
            return
        if plan.count == 0:
            self.state.messageRaised.emit("The selected items were already deleted.")
            self._deleted(set())
            return
        dialog = DeleteItemsDialog(plan, self._parent)
        dialog.confirmed.connect(lambda: self._delete(plan))
        self._open(dialog)

    def _delete(self, plan: DeletionPlan) -> None:
        deletion = self.deleting = self.state.services.deletion.deletion(plan.ids)

        async def work(progress: Progress) -> None:
            try:
                await deletion.run(progress)
            except asyncio.CancelledError:
                done = len(deletion.deleted)
                text = (
                    f"Deleting stopped: {items_text(done)} of {deletion.total:,} deleted, the rest kept."
                    if done
                    else "Deleting stopped before anything was deleted."
                )
                # after the runner's own "… cancelled", which is said while this unwinds
                asyncio.get_running_loop().call_soon(self.state.messageRaised.emit, text)
                raise
            except Exception as exc:  # said below in our words; the runner must not say it again
                self.state.errorRaised.emit(failure_text(deletion, exc))
            else:
                self.state.messageRaised.emit(f"Deleted {items_text(len(deletion.deleted))} from their datasets.")
            finally:  # also after Cancel or a failure part way: what is gone is gone, and the views must say so
                self.deleting = None
                if deletion.deleted:
                    self._deleted(set(deletion.deleted))

        self.state.run(work, f"Deleting {items_text(deletion.total)}")

    def _deleted(self, gone: set[int]) -> None:
        if gone:
            UndoRunner.of(self.state).forget_deleted_items(gone)
        self.itemsDeleted.emit(gone)
        self.state.run(self._refresh(), key="refresh-after-delete")

    async def _refresh(self) -> None:
        """Counts of the project, its datasets, collections and queues, as the server has them now."""
        state = self.state
        await asyncio.gather(state.refresh_counts(), state.refresh_collections(), state.refresh_queues())
        state.itemsChanged.emit()  # collection contents changed: lists and fetched counts follow


def failure_text(deletion: ItemDeletion, exc: BaseException) -> str:
    """What a failed delete did, in plain words: nothing, or part of it."""
    done, total = len(deletion.deleted), deletion.total
    if is_transient(exc):
        why = (
            "the server could not be reached. Deleting is not queued for later (it cannot be undone, so it "
            "happens only while you watch); try again when the connection is back"
        )
    else:
        text = plain_error(exc).rstrip(".")
        why = text[:1].lower() + text[1:]
        if isinstance(exc, ApiError) and exc.message:
            why += f" ({exc.message[:200]})"
    if done == 0:
        return f"Nothing was deleted: {why}."
    return f"Deleted {done:,} of {items_text(total)}; the other {total - done:,} were not: {why}."
