"""Unsaved changes are never lost silently, and a save never overwrites
someone else's newer one: the Save / Discard / Cancel question on leaving an
item (next, another item, closing), and the Reload / Overwrite / Keep choice
when another client saved the same image meanwhile (through the same server)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from tests.api.loopback import Failure, FlakyApp, LoopbackServer
from tests.qt.browse_helpers import qt_owned, run, wait_rows_loaded  # noqa: F401
from tests.ui.viewer_helpers import (
    CTRL,
    boxes,
    draft_boxes,
    drag,
    make_viewer,
    open_row,
    server_annotation,
    wait_shown,
    zoom_on,
)


def annotated_row(qtbot, viewer) -> int:
    controller = viewer.sequence.controller
    rows = list(range(min(controller.total, 20)))
    wait_rows_loaded(qtbot, controller, rows)
    return next(r for r in rows if controller.model.item_at(r).labels_count >= 1)


def draw_box(qtbot, viewer, start, end) -> None:
    zoom_on(qtbot, viewer, (start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    if not viewer.editor.tool.draw_mode:
        qtbot.keyClick(viewer, Qt.Key.Key_R)
    drag(viewer, start, end)


def answer_unsaved(qtbot, viewer, button: QMessageBox.StandardButton) -> None:
    qtbot.waitUntil(lambda: viewer.prompt is not None and viewer.prompt.isVisible(), timeout=5000)
    prompt = viewer.prompt
    assert prompt.windowModality() == Qt.WindowModality.WindowModal  # opened, not exec()'d
    prompt.button(button).click()
    wait_active(qtbot, viewer)


def wait_active(qtbot, viewer) -> None:
    """Keys reach the viewer's shortcuts again once it is the active window."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer, timeout=5000)


def test_leaving_with_changes_asks_cancel_stays_discard_drops_save_saves(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    row = annotated_row(qtbot, viewer)
    first = open_row(qtbot, viewer, row)
    original = boxes(server_annotation(qloop, qtbot, app_state, first))
    draw_box(qtbot, viewer, (10, 10), (40, 50))
    assert viewer.editor.dirty

    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)  # (→ would nudge the box just drawn: it is selected)
    answer_unsaved(qtbot, viewer, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: viewer.scope.pending == 0, timeout=10000)  # any load it started is over
    assert viewer.current_id == first and viewer.editor.dirty and ("car", (10, 10, 40, 50)) in draft_boxes(viewer)

    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    answer_unsaved(qtbot, viewer, QMessageBox.StandardButton.Discard)
    second = viewer.sequence.controller.model.item_at(row + 1).id
    wait_shown(qtbot, viewer, second)
    assert boxes(server_annotation(qloop, qtbot, app_state, first)) == original  # nothing was sent

    viewer.previous_item()
    wait_shown(qtbot, viewer, first)
    assert draft_boxes(viewer) == original and not viewer.editor.dirty
    draw_box(qtbot, viewer, (12, 14), (52, 64))
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    answer_unsaved(qtbot, viewer, QMessageBox.StandardButton.Save)
    wait_shown(qtbot, viewer, second)
    assert boxes(server_annotation(qloop, qtbot, app_state, first)) == sorted(original + [("car", (12, 14, 52, 64))])


def test_closing_with_changes_asks_first(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    item = open_row(qtbot, viewer, 0)
    draw_box(qtbot, viewer, (20, 20), (60, 60))
    qtbot.keyClick(viewer, Qt.Key.Key_W, CTRL)
    answer_unsaved(qtbot, viewer, QMessageBox.StandardButton.Cancel)
    qtbot.waitUntil(lambda: viewer.scope.pending == 0, timeout=10000)  # any load it started is over
    assert viewer.isVisible() and viewer.editor.dirty
    viewer.close()
    answer_unsaved(qtbot, viewer, QMessageBox.StandardButton.Save)
    qtbot.waitUntil(lambda: not viewer.isVisible(), timeout=10000)
    assert ("car", (20, 20, 60, 60)) in boxes(server_annotation(qloop, qtbot, app_state, item))


def conflict_button(qtbot, viewer, name: str) -> QPushButton:
    qtbot.waitUntil(
        lambda: viewer.editor.conflict_box is not None and viewer.editor.conflict_box.isVisible(), timeout=10000
    )
    return viewer.editor.conflict_box.findChild(QPushButton, name)


def someone_else_saves(qloop, qtbot, state, item_id: int, figure_json: dict) -> list:
    """Another client (same server, no expected version) replaces the image's annotation."""
    current = server_annotation(qloop, qtbot, state, item_id)
    body = current.to_json()
    body["objects"] = [figure_json]
    run(qloop, qtbot, state.api.annotations.upload(current.dataset_id, {item_id: body}))
    return boxes(server_annotation(qloop, qtbot, state, item_id))


OTHER_BOX = {
    "classTitle": "dog",
    "geometryType": "rectangle",
    "tags": [],
    "points": {"exterior": [[200, 200], [260, 250]], "interior": []},
}


def test_a_save_after_someone_else_saved_overwrites_nothing_until_chosen(app_state, qloop, qtbot, qt_owned):
    viewer = make_viewer(qtbot, app_state, qt_owned)
    item = open_row(qtbot, viewer, annotated_row(qtbot, viewer))
    editor = viewer.editor
    draw_box(qtbot, viewer, (30, 30), (90, 80))
    mine = draft_boxes(viewer)
    theirs = someone_else_saves(qloop, qtbot, app_state, item, OTHER_BOX)
    assert theirs == [("dog", (200, 200, 260, 250))]

    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    keep = conflict_button(qtbot, viewer, "keep")
    assert boxes(server_annotation(qloop, qtbot, app_state, item)) == theirs  # nothing overwritten
    assert editor.last_status == "conflict" and editor.dirty
    keep.click()
    qtbot.waitUntil(lambda: editor.conflict_box is None, timeout=5000)
    wait_active(qtbot, viewer)
    assert draft_boxes(viewer) == mine and editor.dirty  # still mine, still unsaved

    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)  # still in conflict: asked again
    conflict_button(qtbot, viewer, "overwrite").click()
    wait_active(qtbot, viewer)
    qtbot.waitUntil(lambda: not editor.saving and editor.last_status == "saved" and not editor.dirty, timeout=10000)
    assert boxes(server_annotation(qloop, qtbot, app_state, item)) == mine

    draw_box(qtbot, viewer, (300, 300), (340, 330))
    theirs = someone_else_saves(qloop, qtbot, app_state, item, OTHER_BOX)
    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    conflict_button(qtbot, viewer, "reload").click()
    wait_active(qtbot, viewer)
    qtbot.waitUntil(lambda: draft_boxes(viewer) == theirs, timeout=5000)
    assert not editor.dirty and editor.version == server_annotation(qloop, qtbot, app_state, item).version
    assert boxes(server_annotation(qloop, qtbot, app_state, item)) == theirs
    # editing on from the reloaded version saves without a conflict
    draw_box(qtbot, viewer, (5, 5), (25, 25))
    qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not editor.saving and editor.last_status == "saved" and not editor.dirty, timeout=10000)
    assert boxes(server_annotation(qloop, qtbot, app_state, item)) == sorted(theirs + [("car", (5, 5, 25, 25))])


class SaveOutage(FlakyApp):
    """The bundled server behind a proxy that, while `down`, answers saves with 503."""

    down = False

    async def __call__(self, scope, receive, send) -> None:
        if self.down and scope["path"].endswith("/annotations.bulk.add"):
            self.failures.append(Failure(503))
        await super().__call__(scope, receive, send)


def test_a_save_while_the_server_is_down_waits_in_the_outbox_and_arrives_later(
    app_state, demo, qloop, qtbot, qt_owned, tmp_path
):
    with LoopbackServer(SaveOutage([], upstream=demo.url)) as proxy:
        state = AppState(ApiClient(proxy.url, demo.token), tmp_path / "offline-outbox.sqlite")
        state.start()
        try:
            run(qloop, qtbot, state.open_project(app_state.project.id))
            viewer = make_viewer(qtbot, state, qt_owned)
            item = open_row(qtbot, viewer, 0)
            proxy.app.down = True
            draw_box(qtbot, viewer, (15, 25), (45, 65))
            qtbot.keyClick(viewer, Qt.Key.Key_S, CTRL)
            editor = viewer.editor
            qtbot.waitUntil(lambda: not editor.saving and editor.last_status == "queued", timeout=15000)
            assert not editor.dirty and "sent" in viewer.message.text()
            assert state.outbox.pending()
            assert ("car", (15, 25, 45, 65)) not in boxes(server_annotation(qloop, qtbot, app_state, item))
            qtbot.keyClick(viewer, Qt.Key.Key_PageDown)  # nothing unsaved here: no question
            wait_shown(qtbot, viewer, viewer.sequence.controller.model.item_at(1).id)
            assert viewer.prompt is None

            proxy.app.down = False  # the outbox sends it on its next try
            qtbot.waitUntil(lambda: not state.outbox.pending(), timeout=15000)
            assert ("car", (15, 25, 45, 65)) in boxes(server_annotation(qloop, qtbot, app_state, item))
        finally:
            run(qloop, qtbot, state.close())
