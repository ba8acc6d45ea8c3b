"""Every control of the filter panel gives the right FilterSpec; edits are
debounced (one signal, the last state); actions have their shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop_app.domain.filters import QUEUE_STATUSES, FilterSpec, QueueStatusFilter, list_body
from desktop_app.qt.filter_options import TagChoice
from desktop_app.ui.filters.filter_panel import DEBOUNCE_MS
from desktop_app.ui.filters.filter_tags import TagFilterEditor
from desktop_app.ui.filters.filter_tristate import ANY, EXCLUDE, INCLUDE

from .filter_helpers import class_id, new_collection, panel, run, tag_id  # noqa: F401 (panel: fixture)


def emitted_after(qtbot, panel, edit) -> FilterSpec:
    """Do `edit`, wait for the debounced signal, return its spec (checked equal to spec())."""
    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as blocker:
        edit()
    assert blocker.args[0] == panel.spec()
    return blocker.args[0]


def test_name_datasets_and_classes(panel, app_state, qtbot):
    spec = emitted_after(qtbot, panel, lambda: qtbot.keyClicks(panel.name_edit, "night"))
    assert spec == FilterSpec(name_contains="night")

    first, second = app_state.datasets[0].id, app_state.datasets[2].id
    spec = emitted_after(qtbot, panel, lambda: (panel.datasets.box(second).click(), panel.datasets.box(first).click()))
    assert spec.datasets == (second, first)  # in the order chosen

    dog, dog_pred = class_id(app_state, "dog"), class_id(app_state, "dog_pred")
    spec = emitted_after(
        qtbot,
        panel,
        lambda: (
            panel.classes.toggle(dog_pred).button(INCLUDE).click(),
            panel.classes.toggle(dog).button(EXCLUDE).click(),
        ),
    )
    assert spec.classes_present == (dog_pred,) and spec.classes_absent == (dog,)
    spec = emitted_after(qtbot, panel, lambda: panel.classes.toggle(dog).button(ANY).click())
    assert spec.classes_absent == () and spec.classes_present == (dog_pred,)
    assert spec.name_contains == "night" and spec.datasets == (second, first)  # the others untouched


def test_tags_with_and_without_values(panel, app_state, qtbot):
    weather, reviewed = tag_id(app_state, "weather"), tag_id(app_state, "reviewed")
    tags = panel.tags
    names = [tags.tag_combo.itemText(i) for i in range(tags.tag_combo.count())]
    assert "weather" in names and "confidence" not in names  # object-only tags cannot filter images

    def add(tag: int, value: str | None) -> None:
        tags.tag_combo.setCurrentIndex(tags.tag_combo.findData(tag))
        if value is not None:
            tags.value_combo.setCurrentIndex(tags.value_combo.findText(value))
        tags.add_button.click()

    tags.tag_combo.setCurrentIndex(tags.tag_combo.findText("split"))
    assert [tags.value_combo.itemText(i) for i in range(tags.value_combo.count())] == [
        "any value",
        "train",
        "val",
        "test",
    ]
    spec = emitted_after(qtbot, panel, lambda: add(weather, "rain"))
    assert spec.tags == ((weather, "rain"),)
    spec = emitted_after(qtbot, panel, lambda: add(reviewed, None))
    assert spec.tags == ((weather, "rain"), (reviewed, None))
    tags.tag_combo.setCurrentIndex(tags.tag_combo.findData(weather))
    assert tags.value_combo.itemText(0) == "any value"  # the default
    spec = emitted_after(qtbot, panel, tags.add_button.click)  # same tag, any value: replaces "rain"
    assert spec.tags == ((reviewed, None), (weather, None))
    spec = emitted_after(qtbot, panel, tags.findChild(type(tags.add_button), f"remove-tag-{reviewed}").click)
    assert spec.tags == ((weather, None),)


def test_free_text_and_number_tag_values(qtbot):
    editor = TagFilterEditor()
    qtbot.addWidget(editor)
    editor.set_choices([TagChoice(5, "note", None, "any_string"), TagChoice(6, "score", None, "any_number")])
    changes = []
    editor.changed.connect(lambda: changes.append(editor.conditions()))
    qtbot.keyClicks(editor.value_text, "blurry")
    editor.add_button.click()
    editor.tag_combo.setCurrentIndex(1)
    qtbot.keyClicks(editor.value_number, "0.5")
    qtbot.keyClick(editor.value_number, Qt.Key.Key_Return)
    assert changes[-1] == ((5, "blurry"), (6, 0.5))
    editor.value_number.setText("3")
    editor.add_button.click()
    assert changes[-1] == ((5, "blurry"), (6, 3)) and isinstance(changes[-1][1][1], int)
    editor.value_number.setText("")
    editor.add_button.click()
    assert changes[-1] == ((5, "blurry"), (6, None))  # empty = any value


def test_annotated_and_label_range(panel, app_state, qtbot):
    spec = emitted_after(qtbot, panel, lambda: panel.annotated.button(2).click())
    assert spec.annotated is False
    spec = emitted_after(qtbot, panel, lambda: panel.annotated.button(1).click())
    assert spec.annotated is True
    spec = emitted_after(qtbot, panel, lambda: panel.labels.min_spin.setValue(3))
    assert (spec.labels_min, spec.labels_max) == (3, None)
    spec = emitted_after(qtbot, panel, lambda: panel.labels.max_spin.setValue(1))  # below min: min follows
    assert (spec.labels_min, spec.labels_max) == (1, 1)
    assert panel.labels.min_spin.value() == 1
    spec = emitted_after(qtbot, panel, lambda: panel.labels.min_spin.setValue(panel.labels.min_spin.minimum()))
    assert (spec.labels_min, spec.labels_max) == (None, 1)
    assert panel.labels.min_spin.text() == "no limit"
    spec = emitted_after(qtbot, panel, lambda: panel.annotated.button(0).click())
    assert spec.annotated is None


def test_collections_in_and_not_in(panel, app_state, qtbot, qloop):
    hard = new_collection(qloop, qtbot, app_state, "Hard cases")
    easy = new_collection(qloop, qtbot, app_state, "Easy")
    spec = emitted_after(
        qtbot,
        panel,
        lambda: (
            panel.collections.toggle(hard).button(EXCLUDE).click(),
            panel.collections.toggle(easy).button(INCLUDE).click(),
        ),
    )
    assert spec.not_in_collections == (hard,) and spec.in_collections == (easy,)
    assert panel.options.describe(spec, "not_in_collections") == "not in: Hard cases"


def test_queue_status(panel, app_state, demo, qtbot, qloop):
    source = new_collection(qloop, qtbot, app_state, "To label")
    user = demo.summary.user_id
    queue = run(qloop, qtbot, app_state.api.queues.create("Round 1", [user], [user], collection_id=source))
    run(qloop, qtbot, app_state.refresh_queues())
    combo = panel.queue.queue_combo
    assert combo.isEnabled() and combo.findData(queue) > 0
    assert not panel.queue.boxes["pending"].isEnabled()  # no queue chosen yet

    def pick_queue() -> None:
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # as a user does: emits activated

    spec = emitted_after(qtbot, panel, pick_queue)
    assert spec.queue_status == QueueStatusFilter(queue, frozenset(QUEUE_STATUSES))  # all statuses to start
    spec = emitted_after(
        qtbot, panel, lambda: (panel.queue.boxes["accepted"].click(), panel.queue.boxes["annotating"].click())
    )
    assert spec.queue_status.statuses == {"pending", "on_review"}
    spec = emitted_after(
        qtbot, panel, lambda: (panel.queue.boxes["pending"].click(), panel.queue.boxes["on_review"].click())
    )
    assert spec.queue_status is None  # no status left: no filter
    with pytest.raises(ValueError):  # and a queue filter does need the queue's ids before listing
        list_body(FilterSpec(queue_status=QueueStatusFilter(queue, frozenset({"pending"}))), project_id=1)


def test_quick_edits_emit_once_with_the_last_state(panel, app_state, qtbot):
    seen: list[FilterSpec] = []
    panel.filterChanged.connect(seen.append)
    qtbot.keyClicks(panel.name_edit, "city")
    panel.datasets.box(app_state.datasets[1].id).click()
    panel.annotated.button(1).click()
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Backspace)
    assert seen == []  # nothing before the pause
    qtbot.waitUntil(lambda: seen != [], timeout=3000)
    with qtbot.assertNotEmitted(panel.filterChanged, wait=DEBOUNCE_MS * 2):  # once: nothing follows
        pass
    assert seen == [FilterSpec(name_contains="cit", datasets=(app_state.datasets[1].id,), annotated=True)]

    # an edit undone before the pause is no change: nothing is emitted
    with qtbot.assertNotEmitted(panel.filterChanged, wait=DEBOUNCE_MS * 2):  # past the debounce
        qtbot.keyClicks(panel.name_edit, "x")
        qtbot.keyClick(panel.name_edit, Qt.Key.Key_Backspace)
    assert len(seen) == 1


def test_latest_wins_when_edits_keep_coming(panel, qtbot):
    """Edits closer together than the debounce never emit in between."""
    seen: list[FilterSpec] = []
    panel.filterChanged.connect(seen.append)
    for letter in "abcde":
        qtbot.keyClicks(panel.name_edit, letter)
        qtbot.wait(DEBOUNCE_MS // 3)  # a fixed gap on purpose: edits closer than the debounce
    assert seen == []
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=3000)
    assert seen[0].name_contains == "abcde"


def test_clear_and_focus_actions(panel, app_state, qtbot):
    by_text = {a.text(): a for a in panel.actions()}
    assert by_text["Clear filters"].shortcut() == QKeySequence("Ctrl+Shift+L")
    assert by_text["Focus name filter"].shortcut() == QKeySequence("Ctrl+F")
    emitted_after(qtbot, panel, lambda: (qtbot.keyClicks(panel.name_edit, "x"), panel.annotated.button(2).click()))
    panel.datasets.setFocus()
    spec = emitted_after(qtbot, panel, by_text["Clear filters"].trigger)
    assert spec == FilterSpec()
    assert panel.name_edit.text() == "" and panel.annotated.value() == 0
    panel.activateWindow()
    by_text["Focus name filter"].trigger()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.name_edit, timeout=2000)
