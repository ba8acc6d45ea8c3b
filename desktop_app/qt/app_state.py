"""What every widget of the window binds to: the session (the open project
and what the user looks at, `session`, with its changes as Qt signals in
`signals`), the services that make the network calls (`services`), the
outbox of pending edits, the undo stack, and long work with its progress.

Widgets read the session and listen to the signals; they never talk HTTP
themselves but call a service. Work is started with `run()` (the TaskRunner
of qt/task_runner.py), which shows progress in the status bar, turns errors
into plain words (`errorRaised`) and never blocks."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop_app.api.annotation_records import ProjectMeta
from desktop_app.api.client import ApiClient
from desktop_app.api.records import Collection, Dataset, LabelingQueue, Project, User
from desktop_app.domain.annotation_save import AnnotationSaver
from desktop_app.domain.collection_backend import ApiCollectionsBackend
from desktop_app.domain.collections import CollectionsService
from desktop_app.domain.outbox import Outbox
from desktop_app.domain.outbox_senders import app_sender
from desktop_app.domain.plain_errors import plain_error
from desktop_app.domain.point_clouds.cloud_save import CloudAnnotationSaver
from desktop_app.domain.services import Services
from desktop_app.domain.session import Session
from desktop_app.domain.team_role import RoleLimits
from desktop_app.qt.session_signals import SessionSignals
from desktop_app.qt.task_runner import Progress, TaskRunner


def edits_text(n: int) -> str:
    return f"{n} edit{'s' if n != 1 else ''}"


__all__ = ["AppState", "Progress", "plain_error"]  # plain_error and Progress: re-exported for the widgets


class AppState(QObject):
    connected = Signal(object)  # User
    busyChanged = Signal(str, int, int)  # label ("" when idle), done, total (0 = unknown)
    errorRaised = Signal(str)
    messageRaised = Signal(str)  # short notices for the status bar
    outboxChanged = Signal(int, int)  # pending, failed
    itemsChanged = Signal()  # collection contents changed: views showing them reload
    roleChanged = Signal(object)  # RoleLimits: the user's role in the open project's team
    # An item's annotation was saved (or queued to be) from any window, the viewer or
    # a queue work window: its tile and row refresh (ViewerOpener listens)
    itemSaved = Signal(int)

    def __init__(
        self, api: ApiClient, outbox_path, parent: QObject | None = None, *, cache_dir: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.api = api  # for the qt adapters and the domain services; widgets use `services`
        # files downloaded to be reused (videos): the app's cache folder, next to the outbox by default
        self.cache_dir = Path(cache_dir) if cache_dir is not None else Path(outbox_path).parent / "cache"
        # the session: one model of what is open and shown, and its Qt signals
        self.user: User | None = None
        self.role = RoleLimits(None, "")  # learnt per project (open_project)
        self.session = Session()
        self.signals = SessionSignals(self.session, self)
        # long work
        self.tasks = TaskRunner(self)
        self.scope = self.tasks.scope  # also for short work of the widgets, without a status line
        self.tasks.busyChanged.connect(self.busyChanged)
        self.tasks.failed.connect(self.errorRaised)
        self.tasks.cancelled.connect(self.messageRaised)
        # edits: the outbox (collection edits and annotation saves), the saver, undo
        self.backend = ApiCollectionsBackend.from_client(api)
        self.outbox = Outbox(outbox_path, app_sender(api, self.backend))
        # one saver for the app: it remembers saves still queued, so a later save
        # of the same image does not mistake our own queued edit for someone else's
        self.annotation_saver = AnnotationSaver(self.outbox, api)
        self.outbox.listeners.append(self._outbox_changed)
        self.undo_stack = QUndoStack(self)
        self.service: CollectionsService | None = None  # the open project's collections
        self._had_pending = False
        # the user is told when waiting edits got through after trouble (or a restart),
        # and about every edit the server refused
        self._announce_sync = False
        self._waiting_most = 0
        self._failed_seen = 0
        # every other network call of the window
        self.services = Services.over(api, self.outbox)
        self.cloud_saver = CloudAnnotationSaver(self.outbox)  # point-cloud annotation saves, through the outbox

    # -- lifecycle -----------------------------------------------------------
    def start(self) -> None:
        left = len(self.outbox.pending())
        self._failed_seen = len(self.outbox.failed())
        self.outbox.start()
        self._outbox_changed()
        if left:  # edits a closed or crashed run left: say they are being sent
            self._announce_sync = True
            self.messageRaised.emit(f"{edits_text(left)} from the last session waiting for the server: sending now.")

    async def connect_user(self) -> User:
        self.user = await self.services.users.me()
        self.connected.emit(self.user)
        return self.user

    async def close(self) -> None:
        self.scope.cancel_all()
        await self.outbox.stop()
        self.outbox.close()
        await self.api.aclose()

    # -- the session, read through -------------------------------------------
    @property
    def project(self) -> Project | None:
        return self.session.project

    @property
    def datasets(self) -> list[Dataset]:
        return self.session.datasets

    @property
    def meta(self) -> ProjectMeta | None:
        return self.session.meta

    @property
    def collections(self) -> list[Collection]:
        return self.session.collections

    @property
    def queues(self) -> list[LabelingQueue]:
        return self.session.queues

    # the session's signals under the names widgets have always used
    @property
    def projectChanged(self):  # noqa: N802 (a Qt signal's name)
        return self.signals.projectChanged

    @property
    def datasetsChanged(self):  # noqa: N802
        return self.signals.datasetsChanged

    @property
    def metaChanged(self):  # noqa: N802
        return self.signals.metaChanged

    @property
    def collectionsChanged(self):  # noqa: N802
        return self.signals.collectionsChanged

    @property
    def queuesChanged(self):  # noqa: N802
        return self.signals.queuesChanged

    def dataset_name(self, dataset_id: int | None) -> str:
        return self.session.dataset_name(dataset_id)

    def collection(self, collection_id: int | None) -> Collection | None:
        return self.session.collection(collection_id)

    def shown_collection(self) -> Collection | None:
        """The collection the views show (None for a dataset or the whole project)."""
        scope = self.session.scope
        return self.collection(scope.id) if scope.kind == "collection" else None

    # -- project -------------------------------------------------------------
    async def open_project(self, project_id: int) -> None:
        loaded = await self.services.projects.load(project_id)
        self.backend.project_types[loaded.project.id] = loaded.project.type
        self.service = CollectionsService(self.backend, self.outbox, loaded.project.id)
        self.undo_stack.clear()
        self.session.open_project(loaded.project, loaded.datasets, loaded.meta)
        await asyncio.gather(self.refresh_collections(), self.refresh_queues(), self._learn_role(loaded.project))

    async def _learn_role(self, project) -> None:
        """teams.info carries the caller's role in the team (as the platform's does)."""
        if project.team_id is None:
            return
        team = await self.api.teams.info(project.team_id)
        if self.session.project is project:
            self.role = RoleLimits(team.role, team.name)
            self.roleChanged.emit(self.role)

    async def refresh_collections(self) -> None:
        project = self.session.project
        if project is None:
            return
        collections = await self.services.projects.collections(project.id)
        if self.session.project is project:  # not another project opened meanwhile
            self.session.set_collections(collections)
            if self.service is not None:  # the names an offline create or rename is checked against
                self.service.known_collections = list(collections)

    async def refresh_counts(self) -> None:
        """Item counts of the project and its datasets, read again (after items were deleted)."""
        project = self.session.project
        if project is None:
            return
        loaded = await self.services.projects.load(project.id)
        self.session.set_counts(loaded.project, loaded.datasets)

    async def refresh_queues(self) -> None:
        project = self.session.project
        if project is None or project.team_id is None:
            return
        queues = await self.services.queues.list(project.team_id, project.id)
        if self.session.project is project:
            self.session.set_queues(queues)

    # -- running work (the TaskRunner's) -----------------------------------------
    def run(
        self,
        work: Callable[[Progress], Awaitable[Any]] | Coroutine[Any, Any, Any],
        label: str = "",
        *,
        key: str | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> asyncio.Task | None:
        """Start work in the background. With a label, progress shows in the status bar
        (a callable gets a `progress(done, total)` function) and Cancel stops it."""
        return self.tasks.run(work, label, key=key, on_done=on_done)

    def cancel_work(self) -> None:
        """Cancel everything shown in the status bar."""
        self.tasks.cancel_all()

    @property
    def busy(self) -> bool:
        return self.tasks.busy

    def _outbox_changed(self) -> None:
        pending = len(self.outbox.pending())
        failed = self.outbox.failed()
        self.outboxChanged.emit(pending, len(failed))
        self._tell_outcome(pending, failed)
        if pending == 0 and self._had_pending:
            # Everything queued has reached the server: show the server's truth.
            self.scope.start(self._after_sync(), key="after-sync")
        self._had_pending = pending > 0

    def _tell_outcome(self, pending: int, failed: list) -> None:
        if len(failed) > self._failed_seen:  # shown with the server's words; kept in the outbox as failed
            self.errorRaised.emit(
                f"The server refused an edit: {failed[-1].last_error}. It is kept as failed in the outbox."
            )
        self._failed_seen = len(failed)
        if self.outbox.held_up() is not None:
            self._announce_sync = True
        self._waiting_most = max(self._waiting_most, pending)
        if pending == 0:
            if self._announce_sync and self._waiting_most:
                self.messageRaised.emit(f"The server is back: {edits_text(self._waiting_most)} sent.")
            self._announce_sync, self._waiting_most = False, 0

    async def _after_sync(self) -> None:
        await self.refresh_collections()
        self.itemsChanged.emit()
