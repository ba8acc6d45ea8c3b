"""Nothing is lost offline: the real window edits while its server is stopped
(add, remove, rename, an annotation save), nothing keeps the user waiting, the
status bar counts what waits; the app is closed (or its outbox is left as a
crash leaves it) with the edits pending; the server comes back on the same
database; the next start sends every edit once, in order, and says so."""

from __future__ import annotations

import shutil
import time

import httpx

from desktop_app.app import app_paths
from desktop_app.domain.browse_scope import Scope
from tests.e2e.offline_driver import MOMENT, edit_offline, server_back, world_at
from tests.e2e.window_driver import close_window, open_window
from tests.ui.collection_helpers import make_collection, run, server_collections, server_items
from tests.ui.test_collection_edits import fill

WAITING = "4 edits waiting for the server"  # a remove, an add, a rename, a save


def check_applied(qtbot, qloop, state, edits) -> None:
    """The server holds exactly what the offline session did, each edit once."""
    by_name = server_collections(qtbot, qloop, state)
    assert set(by_name) == {"Keep", "Very hard cases"}
    assert by_name["Very hard cases"].id == edits.hard_id
    assert server_items(qtbot, qloop, state, edits.hard_id) == edits.hard_before - set(edits.removed)
    assert server_items(qtbot, qloop, state, edits.keep_id) == set(edits.added)
    objects = run(qtbot, qloop, state.api.annotations.info(edits.annotated)).raw["annotation"]["objects"]
    assert len(objects) == edits.objects_before + 1  # the drawn box, saved once
    assert not state.outbox.pending() and not state.outbox.failed()


def restart_and_check(qtbot, qloop, demo, live, home, edits) -> None:
    server = server_back(live)
    try:
        window = open_window(qtbot, world_at(demo, server), home)
        state = window.state
        bar = window.status
        qtbot.waitUntil(lambda: "The server is back: 4 edits sent." in bar.message_label.text(), timeout=20_000)
        assert not bar.outbox_button.isVisible()
        check_applied(qtbot, qloop, state, edits)
        close_window(qtbot, qloop, window)
    finally:
        server.stop()


def test_edits_made_offline_are_sent_in_order_after_a_restart(qtbot, qloop, demo, live, tmp_path, windows):
    home = tmp_path / "home"
    window = windows(home)
    edits = edit_offline(qtbot, qloop, live, window)
    assert edits.slowest < MOMENT, f"an offline edit kept the user waiting {edits.slowest:.2f} s"
    qtbot.waitUntil(lambda: window.status.outbox_button.text() == WAITING, timeout=5000)
    assert window.status.outbox_button.isVisible()
    close_window(qtbot, qloop, window)  # the orderly close, with the edits still pending

    restart_and_check(qtbot, qloop, demo, live, home, edits)


def test_edits_pending_when_the_app_is_killed_are_sent_on_the_next_start(qtbot, qloop, demo, live, tmp_path, windows):
    """ "Killed": while the app runs, its outbox files (database, WAL, shared memory) are
    copied as they are into a second home. That copy is what a SIGKILL or a power cut
    leaves on disk: the connection never closed, the WAL not checkpointed, nothing
    flushed by a close path. The next start runs on that copy; the first window is
    then closed only to end the test (its own files are not used again)."""
    home, crashed = tmp_path / "home", tmp_path / "crashed"
    window = windows(home)
    edits = edit_offline(qtbot, qloop, live, window)
    qtbot.waitUntil(lambda: window.status.outbox_button.text() == WAITING, timeout=5000)

    src, dst = app_paths(home).data_dir, app_paths(crashed).data_dir
    dst.mkdir(parents=True, exist_ok=True)
    copied = [f for f in src.iterdir() if f.name.startswith("outbox.sqlite")]
    assert any(f.name.endswith("-wal") for f in copied)  # still open: the edits may be in the WAL only
    for f in copied:
        shutil.copy2(f, dst / f.name)
    close_window(qtbot, qloop, window)

    restart_and_check(qtbot, qloop, demo, live, crashed, edits)


def test_an_edit_the_server_refuses_on_replay_is_shown_in_its_words_and_kept(
    qtbot, qloop, demo, live, tmp_path, windows
):
    """Renamed offline to a name someone else took meanwhile: on the next start the
    refusal is shown with the server's words and the edit stays listed as failed."""
    home = tmp_path / "home"
    window = windows(home)
    state = window.state
    hard = make_collection(qtbot, qloop, state, "Hard cases")
    window.sidebar.select_scope(Scope.collection(hard.id))
    live.server.stop()
    window.sidebar.rename_action.trigger()
    rename = window.sidebar.dialog
    rename.name_edit.setText("Taken")
    qtbot.waitUntil(rename.ok_button.isEnabled, timeout=5000)
    rename.ok_button.click()
    qtbot.waitUntil(lambda: window.status.outbox_button.text() == "1 edit waiting for the server", timeout=5000)
    close_window(qtbot, qloop, window)

    server = server_back(live)
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:  # someone else, meanwhile
            made = http.post(
                "/public/api/v3/entities-collections.add",
                json={"projectId": state.project.id, "name": "Taken"},
                headers={"x-api-key": demo.token},
            )
            assert made.status_code == 200, made.text
        window = open_window(qtbot, world_at(demo, server), home)
        bar = window.status
        qtbot.waitUntil(lambda: bar.outbox_button.text() == "1 failed", timeout=20_000)
        failed = window.state.outbox.failed()
        assert len(failed) == 1 and "Taken" in failed[0].payload["name"]
        words = failed[0].last_error
        assert "already" in words  # the server's own words
        assert any(words in text and "kept as failed" in text for _, text in bar.errors.errors)
        names = {c.name for c in run(qtbot, qloop, window.state.api.collections.list(window.state.project.id))}
        assert names == {"Hard cases", "Taken"}  # nothing else changed
        close_window(qtbot, qloop, window)
    finally:
        server.stop()


def test_describe_duplicate_and_delete_offline_land_on_the_next_start(qtbot, qloop, demo, live, tmp_path, windows):
    """The sidebar's edits offline: none needs the server's list of items at once (a
    duplicate copies the source's items when it is sent, a delete reads its items
    then, for undo); on the next start the server holds exactly the result."""
    home = tmp_path / "home"
    window = windows(home)
    state = window.state
    ids = [i.id for i in run(qtbot, qloop, state.api.images.list(project_id=state.project.id))]
    hard = make_collection(qtbot, qloop, state, "Hard cases", ids[:4])
    keep = make_collection(qtbot, qloop, state, "Keep", ids[4:6])
    sidebar = window.sidebar
    live.server.stop()

    def edit(action, name=None, description=None, confirm=False) -> None:
        n = len(state.outbox.pending())
        began = time.monotonic()
        action.trigger()
        dialog = sidebar.dialog
        if confirm:
            dialog.confirm_button.click()
        else:
            fill(dialog, name, description)
            qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=5000)
            dialog.ok_button.click()
        qtbot.waitUntil(lambda: len(state.outbox.pending()) > n, timeout=5000)
        assert time.monotonic() - began < MOMENT

    sidebar.select_scope(Scope.collection(hard.id))
    edit(sidebar.describe_action, description="night shots")
    edit(sidebar.duplicate_action, name="Hard cases v2")
    sidebar.select_scope(Scope.collection(keep.id))
    edit(sidebar.delete_action, confirm=True)
    close_window(qtbot, qloop, window)

    server = server_back(live)
    try:
        window = open_window(qtbot, world_at(demo, server), home)
        state = window.state
        qtbot.waitUntil(lambda: not state.outbox.pending(), timeout=20_000)
        assert not state.outbox.failed()
        by_name = server_collections(qtbot, qloop, state)
        assert set(by_name) == {"Hard cases", "Hard cases v2"}
        assert by_name["Hard cases"].description == "night shots"
        assert server_items(qtbot, qloop, state, by_name["Hard cases v2"].id) == set(ids[:4])
        assert server_items(qtbot, qloop, state, hard.id) == set(ids[:4])
        close_window(qtbot, qloop, window)
    finally:
        server.stop()
