"""A server that accepts connections and never answers: the real window's
calls end with a clear message within the configured timeout, an edit is
queued without keeping the user waiting, Cancel ends a long task at once, and
the window stays responsive the whole time (a 5 ms heartbeat timer)."""

from __future__ import annotations

import time

import httpx
import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from desktop_app.domain.browse_scope import Scope
from tests.e2e.black_hole import BlackHoleRelay
from tests.e2e.offline_driver import MOMENT
from tests.e2e.test_delete_items import messages_of, select_ids
from tests.e2e.window_driver import close_window, open_window
from tests.qt.app_fixtures import DemoWorld
from tests.ui.collection_helpers import make_collection, run, server_items

TIMEOUT = 1.5  # s: the read timeout this window's client is configured with
BUDGET = 0.5  # s: its read retry budget
WORST_GAP_MS = 250  # generous: the point is "no freeze", not a tight timing
BASELINE_MS = 500  # how long the idle window's own gaps are measured first


class Heartbeat:
    """A 5 ms timer; `worst` is the longest gap between two of its ticks (ms)."""

    def __init__(self) -> None:
        self.worst = 0
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._clock.start()
        self._timer.start()

    def _tick(self) -> None:
        self.worst = max(self.worst, self._clock.restart())

    def stop(self) -> None:
        self._timer.stop()


def test_a_hung_server_times_out_clearly_cancel_works_and_the_window_stays_responsive(qtbot, qloop, demo, tmp_path):
    hang_session(qtbot, qloop, demo, tmp_path, recover=False)


@pytest.mark.reliability
def test_after_a_hang_the_queued_edit_lands_when_the_server_answers_again(qtbot, qloop, demo, tmp_path):
    """The long version: also waits out the outbox's backoff until the server answers."""
    hang_session(qtbot, qloop, demo, tmp_path, recover=True)


def hang_session(qtbot, qloop, demo, tmp_path, *, recover: bool) -> None:
    relay = BlackHoleRelay(int(demo.url.rsplit(":", 1)[1]))
    window = open_window(
        qtbot,
        DemoWorld(demo.summary, relay.url),
        tmp_path / "home",
        timeout=httpx.Timeout(TIMEOUT),
        read_retry_budget=BUDGET,
    )
    state = window.state
    said = messages_of(state)
    keep = make_collection(qtbot, qloop, state, "Keep")
    window.sidebar.select_scope(Scope.all())
    qtbot.waitUntil(lambda: window.browse.total is not None and window.browse.total > 0, timeout=10_000)
    state.session.set_target(keep.id)
    ids = [i.id for i in run(qtbot, qloop, state.api.images.list(project_id=state.project.id))][:3]
    select_ids(qtbot, window, ids)
    # The machine's own gaps first (other processes share its cores): the same heartbeat
    # over an idle window. A fixed wait, since the point is to measure while nothing happens.
    idle = Heartbeat()
    qtbot.wait(BASELINE_MS)
    idle.stop()
    heartbeat = Heartbeat()
    relay.hung = True  # from now on nothing comes back
    try:
        # an edit: queued at once (its preview waits QUICK_CHECK at most), then held up by the network
        began = time.monotonic()
        window.collection_actions.add_to_target_action.trigger()
        qtbot.waitUntil(lambda: len(state.outbox.pending()) == 1, timeout=10_000)
        assert time.monotonic() - began < MOMENT
        qtbot.waitUntil(lambda: any("3 queued; will be checked when the server is back" in s for s in said))
        qtbot.waitUntil(lambda: window.status.outbox_button.text() == "1 edit waiting for the server", timeout=5000)

        # a read (F5): a clear message within the configured timeout (plus its budget), not later
        began = time.monotonic()
        window.refresh_action.trigger()
        qtbot.waitUntil(lambda: any("did not answer in time" in s for s in said), timeout=int(TIMEOUT * 4 * 1000))
        took = time.monotonic() - began
        assert took < TIMEOUT + BUDGET + 2.0, f"the refresh gave up after {took:.1f} s"

        # a long task (every matching item listed, from the hung server): Cancel ends it at once
        window.browse.select_rows([])
        window.collection_actions.add_all_action.trigger()
        qtbot.waitUntil(lambda: state.busy and window.status.cancel_button.isVisible(), timeout=5000)
        began = time.monotonic()
        window.status.cancel_button.click()
        qtbot.waitUntil(lambda: not state.busy, timeout=5000)
        assert time.monotonic() - began < 1.0
        assert "Collecting items cancelled" in said
    finally:
        heartbeat.stop()
        relay.hung = False
    assert heartbeat.worst < WORST_GAP_MS + idle.worst, (
        f"the window froze for {heartbeat.worst} ms (idle: {idle.worst} ms)"
    )
    assert not state.outbox.failed() and len(state.outbox.pending()) == 1  # kept, never dropped
    if recover:  # the server answers again: the queued add is checked against it and lands
        qtbot.waitUntil(lambda: not state.outbox.pending(), timeout=30_000)
        assert not state.outbox.failed()
        assert server_items(qtbot, qloop, state, keep.id) == set(ids)
    close_window(qtbot, qloop, window)
    relay.close()
