"""Chips switch filters off and remove them, set_spec round-trips (also
through JSON), choices follow the project's collections, and the
"likely false positives" preset finds exactly the demo's false positives on
the real server."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QGroupBox

from desktop_app.api.client import ApiClient
from desktop_app.domain.filters import FilterSpec, list_body
from desktop_app.qt.app_state import AppState
from desktop_app.ui.filters.filter_panel import DEBOUNCE_MS, FilterPanel
from desktop_app.ui.filters.filter_tristate import ANY, EXCLUDE, INCLUDE

from .filter_helpers import class_id, new_collection, panel, run, tag_id  # noqa: F401 (panel: fixture)


def settle(qtbot, panel) -> FilterSpec:
    """The emission of the edit just made, once its debounce has passed."""
    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as emitted:
        pass
    return emitted.args[0]


def test_chip_off_keeps_the_value_and_remove_clears_the_control(panel, app_state, qtbot):
    dog_pred = class_id(app_state, "dog_pred")
    panel.classes.toggle(dog_pred).button(INCLUDE).click()
    qtbot.keyClicks(panel.name_edit, "day")
    settle(qtbot, panel)
    chip = panel.chips.chip("classes_present")
    assert chip is not None and chip.check.text() == "class: dog_pred present"
    assert panel.chips.names() == ["classes_present", "name_contains"]  # panel order

    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as off:
        chip.check.click()
    spec = off.args[0]
    assert spec.classes_present == (dog_pred,) and "classes_present" not in spec.active()
    assert "objects_class" not in str(list_body(spec, project_id=app_state.project.id))
    assert panel.chips.chip("classes_present").check.isChecked() is False
    assert panel.classes.toggle(dog_pred).value() == INCLUDE  # the value is still shown
    assert panel.findChild(QGroupBox, "section-classes").title() == "Classes (switched off)"

    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as on:
        panel.chips.chip("classes_present").check.click()
    assert on.args[0].active() == ["classes_present", "name_contains"]

    panel.chips.chip("classes_present").check.click()  # off again; editing the control switches it back on
    settle(qtbot, panel)
    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as edited:
        panel.classes.toggle(class_id(app_state, "dog")).button(EXCLUDE).click()
    assert "classes_present" in edited.args[0].active()

    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as removed:
        panel.chips.chip("name_contains").remove.click()
    assert removed.args[0].name_contains == "" and panel.name_edit.text() == ""
    assert panel.chips.chip("name_contains") is None
    panel.chips.chip("classes_present").remove.click()
    assert panel.classes.toggle(dog_pred).value() == ANY
    assert panel.spec().classes_present == ()


def full_spec(state, collection_id: int) -> FilterSpec:
    return (
        FilterSpec(
            datasets=(state.datasets[1].id, state.datasets[0].id),
            classes_present=(class_id(state, "car_pred"),),
            classes_absent=(class_id(state, "car"),),
            tags=((tag_id(state, "weather"), "fog"), (tag_id(state, "reviewed"), None)),
            annotated=True,
            labels_min=2,
            labels_max=7,
            name_contains="night",
            in_collections=(),
            not_in_collections=(collection_id,),
        )
        .with_enabled("tags", False)
        .with_enabled("labels_max", False)
    )


def test_set_spec_round_trips_through_json_and_the_controls(panel, app_state, qtbot, qloop):
    hard = new_collection(qloop, qtbot, app_state, "Hard cases")
    spec = full_spec(app_state, hard)
    restored = FilterSpec.from_json(spec.to_json())  # as saved in settings
    assert restored == spec

    seen: list[FilterSpec] = []
    panel.filterChanged.connect(seen.append)
    qtbot.keyClicks(panel.name_edit, "typed just before")  # superseded by the restore
    panel.set_spec(restored)
    qtbot.wait(DEBOUNCE_MS * 2)  # a fixed wait on purpose: past the debounce, nothing may come
    assert seen == []  # the caller has the spec: no signal, not once per control either
    assert panel.spec() == spec
    # the controls show it
    assert panel.datasets.checked() == [app_state.datasets[0].id, app_state.datasets[1].id]
    assert panel.classes.toggle(class_id(app_state, "car_pred")).value() == INCLUDE
    assert panel.classes.toggle(class_id(app_state, "car")).value() == EXCLUDE
    assert panel.tags.conditions() == spec.tags
    assert (panel.annotated.value(), panel.labels.value()) == (1, (2, 7))
    assert panel.name_edit.text() == "night"
    assert panel.collections.toggle(hard).value() == EXCLUDE
    assert {n: c.check.isChecked() for n, c in ((n, panel.chips.chip(n)) for n in panel.chips.names())} == dict(
        spec.chips()
    )

    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as edited:  # edits go on from the restored spec
        panel.annotated.button(2).click()
    assert edited.args[0] == replace(spec, annotated=False)
    assert seen == [edited.args[0]]


def test_choices_follow_collection_changes_and_keep_selections(panel, app_state, qtbot, qloop):
    assert panel.collections.ids() == []
    first = new_collection(qloop, qtbot, app_state, "First")
    assert panel.collections.ids() == [first]
    panel.collections.toggle(first).button(INCLUDE).click()
    settle(qtbot, panel)

    second = new_collection(qloop, qtbot, app_state, "Second")
    assert panel.collections.ids() == [first, second]
    assert panel.collections.toggle(first).value() == INCLUDE  # kept across the rebuild
    assert panel.spec().in_collections == (first,)

    run(qloop, qtbot, app_state.api.collections.update(first, name="Renamed"))
    run(qloop, qtbot, app_state.refresh_collections())
    assert panel.chips.chip("in_collections").check.text() == "in: Renamed"

    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as gone:
        run(qloop, qtbot, app_state.api.collections.remove(first))
        run(qloop, qtbot, app_state.refresh_collections())
    assert gone.args[0].in_collections == ()  # a deleted collection cannot stay selected
    assert panel.collections.ids() == [second] and panel.chips.names() == []


def test_false_positive_preset_selects_prediction_without_truth(panel, app_state, qtbot):
    texts = [a.text() for a in panel.presets.preset_actions()]
    assert sorted(texts) == sorted(f"{c}_pred without {c}" for c in ("car", "person", "bicycle", "dog"))
    qtbot.keyClicks(panel.name_edit, "_")  # other filters stay
    dog, dog_pred = class_id(app_state, "dog"), class_id(app_state, "dog_pred")
    panel.classes.toggle(class_id(app_state, "car")).button(INCLUDE).click()  # replaced by the preset
    action = next(a for a in panel.presets.preset_actions() if a.text() == "dog_pred without dog")
    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as chosen:
        action.trigger()
    spec = chosen.args[0]
    assert (spec.classes_present, spec.classes_absent, spec.name_contains) == ((dog_pred,), (dog,), "_")
    assert panel.classes.toggle(dog_pred).value() == INCLUDE and panel.classes.toggle(dog).value() == EXCLUDE
    assert panel.classes.toggle(class_id(app_state, "car")).value() == ANY


def test_the_preset_finds_exactly_the_false_positives_on_the_server(panel, app_state, qtbot, qloop):
    action = next(a for a in panel.presets.preset_actions() if a.text() == "dog_pred without dog")
    with qtbot.waitSignal(panel.filterChanged, timeout=3000) as chosen:
        action.trigger()
    body = list_body(chosen.args[0], project_id=app_state.project.id)
    api = app_state.api
    page = run(
        qloop,
        qtbot,
        api.images.page(1, 500, project_id=app_state.project.id, filter=body["filter"], filters=body["filters"]),
    )
    assert page.total >= 1 and len(page.items) == page.total

    # What the annotations say, image by image, over the whole project.
    expected: set[int] = set()
    for ds in app_state.datasets:
        for ann in run(qloop, qtbot, api.annotations.list(ds.id)):
            titles = {o.class_title for o in ann.objects}
            if "dog_pred" in titles and "dog" not in titles:
                expected.add(ann.image_id)
    assert {img.id for img in page.items} == expected
    for img in page.items[:3]:  # and one by one through annotations.info
        titles = {o.class_title for o in run(qloop, qtbot, api.annotations.info(img.id)).objects}
        assert "dog_pred" in titles and "dog" not in titles


class RememberedFilter:
    """The filter memory of one project (the window keeps it in its settings)."""

    def __init__(self, project_id: int, spec: FilterSpec) -> None:
        self.project_id, self.spec = project_id, spec

    def load(self, project_id: int) -> FilterSpec:
        return self.spec if project_id == self.project_id else FilterSpec()

    def save(self, project_id: int, spec: FilterSpec) -> None:
        self.spec = spec


def test_a_panel_made_before_the_project_opens_fills_in_and_keeps_a_restored_filter(demo, qtbot, qloop, tmp_path):
    state = AppState(ApiClient(demo.url, demo.token), tmp_path / "outbox.sqlite")
    state.start()
    try:
        restored = FilterSpec(datasets=(demo.summary.dataset_ids[0],), name_contains="day")
        state.session.filter_memory = RememberedFilter(demo.summary.project_id, restored)
        panel = FilterPanel(state)
        qtbot.addWidget(panel)
        assert panel.datasets.checked() == [] and panel.classes.ids() == [] and panel.presets.preset_actions() == []
        assert panel.spec() == FilterSpec()
        run(qloop, qtbot, state.open_project(demo.summary.project_id))
        assert sorted(panel.classes.ids()) == sorted(c.id for c in state.meta.classes)
        assert len(panel.presets.preset_actions()) == 4
        assert panel.datasets.checked() == [demo.summary.dataset_ids[0]]
        assert panel.spec() == FilterSpec(datasets=(demo.summary.dataset_ids[0],), name_contains="day")
    finally:
        run(qloop, qtbot, state.close())
