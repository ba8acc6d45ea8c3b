"""Working a labeling queue on the real demo server: a labeler annotates and
submits (Ctrl+Enter saves first), a reviewer accepts (Ctrl+Enter) and rejects
with a comment (Ctrl+Backspace), the rejected item returns to its labeler with
the comment shown, "nothing left" when the queue is done; and a server
without the queue-work methods gets the message and the web link."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from desktop_app.api.client import ApiClient
from desktop_app.api.queues import queue_web_url
from desktop_app.qt.app_state import AppState
from desktop_app.ui.queues.queue_work_window import QueueWorkWindow
from tests.api.loopback import Failure, FlakyApp, LoopbackServer
from tests.qt.browse_helpers import qt_owned, run  # noqa: F401
from tests.ui.viewer_helpers import CTRL, boxes, drag, server_annotation, wait_shown, zoom_on

METHOD_NOT_FOUND = b'{"error": "Method not found", "details": {"message": "unknown method"}}'


def make_queue(qloop, qtbot, state, count=2):
    me = run(qloop, qtbot, state.api.users.me())
    page = run(qloop, qtbot, state.api.images.page(1, count, project_id=state.project.id))
    ids = [img.id for img in page.items]
    collection = run(qloop, qtbot, state.api.collections.create(state.project.id, "to label"))
    run(qloop, qtbot, state.api.collections.add_items(collection.id, ids))
    queue_id = run(
        qloop,
        qtbot,
        state.api.queues.create(
            "Fix boxes", [me.id], [me.id], collection_id=collection.id, allow_review_own_annotations=True
        ),
    )
    return run(qloop, qtbot, state.api.queues.info(queue_id)), ids


def open_window(qtbot, owned, state, queue, role, **kwargs) -> QueueWorkWindow:
    window = QueueWorkWindow(state, queue, role, **kwargs)
    qtbot.addWidget(window)
    owned(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def wait_item(qtbot, window) -> int:
    qtbot.waitUntil(
        lambda: window.entity is not None and window.viewer.current_id == window.entity.id and not window._busy,
        timeout=10000,
    )
    wait_shown(qtbot, window.viewer, window.entity.id)
    return window.entity.id


def wait_nothing_left(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.empty_page, timeout=10000)


def states(qloop, qtbot, state, queue_id) -> dict[int, str]:
    return {e.id: e.status for e in run(qloop, qtbot, state.api.queues.entities(queue_id))}


def test_label_submit_review_accept_reject_and_back_to_the_labeler(app_state, qloop, qtbot, qt_owned):
    queue, ids = make_queue(qloop, qtbot, app_state)
    labeler = open_window(qtbot, qt_owned, app_state, queue, "labeler")
    assert [b.text() for b in labeler.step_buttons] == ["Submit  (Ctrl+Return)"]
    first = wait_item(qtbot, labeler)
    assert first in ids
    before = boxes(server_annotation(qloop, qtbot, app_state, first))
    zoom_on(qtbot, labeler.viewer, 50, 50)
    qtbot.keyClick(labeler, Qt.Key.Key_R)
    drag(labeler.viewer, (10, 12), (70, 80))
    qtbot.keyClick(labeler, Qt.Key.Key_Return, CTRL)  # saves, submits, takes the next
    qtbot.waitUntil(lambda: labeler.entity is not None and labeler.entity.id != first, timeout=10000)
    wait_item(qtbot, labeler)
    assert boxes(server_annotation(qloop, qtbot, app_state, first)) == sorted(before + [("car", (10, 12, 70, 80))])
    assert states(qloop, qtbot, app_state, queue.id)[first] == "on_review"
    qtbot.keyClick(labeler, Qt.Key.Key_Enter, CTRL)  # keypad Enter too; nothing to save
    wait_nothing_left(qtbot, labeler)
    assert "Nothing left to label" in labeler.empty_label.text()
    assert not labeler.act_submit.isEnabled()
    qtbot.waitUntil(lambda: "2 on review" in labeler.counts.text(), timeout=5000)

    reviewer = open_window(qtbot, qt_owned, app_state, queue, "reviewer")
    assert [b.text() for b in reviewer.step_buttons] == ["Accept  (Ctrl+Return)", "Reject…  (Ctrl+Backspace)"]
    reviewed = wait_item(qtbot, reviewer)
    qtbot.keyClick(reviewer, Qt.Key.Key_Return, CTRL)  # accept
    qtbot.waitUntil(lambda: reviewer.entity is not None and reviewer.entity.id != reviewed, timeout=10000)
    rejected = wait_item(qtbot, reviewer)
    qtbot.keyClick(reviewer, Qt.Key.Key_Backspace, CTRL)
    qtbot.waitUntil(lambda: reviewer.comment_dialog is not None and reviewer.comment_dialog.isVisible(), timeout=5000)
    assert reviewer.comment_dialog.windowModality() == Qt.WindowModality.WindowModal
    reviewer.comment_dialog.setTextValue("  the car box misses the bumper ")
    reviewer.comment_dialog.accept()
    wait_nothing_left(qtbot, reviewer)
    assert "Nothing left to review" in reviewer.empty_label.text()
    assert states(qloop, qtbot, app_state, queue.id) == {reviewed: "accepted", rejected: "annotating"}

    labeler.take_next()  # Check again
    again = wait_item(qtbot, labeler)
    assert again == rejected
    assert labeler.comment.isVisible() and "the car box misses the bumper" in labeler.comment.text()


def test_a_failed_save_stops_the_submit(app_state, qloop, qtbot, qt_owned):
    queue, ids = make_queue(qloop, qtbot, app_state, count=1)
    window = open_window(qtbot, qt_owned, app_state, queue, "labeler")
    item = wait_item(qtbot, window)
    zoom_on(qtbot, window.viewer, 50, 50)
    qtbot.keyClick(window, Qt.Key.Key_R)
    drag(window.viewer, (10, 10), (40, 40))
    current = server_annotation(qloop, qtbot, app_state, item)
    run(qloop, qtbot, app_state.api.annotations.upload(current.dataset_id, {item: current.to_json()}))  # someone else
    qtbot.keyClick(window, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.viewer.editor.conflict_box is not None, timeout=10000)
    assert states(qloop, qtbot, app_state, queue.id)[item] == "annotating"  # not submitted
    assert window.entity.id == item and window.viewer.editor.dirty
    window.viewer.editor.conflict_box.findChild(QObject, "keep").click()


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString())


class WithoutQueueWork(FlakyApp):
    """The bundled server behind a proxy that answers the queue-work methods as a
    real Supervisely instance does: 404 Method not found."""

    async def __call__(self, scope, receive, send) -> None:
        if "labeling-queues.entities." in scope["path"]:
            self.failures.append(Failure(404, body=METHOD_NOT_FOUND))
        await super().__call__(scope, receive, send)


@pytest.fixture
def url_catcher():
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("http", catcher, "catch")
    yield catcher
    QDesktopServices.unsetUrlHandler("http")


def test_a_server_without_queue_work_offers_the_web_link(
    app_state, demo, qloop, qtbot, qt_owned, tmp_path, url_catcher
):
    queue, _ids = make_queue(qloop, qtbot, app_state, count=1)
    with LoopbackServer(WithoutQueueWork([], upstream=demo.url)) as proxy:
        other = AppState(ApiClient(proxy.url, demo.token), tmp_path / "other-outbox.sqlite")
        try:
            run(qloop, qtbot, other.open_project(app_state.project.id))
            window = open_window(qtbot, qt_owned, other, queue, "labeler")
            qtbot.waitUntil(lambda: window.pages.currentWidget() is window.unsupported_page, timeout=10000)
            assert "web interface" in window.unsupported_label.text()
            link = queue_web_url(proxy.url, queue.id)
            assert window.web_link.text() == link
            assert not window.act_submit.isEnabled()
            window.open_web.click()
            assert url_catcher.urls == [link]
        finally:
            run(qloop, qtbot, other.close())
    assert QApplication.activeModalWidget() is None


def test_an_empty_review_says_why(app_state, qloop, qtbot, qt_owned):
    me = run(qloop, qtbot, app_state.api.users.me())
    page = run(qloop, qtbot, app_state.api.images.page(1, 3, project_id=app_state.project.id))
    collection = run(qloop, qtbot, app_state.api.collections.create(app_state.project.id, "strict"))
    run(qloop, qtbot, app_state.api.collections.add_items(collection.id, [i.id for i in page.items]))
    queue_id = run(  # no self-review: the SDK's default
        qloop, qtbot, app_state.api.queues.create("Strict", [me.id], [me.id], collection_id=collection.id)
    )
    queue = run(qloop, qtbot, app_state.api.queues.info(queue_id))

    reviewer = open_window(qtbot, qt_owned, app_state, queue, "reviewer")
    wait_nothing_left(qtbot, reviewer)
    qtbot.waitUntil(lambda: "No item is on review yet" in reviewer.empty_label.text(), timeout=5000)
    assert "(3 waiting for a labeler, 0 being labeled)" in reviewer.empty_label.text()
    reviewer.close()

    item = run(qloop, qtbot, app_state.api.queues.take_next(queue_id))
    run(qloop, qtbot, app_state.api.queues.submit(queue_id, item.id))
    reviewer = open_window(qtbot, qt_owned, app_state, queue, "reviewer")
    wait_nothing_left(qtbot, reviewer)
    qtbot.waitUntil(lambda: "1 item is on review, but you submitted it" in reviewer.empty_label.text(), timeout=5000)
    assert "does not allow self-review" in reviewer.empty_label.text()
