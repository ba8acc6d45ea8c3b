"""The queue panel on the demo server: its counts per status are the
server's, it follows a source collection live (the poller), it stops polling
when hidden, a status button shows exactly those items in the gallery, and
Work/Review are enabled by the user's membership in the queue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain.filters import FilterSpec, QueueStatusFilter
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.ui.queues.queue_panel import QueuePanel, queue_view_spec
from desktop_app.ui.queues.queue_work_window import QueueWorkWindow
from tests.qt.browse_helpers import qt_owned, wait_rows_loaded  # noqa: F401
from tests.ui.collection_helpers import make_collection, project_item_ids, run
from tests.ui.queue_helpers import (
    add_team_member,
    make_queue,
    me,
    server_counts,
    server_entity_ids,
    set_states,
    work,
)


def make_panel(qtbot, state, poll_ms: int = 150) -> QueuePanel:
    panel = QueuePanel(state, poll_ms=poll_ms)
    qtbot.addWidget(panel)
    panel.resize(320, 520)
    panel.show()
    return panel


def busy_queue(qtbot, qloop, state, ids):
    """A queue over 8 items, worked through the server: 3 accepted, 2 on review,
    1 annotating, 2 pending."""
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids[:8])
    queue_id = make_queue(qtbot, qloop, state, "Fix false positives", hard.id)
    work(qtbot, qloop, state, queue_id, accepted=3, on_review=2, annotating=1)
    return hard, queue_id


def test_counts_are_the_servers_and_follow_the_collection_live(app_state, qtbot, qloop, live, tmp_path):
    ids = project_item_ids(qtbot, qloop, app_state)
    _hard, busy = busy_queue(qtbot, qloop, app_state, ids)
    later = make_collection(qtbot, qloop, app_state, "Night misses")
    waiting = make_queue(qtbot, qloop, app_state, "Night batch", later.id)
    panel = make_panel(qtbot, app_state)

    qtbot.waitUntil(lambda: panel.shown_counts(busy) == (2, 1, 2, 3), timeout=5000)
    assert panel.shown_counts(busy) == server_counts(qtbot, qloop, app_state, busy)
    assert panel.shown_counts(waiting) == (0, 0, 0, 0)

    # another client adds items to the source collection: the panel's next poll shows them
    run(qtbot, qloop, app_state.api.collections.add_items(later.id, ids[10:13]))
    qtbot.waitUntil(lambda: panel.shown_counts(waiting) == (3, 0, 0, 0), timeout=5000)
    assert panel.shown_counts(waiting) == server_counts(qtbot, qloop, app_state, waiting)

    # another labeler's work moves on (written as the server would): the counts follow
    pending = sorted(server_entity_ids(qtbot, qloop, app_state, busy, [None]))
    set_states(live, busy, {pending[0]: "accepted"}, me(qtbot, qloop, app_state))
    qtbot.waitUntil(lambda: panel.shown_counts(busy) == (1, 1, 2, 4), timeout=5000)
    assert panel.shown_counts(busy) == server_counts(qtbot, qloop, app_state, busy)

    panel.select_queue(busy)
    assert panel.status_buttons["accepted"].text().endswith(" 4")
    assert "Hard cases" in panel.list.currentItem().data(Qt.ItemDataRole.UserRole + 41)
    assert panel.grab().save(str(tmp_path / "queue-panel.png"))  # it renders


def test_polling_stops_while_hidden(app_state, qtbot, qloop):
    panel = make_panel(qtbot, app_state, poll_ms=100)
    qtbot.waitUntil(lambda: panel.poller.refreshes >= 2, timeout=5000)
    panel.hide()
    assert not panel.poller.active
    stopped_at = panel.poller.refreshes
    qtbot.wait(400)  # a fixed wait on purpose: four poll intervals, and no refresh may come
    assert panel.poller.refreshes == stopped_at
    panel.show()
    qtbot.waitUntil(lambda: panel.poller.refreshes > stopped_at, timeout=5000)


def test_items_changed_refreshes_at_once(app_state, qtbot, qloop):
    collection = make_collection(qtbot, qloop, app_state, "Batch")
    queue_id = make_queue(qtbot, qloop, app_state, "Batch queue", collection.id)
    panel = make_panel(qtbot, app_state, poll_ms=60_000)  # no poll during the test
    qtbot.waitUntil(lambda: panel.shown_counts(queue_id) == (0, 0, 0, 0), timeout=5000)
    ids = project_item_ids(qtbot, qloop, app_state)
    run(qtbot, qloop, app_state.api.collections.add_items(collection.id, ids[:2]))
    qtbot.wait(200)  # a fixed wait on purpose: no refresh may come on its own
    assert panel.shown_counts(queue_id) == (0, 0, 0, 0)  # nobody said anything changed yet
    app_state.itemsChanged.emit()
    qtbot.waitUntil(lambda: panel.shown_counts(queue_id) == (2, 0, 0, 0), timeout=5000)


def test_status_button_shows_exactly_those_items(app_state, qtbot, qloop, qt_owned):
    ids = project_item_ids(qtbot, qloop, app_state)
    _hard, queue_id = busy_queue(qtbot, qloop, app_state, ids)
    panel = make_panel(qtbot, app_state)
    qtbot.waitUntil(lambda: panel.shown_counts(queue_id) is not None, timeout=5000)
    panel.select_queue(queue_id)
    browse = BrowseController(app_state)
    qt_owned(browse)
    # what the main window does with the signal (a filter already set is switched off, not lost)
    panel.statusViewRequested.connect(lambda qs: browse.set_filter(queue_view_spec(FilterSpec(labels_min=3), qs)))
    requested = []
    panel.statusViewRequested.connect(requested.append)

    for status, wire in (("accepted", "accepted"), ("on_review", "done"), ("pending", None)):
        qtbot.mouseClick(panel.status_buttons[status], Qt.MouseButton.LeftButton)
        assert requested[-1] == QueueStatusFilter(queue_id, frozenset({status}))
        expected = server_entity_ids(qtbot, qloop, app_state, queue_id, [wire])
        qtbot.waitUntil(lambda n=len(expected): browse.total == n, timeout=5000)
        wait_rows_loaded(qtbot, browse, range(browse.total))
        shown = {browse.model.item_at(r).id for r in range(browse.total)}
        assert shown == expected, status
    assert len(expected) == 2  # pending: the two untouched items

    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert requested[-1].statuses == frozenset({"pending", "annotating", "on_review", "accepted"})
    qtbot.waitUntil(lambda: browse.total == 8, timeout=5000)


def test_queue_view_spec_switches_other_filters_off():
    qs = QueueStatusFilter(7, frozenset({"accepted"}))
    spec = queue_view_spec(FilterSpec(labels_min=3, name_contains="night", disabled=frozenset()), qs)
    assert spec.queue_status == qs
    assert spec.active() == ["queue_status"]
    assert spec.labels_min == 3 and spec.name_contains == "night"  # kept, switched off
    assert queue_view_spec(FilterSpec(), qs).active() == ["queue_status"]


def test_work_and_review_follow_membership(app_state, qtbot, qloop, live):
    collection = make_collection(qtbot, qloop, app_state, "Batch")
    other = add_team_member(live, app_state.project.team_id, "anna", "Anna Berg")
    user = me(qtbot, qloop, app_state)
    labeling = make_queue(qtbot, qloop, app_state, "I label", collection.id, user_ids=[user], reviewer_ids=[other])
    reviewing = make_queue(qtbot, qloop, app_state, "I review", collection.id, user_ids=[other], reviewer_ids=[user])
    panel = make_panel(qtbot, app_state)
    qtbot.waitUntil(lambda: panel.shown_counts(reviewing) is not None, timeout=5000)

    panel.select_queue(labeling)
    assert panel.work_button.isEnabled() and not panel.review_button.isEnabled()
    qtbot.waitUntil(lambda: panel.people_label.text() == "Labelers: demo · Reviewers: anna", timeout=5000)
    panel.select_queue(reviewing)
    assert panel.review_button.isEnabled() and not panel.work_button.isEnabled()
    assert "not one of the labelers" in panel.queue_actions.work_action.statusTip()


def test_an_unreachable_server_is_said_quietly_and_polling_goes_on(app_state, qtbot, qloop, tmp_path):
    from desktop_app.api.client import ApiClient
    from desktop_app.qt.app_state import AppState

    cut_off = AppState(ApiClient("http://127.0.0.1:9", "token", read_retry_budget=0.2), tmp_path / "o.sqlite")
    # as if the connection dropped after opening the project
    cut_off.session.open_project(app_state.project, app_state.datasets, app_state.meta)
    panel = make_panel(qtbot, cut_off, poll_ms=100)
    failures = []
    panel.poller.failed.connect(failures.append)
    qtbot.waitUntil(lambda: len(failures) >= 2, timeout=10_000)  # it kept trying
    assert panel.problem.isVisibleTo(panel)
    assert panel.problem.text() == "Could not refresh the queues: " + failures[-1]
    assert "reached" in failures[-1]  # the transport's plain sentence
    panel.close()
    assert not panel.poller.active
    run(qtbot, qloop, cut_off.close())


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_work_and_review_open_the_work_window_in_that_role(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    collection = make_collection(qtbot, qloop, app_state, "Batch", ids[:3])
    queue_id = make_queue(qtbot, qloop, app_state, "Batch queue", collection.id)
    panel = make_panel(qtbot, app_state, poll_ms=60_000)
    qtbot.waitUntil(lambda: panel.shown_counts(queue_id) == (3, 0, 0, 0), timeout=5000)
    panel.select_queue(queue_id)

    qtbot.mouseClick(panel.work_button, Qt.MouseButton.LeftButton)
    [window] = panel.queue_actions.windows
    assert isinstance(window, QueueWorkWindow) and window.role == "labeler" and window.queue.id == queue_id
    qtbot.waitUntil(lambda: window.entity is not None, timeout=5000)  # it took the next item
    panel.queue_actions.work_action.trigger()  # again: the same window comes back, no second one
    assert panel.queue_actions.windows == [window]
    window.close()
    # closing it refreshes the counts at once: the taken item is being annotated
    qtbot.waitUntil(lambda: panel.shown_counts(queue_id) == (2, 1, 0, 0), timeout=5000)

    qtbot.mouseClick(panel.review_button, Qt.MouseButton.LeftButton)
    reviewer = panel.queue_actions.windows[-1]
    assert reviewer.role == "reviewer" and reviewer.queue.id == queue_id
    reviewer.close()
