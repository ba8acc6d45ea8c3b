"""The "Add to collection" dialog: choose or name a collection, see the
preview computed from the real server before anything is written."""

import asyncio

from desktop_app.ui.collections.add_to_collection_dialog import AddToCollectionDialog
from tests.ui.collection_helpers import make_collection, project_item_ids, server_items

UNKNOWN = 987_654_321  # an id from nowhere


def open_dialog(qtbot, state, ids, **kw) -> AddToCollectionDialog:
    dialog = AddToCollectionDialog(state, ids, **kw)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def count_previews(monkeypatch, state, slow=()) -> dict[str, int]:
    """How many previews the dialog started, and how many are over (answered or cancelled);
    the previews of the `slow` collections answer late."""
    calls = {"started": 0, "over": 0}
    real = state.service.preview_add

    async def counted(*args, **kwargs):
        calls["started"] += 1
        try:
            preview = await real(*args, **kwargs)
            if preview.collection_id in slow:
                await asyncio.sleep(0.3)
            return preview
        finally:
            calls["over"] += 1

    monkeypatch.setattr(state.service, "preview_add", counted)
    return calls


def wait_preview(qtbot, dialog, collection_id=None):
    qtbot.waitUntil(
        lambda: dialog.preview is not None and (collection_id is None or dialog.preview.collection_id == collection_id)
    )
    return dialog.preview


def test_preview_counts_new_already_in_and_unavailable_before_writing(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:5])
    chosen = ids[:8] + [ids[2], UNKNOWN]  # 3 new, 5 already in (one twice), 1 unknown
    dialog = open_dialog(qtbot, app_state, chosen, candidates_valid=set(ids), preferred_id=hard.id)
    assert dialog.preview is None and not dialog.ok_button.isEnabled()  # still checking

    preview = wait_preview(qtbot, dialog, hard.id)
    assert (len(preview.changes), len(preview.unchanged), len(preview.unavailable)) == (3, 5, 1)
    assert set(preview.changes) == set(ids[5:8]) and preview.unavailable == (UNKNOWN,)
    assert "3 new, 5 already in, 1 unavailable" in dialog.preview_label.text()
    assert dialog.ok_button.text() == "Add 3 items" and dialog.ok_button.isEnabled()
    assert server_items(qtbot, qloop, app_state, hard.id) == set(ids[:5])  # nothing written yet

    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.choice.collection_id == hard.id and dialog.choice.new_name is None


def test_changing_the_choice_recomputes_and_the_latest_wins(app_state, qtbot, qloop, monkeypatch):
    ids = project_item_ids(qtbot, qloop, app_state)
    a = make_collection(qtbot, qloop, app_state, "A", ids[:6])
    b = make_collection(qtbot, qloop, app_state, "B", ids[:1])
    previews = count_previews(monkeypatch, app_state, slow={a.id})
    dialog = open_dialog(qtbot, app_state, ids[:6], preferred_id=a.id)
    dialog.select_collection(b.id)  # before A's preview has arrived
    preview = wait_preview(qtbot, dialog)
    # every preview started is over (A's answered late, or was cancelled before or while it
    # ran; a live A task would have started before B's): A's answer must not replace B's
    qtbot.waitUntil(lambda: previews["over"] == previews["started"], timeout=5000)
    assert dialog.preview.collection_id == b.id
    assert (len(preview.changes), len(preview.unchanged)) == (5, 1)

    dialog.select_collection(a.id)
    preview = wait_preview(qtbot, dialog, a.id)
    assert preview.changes == () and len(preview.unchanged) == 6
    assert not dialog.ok_button.isEnabled() and "nothing to add" in dialog.preview_label.text()


def test_a_new_name_is_checked_live_and_previews_every_usable_item_as_new(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    make_collection(qtbot, qloop, app_state, "Hard cases")
    dialog = open_dialog(qtbot, app_state, ids[:4] + [UNKNOWN], candidates_valid=set(ids))
    for name, problem in (("", "Type a name"), ("y" * 256, "maximum is 255"), ("Hard cases", "already exists")):
        dialog.set_new_name(name)
        assert problem in dialog.picker.problem.text(), name
        assert not dialog.ok_button.isEnabled() and dialog.choice is None
    dialog.set_new_name("Fresh")
    assert not dialog.picker.problem.isVisibleTo(dialog)
    assert dialog.preview.summary() == "4 new, 0 already in, 1 unavailable"
    assert dialog.ok_button.text() == "Add 4 items"
    assert dialog.choice.new_name == "Fresh" and dialog.choice.collection_id is None


def test_search_narrows_the_list(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    make_collection(qtbot, qloop, app_state, "Hard cases")
    training = make_collection(qtbot, qloop, app_state, "For training")
    dialog = open_dialog(qtbot, app_state, ids[:2])
    qtbot.keyClicks(dialog.picker.search_edit, "TRAIN")
    shown = dialog.picker.list
    visible = [shown.item(r).text() for r in range(shown.count()) if not shown.item(r).isHidden()]
    assert visible == ["For training"]
    assert dialog.collection_id == training.id
    wait_preview(qtbot, dialog, training.id)
    dialog.picker.search_edit.setText("no such thing")
    assert dialog.collection_id is None and not dialog.ok_button.isEnabled()
    assert "No collection matches" in dialog.preview_label.text()


def test_a_project_without_collections_starts_on_a_new_name(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    dialog = open_dialog(qtbot, app_state, ids[:2])
    assert dialog.picker.new_radio.isChecked() and not dialog.picker.existing_radio.isEnabled()
    assert dialog.picker.empty_label.isVisibleTo(dialog)
