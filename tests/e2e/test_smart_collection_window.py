"""Through the real window: a Presets filter, Ctrl+Shift+S saves it as a smart
collection, the sidebar shows it (marked, with its live count) and opening it
browses the filter's current matches; the entry is in the Presets and
Collections menus and in the shortcut list."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.domain.browse_scope import Scope
from desktop_app.qt.sidebar_model import CountRole
from desktop_app.ui.collections.smart_collection_actions import SAVE_TEXT
from tests.e2e.window_driver import settle


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions()]


def test_save_a_preset_filter_as_smart_collection_from_the_window(qtbot, tmp_path, windows):
    window = windows(tmp_path / "home")
    preset = next(a for a in window.filters.presets.preset_actions() if a.text() == "dog_pred without dog")
    preset.trigger()
    qtbot.waitUntil(lambda: bool(window.state.session.filter.classes_present), timeout=5000)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.browse.total is not None and window.browse.total > 0, timeout=10000)
    matching = window.browse.total

    qtbot.keyClick(
        window.views.current_view(),
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.smart_actions.dialog is not None, timeout=5000)
    dialog = window.smart_actions.dialog
    dialog.name_edit.setText("Dogs the model imagines")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)

    saved = next(c for c in window.state.collections if c.name == "Dogs the model imagines")
    assert saved.is_smart and saved.items_count == matching
    qtbot.waitUntil(lambda: window.state.session.scope == Scope.collection(saved.id), timeout=5000)
    row = window.sidebar.model.itemFromIndex(window.sidebar.model.collection_index(saved.id))
    assert row.data(CountRole) == matching
    window.filters.clear()  # no filter now: the collection alone gives the filter's matches
    qtbot.waitUntil(lambda: not window.state.session.filter.classes_present, timeout=5000)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.browse.total == matching, timeout=10000)
    assert SAVE_TEXT in menu_texts(window.filters.presets.menu())
    collections_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Collections")
    assert SAVE_TEXT in menu_texts(collections_menu)
    assert window.smart_actions.save_action in window.all_actions()
    window.grab().save(str(tmp_path / "smart-collection.png"))
