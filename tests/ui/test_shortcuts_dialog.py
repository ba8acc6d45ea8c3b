"""The cheat sheet lists the window's actions with their shortcuts, by category,
and filters by search."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def make_actions(owner: QWidget) -> list[QAction]:
    def action(text, keys, category=None):
        a = QAction(text, owner)
        a.setShortcuts([QKeySequence(k) for k in keys])
        if category:
            a.setProperty("category", category)
        return a

    return [
        action("&Add to collection…", ["Ctrl+Shift+A"], "Collections"),
        action("Add to &target collection", ["T"], "Collections"),
        action("Select &all", ["Ctrl+A"], "Selection"),
        action("Clear selection", ["Esc"], "Selection"),
        action("&Undo", ["Ctrl+Z"]),
        action("&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"]),
        action("Reload", []),  # no shortcut: not on the cheat sheet
    ]


def test_lists_actions_with_shortcuts_by_category_and_filters(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    dialog = ShortcutsDialog(make_actions(owner), owner)
    dialog.show()

    assert dialog.rows() == [
        ("Collections", "Add to collection…", native("Ctrl+Shift+A")),
        ("Collections", "Add to target collection", native("T")),
        ("Selection", "Select all", native("Ctrl+A")),
        ("Selection", "Clear selection", native("Esc")),
        ("General", "Undo", native("Ctrl+Z")),
        ("General", "Redo", f"{native('Ctrl+Shift+Z')}, {native('Ctrl+Y')}"),
    ]

    qtbot.keyClicks(dialog.search, "collection")
    assert [r[1] for r in dialog.rows()] == ["Add to collection…", "Add to target collection"]
    group_hidden = {
        dialog.tree.topLevelItem(i).text(0): dialog.tree.topLevelItem(i).isHidden()
        for i in range(dialog.tree.topLevelItemCount())
    }
    assert group_hidden == {"Collections": False, "Selection": True, "General": True}

    dialog.search.setText("general")  # by category
    assert [r[1] for r in dialog.rows()] == ["Undo", "Redo"]

    dialog.search.setText("ctrl+y")  # by key
    assert [r[1] for r in dialog.rows()] == ["Redo"]

    dialog.search.setText("no such thing")
    assert dialog.rows() == []
    assert dialog.nothing.isVisible() and "no such thing" in dialog.nothing.text()

    dialog.search.clear()
    assert len(dialog.rows()) == 6 and not dialog.nothing.isVisible()
