"""Dialogs keep the room of their validation message: typing a name that is
wrong, then right, then wrong again neither resizes nor moves the dialog
(it would jump under the pointer otherwise)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.domain.browse_scope import Scope
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from tests.ui.collection_helpers import make_collection


def retype(edit, text: str) -> None:
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def test_the_rename_dialog_keeps_its_size_as_messages_come_and_go(app_state, qtbot, qloop):
    make_collection(qtbot, qloop, app_state, "Hard cases")
    night = make_collection(qtbot, qloop, app_state, "Night misses")
    sidebar = CollectionsSidebar(app_state)
    qtbot.addWidget(sidebar)
    sidebar.show()
    sidebar.select_scope(Scope.collection(night.id))
    sidebar.rename_action.trigger()  # opens with a good name: no message
    dialog = sidebar.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    qtbot.wait(20)
    assert not dialog.problem.isVisibleTo(dialog)
    before = dialog.geometry()
    for name, shows_message in (("Hard cases", True), ("Night misses", False), ("x" * 256, True)):
        retype(dialog.name_edit, name)
        qtbot.wait(20)  # a layout change is posted
        assert dialog.problem.isVisibleTo(dialog) == shows_message, name
        assert dialog.geometry() == before, name
    dialog.reject()
