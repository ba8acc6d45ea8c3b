"""Limits: the bundled server takes up to MAX_IDS_PER_ADD ids in one add (the
SDK's add_items sends them all at once) but only MAX_IDS_PER_REQUEST in one
remove (desktop_app/server/collections/rules.py), and other servers may cap
adds lower. The window sends neither: a drop of more ids than that is split
into requests every server takes, the usable items land, nothing is refused."""

from __future__ import annotations

from desktop_app.domain.collection_backend import CHUNK
from desktop_app.qt.item_mime import ItemsPayload
from desktop_app.server.collections.rules import MAX_IDS_PER_REQUEST
from tests.e2e.test_delete_items import messages_of
from tests.e2e.window_driver import settle
from tests.ui.collection_helpers import make_collection, run, server_items

UNKNOWN_FROM = 10_000_000  # ids of no item


def test_a_drop_larger_than_the_servers_cap_is_split_and_lands(qtbot, qloop, demo, tmp_path, windows):
    assert CHUNK < MAX_IDS_PER_REQUEST
    window = windows(tmp_path / "home")
    state = window.state
    said = messages_of(state)
    real = [i.id for i in run(qtbot, qloop, state.api.images.list(project_id=state.project.id))]
    ids = real + list(range(UNKNOWN_FROM, UNKNOWN_FROM + MAX_IDS_PER_REQUEST + 2_000 - len(real)))
    assert len(ids) > MAX_IDS_PER_REQUEST
    keep = make_collection(qtbot, qloop, state, "Keep")
    window.collection_actions.add_payload(keep.id, ItemsPayload(state.project.id, tuple(ids)))
    settle(qtbot, window, timeout=60_000)
    assert not state.outbox.failed(), [o.last_error for o in state.outbox.failed()]
    assert server_items(qtbot, qloop, state, keep.id) == set(real)
    assert any(s.startswith("Added to “Keep”") for s in said)
