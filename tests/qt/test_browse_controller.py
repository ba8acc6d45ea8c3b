"""BrowseController against the real demo server: scope and filter choose the
rows (compared with what the api lists), the total comes with the first page,
select-all resolves ids through the api without loading the views' rows,
and a filter change while a page is in flight leaves no stale rows."""

from __future__ import annotations

import asyncio

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.domain.image_source import ImageListSource
from desktop_app.qt import browse_controller as browse_module
from desktop_app.qt.item_mime import decode_items
from desktop_app.qt.item_model import MAX_PAGES
from tests.qt.browse_helpers import (
    BIG_DEMO,
    api_ids,
    big_state,  # noqa: F401  (a fixture)
    loaded_controller,
    model_ids,
    qt_owned,  # noqa: F401  (a fixture)
    run,
    wait_rows_loaded,
)


def test_total_arrives_with_the_first_page_and_rows_are_the_projects(app_state, qtbot, qloop, qt_owned):
    counts = []
    controller = browse_module.BrowseController(app_state, per_page=25)
    qt_owned(controller)
    controller.countsChanged.connect(lambda total, selected: counts.append((total, selected)))
    assert controller.total is None  # nothing has answered yet
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    expected = api_ids(qloop, qtbot, app_state)
    assert controller.total == len(expected) == controller.model.rowCount()
    assert counts[-1] == (len(expected), 0)
    assert controller.model.item_at(30) is None  # only the first page so far
    wait_rows_loaded(qtbot, controller, range(controller.total))
    assert model_ids(controller) == expected


def test_scope_and_filter_choose_the_rows(app_state, qtbot, qloop, qt_owned):
    controller = loaded_controller(qtbot, app_state, qt_owned)
    everything = run(qloop, qtbot, app_state.api.images.list(project_id=app_state.project.id))
    dataset = app_state.datasets[1].id

    controller.set_scope(Scope.dataset(dataset))
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    wait_rows_loaded(qtbot, controller, range(controller.total))
    assert model_ids(controller) == [i.id for i in everything if i.dataset_id == dataset]

    picked = [everything[i].id for i in (3, 17, 41, 58)]
    collection = run(qloop, qtbot, app_state.api.collections.create(app_state.project.id, "picked"))
    run(qloop, qtbot, app_state.api.collections.add_items(collection.id, picked))
    controller.set_scope(Scope.collection(collection.id))
    qtbot.waitUntil(lambda: controller.total == len(picked), timeout=10000)
    wait_rows_loaded(qtbot, controller, range(controller.total))
    assert sorted(model_ids(controller)) == sorted(picked)

    controller.set_scope(Scope.all())
    controller.set_filter(FilterSpec(labels_min=3, name_contains="NIGHT"))
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    wait_rows_loaded(qtbot, controller, range(controller.total))
    expected = [i.id for i in everything if i.labels_count >= 3 and "night" in i.name]
    assert expected and model_ids(controller) == expected


def test_filter_change_while_a_page_loads_inserts_no_stale_rows(app_state, qtbot, qloop, monkeypatch, qt_owned):
    unfiltered = {"started": 0, "over": 0}  # fetches answered or cancelled

    class SlowUnfiltered(ImageListSource):
        async def fetch(self, page, per_page, sort):
            stale = not self.spec.active()
            unfiltered["started"] += stale
            try:
                result = await super().fetch(page, per_page, sort)
                if stale:
                    await asyncio.sleep(0.4)  # the unfiltered answer arrives after the filtered one
                return result
            finally:
                unfiltered["over"] += stale

    monkeypatch.setattr(browse_module, "ImageListSource", SlowUnfiltered)
    controller = browse_module.BrowseController(app_state)
    qt_owned(controller)
    qtbot.waitUntil(lambda: unfiltered["started"] == 1, timeout=10000)  # the unfiltered first page is in flight
    controller.set_filter(FilterSpec(annotated=False))
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    qtbot.waitUntil(lambda: unfiltered["over"] == unfiltered["started"], timeout=10000)  # the stale page is over
    everything = run(qloop, qtbot, app_state.api.images.list(project_id=app_state.project.id))
    expected = [i.id for i in everything if i.labels_count == 0]
    assert 0 < len(expected) < len(everything)
    assert controller.total == len(expected) == controller.model.rowCount()
    wait_rows_loaded(qtbot, controller, range(controller.total))
    assert model_ids(controller) == expected


def test_select_all_matching_resolves_ids_without_loading_rows(big_state, qtbot, qloop, qt_owned):
    controller = loaded_controller(qtbot, big_state, qt_owned, per_page=100)
    controller.set_filter(FilterSpec(labels_min=2))
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    expected = api_ids(qloop, qtbot, big_state, filter=[{"field": "labelsCount", "operator": ">=", "value": 2}])
    assert 1000 < len(expected) < BIG_DEMO

    controller.select_all_matching()
    assert controller.all_matching_selected
    assert controller.selected_count() == controller.total == len(expected)
    progress = []
    ids = run(qloop, qtbot, controller.selected_ids(lambda done, total: progress.append((done, total))))
    assert ids == expected
    assert progress[-1] == (len(expected), len(expected))
    loaded = sum(controller.model.item_at(r) is not None for r in range(controller.model.rowCount()))
    assert loaded <= 300, "select-all must not load the list into the model"
    assert controller.model.item_at(controller.total - 1) is None


def test_selected_ids_fetch_unloaded_pages_of_a_range(big_state, qtbot, qloop, qt_owned):
    controller = loaded_controller(qtbot, big_state, qt_owned, per_page=100)
    controller.select_rows([0, 1, 2] + list(range(2500, 2510)))
    assert not controller.all_matching_selected
    assert controller.selected_count() == 13
    expected = api_ids(qloop, qtbot, big_state)
    ids = run(qloop, qtbot, controller.selected_ids())
    assert ids == expected[:3] + expected[2500:2510]


def test_a_selection_survives_its_rows_scrolling_far_away(big_state, qtbot, qloop, qt_owned):
    controller = loaded_controller(qtbot, big_state, qt_owned, per_page=50)  # 60 pages
    model = controller.model
    controller.select_rows([0, 1, 2, 1000])
    expected = api_ids(qloop, qtbot, big_state)
    for row in range(0, BIG_DEMO, 50):  # scroll through the whole list
        wait_rows_loaded(qtbot, controller, [row])
    assert len(model.loaded_pages) <= MAX_PAGES + 2  # the window and the pinned pages
    assert model.item_at(1500) is None  # far pages were dropped
    assert {1, 21} <= set(model.loaded_pages)  # the selected rows' pages were not
    mime = controller.drag_mime()
    assert mime is not None and decode_items(mime).ids == (expected[0], expected[1], expected[2], expected[1000])
    assert run(qloop, qtbot, controller.selected_ids()) == [expected[0], expected[1], expected[2], expected[1000]]
    controller.reload()  # F5: the same selection, by id
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    wait_rows_loaded(qtbot, controller, [0, 1000])
    assert controller.selected_spans() == [(0, 2), (1000, 1000)]


def test_user_selection_change_ends_select_all(app_state, qtbot, qt_owned):
    controller = loaded_controller(qtbot, app_state, qt_owned)
    controller.select_all_matching()
    assert controller.selected_count() == controller.total
    controller.select_rows([4])  # a click: the selection is rows again
    assert not controller.all_matching_selected and controller.selected_count() == 1
    controller.select_all_matching()
    controller.clear_selection()
    assert not controller.all_matching_selected and controller.selected_count() == 0


def test_ids_for_action_is_every_matching_item_when_nothing_is_selected(app_state, qtbot, qloop, qt_owned):
    controller = loaded_controller(qtbot, app_state, qt_owned, per_page=10)
    dataset = app_state.datasets[0].id
    controller.set_filter(FilterSpec(datasets=(dataset,)))
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    expected = api_ids(qloop, qtbot, app_state, dataset_id=dataset)
    assert run(qloop, qtbot, controller.ids_for_action()) == expected
    controller.select_rows([1])
    assert run(qloop, qtbot, controller.ids_for_action()) == [expected[1]]


def test_collection_scope_reloads_when_items_change_keeping_the_selection(app_state, qtbot, qloop, qt_owned):
    ids = api_ids(qloop, qtbot, app_state)
    collection = run(qloop, qtbot, app_state.api.collections.create(app_state.project.id, "growing"))
    run(qloop, qtbot, app_state.api.collections.add_items(collection.id, ids[:5]))
    controller = loaded_controller(qtbot, app_state, qt_owned)
    controller.set_scope(Scope.collection(collection.id))
    qtbot.waitUntil(lambda: controller.total == 5, timeout=10000)
    wait_rows_loaded(qtbot, controller, range(5))
    controller.select_rows([2])
    run(qloop, qtbot, app_state.api.collections.add_items(collection.id, ids[5:8]))
    app_state.itemsChanged.emit()
    qtbot.waitUntil(lambda: controller.total == 8, timeout=10000)
    qtbot.waitUntil(lambda: controller.selected_count() == 1, timeout=10000)
    assert run(qloop, qtbot, controller.selected_ids()) == [ids[2]]


def test_project_change_resets_scope_and_filter(app_state, qtbot, qloop, qt_owned):
    controller = loaded_controller(qtbot, app_state, qt_owned)
    total = controller.total
    controller.set_scope(Scope.dataset(app_state.datasets[0].id))
    controller.set_filter(FilterSpec(annotated=True))
    scopes = []
    controller.scopeChanged.connect(scopes.append)
    run(qloop, qtbot, app_state.open_project(app_state.project.id))
    assert scopes == [Scope.all()]
    assert controller.scope == Scope.all() and controller.filter == FilterSpec()
    qtbot.waitUntil(lambda: controller.total == total, timeout=10000)


def test_queue_status_filter_lists_the_queues_items(app_state, qtbot, qloop, demo, qt_owned):
    ids = api_ids(qloop, qtbot, app_state)
    api = app_state.api
    collection = run(qloop, qtbot, api.collections.create(app_state.project.id, "to label"))
    run(qloop, qtbot, api.collections.add_items(collection.id, ids[10:14]))
    queue_id = run(
        qloop,
        qtbot,
        api.queues.create("Fix labels", [demo.summary.user_id], [demo.summary.user_id], collection_id=collection.id),
    )
    from desktop_app.domain.filters import QueueStatusFilter

    controller = loaded_controller(qtbot, app_state, qt_owned)
    controller.set_filter(FilterSpec(queue_status=QueueStatusFilter(queue_id, frozenset({"pending"}))))
    qtbot.waitUntil(lambda: controller.total == 4, timeout=10000)
    wait_rows_loaded(qtbot, controller, range(4))
    assert model_ids(controller) == ids[10:14]
    controller.set_filter(FilterSpec(queue_status=QueueStatusFilter(queue_id, frozenset({"accepted"}))))
    qtbot.waitUntil(lambda: controller.total == 0, timeout=10000)


def test_filters_the_server_cannot_do_are_applied_here(app_state, qtbot, qloop, qt_owned):
    from desktop_app.domain.filters import ALL_SERVER_SIDE

    controller = loaded_controller(qtbot, app_state, qt_owned, server_filters=ALL_SERVER_SIDE - {"name_contains"})
    controller.set_filter(FilterSpec(name_contains="highway"))
    qtbot.waitUntil(lambda: controller.total is not None, timeout=10000)
    everything = run(qloop, qtbot, app_state.api.images.list(project_id=app_state.project.id))
    expected = [i.id for i in everything if "highway" in i.name]
    assert 0 < len(expected) < len(everything)
    assert controller.total == len(expected)
    wait_rows_loaded(qtbot, controller, range(controller.total))
    assert model_ids(controller) == expected
    controller.select_all_matching()
    assert run(qloop, qtbot, controller.selected_ids()) == expected
