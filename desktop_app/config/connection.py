"""Which server the app talks to, decided once at start.

Order (the first source giving a server address wins):
1. command-line options: `--profile NAME`, or `--server URL [--token T]`,
   or `--embedded` to force the bundled server;
2. the `SERVER_ADDRESS` / `API_TOKEN` environment variables;
3. `~/supervisely.env` (the SDK's own file, dotenv format);
4. the saved profile used last (its token from the keyring or token file);
5. otherwise the embedded server: `EmbeddedChoice` tells the app to start it
   with its data under the user data folder.

The token is taken from the first source, in the same order, that names no
address or the winner's address (so `--token` alone pairs with
`SERVER_ADDRESS`): a token is never sent to a server it was not given for.
A remote choice without any token has `token=None` (the app then asks for
one). Tokens are never logged."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.api.server_address import normalize_server_address

from .dotenv import read_dotenv
from .paths import AppPaths
from .profiles import ProfileStore

log = logging.getLogger(__name__)

SDK_ENV_FILE = "supervisely.env"


@dataclass(frozen=True)
class CliOptions:
    server: str | None = None
    token: str | None = None
    profile: str | None = None
    embedded: bool = False


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection")
    group.add_argument("--server", help="server address, e.g. https://app.supervisely.com")
    group.add_argument("--token", help="API token for --server")
    group.add_argument("--profile", help="a saved server profile")
    group.add_argument("--embedded", action="store_true", help="use the bundled local server")


def cli_options(args: argparse.Namespace) -> CliOptions:
    return CliOptions(args.server, args.token, args.profile, bool(args.embedded))


@dataclass(frozen=True)
class RemoteChoice:
    address: str
    token: str | None
    source: str  # "command line", "environment", "~/supervisely.env", "profile <name>"
    profile: str | None = None  # set when the address came from a saved profile

    def __repr__(self) -> str:  # keeps the token out of logs and tracebacks
        return f"RemoteChoice(address={self.address!r}, source={self.source!r}, profile={self.profile!r})"


@dataclass(frozen=True)
class EmbeddedChoice:
    data_dir: Path
    source: str = "embedded"


@dataclass(frozen=True)
class _Candidate:
    source: str
    address: str | None
    token: str | None
    profile: str | None = None


def _candidates(cli: CliOptions, env: Mapping[str, str], home: Path, profiles: ProfileStore) -> list[_Candidate]:
    out: list[_Candidate] = []
    if cli.profile:
        chosen = profiles.get(cli.profile)
        if chosen is None:
            raise LookupError(f"no saved profile named {cli.profile!r}")
        out.append(_Candidate(f"profile {chosen.name}", chosen.address, profiles.token(chosen.name), chosen.name))
    out.append(_Candidate("command line", cli.server, cli.token))
    out.append(_Candidate("environment", env.get("SERVER_ADDRESS"), env.get("API_TOKEN")))
    dotenv = read_dotenv(home / SDK_ENV_FILE)
    out.append(_Candidate("~/" + SDK_ENV_FILE, dotenv.get("SERVER_ADDRESS"), dotenv.get("API_TOKEN")))
    last = profiles.last_used()
    if last is not None:
        out.append(_Candidate(f"profile {last.name}", last.address, profiles.token(last.name), last.name))
    return out


def resolve_connection(
    cli: CliOptions,
    env: Mapping[str, str],
    home: Path,
    profiles: ProfileStore,
    paths: AppPaths,
) -> RemoteChoice | EmbeddedChoice:
    if cli.embedded:
        return EmbeddedChoice(paths.embedded_server_dir)
    candidates = [
        c if not c.address else _Candidate(c.source, normalize_server_address(c.address), c.token or None, c.profile)
        for c in _candidates(cli, env, home, profiles)
    ]
    for winner in candidates:
        if not winner.address:
            continue
        token = next(
            (c.token for c in candidates if c.token and c.address in (None, winner.address)),
            None,
        )
        log.info("server %s from %s (token %s)", winner.address, winner.source, "set" if token else "missing")
        return RemoteChoice(winner.address, token, winner.source, winner.profile)
    log.info("no server configured: using the embedded server")
    return EmbeddedChoice(paths.embedded_server_dir)


def resolve_from_argv(
    argv: Sequence[str], env: Mapping[str, str], home: Path, profiles: ProfileStore, paths: AppPaths
) -> RemoteChoice | EmbeddedChoice:
    parser = argparse.ArgumentParser(add_help=False)
    add_connection_arguments(parser)
    args, _ = parser.parse_known_args(list(argv))
    return resolve_connection(cli_options(args), env, home, profiles, paths)
