"""The one way the app makes a QAction: where it lives, its text and what it
does, then everything else by name. The action is added to `owner`, so its
shortcuts work while `owner` is in a shown window; its tooltip names the
shortcuts; its category groups it in the shortcut cheat sheet."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop_app.qt.resources import icon as load_icon

Shortcut = str | QKeySequence | QKeySequence.StandardKey | Qt.Key


def make_action(
    owner: QWidget,
    text: str,
    slot: Callable[..., object],
    *,
    shortcuts: Shortcut | Sequence[Shortcut] = (),
    tip: str = "",
    category: str | None = None,
    checkable: bool = False,
    checked: bool = False,
    icon: str | None = None,
    context: Qt.ShortcutContext | None = None,
    parent: QObject | None = None,
) -> QAction:
    """A checkable action calls `slot(checked)`; any other calls `slot()` (never
    with the `checked` flag a slot could take for an optional argument).

    `tip` defaults to the text; `icon` names a file in resources/icons;
    `parent` owns the action when it is not `owner` (a group of actions)."""
    action = QAction(text, parent if parent is not None else owner)
    keys = [QKeySequence(s) for s in _as_list(shortcuts)]
    action.setShortcuts(keys)
    if context is not None:
        action.setShortcutContext(context)
    named = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys if not k.isEmpty())
    tip = tip or text.rstrip("…")
    action.setToolTip(f"{tip} ({named})" if named else tip)
    if category:
        action.setProperty("category", category)
    if icon:
        action.setIcon(load_icon(icon))
    if checkable:
        action.setCheckable(True)
        action.setChecked(checked)
        action.triggered.connect(slot)
    else:
        action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


def _as_list(shortcuts: Shortcut | Sequence[Shortcut]) -> list[Shortcut]:
    if isinstance(shortcuts, (str, QKeySequence, QKeySequence.StandardKey, Qt.Key)):
        return [shortcuts]
    return list(shortcuts)
