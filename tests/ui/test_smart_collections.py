"""Smart collections in the app, on the real bundled server: save the filter
as a smart collection (the sidebar marks it and shows its live count), freeze
it and undo that, the drift of a static collection made from a filter, and
Reconcile… with its preview, then undone and redone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop_app.api.client import ApiClient
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec, QueueStatusFilter, list_body
from desktop_app.domain.plain_errors import plain_error
from desktop_app.qt.sidebar_model import CountRole
from desktop_app.qt.smart_counts import SmartCounts
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from desktop_app.ui.collections.drift_bar import DriftBar
from desktop_app.ui.collections.reconcile_dialog import ReconcileDialog
from desktop_app.ui.collections.smart_collection_actions import SmartCollectionActions
from tests.ui.collection_helpers import run, server_collections, server_items, settle
from tests.ui.filter_helpers import class_id


def dog_fp_spec(state) -> FilterSpec:
    """'dog predicted, no dog labelled'."""
    return FilterSpec(classes_present=(class_id(state, "dog_pred"),), classes_absent=(class_id(state, "dog"),))


def matching(qtbot, qloop, state, spec: FilterSpec) -> set[int]:
    body = list_body(spec, project_id=state.project.id)
    images = run(
        qtbot, qloop, state.api.images.list(project_id=state.project.id, filter=body["filter"], filters=body["filters"])
    )
    return {i.id for i in images}


def window(qtbot, state):
    host = QWidget()
    qtbot.addWidget(host)
    actions = SmartCollectionActions(state, host)
    sidebar = CollectionsSidebar(state, host)
    bar = DriftBar(state, actions.reconcile_action, sidebar)
    sidebar.add_bar(bar)
    host.resize(320, 600)
    sidebar.resize(320, 600)
    host.show()
    return actions, sidebar, bar


def test_save_filter_as_smart_collection_then_freeze_and_undo(app_state, qtbot, qloop):
    actions, sidebar, bar = window(qtbot, app_state)
    spec = dog_fp_spec(app_state)
    expected = matching(qtbot, qloop, app_state, spec)
    assert expected  # the demo has such false positives
    app_state.session.set_filter(spec)
    actions.save_action.trigger()
    dialog = actions.dialog
    dialog.name_edit.setText("Dog FPs")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, app_state)

    saved = server_collections(qtbot, qloop, app_state)["Dog FPs"]
    assert saved.is_smart and saved.items_count == len(expected)
    assert server_items(qtbot, qloop, app_state, saved.id) == expected
    qtbot.waitUntil(lambda: app_state.session.scope == Scope.collection(saved.id))
    row = sidebar.model.itemFromIndex(sidebar.model.collection_index(saved.id))
    assert row.data(CountRole) == len(expected) and "Smart collection" in row.toolTip()
    qtbot.waitUntil(bar.isVisible)
    assert "follow its filter" in bar.label.text() and not bar.button.isVisible()
    assert actions.freeze_action.isEnabled() and not actions.reconcile_action.isEnabled()
    assert app_state.undo_stack.undoText() == "Save filter as smart collection “Dog FPs”"

    actions.freeze_action.trigger()
    settle(qtbot, app_state)
    frozen = server_collections(qtbot, qloop, app_state)["Dog FPs"]
    assert not frozen.is_smart and frozen.remembers_filter and frozen.items_count == len(expected)
    qtbot.waitUntil(lambda: "Matches its filter" in bar.label.text())
    assert actions.reconcile_action.isEnabled() and not actions.freeze_action.isEnabled()

    app_state.undo_stack.undo()  # unfreeze: smart again, over the same filter
    settle(qtbot, app_state)
    qtbot.waitUntil(lambda: server_collections(qtbot, qloop, app_state)["Dog FPs"].is_smart)
    app_state.undo_stack.redo()
    settle(qtbot, app_state)
    qtbot.waitUntil(lambda: not server_collections(qtbot, qloop, app_state)["Dog FPs"].is_smart)
    app_state.undo_stack.undo()
    app_state.undo_stack.undo()  # and the smart collection itself goes
    settle(qtbot, app_state)
    qtbot.waitUntil(lambda: "Dog FPs" not in server_collections(qtbot, qloop, app_state))


def test_a_chip_the_server_cannot_resolve_is_refused_by_name(app_state, qtbot, qloop):
    actions, _sidebar, _bar = window(qtbot, app_state)
    errors: list[str] = []
    app_state.errorRaised.connect(errors.append)
    spec = FilterSpec(queue_status=QueueStatusFilter(1, frozenset({"pending"})))
    app_state.session.set_filter(spec)
    actions.save_action.trigger()
    actions.dialog.name_edit.setText("Queued")
    qtbot.mouseClick(actions.dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors))
    settle(qtbot, app_state)
    assert "Queue status" in errors[0] and "cannot be saved in a smart collection" in errors[0]
    assert "Queued" not in server_collections(qtbot, qloop, app_state)


def test_drift_is_shown_and_reconcile_previews_then_undoes(app_state, qtbot, qloop, tmp_path):
    actions, sidebar, bar = window(qtbot, app_state)
    spec = dog_fp_spec(app_state)
    expected = sorted(matching(qtbot, qloop, app_state, spec))
    assert len(expected) >= 2
    # a static collection made from the filter, which then drifted: two matches
    # left out, one item in it that does not match
    api = app_state.api
    options = {"filters": list_body(spec, project_id=app_state.project.id)["filters"], "filter": []}
    made = run(qtbot, qloop, api.smart_collections.create(app_state.project.id, "Dogs to check", options))
    run(qtbot, qloop, api.smart_collections.freeze(made.id))
    everything = run(qtbot, qloop, api.images.list(project_id=app_state.project.id))
    stray = next(i.id for i in everything if i.id not in expected)
    run(qtbot, qloop, api.collections.remove_items(made.id, expected[:2]))
    run(qtbot, qloop, api.collections.add_items(made.id, [stray]))
    before = server_items(qtbot, qloop, app_state, made.id)
    run(qtbot, qloop, app_state.refresh_collections())

    app_state.session.set_scope(Scope.collection(made.id))
    qtbot.waitUntil(lambda: "Now matches +2 / −1" in bar.label.text())
    assert bar.button.isVisible()
    sidebar.grab().save(str(tmp_path / "sidebar.png"))

    actions.reconcile_action.trigger()
    qtbot.waitUntil(lambda: isinstance(actions.dialog, ReconcileDialog))
    dialog = actions.dialog
    assert dialog.ok_button.text() == "Add 2, remove 1"
    assert dialog.added_strip.layout().count() == 2 and dialog.removed_strip.layout().count() == 1
    assert not dialog.ok_button.isDefault()  # Cancel is
    dialog.grab().save(str(tmp_path / "reconcile.png"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, made.id) == set(expected)
    qtbot.waitUntil(lambda: "Matches its filter" in bar.label.text())

    app_state.undo_stack.undo()  # the same items move back
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, made.id) == before
    app_state.undo_stack.redo()
    settle(qtbot, app_state)
    assert server_items(qtbot, qloop, app_state, made.id) == set(expected)


def test_adding_to_or_removing_from_a_smart_collection_is_refused_in_words(app_state, qtbot, qloop):
    actions, _sidebar, _bar = window(qtbot, app_state)
    spec = dog_fp_spec(app_state)
    made = run(
        qtbot,
        qloop,
        app_state.services.smart_collections.create(app_state.service, "Live dogs", spec),
    )
    run(qtbot, qloop, app_state.refresh_collections())
    service = app_state.service
    for preview in (service.preview_add, service.preview_remove):
        task = qloop.create_task(preview(made.ref.id, [1, 2]))
        qtbot.waitUntil(task.done)
        assert "smart collection" in plain_error(task.exception()) and "Freeze it first" in plain_error(
            task.exception()
        )
    assert not app_state.outbox.pending()  # nothing was queued


def test_a_smart_count_follows_another_clients_write_without_a_reload(app_state, demo, qtbot, qloop):
    """Someone else (the SDK, another user) adds a dog prediction: the sidebar's count moves."""
    _actions, sidebar, _bar = window(qtbot, app_state)
    SmartCounts(app_state, sidebar, interval=0.05)
    spec = FilterSpec(classes_present=(class_id(app_state, "dog_pred"),))
    body = list_body(spec, project_id=app_state.project.id)
    options = {"filters": body["filters"], "filter": body["filter"]}
    create = app_state.api.collections.create(app_state.project.id, "Has dog_pred", type="smart", options=options)
    smart = run(qtbot, qloop, create)
    before = len(matching(qtbot, qloop, app_state, spec))

    def shown() -> int | None:
        index = sidebar.model.collection_index(smart.id)
        return None if index is None or not index.isValid() else sidebar.model.itemFromIndex(index).data(CountRole)

    qtbot.waitUntil(lambda: shown() == before, timeout=5000)
    images = run(qtbot, qloop, app_state.api.images.list(project_id=app_state.project.id))
    outside = next(i for i in images if i.id not in matching(qtbot, qloop, app_state, spec))
    other = ApiClient(demo.url, demo.token)  # another client of the same server, not this window's
    annotation = run(qtbot, qloop, other.annotations.info(outside.id)).to_json()
    dog_pred = {
        "classTitle": "dog_pred",
        "tags": [],
        "geometryType": "rectangle",
        "points": {"exterior": [[1, 1], [20, 20]], "interior": []},
    }
    annotation["objects"] = [*annotation["objects"], dog_pred]
    run(qtbot, qloop, other.annotations.upload(outside.dataset_id, {outside.id: annotation}))
    run(qtbot, qloop, other.aclose())
    qtbot.waitUntil(lambda: shown() == before + 1, timeout=5000)
