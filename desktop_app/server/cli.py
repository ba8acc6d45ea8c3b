"""desktop-app-server: run the bundled server, create users, import folders.

    desktop-app-server serve [--host H] [--port P] [--data-dir DIR] [--db URL]
                             [--demo] [--demo-size N] [--admin-token TOKEN] [--exit-with-parent]
                             [--cache-size-mb MB]
    desktop-app-server create-user LOGIN [--role user|admin] [--team NAME [--team-role ROLE]]
    desktop-app-server import DIR --project NAME [--team NAME] [--workspace NAME]
    desktop-app-server export --collection ID --format FORMAT --out DIR [--link-images]
    desktop-app-server evaluate --project ID [--iou 0.5]
    desktop-app-server collections list --project ID
    desktop-app-server collections combine --project ID --op union|intersection|difference
                                           (--into NAME | --into-id ID) [--dry-run] A B [C ...]

Storage URLs are signed with a secret kept in the data folder; server
processes sharing one database but not one data folder must get the same one
in the DESKTOP_APP_SERVER_URL_SECRET environment variable (32+ characters).

Errors a user can fix are printed as one line on stderr with exit code 2."""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import threading
from pathlib import Path

import platformdirs
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.server import cli_collections
from desktop_app.server.db import (
    SchemaMismatch,
    init_schema,
    make_engine,
    make_sessionmaker,
    sqlite_url,
)
from desktop_app.server.db.models import Image, Project, Team, User, Workspace
from desktop_app.server.demo import MAX_SIZE, build_demo
from desktop_app.server.demo.point_clouds import build_point_cloud_demo
from desktop_app.server.demo.videos import build_video_demo
from desktop_app.server.evaluation.report import evaluate
from desktop_app.server.exporting.collection_export import export_collection
from desktop_app.server.importing.importer import ImportFailed, import_folder
from desktop_app.server.settings import ServerSettings
from desktop_app.server.signed_urls.secret import SECRET_ENV, BadSecret, checked
from desktop_app.server.users.bootstrap import (
    ensure_member,
    ensure_team,
    ensure_user,
    ensure_workspace,
)
from desktop_app.server.users.tokens import set_token, user_with_token
from desktop_app.shared.export_formats import FORMATS, ExportFailed

# The desktop app hands its token over here, not in argv (which other users can read in `ps`).
ADMIN_TOKEN_ENV = "DESKTOP_APP_SERVER_ADMIN_TOKEN"
TEAM_ROLES = ("admin", "manager", "developer", "annotator", "reviewer", "viewer")
DEFAULT_WORKSPACE = "Default workspace"


class CliError(Exception):
    """A problem the user can fix; printed without a traceback."""


def default_data_dir() -> Path:
    return platformdirs.user_data_path("collections-desk", appauthor=False) / "server"


def settings_from(args: argparse.Namespace) -> ServerSettings:
    data_dir = Path(args.data_dir).expanduser().resolve() if args.data_dir else default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = os.environ.get(SECRET_ENV) or None  # several processes on one database must share it
    if secret is not None:
        try:
            secret = checked(secret)
        except BadSecret as exc:
            raise CliError(f"{SECRET_ENV}: {exc}") from None
    settings = ServerSettings(
        db_url=args.db or sqlite_url(data_dir / "server.sqlite"), data_dir=data_dir, url_secret=secret
    )
    cache_mb = getattr(args, "cache_size_mb", None)  # serve only
    return settings if cache_mb is None else dataclasses.replace(settings, max_cache_bytes=cache_mb * 1024 * 1024)


def open_sessions(settings: ServerSettings):
    engine = make_engine(settings.db_url)
    init_schema(engine)
    return make_sessionmaker(engine)


def _out(line: str) -> None:
    print(line, flush=True)  # a parent process reads these lines as they come


# --- serve ---------------------------------------------------------------------------------------


def _bootstrap(session: Session, args: argparse.Namespace) -> list[str]:
    """Admin user and demo project; returns the lines to print once serving."""
    lines = []
    admin = None
    if args.admin_token is not None:
        if not args.admin_token.strip():
            raise CliError("--admin-token must not be empty")
        owner = user_with_token(session, args.admin_token)
        if owner is not None and owner.login != "admin":
            raise CliError(f"that admin token already belongs to the user {owner.login!r}")
        admin = ensure_user(session, "admin", token=args.admin_token, role="admin")
        lines.append(f"Admin token: {args.admin_token}")
    if args.demo:
        print(f"Preparing the demo project ({args.demo_size} images if it is new)...", file=sys.stderr, flush=True)
        summary = build_demo(session, size=args.demo_size, admin=admin)
        build_video_demo(session, admin=admin, settings=settings_from(args))  # "Traffic clips demo": six clips
        build_point_cloud_demo(session, settings_from(args))  # "Street scans demo", same team
        lines.append(f"Demo token: {summary.token}")
        state = "created" if summary.created else "already present"
        lines.append(
            f"Demo project 'Street scenes demo' (id {summary.project_id}, {summary.image_count} images): {state}"
        )
    return lines


def _bootstrap_once(sessions, args: argparse.Namespace) -> list[str]:
    """Another server starting on the same database may create the same rows
    at the same moment; the loser of that race finds them on a second try."""
    for attempt in (1, 2):
        try:
            with sessions() as session, session.begin():
                return _bootstrap(session, args)
        except IntegrityError as exc:
            if attempt == 2:
                raise CliError(f"could not prepare the admin user or the demo: {exc.orig}") from None
    raise AssertionError("unreachable")


def _stop_at_stdin_eof(stop: threading.Event) -> None:
    """The parent keeps our stdin open and never writes; EOF means it is gone,
    even when it was killed without a chance to stop us."""

    def wait_for_eof() -> None:
        # os.read, not sys.stdin: a daemon thread blocked inside a buffered reader
        # aborts the interpreter at exit ("could not acquire lock").
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
        except (OSError, ValueError, AttributeError):
            pass  # no usable stdin: treat like EOF
        stop.set()

    threading.Thread(target=wait_for_eof, name="exit-with-parent", daemon=True).start()


def cmd_serve(args: argparse.Namespace) -> int:
    from desktop_app.server.embedded import (
        EmbeddedServer,  # uvicorn is needed only here
    )

    env_token = os.environ.get(ADMIN_TOKEN_ENV) if args.admin_token is None else None
    if env_token is not None:
        args.admin_token = env_token
    settings = settings_from(args)
    try:
        server = EmbeddedServer(settings, host=args.host, port=args.port)
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if args.exit_with_parent:
        _stop_at_stdin_eof(stop)
    try:
        server.start()
        # Users and demo rows become visible at commit, before the URL is printed.
        lines = _bootstrap_once(server.app.state.sessions, args)
        _out(f"Serving on {server.url}")
        for line in lines:
            if env_token and line.startswith("Admin token:"):
                line = f"Admin token: the one in {ADMIN_TOKEN_ENV}"  # the parent has it; never echo it
            _out(line)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    return 0


# --- create-user ---------------------------------------------------------------------------------


def cmd_create_user(args: argparse.Namespace) -> int:
    login = args.login.strip()
    if not login:
        raise CliError("the login must not be empty")
    with open_sessions(settings_from(args))() as session, session.begin():
        if session.scalar(select(User.id).where(User.login == login)) is not None:
            raise CliError(f"a user with login {login!r} already exists")
        user = ensure_user(session, login, role=args.role)
        if args.team:
            ensure_member(session, ensure_team(session, args.team), user, args.team_role or "developer")
        token = set_token(user)  # shown once: only its digest is stored
    _out(token)
    return 0


# --- import --------------------------------------------------------------------------------------


def _team(session: Session, name: str | None) -> Team:
    teams = list(session.scalars(select(Team).order_by(Team.id)))
    names = ", ".join(repr(t.name) for t in teams)
    if name is not None:
        for team in teams:
            if team.name == name:
                return team
        raise CliError(f"no team named {name!r}; existing teams: {names or 'none'}")
    if len(teams) == 1:
        return teams[0]
    if not teams:
        raise CliError("there is no team yet; create one with: desktop-app-server create-user LOGIN --team NAME")
    raise CliError(f"several teams exist ({names}); choose one with --team")


def _workspace(session: Session, team: Team, name: str | None) -> Workspace:
    if name is not None:
        return ensure_workspace(session, team, name)
    first = session.scalar(select(Workspace).where(Workspace.team_id == team.id).order_by(Workspace.id))
    return first or ensure_workspace(session, team, DEFAULT_WORKSPACE)


ITEM_WORDS = {"images": "images", "videos": "videos", "point_clouds": "point clouds"}


def cmd_import(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    settings.storage_dir.mkdir(parents=True, exist_ok=True)
    with open_sessions(settings)() as session, session.begin():
        team = _team(session, args.team)
        workspace = _workspace(session, team, args.workspace)
        try:
            project_id = import_folder(session, settings, args.folder, args.project, team, workspace, None)
        except ImportFailed as exc:
            raise CliError(str(exc)) from None
        count = session.query(Image).filter(Image.project_id == project_id).count()
        kind = ITEM_WORDS.get(session.get_one(Project, project_id).type, "items")
        # read inside the session: a video or point-cloud import expires the rows it was given
        where = f"team {team.name!r}, workspace {workspace.name!r}"
    _out(f"Imported {count} {kind} into project {args.project!r} (id {project_id}), {where}")
    return 0


# --- export --------------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create {out}: {exc.strerror or exc}") from None
    with open_sessions(settings_from(args))() as session:
        try:
            final, summary = export_collection(
                session, settings_from(args), args.collection, args.format, out, link_images=args.link_images
            )
        except ExportFailed as exc:
            raise CliError(str(exc)) from None
    _out(f"Exported {summary.text()} to {final}")
    return 0


# --- evaluate ------------------------------------------------------------------------------------


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Recompute a project's evaluation (at --iou, stored as its threshold) and print per-class counts."""
    if args.iou is not None and not 0 < args.iou <= 1:
        raise CliError(f"--iou must be greater than 0 and at most 1, got {args.iou}")
    with open_sessions(settings_from(args))() as session, session.begin():
        project = session.get(Project, args.project)
        if project is None:
            raise CliError(f"no project with id {args.project}")
        report = evaluate(session, project, args.iou)
    for line in report.lines():
        _out(line)
    return 0


# --- collections ---------------------------------------------------------------------------------


def cmd_collections(kind: str, args: argparse.Namespace) -> int:
    settings = settings_from(args)
    sessions = open_sessions(settings)
    if kind == "list":
        return cli_collections.cmd_list(args, sessions, _out, CliError)
    return cli_collections.cmd_combine(args, sessions, settings, _out, CliError)


# --- parser --------------------------------------------------------------------------------------


def _demo_size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_SIZE:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_SIZE}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be from 0 to 65535 (0 picks a free port)")
    return value


def _cache_size(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of megabytes, at least 1, got {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    storage = argparse.ArgumentParser(add_help=False)
    storage.add_argument("--data-dir", help=f"folder for the database and images (default: {default_data_dir()})")
    storage.add_argument(
        "--db", help="database URL, e.g. postgresql://user:pw@host/db (default: SQLite in the data folder)"
    )
    parser = argparse.ArgumentParser(
        prog="desktop-app-server", description="The bundled Supervisely-compatible server of Collections Desk."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", parents=[storage], help="run the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000, help="0 picks a free port (the real one is printed)")
    serve.add_argument("--demo", action="store_true", help="create the demo project unless it exists")
    serve.add_argument("--demo-size", type=_demo_size, default=300, help="images in the demo project")
    serve.add_argument(
        "--cache-size-mb",
        type=_cache_size,
        help="bound of the cache folder (previews, video frames), oldest files out first (default: 1024)",
    )
    serve.add_argument(
        "--admin-token",
        help="create or update the user 'admin' with this API token "
        f"(default: the {ADMIN_TOKEN_ENV} environment variable)",
    )
    serve.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when standard input closes (the app that started the server is gone)",
    )
    serve.set_defaults(func=cmd_serve)

    user = commands.add_parser("create-user", parents=[storage], help="create a user and print its token")
    user.add_argument("login")
    user.add_argument("--role", choices=("user", "admin"), default="user")
    user.add_argument("--team", help="add the user to this team (created if missing)")
    user.add_argument("--team-role", choices=TEAM_ROLES, help="role in the team (default: developer)")
    user.set_defaults(func=cmd_create_user)

    imp = commands.add_parser("import", parents=[storage], help="import a folder of images as a project")
    imp.add_argument("folder")
    imp.add_argument("--project", required=True, help="name of the new project")
    imp.add_argument("--team", help="team name (default: the only team)")
    imp.add_argument("--workspace", help="workspace name (default: the team's first; created if missing)")
    imp.set_defaults(func=cmd_import)

    exp = commands.add_parser("export", parents=[storage], help="export a collection's items into a new folder")
    exp.add_argument("--collection", type=int, required=True, help="id of the collection")
    exp.add_argument("--format", choices=list(FORMATS), required=True, help="see docs/export-formats.md")
    exp.add_argument("--out", required=True, help="folder in which the export's own folder is made")
    exp.add_argument("--link-images", action="store_true", help="record where each original is instead of copying it")
    exp.set_defaults(func=cmd_export)
    ev = commands.add_parser(
        "evaluate", parents=[storage], help="recompute a project's evaluation and print per-class TP/FP/FN"
    )
    ev.add_argument("--project", type=int, required=True, help="project id")
    ev.add_argument("--iou", type=float, help="IoU threshold to use and keep (default: the project's, 0.5)")
    ev.set_defaults(func=cmd_evaluate)
    cli_collections.add_parser(commands, storage, cmd_collections)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "create-user" and args.team_role and not args.team:
        parser.error("--team-role needs --team")
    try:
        return args.func(args)
    except (CliError, SchemaMismatch) as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
