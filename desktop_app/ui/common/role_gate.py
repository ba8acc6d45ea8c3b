"""Turns off the actions the user's team role does not allow, with the reason
in their tooltips, and says the reason in the status bar when one of their
shortcuts is pressed (a disabled action's shortcut does nothing by itself).

The other code of the window keeps enabling its actions as it likes (a
selection, a project); while the role holds an action back, what that code
wanted is remembered and applied once the role allows it again."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QWidget

from desktop_app.domain.team_role import RoleLimits


class RoleGate(QObject):
    def __init__(
        self,
        window: QWidget,
        actions: Sequence[QAction],
        say: Callable[[str], None],
        reason_of: Callable[[RoleLimits], str] = lambda limits: limits.reason,
    ) -> None:
        super().__init__(window)
        self._reason_of = reason_of
        self._actions = list(actions)
        self._say = say
        self._reason = ""
        self._wanted = {id(a): a.isEnabled() for a in self._actions}
        self._tips = {id(a): a.toolTip() for a in self._actions}
        self._shortcuts: list[QShortcut] = []
        for action in self._actions:
            action.changed.connect(lambda a=action: self._held_back(a))
            for key in action.shortcuts():
                shortcut = QShortcut(key, window, lambda: self._say(self._reason), context=action.shortcutContext())
                shortcut.setEnabled(False)  # only while the action is off
                self._shortcuts.append(shortcut)

    @property
    def reason(self) -> str:
        return self._reason

    def apply(self, limits: RoleLimits) -> None:
        self._reason = self._reason_of(limits)
        for action in self._actions:
            if self._reason:
                self._wanted[id(action)] = action.isEnabled() or self._wanted[id(action)]
                action.setToolTip(self._reason)
                action.setEnabled(False)
            else:
                action.setToolTip(self._tips[id(action)])
                action.setEnabled(self._wanted[id(action)])
        for shortcut in self._shortcuts:
            shortcut.setEnabled(bool(self._reason))

    def _held_back(self, action: QAction) -> None:
        """Another part of the window enabled `action`: remember it, keep it off."""
        if self._reason and action.isEnabled():
            self._wanted[id(action)] = True
            action.setEnabled(False)
        elif not self._reason:
            self._wanted[id(action)] = action.isEnabled()
