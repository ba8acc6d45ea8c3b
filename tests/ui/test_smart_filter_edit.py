"""Seeing and changing a stored filter from the window, on the real bundled
server: Edit filter… on a smart collection's menu loads its filter into the
filter panel, Update sends the changed chips (one undo step), Cancel puts the
view back, a queue-status chip and a filter no chip shows are refused in words,
and Show its filter lists what a static collection was made from."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHBoxLayout, QMenu, QWidget

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec, QueueStatusFilter
from desktop_app.domain.smart_collections import smart_filter, source_filters
from desktop_app.qt.sidebar_model import CountRole
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from desktop_app.ui.collections.filter_edit_bar import FilterEditBar
from desktop_app.ui.collections.smart_filter_edit import SmartFilterEdit
from desktop_app.ui.filters.filter_panel import FilterPanel
from tests.ui.collection_helpers import right_click_collection, run, server_items, settle
from tests.ui.filter_helpers import class_id
from tests.ui.test_smart_collections import dog_fp_spec, matching

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # a popup menu, offscreen


def window(qtbot, state):
    host = QWidget()
    qtbot.addWidget(host)
    panel = FilterPanel(state, host)
    edit = SmartFilterEdit(state, host, panel.spec)
    sidebar = CollectionsSidebar(state, host)
    for action in edit.actions():
        sidebar.add_collection_action(action, lambda _collection: None)
    bar = FilterEditBar(edit, sidebar)
    sidebar.add_bar(bar)
    row = QHBoxLayout(host)
    row.addWidget(sidebar)
    row.addWidget(panel)
    host.resize(640, 700)
    host.show()
    return edit, sidebar, bar, panel


def choose(qtbot, sidebar, collection_id: int, text: str) -> None:
    """Right-click the collection in the sidebar and choose `text`."""
    menu: QMenu = right_click_collection(sidebar, collection_id)
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.isEnabled()
    action.trigger()
    menu.close()


def stored(qtbot, qloop, state, collection_id: int) -> dict:
    return run(qtbot, qloop, state.api.smart_collections.options(collection_id))


def smart(qtbot, qloop, state, name: str, spec: FilterSpec) -> int:
    made = run(qtbot, qloop, state.services.smart_collections.create(state.service, name, spec))
    run(qtbot, qloop, state.refresh_collections())
    return made.ref.id


def count_shown(sidebar, collection_id: int) -> int | None:
    return sidebar.model.itemFromIndex(sidebar.model.collection_index(collection_id)).data(CountRole)


def test_edit_a_smart_filter_update_it_then_undo(app_state, qtbot, qloop, tmp_path):
    edit, sidebar, bar, panel = window(qtbot, app_state)
    old_spec = dog_fp_spec(app_state)
    made = smart(qtbot, qloop, app_state, "Dog FPs", old_spec)
    old_options = stored(qtbot, qloop, app_state, made)
    assert count_shown(sidebar, made) == len(matching(qtbot, qloop, app_state, old_spec))

    choose(qtbot, sidebar, made, "Edit filter…")
    qtbot.waitUntil(bar.isVisible)
    assert "Editing the filter of smart collection “Dog FPs”" in bar.label.text()
    assert bar.update_button.text() == "Update “Dog FPs”"
    assert app_state.session.scope == Scope.all() and panel.spec() == old_spec
    assert panel.chips.names() == ["classes_present", "classes_absent"]
    bar.window().grab().save(str(tmp_path / "editing.png"))

    panel.chips.chip("classes_absent").remove.click()  # "dog predicted" only now
    new_spec = FilterSpec(classes_present=old_spec.classes_present)
    bar.update_button.click()  # at once: the panel's chips count, not only what reached the list
    settle(qtbot, app_state)

    assert stored(qtbot, qloop, app_state, made) == smart_filter(new_spec, app_state.project.id)
    expected = matching(qtbot, qloop, app_state, new_spec)
    assert len(expected) > len(matching(qtbot, qloop, app_state, old_spec))
    assert server_items(qtbot, qloop, app_state, made) == expected
    qtbot.waitUntil(lambda: count_shown(sidebar, made) == len(expected))
    assert not bar.isVisible()
    assert app_state.undo_stack.undoText() == "Edit the filter of smart collection “Dog FPs”"

    app_state.undo_stack.undo()  # Ctrl+Z: the old filter is back on the server
    settle(qtbot, app_state)
    assert stored(qtbot, qloop, app_state, made) == old_options
    qtbot.waitUntil(lambda: count_shown(sidebar, made) == len(matching(qtbot, qloop, app_state, old_spec)))
    app_state.undo_stack.redo()
    settle(qtbot, app_state)
    assert stored(qtbot, qloop, app_state, made) == smart_filter(new_spec, app_state.project.id)


def test_cancel_puts_the_view_back_and_changes_nothing(app_state, qtbot, qloop):
    edit, sidebar, bar, panel = window(qtbot, app_state)
    made = smart(qtbot, qloop, app_state, "Dog FPs", dog_fp_spec(app_state))
    before_options = stored(qtbot, qloop, app_state, made)
    dataset = app_state.datasets[0].id
    before = FilterSpec(name_contains="a", labels_min=1)
    app_state.session.show(Scope.dataset(dataset), before)
    steps = app_state.undo_stack.count()

    edit.edit(app_state.collection(made))  # as the Collections menu does for the collection shown
    qtbot.waitUntil(bar.isVisible)
    assert panel.spec() == dog_fp_spec(app_state)
    panel.chips.chip("classes_present").remove.click()
    qtbot.waitUntil(lambda: app_state.session.filter.classes_present == ())
    bar.cancel_button.click()

    assert not bar.isVisible()
    assert app_state.session.scope == Scope.dataset(dataset) and app_state.session.filter == before
    assert panel.spec() == before
    settle(qtbot, app_state)
    assert stored(qtbot, qloop, app_state, made) == before_options
    assert app_state.undo_stack.count() == steps


def test_a_queue_status_chip_is_refused_in_words_and_the_edit_goes_on(app_state, qtbot, qloop):
    edit, sidebar, bar, panel = window(qtbot, app_state)
    made = smart(qtbot, qloop, app_state, "Dog FPs", dog_fp_spec(app_state))
    before_options = stored(qtbot, qloop, app_state, made)
    errors: list[str] = []
    app_state.errorRaised.connect(errors.append)
    choose(qtbot, sidebar, made, "Edit filter…")
    qtbot.waitUntil(bar.isVisible)
    panel.set_spec(FilterSpec(queue_status=QueueStatusFilter(1, frozenset({"pending"}))))
    bar.update_button.click()
    qtbot.waitUntil(lambda: bool(errors))
    settle(qtbot, app_state)
    assert "Queue status" in errors[0] and "cannot be saved in a smart collection" in errors[0]
    assert stored(qtbot, qloop, app_state, made) == before_options
    assert bar.isVisible()  # still editing: switch the chip off and Update again


def test_a_filter_no_chip_shows_is_refused_by_name(app_state, qtbot, qloop):
    edit, sidebar, bar, panel = window(qtbot, app_state)
    options = {"filter": [{"field": "createdAt", "operator": ">=", "value": "2020-01-01T00:00:00Z"}], "filters": []}
    create = app_state.api.collections.create(app_state.project.id, "Recent", type="smart", options=options)
    made = run(qtbot, qloop, create).id
    run(qtbot, qloop, app_state.refresh_collections())
    errors: list[str] = []
    app_state.errorRaised.connect(errors.append)
    choose(qtbot, sidebar, made, "Edit filter…")
    qtbot.waitUntil(lambda: bool(errors))
    assert "cannot show the condition “createdAt >=" in errors[0] and "nothing was changed" in errors[0]
    assert not bar.isVisible() and app_state.session.scope == Scope.collection(made)


def test_show_the_filter_a_static_collection_was_made_from(app_state, qtbot, qloop):
    edit, sidebar, bar, panel = window(qtbot, app_state)
    dataset = app_state.datasets[0].id
    spec = FilterSpec(classes_present=(class_id(app_state, "dog"),), labels_min=1)
    source = source_filters(spec, app_state.project.id, Scope.dataset(dataset), list(app_state.datasets))
    create = app_state.api.collections.create(app_state.project.id, "Dogs, March", options={"sourceFilters": source})
    made = run(qtbot, qloop, create).id
    run(qtbot, qloop, app_state.refresh_collections())
    assert not edit.edit_action.isEnabled() or app_state.session.scope != Scope.collection(made)

    menu = right_click_collection(sidebar, made)
    texts = {a.text(): a.isEnabled() for a in menu.actions()}
    menu.close()
    assert texts["Show its filter"] and not texts["Edit filter…"]  # a static one has no filter to edit
    choose(qtbot, sidebar, made, "Show its filter")
    qtbot.waitUntil(lambda: app_state.session.scope == Scope.dataset(dataset))
    assert app_state.session.filter == spec and panel.spec() == spec
    assert not bar.isVisible()


def test_opening_another_scope_drops_the_edit(app_state, qtbot, qloop):
    edit, sidebar, bar, panel = window(qtbot, app_state)
    made = smart(qtbot, qloop, app_state, "Dog FPs", dog_fp_spec(app_state))
    before_options = stored(qtbot, qloop, app_state, made)
    before = FilterSpec(name_contains="a")
    app_state.session.set_filter(before)
    choose(qtbot, sidebar, made, "Edit filter…")
    qtbot.waitUntil(bar.isVisible)
    dataset = app_state.datasets[0].id
    sidebar.select_scope(Scope.dataset(dataset))  # the user opens a dataset instead
    assert not bar.isVisible() and edit.editing is None
    assert app_state.session.filter == before and panel.spec() == before
    assert stored(qtbot, qloop, app_state, made) == before_options
