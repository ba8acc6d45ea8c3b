"""Seeing and changing a collection's stored filter in the window
(docs/smart-collections-api.md, domain/stored_filter.py):

- "Edit filter…" (a smart collection's context menu, Collections menu): the
  whole project is listed with the collection's filter in the filter panel's
  chips; the edit bar (filter_edit_bar.py) then offers Update “X”, which sends
  the panel's filter as one undo step (Undo puts the old filter back), and
  Cancel, which puts back the scope and filter shown before and changes nothing.
  Opening another scope meanwhile drops the edit (nothing is sent) and puts
  back the filter shown before.
- "Show its filter" (a static collection made from a filter): lists what its
  remembered filter and scope match now, so a curator sees what it was made from.

A stored filter with a part no chip shows is refused in words naming that part,
and the view stays as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop_app.api.records import Collection
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.domain.stored_filter import CannotShow, spec_from_stored, view_from_source
from desktop_app.qt.app_state import AppState
from desktop_app.qt.undo import UndoRunner, items_text, quoted
from desktop_app.ui.collections.shown_collection import ShownCollectionActions

CATEGORY = "Collections"


class Before(NamedTuple):
    """What the window showed before Edit filter… (Cancel puts it back)."""

    scope: Scope
    spec: FilterSpec


class SmartFilterEdit(ShownCollectionActions):
    editingChanged = Signal(object)  # the smart collection whose filter is being edited, or None

    def __init__(
        self, state: AppState, parent_widget: QWidget, panel_spec: Callable[[], FilterSpec] | None = None
    ) -> None:
        super().__init__(parent_widget, CATEGORY)
        self.state = state
        # the filter panel's chips, also an edit still waiting for its debounce (Update right after typing)
        self._panel_spec = panel_spec or (lambda: state.session.filter)
        self.runner = UndoRunner.of(state)
        self.editing: Collection | None = None
        self._before: Before | None = None
        self.edit_action = self._action(
            "Edit filter…",
            lambda: self._with_current(self.edit),
            tip="Show the smart collection's filter in the filter panel, change its chips, then Update",
        )
        self.show_action = self._action(
            "Show its filter",
            lambda: self._with_current(self.show_source),
            tip="List what the filter this collection was made from matches now, in the filter panel",
        )
        state.signals.scopeChanged.connect(self._scope_changed)
        state.collectionsChanged.connect(self._collections_changed)
        state.projectChanged.connect(lambda *_: self._stop())
        self._update()

    def actions(self) -> list[QAction]:
        return [self.edit_action, self.show_action]

    def _update(self, *_: object) -> None:
        current = self.current()
        self.edit_action.setEnabled(current is not None and current.is_smart)
        self.show_action.setEnabled(current is not None and current.remembers_filter)

    def _read(self, collection: Collection, then) -> None:
        """Read what `collection` stores now (the sidebar's copy has no filter), then `then(options)`."""
        smart = self._smart()
        if smart is None:
            return

        async def read(_progress) -> dict[str, Any] | None:
            try:
                return await smart.stored(collection)
            except ValueError as exc:  # offline: OFFLINE's words
                self.state.errorRaised.emit(str(exc))
                return None

        def done(options: dict[str, Any] | None) -> None:
            if options is not None:
                then(options)

        self.state.run(read, "Reading its filter", on_done=done)

    def _cannot_show(self, collection: Collection, exc: CannotShow) -> None:
        self.state.errorRaised.emit(
            f"The filter panel cannot show {exc.part}, which the filter of {quoted(collection.name)} holds; "
            "nothing was changed."
        )

    # -- edit -------------------------------------------------------------------
    def edit(self, collection: Collection) -> None:
        if not collection.is_smart:
            return
        self._read(collection, lambda options: self._start(collection, options))

    def _start(self, collection: Collection, options: dict[str, Any]) -> None:
        try:
            spec = spec_from_stored(options)
        except CannotShow as exc:
            self._cannot_show(collection, exc)
            return
        session = self.state.session
        before = Before(session.scope, session.filter)
        self.editing, self._before = None, None  # the scope change below must not end this edit
        session.show(Scope.all(), spec)
        self.editing, self._before = collection, before
        self.editingChanged.emit(collection)

    def update_filter(self) -> None:
        """Update: the panel's filter becomes the collection's (one undo step)."""
        smart, items, collection = self._smart(), self.state.service, self.editing
        if smart is None or items is None or collection is None:
            return
        spec = self._panel_spec()

        def done(command) -> None:
            if command is None or self.editing is not collection:
                return  # refused (shown): still editing, so the chip can be fixed
            self.cancel()
            found = self.state.collection(collection.id)
            count = f" It holds {items_text(found.items_count)} now." if found and found.items_count is not None else ""
            self.state.messageRaised.emit(f"Updated the filter of {quoted(collection.name)}.{count}")

        self.runner.execute(
            lambda _: smart.edit_filter(items, collection, spec), label="Updating smart collection", on_done=done
        )

    def cancel(self) -> None:
        """Leave the edit: the scope and filter shown before come back; the server is not asked."""
        before = self._before
        self._stop()
        if before is not None:
            self.state.session.show(before.scope, before.spec)

    def _stop(self) -> None:
        if self.editing is None and self._before is None:
            return
        self.editing, self._before = None, None
        self.editingChanged.emit(None)

    def _scope_changed(self, *_: object) -> None:
        self._update()
        before = self._before
        if self.editing is not None and before is not None and self.state.session.scope != Scope.all():
            name = quoted(self.editing.name)
            self._stop()  # another scope was opened: the edit is dropped with its chips
            self.state.session.set_filter(before.spec)
            self.state.messageRaised.emit(f"Stopped editing the filter of {name}; it was not changed.")

    def _collections_changed(self, *_: object) -> None:
        self._update()
        if self.editing is not None and self.state.collection(self.editing.id) is None:
            self._stop()  # deleted meanwhile

    # -- show a remembered filter -------------------------------------------------
    def show_source(self, collection: Collection) -> None:
        if not collection.remembers_filter:
            return
        self._read(collection, lambda options: self._show(collection, options))

    def _show(self, collection: Collection, options: dict[str, Any]) -> None:
        try:
            scope, spec = view_from_source(options.get("sourceFilters") or {}, self.state.session.datasets)
        except CannotShow as exc:
            self._cannot_show(collection, exc)
            return
        self.state.session.show(scope, spec)
        self.state.messageRaised.emit(f"Showing what the filter {quoted(collection.name)} was made from matches now.")
