"""The real main window logged in as people of the demo team with other roles:
what the role cannot do is off, its tooltip says why, its shortcut says why in
the status bar; a developer has everything."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.server.db.models import Team
from desktop_app.server.users.bootstrap import ensure_member, ensure_user
from tests.e2e.window_driver import close_window, open_window, settle
from tests.qt.app_fixtures import demo  # noqa: F401


def _member(live, demo, login: str, role: str) -> SimpleNamespace:
    """A user of the demo team with `role`, as the server's create-user makes one."""
    token = f"{login}-token"
    with live.sessions()() as s, s.begin():
        ensure_member(s, s.get_one(Team, demo.summary.team_id), ensure_user(s, login, token=token), role)
    return SimpleNamespace(url=demo.url, token=token, summary=demo.summary)


@pytest.fixture
def window_as(qloop, qtbot, live, demo, tmp_path):
    opened = []

    def open_as(login: str, role: str):
        win = open_window(qtbot, _member(live, demo, login, role), tmp_path / login)
        qtbot.waitUntil(lambda: win.state.role.role == role, timeout=10000)
        opened.append(win)
        return win

    yield open_as
    for win in opened:
        if shiboken6.isValid(win):
            settle(qtbot, win)  # requests still running would be cut off by the server's stop
            close_window(qtbot, qloop, win)


@pytest.mark.parametrize(
    ("role", "why"),
    [
        ("viewer", "you can look but not change collections"),
        ("annotator", "you can work your labeling queues but not change collections"),
    ],
)
def test_what_the_role_cannot_do_is_off_and_says_why(window_as, qtbot, role, why):
    win = window_as("ria", role)
    reason = f"Your role in {win.state.role.team} is {role}: {why}"
    assert win.state.role.team  # the team's name, as teams.info gives it
    for action in win.managing_actions():
        assert not action.isEnabled(), action.text()
        assert action.toolTip() == reason, action.text()
    win.browse.select_all_matching()
    qtbot.waitUntil(lambda: win.browse.selected_count() > 0, timeout=5000)
    assert not win.delete_actions.delete_action.isEnabled()  # a selection does not turn it back on
    win.activateWindow()
    with qtbot.waitSignal(win.state.messageRaised, timeout=5000) as said:
        QTest.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert said.args == [reason]
    # looking still works
    assert win.views.isEnabled() and win.refresh_action.isEnabled()


def _open_viewer(win, qtbot):
    qtbot.waitUntil(lambda: win.browse.model.item_at(0) is not None, timeout=10000)
    win.viewer_opener.open_item(win.browse.model.item_at(0).id)
    viewer = win.viewer_opener.viewer
    qtbot.waitUntil(lambda: viewer.current_id is not None and not viewer.loading, timeout=10000)
    return viewer


def test_annotation_edits_outside_queue_work_are_off_for_an_annotator(window_as, qtbot):
    win = window_as("anton", "annotator")
    viewer = _open_viewer(win, qtbot)
    editor = viewer.editor
    why = f"Your role in {win.state.role.team} is annotator: you annotate in your labeling queues (Work on queue)"
    for action in (editor.act_draw, editor.act_save, editor.act_delete):
        assert not action.isEnabled() and action.toolTip() == why, action.text()
    editor.discard()


def test_a_developer_has_every_action(window_as, qtbot):
    win = window_as("dora", "developer")
    assert win.state.role.may_manage
    always_on = [win.sidebar.new_action, win.queue_actions.create_action, win.collection_actions.add_action]
    assert all(a.isEnabled() for a in always_on)
    assert all("Your role" not in a.toolTip() for a in win.managing_actions())
    viewer = _open_viewer(win, qtbot)
    assert viewer.editor.act_draw.isEnabled() and "Your role" not in viewer.editor.act_save.toolTip()
