"""The main window wears the app's own icon and the toolbar the app's own icons."""

from __future__ import annotations

from PySide6.QtWidgets import QToolBar

from desktop_app.qt.resources import APP_ICON_SIZES
from tests.e2e.window_driver import close_window


def test_window_icon_and_toolbar_icons_come_from_the_resources(qtbot, qloop, tmp_path, windows):
    window = windows(tmp_path / "home")
    sizes = {s.width() for s in window.windowIcon().availableSizes()}
    assert sizes == set(APP_ICON_SIZES)
    toolbar = window.findChild(QToolBar, "mainToolbar")
    actions = [a for a in toolbar.actions() if not a.isSeparator() and a.text()]
    assert actions and all(not a.icon().isNull() for a in actions), [a.text() for a in actions if a.icon().isNull()]
    for action in (window.connect_action, window.refresh_action, window.sidebar.new_action):
        assert not action.icon().isNull(), action.text()
    close_window(qtbot, qloop, window)
