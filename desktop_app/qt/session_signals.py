"""The session model's changes as Qt signals, for widgets to connect to.

One `changed(fields)` per change of the model (a frozenset of field names;
opening a project names them all), and before it one signal per field that
changed, carrying the field's new value."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop_app.domain.session import FIELDS, Session


class SessionSignals(QObject):
    projectChanged = Signal(object)  # Project | None
    datasetsChanged = Signal(list)  # list[Dataset]
    metaChanged = Signal(object)  # ProjectMeta | None
    collectionsChanged = Signal(list)  # list[Collection]
    queuesChanged = Signal(list)  # list[LabelingQueue]
    scopeChanged = Signal(object)  # Scope
    filterChanged = Signal(object)  # FilterSpec
    sortChanged = Signal(object)  # (sort key, descending) | None
    targetChanged = Signal(object)  # collection id | None
    selectionChanged = Signal(object)  # SelectionSummary
    changed = Signal(object)  # frozenset of the field names above, without "Changed"

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe = session.subscribe(self._relay)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def _relay(self, fields: frozenset[str]) -> None:
        for name in FIELDS:
            if name in fields:
                getattr(self, f"{name}Changed").emit(getattr(self.session, name))
        self.changed.emit(fields)
