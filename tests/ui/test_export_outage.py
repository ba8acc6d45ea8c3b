"""Export collection… when the server goes away halfway (its connections cut,
new ones refused): the export ends with a message in words and leaves no
folder behind, as a cancel does."""

from __future__ import annotations

from urllib.parse import urlparse

from PySide6.QtWidgets import QMessageBox

from desktop_app.api.client import ApiClient
from desktop_app.qt.app_state import AppState
from tests.e2e.black_hole import BlackHoleRelay
from tests.ui.collection_helpers import make_collection, project_item_ids
from tests.ui.test_export_dialog import actions_for, open_dialog


def test_the_server_going_away_halfway_is_said_in_words_and_leaves_nothing(demo, qloop, qtbot, tmp_path):
    relay = BlackHoleRelay(urlparse(demo.url).port or 80)
    state = AppState(ApiClient(relay.url, demo.token, read_retry_budget=0.5), tmp_path / "outbox.sqlite")
    state.start()
    opening = qloop.create_task(state.open_project(demo.summary.project_id))
    qtbot.waitUntil(opening.done, timeout=10000)
    opening.result()
    try:
        many = make_collection(qtbot, qloop, state, "Many", project_item_ids(qtbot, qloop, state)[:60])
        out = tmp_path / "exports"
        out.mkdir()
        actions = actions_for(qtbot, state, tmp_path, many)

        def cut_once_writing(label: str, done: int, total: int) -> None:
            if label.startswith("Exporting") and done >= 5:  # some pictures are written already
                relay.close()

        state.tasks.busyChanged.connect(cut_once_writing)
        open_dialog(qtbot, actions, many, out).ok_button.click()
        qtbot.waitUntil(lambda: actions.message is not None, timeout=30000)
        assert actions.message.icon() == QMessageBox.Icon.Warning
        assert "The export of “Many” failed; nothing was written." in actions.message.text()
        assert "The server cannot be reached right now." in actions.message.text()
        assert list(out.iterdir()) == []  # the partial folder is gone
        actions.message.close()
    finally:
        relay.close()
        closing = qloop.create_task(state.close())
        qtbot.waitUntil(closing.done, timeout=10000)
