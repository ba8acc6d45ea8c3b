import pytest
import shiboken6

from tests.e2e.window_driver import close_window, open_window
from tests.qt.app_fixtures import demo  # noqa: F401
from tests.qt.qasync_fixture import qloop  # noqa: F401


@pytest.fixture
def windows(qloop, qtbot, demo):
    """Opens main windows on the demo server; closes and deletes what is left
    before the test's event loop closes (their timers must not outlive it)."""
    opened = []

    def open_(home):
        window = open_window(qtbot, demo, home)
        opened.append(window)
        return window

    yield open_
    for window in opened:
        if shiboken6.isValid(window):
            close_window(qtbot, qloop, window)
