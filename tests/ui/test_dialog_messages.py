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


def test_the_queue_dialog_keeps_its_form_in_place_as_problems_come_and_go(app_state, qtbot, qloop):
    from tests.ui.queue_helpers import me
    from tests.ui.test_queue_dialog import check, open_dialog

    hard = make_collection(qtbot, qloop, app_state, "Hard cases")
    user = me(qtbot, qloop, app_state)
    _actions, dialog = open_dialog(qtbot, app_state, hard)
    qtbot.wait(20)

    def places():
        return dialog.geometry(), dialog.labelers.mapTo(dialog, dialog.labelers.rect().topLeft())

    before = places()
    for lst, note in ((dialog.classes, dialog.classes_note), (dialog.tags, dialog.tags_note)):
        assert lst.geometry().bottom() < note.geometry().top()  # the list never covers its note
    assert len(dialog.problem.text().splitlines()) == 3  # name, labeler, reviewer
    QTest.keyClicks(dialog.name_edit, "Fix dog FPs")
    qtbot.wait(20)
    assert len(dialog.problem.text().splitlines()) == 2 and places() == before
    check(dialog.labelers, {user})
    check(dialog.reviewers, {user})
    qtbot.wait(20)
    assert not dialog.problem.isVisibleTo(dialog) and places() == before
    dialog.name_edit.clear()
    dialog.labelers.set_checked([])
    dialog.reviewers.set_checked([])
    qtbot.wait(20)
    assert places() == before
    dialog.reject()


def test_more_problems_than_lines_are_counted_on_the_last_line(qtbot):
    from desktop_app.ui.collections.collection_dialogs import ProblemLabel

    label = ProblemLabel(reserve_lines=2)
    qtbot.addWidget(label)
    label.show_problem("one\ntwo\nthree\nfour")
    assert label.text() == "one\n…and 3 more (hover to see them)"
    assert label.toolTip() == "one\ntwo\nthree\nfour"
    height = label.height()
    label.show_problem("one")
    assert label.text() == "one" and label.toolTip() == "" and label.height() == height
