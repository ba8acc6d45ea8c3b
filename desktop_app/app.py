"""Composition root: configuration, the event loop, the window, start and stop.

`desktop-app` resolves which server to use (command line, environment,
~/supervisely.env, saved profile, else the embedded server with the demo
project), checks a remote server answers (app_lifetime: else Retry, another
profile or the embedded server), builds the AppState and the main window inside
one qasync event loop (a new pair when File → Connect switches server), and on
quit lets pending work finish or cancel before the server stops.
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

from desktop_app.config.connection import (
    EmbeddedChoice,
    RemoteChoice,
    add_connection_arguments,
    cli_options,
    resolve_connection,
)
from desktop_app.config.paths import AppPaths
from desktop_app.config.profiles import ProfileStore
from desktop_app.config.tokens import TokenStore
from desktop_app.local_server.supervisor import ServerNotice
from desktop_app.startup import DEMO_SIZE, Connection

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


def run_window(
    app, choice: EmbeddedChoice | RemoteChoice, paths: AppPaths, profiles: ProfileStore, demo_size: int
) -> int:
    """The app on one qasync loop until it quits (`Lifetime`: a server that answers, then a window per
    connection); pending work then finishes or is cancelled and the embedded server stops."""
    import qasync

    from desktop_app.app_lifetime import Lifetime

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    lifetime = Lifetime(app, paths, profiles, demo_size, lambda c, state: report_server_notices(c, loop, state))
    previous_hook = sys.excepthook

    def show_unhandled(kind, exc, tb):  # a bug must not pass silently, nor kill the window
        log.error("unhandled error", exc_info=(kind, exc, tb))
        if lifetime.state is not None:
            lifetime.state.errorRaised.emit(f"Unexpected error: {exc}")

    sys.excepthook = show_unhandled
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    try:
        with loop:
            running = loop.create_task(lifetime.main(choice))
            loop.run_until_complete(closed.wait())
            running.cancel()
            loop.run_until_complete(lifetime.close())
    finally:
        sys.excepthook = previous_hook
        if lifetime.connection is not None:
            lifetime.connection.stop()
    return lifetime.code


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

    from desktop_app.qt.system_check import exit_if_qt_cannot_start

    exit_if_qt_cannot_start()
    from PySide6.QtWidgets import QApplication

    from desktop_app.qt.resources import APP_NAME, app_icon

    existing = QApplication.instance()  # typed as QCoreApplication; here (and under pytest-qt) it is a QApplication
    assert existing is None or isinstance(existing, QApplication), "the app needs widgets: a QApplication"
    app = existing or QApplication([sys.argv[0]])
    app.setApplicationName("Collections Desk")
    app.setOrganizationName("Collections Desk")
    app.setWindowIcon(app_icon())  # every window and dialog; Wayland finds it by the .desktop name
    app.setDesktopFileName(APP_NAME)
    return run_window(app, choice, paths, profiles, args.demo_size)


if __name__ == "__main__":
    raise SystemExit(main())
