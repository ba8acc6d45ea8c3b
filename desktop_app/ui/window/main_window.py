"""The main window composes the widgets; it holds none of their logic.

Left: datasets and collections. Center: gallery / table over one list and
one selection. Right: filters. Top: project chooser and the frequent
actions. Bottom: status (connection, pending edits, progress with Cancel)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QToolBar, QWidget

from desktop_app.config.paths import AppPaths
from desktop_app.config.profiles import ProfileStore
from desktop_app.domain.browse_scope import Scope
from desktop_app.qt.app_state import AppState
from desktop_app.qt.browse_controller import BrowseController
from desktop_app.qt.resources import app_icon
from desktop_app.qt.smart_counts import SmartCounts
from desktop_app.qt.window_settings import WindowSettings
from desktop_app.startup import Connection
from desktop_app.ui.browse.delete_actions import DeleteActions
from desktop_app.ui.browse.item_views import ItemViews
from desktop_app.ui.collections.collection_actions import CollectionActions
from desktop_app.ui.collections.collections_sidebar import CollectionsSidebar
from desktop_app.ui.collections.combine_actions import CombineActions
from desktop_app.ui.collections.drift_bar import DriftBar
from desktop_app.ui.collections.export_actions import ExportActions
from desktop_app.ui.collections.filter_edit_bar import FilterEditBar
from desktop_app.ui.collections.smart_collection_actions import SmartCollectionActions
from desktop_app.ui.collections.smart_filter_edit import SmartFilterEdit
from desktop_app.ui.collections.target_chooser import TargetChooser
from desktop_app.ui.common.actions import make_action
from desktop_app.ui.common.role_gate import RoleGate
from desktop_app.ui.connection.connection_dialog import ConnectionDialog
from desktop_app.ui.connection.project_chooser import ProjectChooser
from desktop_app.ui.evaluation.evaluation_actions import EvaluationActions
from desktop_app.ui.evaluation.objects_view import ObjectsView
from desktop_app.ui.evaluation.pr_actions import PrecisionRecallActions
from desktop_app.ui.filters.filter_panel import FilterPanel
from desktop_app.ui.queues.queue_actions import QueueActions
from desktop_app.ui.queues.queue_panel import QueuePanel, queue_view_spec
from desktop_app.ui.triage.triage_actions import TriageActions
from desktop_app.ui.viewer.viewer_opener import ViewerOpener
from desktop_app.ui.window.help_menu import HelpActions
from desktop_app.ui.window.layout_state import default_layout, keep_sane_docks
from desktop_app.ui.window.outbox_dialog import OutboxDialog
from desktop_app.ui.window.shortcuts_dialog import ShortcutsDialog
from desktop_app.ui.window.status_bar import AppStatusBar


class MainWindow(QMainWindow):
    connectionSwitchRequested = Signal(object)  # File → Connect chose a server that answered; app_lifetime switches

    def __init__(
        self,
        state: AppState,
        connection: Connection,
        paths: AppPaths,
        profiles: ProfileStore,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.connection = connection
        self.profiles = profiles
        self.settings = WindowSettings(paths.config_dir / "window.ini")
        self._server_key = "embedded" if connection.embedded else connection.address
        state.session.filter_memory = self.settings.filter_memory(self._server_key)
        self.setWindowTitle("Collections Desk")
        self.setWindowIcon(app_icon())
        self.setObjectName("MainWindow")

        self.browse = BrowseController(state, self)
        self.views = ItemViews(self.browse, self)
        self.viewer_opener = ViewerOpener(state, self.browse, self.views, self)  # double-click, Enter, Space
        self.sidebar = CollectionsSidebar(state, self)
        self.filters = FilterPanel(state, self)
        self.chooser = ProjectChooser(state, self)
        self.status = AppStatusBar(state, self)
        self.collection_actions = CollectionActions(
            state, self.browse.matching_ids, self.browse.selected_ids, lambda: state.session.scope, self
        )
        self.target_chooser = TargetChooser(state, self)  # Ctrl+T: any collection, not only the one shown
        self.help_actions = HelpActions(state, connection, self)
        self.delete_actions = DeleteActions(
            state,
            self.browse.selected_ids,
            lambda: state.session.scope,
            self.collection_actions.remove_from_collection,
            self.views,
            self,
            sidebar=self.sidebar,
            delete_collection=self.sidebar.delete_current,
        )
        self.queue_actions = QueueActions(state, self, self.sidebar.current_collection)
        self.evaluation_actions = EvaluationActions(state, self, lambda: self.browse.reload())
        self.queue_panel = QueuePanel(state, self.queue_actions, self)
        self.sidebar.add_collection_action(self.queue_actions.collection_action, self.queue_actions.create_queue)
        self.export_actions = ExportActions(state, self.settings, self, self.sidebar.current_collection)
        self.sidebar.add_collection_action(self.export_actions.collection_action, self.export_actions.export)
        self.triage_actions = TriageActions(state, self.browse, self.settings, self)  # Tools ▸ Triage mode…
        self.pr_actions = PrecisionRecallActions(state, self)  # Tools ▸ Evaluation… (precision/recall)
        self.objects_view = ObjectsView(state, self)  # crops of false positives, true positives, missed boxes
        self.objects_view.objectActivated.connect(self.viewer_opener.open_object)
        self.objects_view.triageRequested.connect(self.triage_actions.open_triage)
        self.combine_actions = CombineActions(state, self.sidebar.selected_collection_ids, self)
        self.sidebar.add_selection_action(self.combine_actions.combine_action)
        self.smart_actions = SmartCollectionActions(state, self)
        for smart_action in (self.smart_actions.freeze_action, self.smart_actions.reconcile_action):
            # they act on the collection shown, which the sidebar's menu makes current
            self.sidebar.add_collection_action(smart_action, lambda _collection: None)
        self.sidebar.add_bar(DriftBar(state, self.smart_actions.reconcile_action, self.sidebar))
        self.filter_edit = SmartFilterEdit(state, self, self.filters.spec)  # Edit filter… / Show its filter
        for edit_action in self.filter_edit.actions():
            self.sidebar.add_collection_action(edit_action, lambda _collection: None)
        self.filters.add_bar(FilterEditBar(self.filter_edit, self.filters))  # above the chips it saves
        self.smart_counts = SmartCounts(state, self)  # others' writes move smart collections too
        self.filters.presets.add_action(self.smart_actions.save_action)

        self.setCentralWidget(self.views)
        self.setStatusBar(self.status)
        self.status.set_connection(connection.label, connection.embedded)
        self._add_dock("Collections", "collectionsDock", self.sidebar, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("Filters", "filtersDock", self.filters, Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("Labeling queues", "queuesDock", self.queue_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        # the side docks run the full height; the Objects panel sits under the views only,
        # so opening it does not squeeze the collections and queues
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.objects_dock = self._add_dock("Objects", "objectsDock", self.objects_view, bottom)
        self.objects_dock.hide()  # Ctrl+3 (View ▸ Objects) shows it; a saved layout may too
        self.objects_dock.toggleViewAction().setShortcut("Ctrl+3")
        self.objects_dock.toggleViewAction().setProperty("category", "View")
        keep_sane_docks(self)
        self._build_actions()
        self.role_gate = RoleGate(self, self.managing_actions(), state.messageRaised.emit)
        self._wire()
        self._restore_view()

    # -- composition ------------------------------------------------------
    def _add_dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        self.connect_action = make_action(
            self, "Connect to server…", self._open_connection, shortcuts="Ctrl+Shift+K", category="File", icon="connect"
        )
        self.outbox_action = make_action(self, "Pending edits…", self._open_outbox, category="File", icon="outbox")
        self.quit_action = make_action(
            self, "Quit", self.close, shortcuts=QKeySequence.StandardKey.Quit, category="File", icon="quit"
        )
        self.shortcuts_action = make_action(
            self, "Keyboard shortcuts", self._open_shortcuts, shortcuts=["?", "F1"], category="Help", icon="keyboard"
        )
        self.refresh_action = make_action(
            self, "Refresh", self._refresh, shortcuts="F5", category="View", icon="refresh"
        )

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addActions([self.connect_action, self.outbox_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addActions(self.collection_actions.actions())
        edit_menu.addSeparator()
        edit_menu.addAction(self.delete_actions.delete_action)
        c = self.collection_actions
        self.views.set_context_actions(
            [c.add_action, c.new_from_items_action, c.add_to_target_action, c.remove_action, None]
            + [self.delete_actions.delete_action]
        )
        view_menu = menus.addMenu("&View")
        view_menu.addActions(self.views.actions() + self.viewer_opener.actions() + [self.refresh_action])
        view_menu.addSeparator()
        for dock in self.findChildren(QDockWidget):
            view_menu.addAction(dock.toggleViewAction())
        filter_menu = menus.addMenu("F&ilters")
        filter_menu.addMenu(self.filters.presets.menu_)  # the panel's Presets button, same entries
        filter_menu.addActions(self.filters.actions())
        collections_menu = menus.addMenu("&Collections")
        collections_menu.addActions(
            self.sidebar.actions() + self.target_chooser.actions() + self.combine_actions.actions()
        )
        collections_menu.addActions(self.export_actions.actions())
        collections_menu.addActions(self.sidebar.actions() + self.target_chooser.actions())
        collections_menu.addSeparator()
        collections_menu.addActions(self.smart_actions.actions() + self.filter_edit.actions())
        queues_menu = menus.addMenu("&Queues")
        queues_menu.addActions(self.queue_actions.actions())
        project_menu = menus.addMenu("&Project")
        project_menu.addActions(self.evaluation_actions.actions())
        tools_menu = menus.addMenu("&Tools")
        tools_menu.addActions(self.triage_actions.actions() + self.pr_actions.actions())
        tools_menu.addAction(self.objects_dock.toggleViewAction())
        help_menu = menus.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action] + self.help_actions.actions())

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addWidget(self.chooser)
        toolbar.addSeparator()
        toolbar.addActions(self.collection_actions.toolbar_actions())
        self.addToolBar(toolbar)

    def managing_actions(self) -> list[QAction]:
        """What only admins, managers and developers may do (server/permissions.py)."""
        c, s, q, d = self.collection_actions, self.sidebar, self.queue_actions, self.delete_actions
        return [
            c.add_action,
            c.new_from_items_action,
            c.add_all_action,
            c.add_to_target_action,
            c.remove_action,
            s.new_action,
            s.rename_action,
            s.describe_action,
            s.duplicate_action,
            s.delete_action,
            *self.smart_actions.actions(),
            self.filter_edit.edit_action,
            q.create_action,
            q.collection_action,
            q.move_action,
            q.edit_action,
            q.delete_queue_action,
            self.evaluation_actions.settings_action,
            self.triage_actions.triage_action,  # a verdict files into a collection
            d.delete_action,
            d.delete_key_action,
            self.combine_actions.combine_action,
        ]

    def all_actions(self) -> list[QAction]:
        seen: dict[int, QAction] = {}
        for action in (
            self.actions()
            + self.collection_actions.actions()
            + self.delete_actions.actions()
            + self.views.actions()
            + self.filters.actions()
            + self.sidebar.actions()
            + self.status.actions()
            + self.queue_actions.actions()
            + self.viewer_opener.actions()
            + self.target_chooser.actions()
            + self.evaluation_actions.actions()
            + self.triage_actions.actions()
            + self.pr_actions.actions()
            + [self.objects_dock.toggleViewAction()]
            + self.combine_actions.actions()
            + self.smart_actions.actions()
            + self.filter_edit.actions()
        ):
            seen.setdefault(id(action), action)
        return [a for a in seen.values() if a.text()]

    def _wire(self) -> None:
        # scope, filter and target need no wiring: the sidebar, the filters, the list and the
        # actions all read and write them in the session
        self.chooser.projectChosen.connect(self.open_project)
        self.sidebar.itemsDropped.connect(self.collection_actions.add_payload)
        self.queue_panel.statusViewRequested.connect(self.show_queue_items)
        self.views.viewOptionsChanged.connect(self._save_view)
        self.browse.sortChanged.connect(self._save_view)
        self.browse.countsChanged.connect(lambda _total, selected: self.delete_actions.set_selected_count(selected))
        self.delete_actions.itemsDeleted.connect(self._items_deleted)
        self.state.projectChanged.connect(self._project_changed)
        self.state.roleChanged.connect(self.role_gate.apply)

    # -- behaviour --------------------------------------------------------
    def start(self) -> None:
        """Connect, then open the last project (or the first one there is)."""
        self.state.start()
        self.state.run(self._start(), "Connecting")

    async def _start(self) -> None:
        user = await self.state.connect_user()
        self.status.set_connection(f"{user.login} @ {self.connection.label}", self.connection.embedded)
        project_id = self.settings.last_project(self._server_key)
        if project_id is None:
            project_id = await self._first_project()
        if project_id is not None:
            await self.state.open_project(project_id)

    async def _first_project(self) -> int | None:
        return await self.state.services.projects.first_project_id()

    def open_project(self, project_id: int) -> None:
        self.state.run(self.state.open_project(project_id), "Opening project", key="open-project")

    def _project_changed(self, project) -> None:
        if project is None:
            return
        self.settings.save_last_project(self._server_key, project.id)
        self.setWindowTitle(f"{project.name} — Collections Desk")

    def _items_deleted(self, gone: set[int]) -> None:
        """Deleted items leave the list (and the viewer); the counts are refreshed by the action."""
        self.viewer_opener.leave_deleted(gone)
        self.browse.clear_selection()
        self.browse.reload()

    def show_queue_items(self, status) -> None:
        """The queue panel asked to see a queue's items (QueueStatusFilter): all items of the
        project through the queue-status chip; the other chips are switched off, not lost."""
        self.state.session.show(Scope.all(), queue_view_spec(self.filters.spec(), status))  # one rebuild
        self.filters.set_spec(self.state.session.filter)  # an edit still in the panel is superseded

    def _refresh(self) -> None:
        self.state.run(self.state.refresh_collections(), key="refresh-collections")
        self.state.run(self.state.refresh_queues(), key="refresh-queues")
        self.views.gallery.forget_cached()  # F5 refetches thumbnails and boxes too, even if cached
        self.browse.reload()

    def _restore_view(self) -> None:
        geometry, docks = self.settings.geometry(), self.settings.dock_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            default_layout(self)
        if docks is not None:
            self.restoreState(docks)
        # read all first: applying one option saves all three
        mode, size, boxes = self.settings.view_mode(), self.settings.thumbnail_size(), self.settings.show_boxes()
        sort = self.settings.sort()
        if sort is not None and self.browse.columns_know(sort[0]):
            self.state.session.set_sort(sort)  # before the project opens: its first list is in this order
        self.views.set_view_mode(mode)
        self.views.set_thumbnail_size(size)
        self.views.set_show_boxes(boxes)

    def _save_view(self) -> None:
        self.settings.save_view(self.views.view_mode, self.views.thumbnail_size, self.views.show_boxes)
        self.settings.save_sort(self.state.session.sort)

    def _open_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self.all_actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _open_outbox(self) -> None:
        dialog = OutboxDialog(self.state, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _open_connection(self) -> None:
        dialog = ConnectionDialog(self.profiles, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connectionChosen.connect(self._connection_chosen)
        dialog.open()

    def _connection_chosen(self, choice) -> None:
        self.connectionSwitchRequested.emit(choice)  # a new AppState and window: app_lifetime builds them

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.viewer_opener.close_viewer():  # it asks about unsaved annotation changes first
            event.ignore()
            return
        self.settings.save_layout(self.saveGeometry(), self.saveState())
        self._save_view()
        self.settings.sync()
        super().closeEvent(event)
