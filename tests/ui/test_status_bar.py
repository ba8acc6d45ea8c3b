"""The status bar over a real AppState: busy + Cancel, notices and errors,
pending and failed edits following the real outbox."""

from __future__ import annotations

import asyncio

import pytest

from desktop_app.api.records import Collection
from desktop_app.ui.window.status_bar import AppStatusBar, pending_text


@pytest.fixture
def bar(qtbot, app_state) -> AppStatusBar:
    widget = AppStatusBar(app_state)
    qtbot.addWidget(widget)
    widget.resize(900, 30)
    widget.show()
    return widget


def create_collection(qtbot, qloop, app_state, name: str) -> Collection:
    task = qloop.create_task(app_state.api.collections.create(app_state.project.id, name))
    qtbot.waitUntil(task.done, timeout=5000)
    return task.result()


def test_busy_label_progress_and_cancel_stops_the_work(qtbot, bar, app_state):
    pages_read = []

    async def long_listing(progress):
        total = 40
        for page in range(1, total + 1):  # real calls, slowed so there is time to cancel
            result = await app_state.api.images.page(1, 5, project_id=app_state.project.id)
            pages_read.append(result.total)
            progress(page, total)
            await asyncio.sleep(0.05)

    task = app_state.run(long_listing, "Reading pages")
    qtbot.waitUntil(lambda: bar.cancel_button.isVisible() and len(pages_read) >= 2, timeout=5000)
    assert bar.busy_label.text() == "Reading pages"
    assert bar.progress.maximum() == 40 and 1 <= bar.progress.value() < 40
    assert bar.progress.text() == f"{bar.progress.value()}/40"

    bar.cancel_button.click()
    qtbot.waitUntil(task.done, timeout=5000)
    assert task.cancelled()
    assert len(pages_read) < 40
    qtbot.waitUntil(lambda: not bar.cancel_button.isVisible(), timeout=2000)
    assert not bar.progress.isVisible()
    assert "cancelled" in bar.message_label.text()


def test_unknown_total_shows_a_moving_bar(qtbot, bar, app_state):
    release = asyncio.Event()

    async def waiting(progress):
        await release.wait()

    task = app_state.run(waiting, "Preparing")
    qtbot.waitUntil(bar.progress.isVisible, timeout=2000)
    assert (bar.progress.minimum(), bar.progress.maximum()) == (0, 0)  # indeterminate
    release.set()
    qtbot.waitUntil(task.done, timeout=2000)
    qtbot.waitUntil(lambda: not bar.progress.isVisible(), timeout=2000)


# Showing a dialog again raises it; the offscreen test platform cannot and says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_server_error_is_shown_loudly_and_listed(qtbot, bar, app_state):
    task = app_state.run(app_state.api.projects.info(987654), "Opening")
    qtbot.waitUntil(task.done, timeout=5000)
    assert bar.errors.isVisible() and bar.errors.loud
    assert "not found" in bar.errors.text().lower()
    bar.errors.click()
    dialog = bar.errors._dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert dialog.list.count() == 1 and "not found" in dialog.list.item(0).text().lower()
    assert not bar.errors.loud  # seen: the indicator goes quiet but stays
    assert bar.errors.isVisible()
    dialog.close()
    assert bar.errors_action.shortcut().toString() == "Ctrl+Shift+E"
    bar.errors_action.trigger()  # the keyboard way to the same list
    assert dialog.isVisible()
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_pending_and_failed_counts_follow_the_outbox(qtbot, qloop, bar, app_state):
    assert not bar.outbox_button.isVisible()
    first = create_collection(qtbot, qloop, app_state, "Keepers")
    second = create_collection(qtbot, qloop, app_state, "Rejects")
    # A rename onto a name the project already has: the server refuses it (400 NONUNIQUE).
    app_state.service.enqueue_rename(second.id, first.name)
    qtbot.waitUntil(lambda: bar.outbox_button.text() == "1 failed", timeout=5000)
    assert bar.outbox_button.isVisible()
    assert "already in use" in app_state.outbox.failed()[0].last_error

    # two adds queued while the first is on its way: "waiting" shows, then drains
    ids = _image_ids(qtbot, qloop, app_state, 3)
    app_state.service.enqueue_items("collections.add_items", first.id, ids[:2])
    app_state.service.enqueue_items("collections.add_items", first.id, ids[2:])
    assert bar.outbox_button.text() == "2 edits waiting for the server · 1 failed"  # nothing sent before the loop runs
    qtbot.waitUntil(lambda: bar.outbox_button.text() == "1 failed", timeout=5000)
    assert not app_state.outbox.pending()

    bar.outbox_button.click()
    qtbot.waitUntil(lambda: bar._outbox_dialog is not None and bar._outbox_dialog.isVisible(), timeout=2000)
    bar._outbox_dialog.close()


def _image_ids(qtbot, qloop, app_state, n: int) -> list[int]:
    task = qloop.create_task(app_state.api.images.page(1, n, project_id=app_state.project.id))
    qtbot.waitUntil(task.done, timeout=5000)
    return [img.id for img in task.result().items]


def test_connection_label(bar):
    bar.set_connection("demo @ 127.0.0.1:54321", True)
    assert bar.connection_label.text() == "demo @ 127.0.0.1:54321 (embedded)"
    bar.set_connection("alice @ sv.example.com", False)
    assert bar.connection_label.text() == "alice @ sv.example.com"


@pytest.mark.parametrize(
    "pending, failed, text",
    [
        (0, 0, ""),
        (1, 0, "1 edit waiting for the server"),
        (2, 1, "2 edits waiting for the server · 1 failed"),
        (0, 3, "3 failed"),
    ],
)
def test_pending_text(pending, failed, text):
    assert pending_text(pending, failed) == text
