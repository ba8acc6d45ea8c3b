"""The collections sidebar on a real demo project: rows and counts, scope
selection, the target collection, drops of items."""

import dataclasses

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain.browse_scope import Scope
from desktop_app.qt.item_mime import ItemsPayload, encode_items
from desktop_app.qt.sidebar_model import EMPTY_HINT, CountRole, KindRole, TargetRole
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from desktop_app.ui.collections.target_chooser import TargetChooser, TargetDialog
from tests.ui.collection_helpers import (
    drag_leave,
    drag_over,
    drop_at,
    make_collection,
    project_item_ids,
    run,
    settle,
)


def make_sidebar(qtbot, state) -> CollectionsSidebar:
    sidebar = CollectionsSidebar(state)
    qtbot.addWidget(sidebar)
    sidebar.resize(300, 500)
    sidebar.show()
    return sidebar


def rows(sidebar: CollectionsSidebar, kind: str) -> dict[str, QModelIndex]:
    found = {}
    model = sidebar.model
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            if index.data(KindRole) == kind:
                found[index.data()] = index
            stack.append(index)
    return found


def test_lists_all_items_datasets_and_collections_with_counts(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    make_collection(qtbot, qloop, app_state, "Hard cases", ids[:12], "false positives at night")
    make_collection(qtbot, qloop, app_state, "For training", ids[:3])
    sidebar = make_sidebar(qtbot, app_state)

    (all_row,) = rows(sidebar, "all").values()
    assert all_row.data(CountRole) == len(ids)
    datasets = rows(sidebar, "dataset")
    assert {name: i.data(CountRole) for name, i in datasets.items()} == {
        d.name: d.items_count for d in app_state.datasets
    }
    assert sum(i.data(CountRole) for i in datasets.values()) == len(ids)
    collections = rows(sidebar, "collection")
    assert list(collections) == ["For training", "Hard cases"]
    assert collections["Hard cases"].data(CountRole) == 12
    assert collections["For training"].data(CountRole) == 3
    assert "false positives at night" in collections["Hard cases"].data(Qt.ItemDataRole.ToolTipRole)
    headers = rows(sidebar, "header")
    assert set(headers) == {"Datasets", "Collections"}
    assert not headers["Datasets"].flags() & Qt.ItemFlag.ItemIsSelectable


def test_an_empty_project_says_how_to_make_a_collection(app_state, qtbot):
    sidebar = make_sidebar(qtbot, app_state)
    assert rows(sidebar, "collection") == {}
    assert list(rows(sidebar, "placeholder")) == [EMPTY_HINT]


def test_selecting_rows_emits_scopes_once(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    sidebar = make_sidebar(qtbot, app_state)
    seen = []
    sidebar.scopeSelected.connect(seen.append)
    dataset = app_state.datasets[1]

    sidebar.view.setCurrentIndex(rows(sidebar, "dataset")[dataset.name])
    sidebar.view.setCurrentIndex(rows(sidebar, "collection")["Hard cases"])
    sidebar.select_scope(Scope.collection(hard.id))  # already shown: no second signal
    sidebar.select_scope(Scope.all())
    assert seen == [Scope.dataset(dataset.id), Scope.collection(hard.id), Scope.all()]
    assert sidebar.view.currentIndex().data(KindRole) == "all"


def test_rebuilds_keep_the_selection_and_fall_back_when_it_is_deleted(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    sidebar = make_sidebar(qtbot, app_state)
    sidebar.select_scope(Scope.collection(hard.id))
    seen = []
    sidebar.scopeSelected.connect(seen.append)

    run(qtbot, qloop, app_state.api.collections.update(hard.id, name="Harder cases"))
    run(qtbot, qloop, app_state.api.collections.create(app_state.project.id, "Another"))
    run(qtbot, qloop, app_state.refresh_collections())
    assert sidebar.view.currentIndex().data() == "Harder cases"
    assert seen == []

    run(qtbot, qloop, app_state.api.collections.remove(hard.id))
    run(qtbot, qloop, app_state.refresh_collections())
    assert seen == [Scope.all()]
    assert sidebar.scope == Scope.all()


def test_target_collection_is_marked_and_cleared_when_deleted(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    make_collection(qtbot, qloop, app_state, "Other")
    sidebar = make_sidebar(qtbot, app_state)
    targets = []
    sidebar.targetChanged.connect(targets.append)
    assert not sidebar.target_action.isEnabled()  # nothing to target while "All items" is shown

    sidebar.select_scope(Scope.collection(hard.id))
    sidebar.target_action.trigger()
    assert sidebar.target_collection_id == hard.id and targets == [hard.id]
    marked = {name: i.data(TargetRole) for name, i in rows(sidebar, "collection").items()}
    assert marked == {"Hard cases": True, "Other": False}
    assert sidebar.target_action.isChecked()
    assert "Hard cases" in sidebar.target_label.text() and sidebar.target_label.isVisibleTo(sidebar)

    run(qtbot, qloop, app_state.api.collections.remove(hard.id))
    run(qtbot, qloop, app_state.refresh_collections())
    assert sidebar.target_collection_id is None and targets == [hard.id, None]
    assert not sidebar.target_label.isVisibleTo(sidebar)


def test_ctrl_t_chooses_any_collection_as_target_whatever_the_sidebar_shows(app_state, qtbot, qloop):
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    make_collection(qtbot, qloop, app_state, "Other")
    sidebar = make_sidebar(qtbot, app_state)
    chooser = TargetChooser(app_state, sidebar)
    sidebar.select_scope(Scope.all())  # no collection open (issue 11: Ctrl+T did nothing then)
    sidebar.activateWindow()
    sidebar.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sidebar.view)
    qtbot.keyClick(sidebar.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(chooser.dialog, TargetDialog)
    dialog = chooser.dialog
    assert not dialog.picker.new_radio.isVisibleTo(dialog)  # a target is an existing collection
    dialog.picker.search_edit.setText("hard")
    qtbot.waitUntil(lambda: dialog.picker.collection_id == hard.id)
    assert dialog.preview_label.text() == "T will add the selected items to “Hard cases”."
    qtbot.keyClick(dialog.picker.search_edit, Qt.Key.Key_Return)
    assert sidebar.target_collection_id == hard.id and chooser.dialog is None
    assert "Hard cases" in sidebar.target_label.text()
    # the sidebar's right-click "Use as target collection" still toggles the one shown
    sidebar.select_scope(Scope.collection(hard.id))
    sidebar.target_action.trigger()
    assert sidebar.target_collection_id is None


def test_collections_take_drops_of_this_projects_items_only(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    sidebar = make_sidebar(qtbot, app_state)
    viewport = sidebar.view.viewport()
    drops = []
    sidebar.itemsDropped.connect(lambda cid, payload: drops.append((cid, payload)))
    collection_row = sidebar.view.visualRect(rows(sidebar, "collection")["Hard cases"]).center()
    dataset_row = sidebar.view.visualRect(next(iter(rows(sidebar, "dataset").values()))).center()
    project_id = app_state.project.id

    assert drag_over(viewport, collection_row, encode_items(project_id, ids[:3]))
    assert sidebar.view.is_drop_row(rows(sidebar, "collection")["Hard cases"])  # highlighted while hovering
    drag_leave(viewport)
    assert not sidebar.view.is_drop_row(rows(sidebar, "collection")["Hard cases"])

    assert not drag_over(viewport, dataset_row, encode_items(project_id, ids[:3]))
    assert not drop_at(viewport, collection_row, encode_items(project_id + 1000, ids[:3]))
    assert drops == []

    assert drop_at(viewport, collection_row, encode_items(project_id, ids[:3]))
    assert drop_at(viewport, collection_row, encode_items(project_id, [], all_matching=True))
    assert drops == [(hard.id, ItemsPayload(project_id, tuple(ids[:3]))), (hard.id, ItemsPayload(project_id, (), True))]


def test_counts_follow_the_server_once_queued_edits_are_sent(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    hard = make_collection(qtbot, qloop, app_state, "Hard cases", ids[:2])
    sidebar = make_sidebar(qtbot, app_state)
    service = app_state.service
    preview = run(qtbot, qloop, service.preview_add(hard.id, ids[:9], set(ids)))
    service.add(preview).do()  # queued in the outbox
    settle(qtbot, app_state)
    qtbot.waitUntil(lambda: rows(sidebar, "collection")["Hard cases"].data(CountRole) == 9)


def test_counts_are_fetched_when_the_server_does_not_send_them(app_state, qtbot, qloop):
    ids = project_item_ids(qtbot, qloop, app_state)
    make_collection(qtbot, qloop, app_state, "Hard cases", ids[:5])
    make_collection(qtbot, qloop, app_state, "Empty")
    sidebar = make_sidebar(qtbot, app_state)
    # As a real Supervisely instance answers: no itemsCount.
    app_state.session.set_collections([dataclasses.replace(c, items_count=None) for c in app_state.collections])
    qtbot.waitUntil(lambda: rows(sidebar, "collection")["Hard cases"].data(CountRole) == 5)
    qtbot.waitUntil(lambda: rows(sidebar, "collection")["Empty"].data(CountRole) == 0)
