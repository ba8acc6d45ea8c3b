"""Team / workspace / project, three compact combos for the toolbar.

Lists load in the background ("latest wins": picking another team while
workspaces load cancels the old load). `projectChosen(id)` is emitted only
when the user picks a project; `select_project(id)` (restoring the last
project) and a project opened elsewhere (AppState.projectChanged) only move
the combos to it, they do not emit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from desktop_app.api.errors import NotFound
from desktop_app.api.records import Project
from desktop_app.qt.app_state import AppState, plain_error
from desktop_app.qt.resources import icon
from desktop_app.qt.style import error_text_style
from desktop_app.qt.tasks import TaskScope

IdRole = Qt.ItemDataRole.UserRole
TypeRole = Qt.ItemDataRole.UserRole + 1  # the project's type ("images", "videos", "point_clouds")
CHAIN = "chain"  # the one running load; a new one replaces it
TYPE_WORDS = {"images": "Images", "videos": "Videos", "point_clouds": "Point clouds"}


def type_word(project_type: str) -> str:
    return TYPE_WORDS.get(project_type, project_type.replace("_", " ").capitalize())


def type_icon(project_type: str) -> QIcon:
    """Each project type has its own icon in the project list (images, videos, point clouds)."""
    if project_type == "videos":
        return icon("type-video")
    if project_type == "point_clouds":
        return icon("type-point-cloud")
    return icon("type-image")


def project_label(project: Project) -> str:
    return f"{project.name} ({project.items_count:,})" if project.items_count is not None else project.name


def project_tooltip(project: Project) -> str:
    parts = []
    if project.items_count is not None:
        parts.append(f"{project.items_count:,} items")
    if project.datasets_count is not None:
        parts.append(f"{project.datasets_count:,} datasets")
    parts.append(type_word(project.type))
    return f"{project.name}\n" + " · ".join(parts) + (f"\n{project.description}" if project.description else "")


class ProjectChooser(QWidget):
    projectChosen = Signal(int)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.scope = TaskScope(self)
        self.team_combo = self._combo("Team", 10)
        self.workspace_combo = self._combo("Workspace", 12)
        self.project_combo = self._combo("Project", 18)
        self.status = QLabel(self)
        self.status.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.status.setMaximumWidth(260)
        self.retry_button = QToolButton(self)
        self.retry_button.setText("Retry")
        self.retry_button.setToolTip("Load the lists again")
        self.retry_button.clicked.connect(self.reload)
        self._status("")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for i, combo in enumerate((self.team_combo, self.workspace_combo, self.project_combo)):
            if i:
                layout.addWidget(QLabel("›", self))
            layout.addWidget(combo)
        layout.addWidget(self.status)
        layout.addWidget(self.retry_button)

        self.team_combo.activated.connect(
            lambda _i: self._start(lambda: self._from_team(self._current(self.team_combo)))
        )
        self.workspace_combo.activated.connect(
            lambda _i: self._start(lambda: self._fill_projects(self._current(self.workspace_combo), None))
        )
        self.project_combo.activated.connect(self._project_activated)
        state.projectChanged.connect(self._follow_state)
        self.reload()

    # -- public ----------------------------------------------------------------
    def select_project(self, project_id: int) -> asyncio.Task | None:
        """Show this project (and its team and workspace) in the combos, e.g. the last
        one used. Does not emit projectChosen."""
        return self._start(lambda: self._restore(project_id))

    def reload(self) -> asyncio.Task | None:
        """Load everything again, keeping the open project (if any) in view."""
        project = self.state.project
        if project is not None:
            return self.select_project(project.id)
        return self._start(lambda: self._from_team(None, top=True))

    def current_project_id(self) -> int | None:
        return self._current(self.project_combo)

    @property
    def loading(self) -> bool:
        return self.scope.running(CHAIN)

    # -- the loading chains ----------------------------------------------------
    def _start(self, make: Callable[[], Awaitable[Any]]) -> asyncio.Task | None:
        # A factory, not a coroutine: a chain replaced before it starts leaves nothing un-awaited.
        async def guarded() -> None:
            self._status("")  # the combos say "Loading…" themselves
            try:
                await make()
            except asyncio.CancelledError:
                raise
            except LookupError as exc:
                self._status(str(exc), error=True)
                return
            except Exception as exc:  # shown here in words, with Retry
                self._status(plain_error(exc), error=True)
                return
            self._status("")

        return self.scope.start(guarded(), key=CHAIN)

    async def _restore(self, project_id: int) -> None:
        try:
            project = await self.state.services.projects.project(project_id)
        except NotFound:
            raise LookupError(
                f"Project {project_id} was not found: it may have been deleted, or you may not have access to it."
            ) from None
        team_id = project.team_id
        if team_id is None and project.workspace_id is not None:
            team_id = await self.state.services.projects.team_of_workspace(project.workspace_id)
        await self._fill(self.team_combo, self.state.services.projects.teams(), team_id, "No teams")
        await self._fill_workspaces(team_id, project.workspace_id)
        await self._fill_projects(project.workspace_id, project.id)

    async def _from_team(self, team_id: int | None, *, top: bool = False) -> None:
        if top:
            team_id = await self._fill(self.team_combo, self.state.services.projects.teams(), team_id, "No teams")
        workspace_id = await self._fill_workspaces(team_id, None)
        await self._fill_projects(workspace_id, None)

    async def _fill_workspaces(self, team_id: int | None, select: int | None) -> int | None:
        self._reset(self.project_combo, "")
        if team_id is None:
            self._reset(self.workspace_combo, "No workspaces")
            return None
        return await self._fill(
            self.workspace_combo, self.state.services.projects.workspaces(team_id), select, "No workspaces"
        )

    async def _fill_projects(self, workspace_id: int | None, select: int | None) -> int | None:
        if workspace_id is None:
            self._reset(self.project_combo, "No projects")
            return None
        select = select if select is not None else self._open_project_id()
        return await self._fill(
            self.project_combo,
            self.state.services.projects.projects(workspace_id),
            select,
            "No projects here",
            first_by_default=False,
        )

    async def _fill(
        self,
        combo: QComboBox,
        loading: Awaitable[Sequence[Any]],
        select: int | None,
        empty_text: str,
        *,
        first_by_default: bool = True,
    ) -> int | None:
        """Fill a combo from a listing; returns the id now current (None when none)."""
        self._reset(combo, "Loading…")
        entities = await loading
        combo.clear()
        for entity in entities:
            if isinstance(entity, Project):
                combo.addItem(type_icon(entity.type), project_label(entity), entity.id)
                combo.setItemData(combo.count() - 1, project_tooltip(entity), Qt.ItemDataRole.ToolTipRole)
                combo.setItemData(combo.count() - 1, entity.type, TypeRole)
            else:
                combo.addItem(entity.name, entity.id)
        combo.setEnabled(bool(entities))
        index = combo.findData(select) if select is not None else -1
        if index < 0 and first_by_default and entities:
            index = 0
        combo.setCurrentIndex(index)
        combo.setPlaceholderText(empty_text if not entities else f"Choose a {combo.objectName().lower()}…")
        self._sync_tooltip(combo)
        return self._current(combo)

    # -- helpers ---------------------------------------------------------------
    def _combo(self, name: str, chars: int) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        combo.setEnabled(False)
        combo.setPlaceholderText("Loading…")
        combo.currentIndexChanged.connect(lambda _i, c=combo: self._sync_tooltip(c))
        return combo

    def _reset(self, combo: QComboBox, placeholder: str) -> None:
        combo.clear()
        combo.setPlaceholderText(placeholder)
        combo.setEnabled(False)
        self._sync_tooltip(combo)

    def _sync_tooltip(self, combo: QComboBox) -> None:
        tip = combo.currentData(Qt.ItemDataRole.ToolTipRole) or combo.currentText()
        combo.setToolTip(tip or combo.objectName())

    @staticmethod
    def _current(combo: QComboBox) -> int | None:
        value = combo.currentData(IdRole)
        return int(value) if value is not None else None

    def _open_project_id(self) -> int | None:
        return self.state.project.id if self.state.project is not None else None

    def _status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(self.status.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 250))
        self.status.setToolTip(text)
        self.status.setStyleSheet(error_text_style(self.palette()) if error else "")
        self.status.setVisible(bool(text))
        self.retry_button.setVisible(error)

    def _project_activated(self, _index: int) -> None:
        project_id = self._current(self.project_combo)
        if project_id is not None:
            self.projectChosen.emit(project_id)

    def _follow_state(self, project: Project | None) -> None:
        if project is not None and project.id != self.current_project_id():
            self.select_project(project.id)
