"""The chips row on its own, and the FilterOptions it takes its words from."""

from __future__ import annotations

from shiboken6 import isValid as shiboken_valid

from desktop_app.domain.filters import FilterSpec, QueueStatusFilter
from desktop_app.qt.filter_options import FilterOptions
from desktop_app.ui.filters.filter_chips import FilterChips
from desktop_app.ui.filters.filter_panel import DEBOUNCE_MS, FilterPanel

from .filter_helpers import class_id, new_collection, tag_id


def test_one_chip_per_set_filter_with_its_switch_and_words(app_state, qtbot, qloop):
    hard = new_collection(qloop, qtbot, app_state, "Hard cases")
    options = FilterOptions(app_state)
    chips = FilterChips(options.describe)
    qtbot.addWidget(chips)
    spec = FilterSpec(
        classes_present=(class_id(app_state, "dog_pred"),),
        not_in_collections=(hard,),
        tags=((tag_id(app_state, "weather"), "rain"),),
        labels_min=2,
        annotated=False,
        name_contains="x",
    ).with_enabled("labels_min", False)
    chips.set_spec(spec)
    assert chips.names() == [name for name, _ in spec.chips()]
    texts = {n: chips.chip(n).check.text() for n in chips.names()}
    assert texts == {
        "classes_present": "class: dog_pred present",
        "tags": "tag: weather = rain",
        "annotated": "not annotated",
        "labels_min": "labels ≥ 2",
        "name_contains": "name contains “x”",
        "not_in_collections": "not in: Hard cases",
    }
    assert not chips.chip("labels_min").check.isChecked() and chips.chip("annotated").check.isChecked()
    assert chips.chip("labels_min").check.font().strikeOut()

    toggled, removed = [], []
    chips.chipToggled.connect(lambda n, on: toggled.append((n, on)))
    chips.chipRemoved.connect(removed.append)
    chips.chip("labels_min").check.click()
    chips.chip("tags").remove.click()
    assert toggled == [("labels_min", True)] and removed == ["tags"]
    assert chips.spec() == spec  # the row only reports; its owner decides

    chips.set_spec(FilterSpec())
    assert chips.names() == [] and not chips.empty.isHidden()


def test_chips_wrap_onto_several_lines(app_state, qtbot):
    chips = FilterChips(FilterOptions(app_state).describe)
    qtbot.addWidget(chips)
    chips.set_spec(
        FilterSpec(
            datasets=tuple(d.id for d in app_state.datasets),
            name_contains="night",
            labels_min=1,
            labels_max=3,
            annotated=True,
        )
    )
    narrow, wide = chips.heightForWidth(260), chips.heightForWidth(3000)
    assert chips.hasHeightForWidth() and narrow >= 2 * wide > 0
    chips.resize(260, narrow)
    chips.show()
    tops = {chips.chip(n).geometry().top() for n in chips.names()}
    assert len(tops) >= 2
    assert all(chips.chip(n).geometry().right() <= 260 for n in chips.names())


def test_options_list_what_can_be_chosen(app_state):
    options = FilterOptions(app_state)
    assert [c.text for c in options.datasets()] == [d.name for d in app_state.datasets]
    classes = {c.text: c for c in options.classes()}
    assert classes["dog"].color == app_state.meta.class_by_title("dog").color
    tags = {t.text: t for t in options.tags()}
    assert tags["weather"].value_type == "oneof_string" and tags["weather"].values == ("sunny", "rain", "fog")
    assert "confidence" not in tags  # object tags cannot filter images
    presets = {p.text: p for p in options.false_positive_presets()}
    dog = presets["dog_pred without dog"]
    assert (dog.pred.id, dog.truth.id) == (classes["dog_pred"].id, classes["dog"].id)
    assert dog.apply(FilterSpec(labels_min=1, classes_present=(classes["car"].id,))) == FilterSpec(
        labels_min=1, classes_present=(dog.pred.id,), classes_absent=(dog.truth.id,)
    )


def test_prune_drops_only_what_the_project_lacks(app_state, qtbot, qloop):
    options = FilterOptions(app_state)
    hard = new_collection(qloop, qtbot, app_state, "Hard cases")
    dog = class_id(app_state, "dog")
    spec = FilterSpec(
        datasets=(app_state.datasets[0].id, 999_999),
        classes_present=(dog, 999_998),
        tags=((999_997, None), (tag_id(app_state, "split"), "val")),
        in_collections=(hard, 999_996),
        queue_status=QueueStatusFilter(999_995, frozenset({"pending"})),
        labels_min=3,
    ).with_enabled("queue_status", False)
    assert options.prune(spec, {"collections"}) == FilterSpec(**{**spec.__dict__, "in_collections": (hard,)})
    pruned = options.prune(spec, {"datasets", "meta", "collections", "queues"})
    assert pruned == FilterSpec(
        datasets=(app_state.datasets[0].id,),
        classes_present=(dog,),
        tags=((tag_id(app_state, "split"), "val"),),
        in_collections=(hard,),
        labels_min=3,
    )


def test_a_restored_filter_waits_for_its_choices(app_state, qtbot, qloop):
    """Filters restored before the collections are (re)loaded are kept when they exist."""
    hard = new_collection(qloop, qtbot, app_state, "Hard cases")
    panel = FilterPanel(app_state)
    qtbot.addWidget(panel)
    spec = FilterSpec(in_collections=(hard,), classes_absent=(class_id(app_state, "car"),))
    panel.set_spec(spec)
    app_state.metaChanged.emit(app_state.meta)
    app_state.collectionsChanged.emit(app_state.collections)
    app_state.projectChanged.emit(app_state.project)  # the same project opened again
    qtbot.wait(DEBOUNCE_MS * 2)  # a fixed wait on purpose: no pruning may follow, debounced or not
    assert panel.spec() == spec


def test_a_closed_panel_no_longer_listens(app_state, qtbot, qloop):
    panel = FilterPanel(app_state)
    panel.deleteLater()
    qtbot.waitUntil(lambda: not shiboken_valid(panel), timeout=2000)
    new_collection(qloop, qtbot, app_state, "After the panel")  # emits collectionsChanged: must not raise
