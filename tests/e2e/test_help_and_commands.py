"""What a new user meets first agrees with itself (issue 11): the README's
table of collection commands and keys equals the window's actions and the
cheat sheet; the Filters menu has the panel's presets; Help has the user guide
(offline) and About (versions and the server in use)."""

from __future__ import annotations

import re
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication

from desktop_app.ui.window.help_menu import AboutDialog, GuideDialog
from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog, action_label, category_of, shortcut_text

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| (?P<command>[^|]+?) \| (?P<keys>[^|]+?) \|$")


def readme_commands() -> dict[str, set[str]]:
    """The README's "collection commands and their keys" table: command -> keys."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("The collection commands and their keys") :].split("\n\n")[1]
    rows = {}
    for line in table.splitlines()[2:]:
        match = ROW.match(line)
        assert match, line
        command = re.sub(r" \(.*\)$", "", match["command"])  # "(an empty one)" is a note
        keys = match["keys"]
        rows[command] = set() if keys == "—" else {k.strip() for k in keys.split(",")}
    return rows


def window_keys(window) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for action in window.all_actions():
        text = shortcut_text(action)
        keys.setdefault(action_label(action), set()).update(k for k in text.split(", ") if k)
    return keys


def test_readme_commands_and_keys_are_the_windows_and_the_cheat_sheets(qtbot, tmp_path, windows):
    window = windows(tmp_path / "home")
    documented = readme_commands()
    assert len(documented) == 12
    actual = window_keys(window)
    assert {command: actual.get(command) for command in documented} == documented
    # no near-duplicates left: each of these keys does one thing in the whole window
    for key in ("Ctrl+Shift+N", "Ctrl+Shift+A", "Ctrl+T", "T", "Ctrl+Shift+U", "Ctrl+Shift+S", "Ctrl+Shift+X"):
        assert [c for c, ks in actual.items() if key in ks] == [next(c for c, ks in documented.items() if key in ks)]
    assert not any("Ctrl+Alt+N" in ks for ks in actual.values())

    qtbot.keyClick(window.views.current_view(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(window.findChildren(ShortcutsDialog)), timeout=5000)
    sheet = window.findChildren(ShortcutsDialog)[0]
    listed: dict[str, set[str]] = {}
    for category in range(sheet.tree.topLevelItemCount()):
        group = sheet.tree.topLevelItem(category)
        for row in range(group.childCount()):
            child = group.child(row)
            listed.setdefault(child.text(0), set()).update(k for k in child.text(1).split(", ") if k)
    assert {c: listed.get(c) for c in documented if documented[c]} == {c: k for c, k in documented.items() if k}
    sheet.reject()
    assert category_of(window.target_chooser.choose_action) == "Collections"


def test_the_filters_menu_has_the_panels_presets(qtbot, tmp_path, windows):
    window = windows(tmp_path / "home")
    filters_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "F&ilters")
    presets = next(a.menu() for a in filters_menu.actions() if a.text().replace("&", "") == "Presets")
    assert presets is window.filters.presets.menu()  # the very same entries as the panel's button
    fp = next(a.menu() for a in presets.actions() if a.text() == "Likely false positives")
    assert "dog_pred without dog" in [a.text() for a in fp.actions()]


def test_help_has_the_user_guide_offline_and_about_with_versions_and_server(qtbot, tmp_path, windows, demo):
    window = windows(tmp_path / "home")
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    texts = [a.text() for a in help_menu.actions()]
    assert texts == ["Keyboard shortcuts", "User guide", "About Collections Desk"]

    window.help_actions.guide_action.trigger()
    guide = window.help_actions.dialog
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    shown = guide.browser.toPlainText()
    assert "Finding a model's false positives" in shown and "Add all matching to collection…" in shown
    guide.reject()

    window.help_actions.about_action.trigger()
    about = window.help_actions.dialog
    assert isinstance(about, AboutDialog) and about.isVisible()
    qtbot.waitUntil(lambda: "asking" not in about.text(), timeout=5000)
    text = about.text()
    assert f"PySide6: {PySide6.__version__}" in text and f"Qt: {qVersion()}" in text
    assert f"Server: {demo.url}" in text and "Server kind: remote" in text
    assert "Server version: " in text and "not known" not in text
    about.reject()
    assert QApplication.instance() is not None
