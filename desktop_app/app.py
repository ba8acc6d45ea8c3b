"""Composition root: configuration, the event loop, the window, start and stop.

`desktop-app` resolves which server to use (command line, environment,
~/supervisely.env, saved profile, else the embedded server with the demo
project), builds the AppState and the main window inside one qasync event
loop, and on quit lets pending work finish or cancel before the server stops.
The embedded server is a child process: if it dies it is restarted and the
status bar says so."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.config.connection import add_connection_arguments, cli_options, resolve_connection
from desktop_app.config.paths import AppPaths
from desktop_app.config.profiles import ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.local_server.server_process import ServerStartError
from desktop_app.local_server.supervisor import ServerNotice
from desktop_app.startup import DEMO_SIZE, Connection, open_connection

if TYPE_CHECKING:
    from desktop_app.qt.app_state import AppState

log = logging.getLogger("desktop_app")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="desktop-app", description="Collections Desk")
    add_connection_arguments(parser)
    parser.add_argument(
        "--demo-size", type=int, default=DEMO_SIZE, help="images in the embedded demo project (first run only)"
    )
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)  # isolated folders for tests
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(list(argv))


def app_paths(home: Path | None) -> AppPaths:
    if home is None:
        return AppPaths.default()
    return AppPaths(config_dir=home / "config", data_dir=home / "data")


def report_server_notices(connection: Connection, loop: asyncio.AbstractEventLoop, state: AppState) -> None:
    """Restarts and failures of the embedded server, shown in the status bar (the watcher runs on its own
    thread: the signals are emitted on the event loop's)."""
    if connection.server is None:
        return

    def show(notice: ServerNotice) -> None:
        signal = state.errorRaised if notice.error else state.messageRaised
        try:
            loop.call_soon_threadsafe(signal.emit, notice.text)
        except RuntimeError:  # the loop is closed: the app is quitting
            pass

    connection.server.watch(show)


def run_window(app, connection: Connection, paths: AppPaths, profiles: ProfileStore) -> None:
    """The window on one qasync loop until the app quits; pending work then finishes or is cancelled."""
    import qasync

    from desktop_app.api.client import ApiClient
    from desktop_app.qt.app_state import AppState
    from desktop_app.ui.window.main_window import MainWindow

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    state = AppState(
        ApiClient(connection.address, connection.token), paths.data_dir / "outbox.sqlite", cache_dir=paths.cache_dir
    )
    window = MainWindow(state, connection, paths, profiles)
    report_server_notices(connection, loop, state)
    previous_hook = sys.excepthook

    def show_unhandled(kind, exc, tb):  # a bug must not pass silently, nor kill the window
        log.error("unhandled error", exc_info=(kind, exc, tb))
        state.errorRaised.emit(f"Unexpected error: {exc}")

    sys.excepthook = show_unhandled
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    try:
        with loop:
            loop.call_soon(window.start)  # needs the running loop
            window.show()
            loop.run_until_complete(closed.wait())
            loop.run_until_complete(state.close())
    finally:
        sys.excepthook = previous_hook


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise
    paths = app_paths(args.home)
    profiles = ProfileStore(paths.profiles_file, TokenStore(paths.token_file))
    try:
        choice = resolve_connection(cli_options(args), os.environ, Path.home(), profiles, paths)
    except LookupError as exc:
        print(f"desktop-app: {exc}", file=sys.stderr)
        return 2

    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop_app.qt.resources import APP_NAME, app_icon

    existing = QApplication.instance()  # typed as QCoreApplication; here (and under pytest-qt) it is a QApplication
    assert existing is None or isinstance(existing, QApplication), "the app needs widgets: a QApplication"
    app = existing or QApplication([sys.argv[0]])
    app.setApplicationName("Collections Desk")
    app.setOrganizationName("Collections Desk")
    app.setWindowIcon(app_icon())  # every window and dialog; Wayland finds it by the .desktop name
    app.setDesktopFileName(APP_NAME)
    try:
        connection = open_connection(choice, demo_size=args.demo_size)
    except ServerStartError as exc:
        print(f"desktop-app: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "Collections Desk", str(exc))
        return 1
    try:
        run_window(app, connection, paths, profiles)
    finally:
        connection.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
