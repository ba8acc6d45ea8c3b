"""The queue panel inside the main window: a collection's context menu and the
Queues menu reach the queue dialog, and a status button of the panel shows
exactly those items in the gallery (whole project, the queue-status chip on,
other chips switched off but kept)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec, QueueStatusFilter
from desktop_app.ui.queues.queue_dialog import QueueDialog
from tests.e2e.conftest import windows  # noqa: F401
from tests.ui.collection_helpers import make_collection, project_item_ids
from tests.ui.queue_helpers import make_queue, server_entity_ids, work


def test_accepted_button_filters_the_window_to_exactly_those_items(qtbot, qloop, demo, tmp_path, windows):
    window = windows(tmp_path / "home")
    state = window.state
    qtbot.waitUntil(lambda: state.user is not None and window.browse.total is not None, timeout=10000)
    ids = project_item_ids(qtbot, qloop, state)
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids[:6])
    queue_id = make_queue(qtbot, qloop, state, "Fix false positives", hard.id)
    work(qtbot, qloop, state, queue_id, accepted=2, on_review=1)
    window.sidebar.select_scope(Scope.collection(hard.id))  # the user was looking at a collection
    window.filters.set_spec(FilterSpec(labels_min=1))  # and had a filter set

    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.shown_counts(queue_id) == (3, 0, 1, 2), timeout=5000)
    panel.select_queue(queue_id)
    rebuilt = []
    window.browse.model.modelReset.connect(lambda: rebuilt.append((window.browse.scope, window.browse.filter)))
    qtbot.mouseClick(panel.status_buttons["accepted"], Qt.MouseButton.LeftButton)

    expected = server_entity_ids(qtbot, qloop, state, queue_id, ["accepted"])
    qtbot.waitUntil(lambda: window.browse.total == len(expected) == 2, timeout=5000)
    assert rebuilt == [(Scope.all(), window.filters.spec())]  # scope and filter change together: one list
    assert window.browse.scope == Scope.all() and window.sidebar.scope == Scope.all()
    spec = window.filters.spec()
    assert spec.queue_status == QueueStatusFilter(queue_id, frozenset({"accepted"}))
    assert spec.active() == ["queue_status"] and spec.labels_min == 1  # kept, switched off
    for row in range(2):
        window.browse.model.ensure_loaded(row)
    qtbot.waitUntil(lambda: all(window.browse.model.item_at(r) is not None for r in range(2)), timeout=5000)
    assert {window.browse.model.item_at(r).id for r in range(2)} == expected

    # the Queues menu's Create takes the collection being viewed
    window.sidebar.select_scope(Scope.collection(hard.id))
    window.queue_actions.create_action.trigger()
    dialog = window.queue_actions.dialog
    assert isinstance(dialog, QueueDialog) and dialog.collection.id == hard.id
    dialog.reject()
    queues_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Queues")
    assert queues_menu.actions() == window.queue_actions.actions()
