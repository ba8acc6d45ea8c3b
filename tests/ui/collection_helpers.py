"""Helpers for the collection UI tests: run a coroutine on the test's qasync
loop, wait until the app has finished its work (runner, outbox), read the
server's truth through the real api client, and drive drag and drop."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.api.records import Collection
from desktop_app.qt.app_state import AppState


def run(qtbot, qloop, coro: Coroutine[Any, Any, Any], timeout: int = 10_000) -> Any:
    task = qloop.create_task(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def settle(qtbot, state: AppState, timeout: int = 10_000) -> None:
    """Until no labelled work runs and every queued edit has reached the server."""
    qtbot.waitUntil(lambda: not state.busy and not state.outbox.pending(), timeout=timeout)


def project_item_ids(qtbot, qloop, state: AppState) -> list[int]:
    images = run(qtbot, qloop, state.api.images.list(project_id=state.project.id))
    return sorted(i.id for i in images)


def server_collections(qtbot, qloop, state: AppState) -> dict[str, Collection]:
    return {c.name: c for c in run(qtbot, qloop, state.api.collections.list(state.project.id))}


def server_items(qtbot, qloop, state: AppState, collection_id: int) -> set[int]:
    images = run(qtbot, qloop, state.api.images.list(project_id=state.project.id, collection_id=collection_id))
    return {i.id for i in images}


def make_collection(
    qtbot, qloop, state: AppState, name: str, ids=(), description: str | None = None, refresh: bool = True
) -> Collection:
    """A collection made directly on the server (as another client would)."""
    created = run(qtbot, qloop, state.api.collections.create(state.project.id, name, description))
    if ids:
        run(qtbot, qloop, state.api.collections.add_items(created.id, list(ids)))
    if refresh:
        run(qtbot, qloop, state.refresh_collections())
    return created


def drag_over(viewport: QWidget, pos: QPoint, mime: QMimeData) -> bool:
    """Enter and move over `pos`; True when the drop would be accepted there."""
    buttons, mods, action = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, Qt.DropAction.CopyAction
    QApplication.sendEvent(viewport, QDragEnterEvent(pos, action, mime, buttons, mods))
    move = QDragMoveEvent(pos, action, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    return move.isAccepted()


def drop_at(viewport: QWidget, pos: QPoint, mime: QMimeData) -> bool:
    accepted = drag_over(viewport, pos, mime)
    drop = QDropEvent(
        QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(viewport, drop)
    return accepted and drop.isAccepted()


def drag_leave(viewport: QWidget) -> None:
    QApplication.sendEvent(viewport, QDragLeaveEvent())


def right_click_collection(sidebar, collection_id: int):
    """The sidebar's context menu, shown for the collection's row (as a right-click there does)."""
    from PySide6.QtWidgets import QMenu

    from desktop_app.domain.browse_scope import Scope

    rect = sidebar.view.visualRect(sidebar.model.index_of(Scope.collection(collection_id)))
    sidebar.view.customContextMenuRequested.emit(rect.center())
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
