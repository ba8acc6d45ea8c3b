"""Through the real window: Collections → Edit filter… on the smart collection
shown lists the whole project with its filter in the filter panel, the edit
bar sits above the filter panel's chips, the gallery follows the edited chips, and
Cancel puts back the collection and the filter shown before."""

from __future__ import annotations

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.ui.collections.filter_edit_bar import FilterEditBar
from tests.e2e.test_smart_collection_window import menu_texts
from tests.e2e.window_driver import settle
from tests.ui.collection_helpers import run


def test_edit_filter_from_the_collections_menu_then_cancel(qtbot, qloop, tmp_path, windows):
    window = windows(tmp_path / "home")
    state = window.state
    dog_pred = state.meta.class_by_title("dog_pred").id
    spec = FilterSpec(classes_present=(dog_pred,))
    made = run(qtbot, qloop, state.services.smart_collections.create(state.service, "Dog predictions", spec))
    run(qtbot, qloop, state.refresh_collections())
    window.sidebar.select_scope(Scope.collection(made.ref.id))
    settle(qtbot, window)
    members = window.browse.total
    collections_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Collections")
    assert {"Edit filter…", "Show its filter"} <= set(menu_texts(collections_menu))

    qtbot.waitUntil(window.filter_edit.edit_action.isEnabled, timeout=5000)
    window.filter_edit.edit_action.trigger()
    bar = window.filters.findChild(FilterEditBar, "filterEditBar")
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=5000)
    assert state.session.scope == Scope.all() and window.filters.spec() == spec
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.browse.total == members, timeout=10000)  # the filter alone, project-wide
    window.grab().save(str(tmp_path / "smart-edit.png"))

    bar.cancel_button.click()
    assert not bar.isVisible()
    assert state.session.scope == Scope.collection(made.ref.id) and window.filters.spec() == FilterSpec()
