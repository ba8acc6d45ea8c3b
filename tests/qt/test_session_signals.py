"""The session's changes as Qt signals: one per field that changed, carrying
its value, then `changed` with all the names; nothing once the adapter is gone."""

from __future__ import annotations

from desktop_app.api.records import Collection, Dataset, Project
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.domain.session import FIELDS, Session
from desktop_app.qt.session_signals import SessionSignals


def record(signals: SessionSignals) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    for name in FIELDS:
        getattr(signals, f"{name}Changed").connect(lambda value, name=name: seen.append((name, value)))
    signals.changed.connect(lambda fields: seen.append(("changed", fields)))
    return seen


def test_each_field_that_changed_is_signalled_with_its_value_then_changed(qtbot):
    session = Session()
    signals = SessionSignals(session)
    seen = record(signals)
    project = Project(1, "street")
    session.open_project(project, [Dataset(10, "day")], None)
    assert [name for name, _ in seen] == [*FIELDS, "changed"]
    assert seen[0] == ("project", project) and seen[-1] == ("changed", frozenset(FIELDS))

    seen.clear()
    session.set_collections([Collection(5, "hard")])
    session.set_scope(Scope.collection(5))
    session.set_filter(FilterSpec(labels_min=1))
    session.set_collections([])  # the collection shown is deleted
    assert seen == [
        ("collections", [Collection(5, "hard")]),
        ("changed", frozenset({"collections"})),
        ("scope", Scope.collection(5)),
        ("changed", frozenset({"scope"})),
        ("filter", FilterSpec(labels_min=1)),
        ("changed", frozenset({"filter"})),
        ("collections", []),
        ("scope", Scope.all()),
        ("changed", frozenset({"collections", "scope"})),
    ]


def test_a_deleted_adapter_stops_listening(qtbot):
    session = Session()
    signals = SessionSignals(session)
    with qtbot.waitSignal(signals.destroyed, timeout=2000):
        signals.deleteLater()
    # still subscribed, this would emit on a deleted object (RuntimeError)
    session.open_project(Project(1, "street"), [], None)
