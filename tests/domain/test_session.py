"""The session model without Qt: one setter per field, validation, one change
event per change (opening a project is one event), the filter remembered per
project, and a scope or target that names something gone falls back."""

from __future__ import annotations

import pytest

from desktop_app.api.records import Collection, Dataset, Project
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.domain.session import FIELDS, SelectionSummary, Session


class DictMemory:
    def __init__(self) -> None:
        self.specs: dict[int, FilterSpec] = {}

    def load(self, project_id: int) -> FilterSpec:
        return self.specs.get(project_id, FilterSpec())

    def save(self, project_id: int, spec: FilterSpec) -> None:
        self.specs[project_id] = spec


def opened(memory: DictMemory | None = None) -> tuple[Session, list[frozenset[str]]]:
    session = Session(memory)
    session.open_project(Project(1, "street"), [Dataset(10, "day"), Dataset(11, "night")], None)
    session.set_collections([Collection(5, "hard"), Collection(6, "Easy")])
    events: list[frozenset[str]] = []
    session.subscribe(events.append)
    return session, events


def test_opening_a_project_is_one_event_naming_every_field():
    session = Session()
    events: list[frozenset[str]] = []
    session.subscribe(events.append)
    session.open_project(Project(1, "street"), [Dataset(10, "day")], None)
    assert events == [frozenset(FIELDS)]
    assert session.project_id == 1 and session.dataset_name(10) == "day" and session.dataset_name(99) == ""


def test_opening_a_project_starts_over_but_restores_its_filter_and_keeps_the_sort():
    memory = DictMemory()
    session, _ = opened(memory)
    session.set_scope(Scope.collection(5))
    session.set_target(5)
    session.set_sort(("name", True))
    session.set_selection(SelectionSummary(total=10, selected=2))
    session.set_filter(FilterSpec(name_contains="night"))
    assert memory.specs == {1: FilterSpec(name_contains="night")}

    session.open_project(Project(2, "other"), [], None)
    assert (session.scope, session.target, session.sort) == (Scope.all(), None, ("name", True))
    assert session.selection == SelectionSummary() and session.collections == []
    assert session.filter == FilterSpec()
    session.open_project(Project(1, "street"), [], None)
    assert session.filter == FilterSpec(name_contains="night")


def test_each_setter_emits_its_field_once_and_only_on_a_change():
    session, events = opened()
    assert session.set_scope(Scope.dataset(10)) is True
    assert session.set_scope(Scope.dataset(10)) is False
    assert session.set_filter(FilterSpec(labels_min=2)) is True
    assert session.set_filter(FilterSpec(labels_min=2)) is False
    assert session.set_sort(("name", False)) is True
    assert session.set_sort(("name", False)) is False
    assert session.set_target(6) is True
    assert session.set_target(6) is False
    assert session.set_selection(SelectionSummary(total=3, selected=1)) is True
    assert session.set_selection(SelectionSummary(total=3, selected=1)) is False
    assert events == [frozenset({name}) for name in ("scope", "filter", "sort", "target", "selection")]


def test_project_data_setters_always_emit():
    session, events = opened()
    session.set_collections(session.collections)
    session.set_queues([])
    session.set_meta(None)
    session.set_datasets(session.datasets)
    assert events == [frozenset({"collections"}), frozenset({"queues"}), frozenset({"meta"}), frozenset({"datasets"})]


def test_collections_are_sorted_by_name_ignoring_case():
    session, _ = opened()
    assert [c.name for c in session.collections] == ["Easy", "hard"]
    assert session.collection(5).name == "hard" and session.collection(7) is None


def test_setters_refuse_what_is_not_valid_and_change_nothing():
    session, events = opened()
    with pytest.raises(ValueError):
        session.set_target(99)  # not a collection of the project
    with pytest.raises(TypeError):
        session.set_scope("all")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        session.set_filter({"name_contains": "x"})  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        session.set_sort(("", True))
    with pytest.raises(ValueError):
        SelectionSummary(total=-1)
    assert events == [] and session.target is None and session.scope == Scope.all()


def test_a_deleted_collection_stops_being_shown_and_being_the_target():
    session, events = opened()
    session.set_scope(Scope.collection(5))
    session.set_target(5)
    events.clear()
    session.set_collections([Collection(6, "Easy")])
    assert session.scope == Scope.all() and session.target is None
    assert events == [frozenset({"collections", "scope", "target"})]


def test_a_just_created_collection_can_be_shown_before_it_is_listed():
    session, _ = opened()
    session.set_scope(Scope.collection(7))
    session.set_collections([Collection(5, "hard"), Collection(7, "new")])
    assert session.scope == Scope.collection(7)


def test_a_deleted_dataset_stops_being_shown():
    session, events = opened()
    session.set_scope(Scope.dataset(11))
    events.clear()
    session.set_datasets([Dataset(10, "day")])
    assert session.scope == Scope.all() and events == [frozenset({"datasets", "scope"})]


def test_unsubscribe_stops_the_events():
    session, events = opened()
    more: list[frozenset[str]] = []
    stop = session.subscribe(more.append)
    session.set_scope(Scope.dataset(10))
    stop()
    stop()  # twice is harmless
    session.set_scope(Scope.all())
    assert len(events) == 2 and len(more) == 1


def test_a_listener_may_set_another_field_and_everyone_sees_both_changes():
    session, events = opened()
    session.subscribe(lambda fields: session.set_selection(SelectionSummary()) if "scope" in fields else None)
    session.set_selection(SelectionSummary(total=5, selected=5, all_matching=True))
    session.set_scope(Scope.dataset(10))
    assert session.selection == SelectionSummary()
    assert events == [frozenset({"selection"}), frozenset({"scope"}), frozenset({"selection"})]


def test_show_changes_scope_and_filter_in_one_event():
    memory = DictMemory()
    session, events = opened(memory)
    spec = FilterSpec(labels_min=1)
    assert session.show(Scope.dataset(10), spec) is True
    assert (session.scope, session.filter, memory.specs) == (Scope.dataset(10), spec, {1: spec})
    assert session.show(Scope.all(), spec) is True
    assert session.show(Scope.all(), spec) is False
    with pytest.raises(TypeError):
        session.show(Scope.all(), None)  # type: ignore[arg-type]
    assert events == [frozenset({"scope", "filter"}), frozenset({"scope"})]
