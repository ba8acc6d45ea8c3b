"""From a resolved connection choice to a server the app can talk to.

For the embedded choice this starts the bundled server in a background
thread on a free loopback port, with its data in the user data folder, and
creates the demo project on first run. The app then talks to it over HTTP,
exactly as it talks to a real Supervisely instance."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from desktop_app.config.connection import EmbeddedChoice, RemoteChoice
from desktop_app.server.db import sqlite_url
from desktop_app.server.demo import build_demo
from desktop_app.server.embedded import EmbeddedServer
from desktop_app.server.settings import ServerSettings

log = logging.getLogger(__name__)

DEMO_SIZE = 300


@dataclass
class Connection:
    address: str
    token: str | None
    label: str  # shown in the status bar; never the token
    embedded: bool
    server: EmbeddedServer | None = None
    profile: str | None = None

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def __repr__(self) -> str:
        return f"Connection(address={self.address!r}, label={self.label!r})"


def start_embedded(data_dir: Path, *, demo_size: int = DEMO_SIZE) -> Connection:
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = ServerSettings(db_url=sqlite_url(data_dir / "server.sqlite"), data_dir=data_dir)
    server = EmbeddedServer(settings).start()
    sessions = server.app.state.sessions
    with sessions() as session, session.begin():
        summary = build_demo(session, size=demo_size)
    log.info("embedded server on %s (demo project %s)", server.url, summary.project_id)
    return Connection(server.url, summary.token, urlsplit(server.url).netloc, True, server)


def open_connection(choice: EmbeddedChoice | RemoteChoice, *, demo_size: int = DEMO_SIZE) -> Connection:
    if isinstance(choice, EmbeddedChoice):
        return start_embedded(Path(choice.data_dir), demo_size=demo_size)
    host = urlsplit(choice.address).netloc or choice.address
    return Connection(choice.address, choice.token, host, False, profile=choice.profile)
