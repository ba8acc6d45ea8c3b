"""The left side of the window: "All items", the datasets and the collections
of the open project, with item counts; selecting a row shows that scope.

Collections are edited from here (new, rename, edit description, duplicate,
delete with confirmation; each an undoable step through UndoRunner), take
dropped items (`itemsDropped`; the window's CollectionActions adds them), and
one of them can be the TARGET collection ("Add to target", key T). The
scope shown and the target are the session's: the sidebar writes them there
and follows them from there.

Shortcuts: New collection… Ctrl+Shift+N (window wide); Rename F2 only
while the sidebar has focus; Delete here deletes the collection through the
window's one Delete key (ui/browse/delete_actions.py). Ctrl+T chooses the
target from any collection (target_chooser.py); "Use as target collection"
here toggles the collection under the cursor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMenu, QToolButton, QVBoxLayout, QWidget
from superqt import QElidingLabel

from desktop_app.api.records import Collection
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.collections import CollectionsService
from desktop_app.qt.app_state import AppState
from desktop_app.qt.item_mime import ItemsPayload
from desktop_app.qt.resources import icon
from desktop_app.qt.sidebar_model import KindRole, ScopeRole, SidebarModel
from desktop_app.qt.undo import UndoRunner
from desktop_app.ui.collections.collection_dialogs import CollectionNameDialog, delete_confirmation, unique_copy_name
from desktop_app.ui.collections.sidebar_view import SidebarView
from desktop_app.ui.common.actions import make_action

CATEGORY = "Collections"


class CollectionsSidebar(QWidget):
    scopeSelected = Signal(object)  # Scope: the session's scope changed
    itemsDropped = Signal(int, object)  # collection id, ItemsPayload
    targetChanged = Signal(object)  # collection id or None: the session's target changed

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.session = state.session
        self.runner = UndoRunner.of(state)
        self.dialog: QDialog | None = None  # the dialog open right now (tests read it)
        self._rebuilding = False
        self._collection_actions: list[QAction] = []  # added by others (add_collection_action)
        self._selection_actions: list[QAction] = []  # added by others (add_selection_action)
        self._menu_collection: Collection | None = None  # the collection whose menu is open

        icons = {
            "all": icon("all-items"),
            "dataset": icon("dataset"),
            "collection": icon("collection"),
            "smart": icon("collection-smart"),
        }
        self.model = SidebarModel(state, icons, self)
        self.view = SidebarView(self._accepts, self)
        self.view.setModel(self.model)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.payloadDropped.connect(self.itemsDropped)

        self._build_actions()
        self._build_layout()

        state.datasetsChanged.connect(self._rebuild)
        state.collectionsChanged.connect(self._rebuild)
        state.signals.scopeChanged.connect(self._follow_scope)
        state.signals.targetChanged.connect(self._follow_target)
        state.itemsChanged.connect(self.model.forget_fetched_counts)
        self._rebuild()

    # -- public ----------------------------------------------------------------
    @property
    def scope(self) -> Scope:
        return self.session.scope

    def select_scope(self, scope: Scope) -> None:
        """Show `scope` (one just created and not listed yet is selected by the next rebuild);
        scopeSelected follows when it changes."""
        self.session.set_scope(scope)

    @property
    def target_collection_id(self) -> int | None:
        return self.session.target

    def set_target(self, collection_id: int | None) -> None:
        self.session.set_target(collection_id)

    def clear_target(self) -> None:
        self.set_target(None)

    def current_collection(self) -> Collection | None:
        return self.state.shown_collection()

    def selected_collection_ids(self) -> list[int]:
        """The collections selected (Ctrl/Shift+click), the current one first."""
        rows = [i for i in self.view.selectionModel().selectedIndexes() if i.data(KindRole) == "collection"]
        ids = [i.data(ScopeRole).id for i in sorted(rows, key=lambda i: i.row())]
        current = self.current_collection()
        if current is not None and current.id in ids:
            ids.remove(current.id)
            ids.insert(0, current.id)
        return ids

    def add_selection_action(self, action: QAction) -> None:
        """Show `action` in every collection's context menu; it acts on the selected collections."""
        self._selection_actions.append(action)

    def add_collection_action(self, action: QAction, slot: Callable[[Collection], None]) -> None:
        """Show `action` in a collection's context menu (e.g. "Create labeling queue…");
        triggering it there calls `slot(collection)` with the collection under the cursor."""
        self._collection_actions.append(action)
        action.triggered.connect(lambda *_: self._run_for_menu_collection(slot))

    def add_bar(self, bar: QWidget) -> None:
        """A line under the tree about the collection shown (e.g. its drift from its filter)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, bar)

    def _run_for_menu_collection(self, slot: Callable[[Collection], None]) -> None:
        if self._menu_collection is not None:
            slot(self._menu_collection)

    # -- building ----------------------------------------------------------------
    def _build_actions(self) -> None:
        action = partial(make_action, self, category=CATEGORY)
        sidebar_only = Qt.ShortcutContext.WidgetWithChildrenShortcut  # F2 means other things elsewhere
        self.new_action = action(
            "New collection…",
            self.new_collection,
            shortcuts="Ctrl+Shift+N",
            tip="Create an empty collection in this project",
            icon="collection-new",
        )
        self.rename_action = action("Rename collection…", self.rename_current, shortcuts="F2", context=sidebar_only)
        self.describe_action = action("Edit collection description…", self.describe_current)
        self.duplicate_action = action(
            "Duplicate collection…", self.duplicate_current, tip="Copy the collection (its item list) under a new name"
        )
        self.delete_action = action(
            "Delete collection…",
            self.delete_current,
            tip="Delete the collection; its items stay in their datasets",
            icon="delete",
        )
        self.target_action = action(
            "Use as target collection",
            self.toggle_target,
            tip="T adds the selected items to the target collection",
            checkable=True,
            icon="target",
        )
        self._update_actions()

    def _build_layout(self) -> None:
        self.new_button = QToolButton(self)
        self.new_button.setDefaultAction(self.new_action)
        self.new_button.setText("New collection")
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_button.setAutoRaise(True)

        # eliding: a long name must not widen the sidebar (and push the gallery aside)
        self.target_label = QElidingLabel(self)
        self.clear_target_button = QToolButton(self)
        self.clear_target_button.setText("✕")
        self.clear_target_button.setAutoRaise(True)
        self.clear_target_button.setToolTip("Stop using a target collection")
        self.clear_target_button.clicked.connect(self.clear_target)
        target_row = QHBoxLayout()
        target_row.setContentsMargins(8, 0, 2, 0)
        target_row.addWidget(self.target_label, 1)
        target_row.addWidget(self.clear_target_button)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(2, 0, 2, 2)
        bottom.addWidget(self.new_button)
        bottom.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addLayout(target_row)
        layout.addLayout(bottom)
        self._show_target()

    def _show_target(self) -> None:
        target = self.session.collection(self.session.target)
        visible = target is not None
        self.target_label.setVisible(visible)
        self.clear_target_button.setVisible(visible)
        if target is not None:
            self.target_label.setText(f"T adds to “{target.name}”")
            self.target_label.setToolTip(f"Press T to add the selected items to “{target.name}”")

    def _rebuild(self, *_: object) -> None:
        """Rebuild the rows (the session has already dropped a scope or target that is gone)."""
        with self._quietly():
            self.model.rebuild()
            self.view.expandAll()
            self.model.set_target(self.session.target)
        self._show_current()
        self._show_target()
        self._update_actions()

    def _show_current(self) -> None:
        """Make the session's scope the current row, quietly (it is already the session's)."""
        with self._quietly():
            index = self.model.index_of(self.session.scope)
            if index.isValid():
                if index != self.view.currentIndex():  # already current: keep a selection of several
                    self.view.setCurrentIndex(index)
            else:
                self.view.clearSelection()  # not listed yet (just created)

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Current-row changes made here follow the session; they do not set it."""
        self._rebuilding = True
        try:
            yield
        finally:
            self._rebuilding = False

    def _follow_scope(self, scope: Scope) -> None:
        self._show_current()
        self._update_actions()
        self.scopeSelected.emit(scope)

    def _follow_target(self, collection_id: int | None) -> None:
        self.model.set_target(collection_id)
        self._show_target()
        self._update_actions()
        self.targetChanged.emit(collection_id)

    # -- selection ---------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        scope = current.data(ScopeRole)
        if scope is None or self._rebuilding:
            return
        self._update_actions_for(scope)
        self.session.set_scope(scope)

    def _update_actions(self) -> None:
        self._update_actions_for(self.session.scope)

    def _update_actions_for(self, scope: Scope) -> None:
        on_collection = scope.kind == "collection" and self.state.collection(scope.id) is not None
        for a in (
            self.rename_action,
            self.describe_action,
            self.duplicate_action,
            self.delete_action,
            self.target_action,
        ):
            a.setEnabled(on_collection)
        self.target_action.setChecked(on_collection and scope.id == self.session.target)
        self.new_action.setEnabled(self.state.project is not None)

    def _accepts(self, payload: ItemsPayload) -> bool:
        """Only items of the open project (refuse a drag from another window's project)."""
        return self.state.project is not None and payload.project_id == self.state.project.id

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.menu_at(pos)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def menu_at(self, pos: QPoint) -> QMenu:
        """The right-click menu of the row at `pos` (which becomes the current one), not shown yet."""
        index = self.view.indexAt(pos)
        menu = QMenu(self)
        if index.data(KindRole) == "collection":
            selection = self.view.selectionModel()
            if selection.isSelected(index):  # keep a selection of several; the clicked one is current
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                self.view.setCurrentIndex(index)
            scope = index.data(ScopeRole)
            self._menu_collection = self.state.collection(scope.id) if scope is not None else None
            menu.addActions([self.rename_action, self.describe_action, self.duplicate_action])
            menu.addSeparator()
            menu.addAction(self.target_action)
            menu.addSeparator()
            if self._collection_actions or self._selection_actions:
                menu.addActions(self._collection_actions + self._selection_actions)
                menu.addSeparator()
            menu.addAction(self.delete_action)
            menu.addSeparator()
        menu.addAction(self.new_action)
        return menu

    # -- editing -----------------------------------------------------------------
    def toggle_target(self) -> None:
        collection = self.current_collection()
        if collection is None:
            return
        self.set_target(None if self.session.target == collection.id else collection.id)

    def new_collection(self) -> None:
        if self.state.service is None:
            return
        dialog = CollectionNameDialog(self.state.collections, title="New collection", ok_text="Create", parent=self)
        dialog.submitted.connect(self._create)
        self._open(dialog)

    def _create(self, name: str, description: str) -> None:
        service = self._service()
        self.runner.execute(
            lambda _: service.create(name, description), label="Creating collection", on_done=self._select_created
        )

    def _select_created(self, command) -> None:
        if command is not None and command.ref.id is not None:
            self.select_scope(Scope.collection(command.ref.id))

    def rename_current(self) -> None:
        collection = self.current_collection()
        if collection is None:
            return
        dialog = CollectionNameDialog(
            self.state.collections,
            title="Rename collection",
            ok_text="Rename",
            name=collection.name,
            except_id=collection.id,
            ask_description=False,
            parent=self,
        )
        dialog.submitted.connect(lambda name, _: self._rename(collection, name))
        self._open(dialog)

    def _rename(self, collection: Collection, name: str) -> None:
        if name == collection.name:
            return
        service = self._service()
        self.runner.execute(lambda _: service.rename(collection, name), label="Renaming collection")

    def describe_current(self) -> None:
        collection = self.current_collection()
        if collection is None:
            return
        dialog = CollectionNameDialog(
            self.state.collections,
            title="Edit description",
            ok_text="Save",
            intro=f"Description of “{collection.name}”:",
            description=collection.description,
            ask_name=False,
            parent=self,
        )
        dialog.submitted.connect(lambda _, text: self._describe(collection, text))
        self._open(dialog)

    def _describe(self, collection: Collection, text: str) -> None:
        if text == collection.description:
            return
        service = self._service()
        self.runner.execute(lambda _: service.describe(collection, text), label="Saving description")

    def duplicate_current(self) -> None:
        collection = self.current_collection()
        if collection is None:
            return
        dialog = CollectionNameDialog(
            self.state.collections,
            title="Duplicate collection",
            ok_text="Duplicate",
            intro=f"A new collection with the items of “{collection.name}”.",
            name=unique_copy_name(collection.name, self.state.collections),
            description=collection.description,
            parent=self,
        )
        dialog.submitted.connect(lambda name, text: self._duplicate(collection, name, text))
        self._open(dialog)

    def _duplicate(self, collection: Collection, name: str, description: str) -> None:
        service = self._service()

        async def build(progress):
            command = await service.duplicate(collection, name)
            command.description = description  # the dialog let the user change it
            return command

        self.runner.execute(build, label="Duplicating collection", on_done=self._select_created)

    def delete_current(self) -> None:
        collection = self.current_collection()
        if collection is None:
            return
        dialog = delete_confirmation(collection, self)
        dialog.confirmed.connect(lambda: self._delete(collection))
        self._open(dialog)

    def _delete(self, collection: Collection) -> None:
        service = self._service()
        self.runner.execute(lambda _: service.delete(collection), label="Deleting collection")

    def _service(self) -> CollectionsService:
        service = self.state.service
        assert service is not None  # set when a project opens, never unset; collections exist only then
        return service

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
