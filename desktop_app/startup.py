"""From a resolved connection choice to a server the app can talk to.

For the embedded choice this starts the bundled server as a child process
on a free loopback port, with its data in the user data folder, and creates
the demo project on first run. The app then talks to it over HTTP, exactly
as it talks to a real Supervisely instance. Nothing here imports the server:
the app's process never loads FastAPI, SQLAlchemy or uvicorn."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from desktop_app.config.connection import EmbeddedChoice, RemoteChoice
from desktop_app.local_server.supervisor import LocalServer

DEMO_SIZE = 300


@dataclass
class Connection:
    address: str
    token: str | None
    label: str  # shown in the status bar; never the token
    embedded: bool
    server: LocalServer | None = None
    profile: str | None = None

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def __repr__(self) -> str:
        return f"Connection(address={self.address!r}, label={self.label!r})"


def start_embedded(data_dir: Path, *, demo_size: int = DEMO_SIZE) -> Connection:
    """Blocks until the server serves (a few seconds when it creates the demo); raises ServerStartError."""
    server = LocalServer(data_dir, demo_size=demo_size)
    url = server.start()
    return Connection(url, server.token, urlsplit(url).netloc, True, server)


def open_connection(choice: EmbeddedChoice | RemoteChoice, *, demo_size: int = DEMO_SIZE) -> Connection:
    if isinstance(choice, EmbeddedChoice):
        return start_embedded(Path(choice.data_dir), demo_size=demo_size)
    host = urlsplit(choice.address).netloc or choice.address
    return Connection(choice.address, choice.token, host, False, profile=choice.profile)
