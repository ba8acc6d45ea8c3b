"""The app's life on one qasync loop: a server that answers, then one AppState +
MainWindow per connection until the user quits.

- Start-up on a remote server checks it first, within a few seconds; if it does
  not answer, `UnreachableDialog` offers Retry, another profile, or the
  embedded server (closing it quits).
- File → Connect switches the running app: the new server is opened first (a
  failure leaves the user where they were), then the old window and its
  AppState close cleanly (pending edits stay in that server's own outbox file,
  sent when the app connects to it again) and a new pair is built.
No `exec()` here: dialogs are opened and their `finished` awaited."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.api.client import ApiClient
from desktop_app.config.connection import EmbeddedChoice, RemoteChoice
from desktop_app.config.paths import AppPaths
from desktop_app.config.profiles import ProfileStore
from desktop_app.domain.connection_tester import QUICK_DEADLINE, check_connection
from desktop_app.local_server.server_process import ServerStartError
from desktop_app.qt.app_state import AppState, edits_text
from desktop_app.qt.gc_policy import settle_after_start
from desktop_app.startup import Connection, open_connection
from desktop_app.ui.connection.connection_dialog import ConnectionDialog
from desktop_app.ui.connection.unreachable_dialog import UnreachableDialog, Way
from desktop_app.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)
Choice = EmbeddedChoice | RemoteChoice


async def finished(signal: SignalInstance) -> Any:
    """Wait for a dialog's `finished` (or any one-shot signal) without blocking the loop."""
    done: asyncio.Future = asyncio.get_running_loop().create_future()

    def settle(*args: Any) -> None:
        if not done.done():
            done.set_result(args[0] if args else None)

    signal.connect(settle)
    try:
        return await done
    finally:
        signal.disconnect(settle)


async def answering_choice(choice: Choice, paths: AppPaths, profiles: ProfileStore) -> Choice | None:
    """The start-up choice once its server answers (or the user picked another); None: quit."""
    while isinstance(choice, RemoteChoice):
        check = await check_connection(choice.address, choice.token or "", deadline=QUICK_DEADLINE)
        if check.ok:
            return choice
        log.warning("server %s from %s: %s", choice.address, choice.source, check.text)
        dialog = UnreachableDialog(choice.address, check.text)
        dialog.open()
        await finished(dialog.finished)
        way = dialog.choice
        dialog.deleteLater()
        if way is Way.QUIT:
            return None
        if way is Way.EMBEDDED:
            return EmbeddedChoice(paths.embedded_server_dir)
        if way is Way.CHOOSE:
            choice = await choose_in_dialog(profiles, paths) or choice  # cancelled: back to this server
    return choice


async def choose_in_dialog(profiles: ProfileStore, paths: AppPaths, parent: QWidget | None = None) -> Choice | None:
    dialog = ConnectionDialog(profiles, parent, embedded_dir=paths.embedded_server_dir)
    chosen: list[Choice] = []
    dialog.connectionChosen.connect(chosen.append)
    dialog.open()
    await finished(dialog.finished)
    dialog.deleteLater()
    return chosen[-1] if chosen else None


async def say_error(text: str, parent: QWidget | None = None) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "Collections Desk", text, QMessageBox.StandardButton.Ok, parent)
    box.open()
    await finished(box.finished)
    box.deleteLater()


@dataclass
class Lifetime:
    """What `run_window` needs to build a window per connection and to tear it down."""

    app: QApplication
    paths: AppPaths
    profiles: ProfileStore
    demo_size: int
    watch_server: Callable[[Connection, AppState], None]  # restarts of the embedded server, in the status bar
    connection: Connection | None = None
    state: AppState | None = None
    window: MainWindow | None = None
    switches: asyncio.Queue = field(default_factory=asyncio.Queue)
    code: int = 0  # the process's exit code

    async def open(self, choice: Choice) -> Connection:
        """Raises ServerStartError; starting the embedded server blocks, so it runs off the loop."""
        return await asyncio.to_thread(open_connection, choice, demo_size=self.demo_size)

    def build(self, connection: Connection) -> None:
        self.connection = connection
        outbox = self.paths.outbox_file(None if connection.embedded else connection.address)
        self.state = AppState(ApiClient(connection.address, connection.token), outbox, cache_dir=self.paths.cache_dir)
        self.window = MainWindow(self.state, connection, self.paths, self.profiles)
        self.window.connectionSwitchRequested.connect(self.switches.put_nowait)
        self.watch_server(connection, self.state)
        self.window.start()
        self.window.show()
        settle_after_start()  # the collector off the scroll path (qt/gc_policy.py)

    async def main(self, choice: Choice) -> None:
        """Started as a task on the running loop; `run_window` cancels it when the app quits."""
        if await self.start(choice):
            await self.serve_switches()

    async def start(self, choice: Choice) -> bool:
        """The first window, on a server that answers; False when the app is to quit instead."""
        self.app.setQuitOnLastWindowClosed(False)  # a dialog closed before the window must not end the app
        try:
            answering = await answering_choice(choice, self.paths, self.profiles)
            if answering is None:
                self.app.quit()
                return False
            try:
                connection = await self.open(answering)
            except ServerStartError as exc:
                print(f"desktop-app: {exc}", file=sys.stderr)
                await say_error(str(exc))
                self.code = 1
                self.app.quit()
                return False
            self.build(connection)
            return True
        finally:
            self.app.setQuitOnLastWindowClosed(True)

    async def serve_switches(self) -> None:
        while True:  # File → Connect, one switch at a time
            await self.switch(await self.switches.get())

    def same_server(self, choice: Choice) -> bool:
        current = self.connection
        if current is None:
            return False
        if isinstance(choice, EmbeddedChoice):
            return current.embedded
        return not current.embedded and (choice.address, choice.token) == (current.address, current.token)

    async def switch(self, choice: Choice) -> None:
        assert self.state is not None and self.window is not None and self.connection is not None
        state, window, old = self.state, self.window, self.connection
        if self.same_server(choice):
            state.messageRaised.emit(f"Already connected to {old.label}.")
            return
        state.messageRaised.emit("Switching server…")
        try:
            new = await self.open(choice)
        except ServerStartError as exc:
            state.errorRaised.emit(f"Could not switch server: {exc}")
            return
        self.app.setQuitOnLastWindowClosed(False)  # the old window closes before the new one shows
        try:
            if not window.close():  # the viewer kept its unsaved changes: stay here
                new.stop()
                return
            left = len(state.outbox.pending())
            await state.close()
            window.deleteLater()
            old.stop()
            self.build(new)
        finally:
            self.app.setQuitOnLastWindowClosed(True)
        note = f"Connected to {new.label}."
        if left:
            note += f" {old.label} still has {edits_text(left)} waiting: sent when you connect to it again."
        assert self.state is not None
        self.state.messageRaised.emit(note)

    async def close(self) -> None:
        if self.state is not None:
            await self.state.close()
        if self.connection is not None:
            self.connection.stop()
