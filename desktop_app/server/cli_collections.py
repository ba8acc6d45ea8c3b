"""desktop-app-server collections list|combine: see the collections of a
project and combine them, straight on the database (no server running).

    desktop-app-server collections list --project ID
    desktop-app-server collections combine --project ID --op union|intersection|difference
                                           (--into NAME | --into-id ID) [--dry-run] A B [C ...]

`combine` runs the very code of `entities-collections.combine` (same checks,
same SQL), acting as a member of the project's team who may manage it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.collections.items import item_counts
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Collection, Project, TeamMember, User
from desktop_app.server.errors import ApiError
from desktop_app.server.permissions import MANAGING_ROLES
from desktop_app.server.settings import ServerSettings

OPERATIONS = ("union", "intersection", "difference")


def _project(session: Session, project_id: int, fail: Callable[[str], Exception]) -> Project:
    project = session.get(Project, project_id) if 1 <= project_id < 2**31 else None
    if project is None:
        raise fail(f"there is no project with id {project_id}")
    return project


def cmd_list(args: argparse.Namespace, sessions, out: Callable[[str], None], fail) -> int:
    with sessions() as session:
        project = _project(session, args.project, fail)
        rows = list(
            session.scalars(select(Collection).where(Collection.project_id == project.id).order_by(Collection.id))
        )
        counts = item_counts(session, [c.id for c in rows])
        out(f"Collections of project {project.name!r} (id {project.id}): {len(rows)}")
        for c in rows:
            kind = "" if c.type == "default" else f" [{c.type}]"
            out(f"{c.id:>8}  {counts.get(c.id, 0):>9,} items  {c.name}{kind}")
    return 0


def _acting_user(session: Session, project: Project, fail) -> User:
    """Someone of the project's team who may manage its collections (the first admin,
    manager or developer): the combine is checked as that user's request."""
    user = session.scalar(
        select(User)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == project.team_id, TeamMember.role.in_(sorted(MANAGING_ROLES)))
        .order_by(User.id)
    )
    if user is None:
        raise fail(f"no member of project {project.id}'s team may manage collections (admin, manager or developer)")
    return user


def cmd_combine(args: argparse.Namespace, sessions, settings: ServerSettings, out: Callable[[str], None], fail) -> int:
    from desktop_app.server.routes.collection_combine import CombineReq, collections_combine

    into: dict[str, Any] = {"name": args.into} if args.into is not None else {"collectionId": args.into_id}
    body = {
        "projectId": args.project,
        "operation": args.op,
        "collectionIds": args.collections,
        "into": into,
        "dryRun": args.dry_run,
        "sample": 0,
    }
    with sessions() as session, session.begin():
        project = _project(session, args.project, fail)
        ctx = Ctx(session=session, user=_acting_user(session, project, fail), base_url="", settings=settings)
        try:
            answer = collections_combine(ctx, CombineReq.model_validate(body))
        except ApiError as exc:
            raise fail(exc.message) from None
        target = session.get(Collection, answer["collectionId"] or args.into_id or 0)
        target_name = target.name if target is not None else args.into
    what = f"{args.op} of {len(args.collections)} collections: {answer['count']:,} items"
    if args.dry_run:
        new = "" if args.into_id is None else f", {answer['addedCount']:,} of them new to {target_name!r}"
        out(f"{what}{new}. Dry run: nothing was written.")
    elif answer["created"]:
        out(f"{what}. Created collection {target_name!r} (id {answer['collectionId']}) with them.")
    else:
        out(f"{what}. Added {answer['addedCount']:,} new items to {target_name!r} (id {answer['collectionId']}).")
    if answer["note"]:
        out(f"Note: {answer['note']}.")
    return 0


def _positive_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not an id (a whole number from 1): {text!r}")
    return int(text)


def add_parser(commands, storage: argparse.ArgumentParser, run: Callable[..., int]) -> None:
    """`collections list|combine` on the `desktop-app-server` parser; `run(kind, args)` runs one."""
    coll = commands.add_parser("collections", help="list or combine the collections of a project")
    sub = coll.add_subparsers(dest="collections_command", required=True)
    listing = sub.add_parser("list", parents=[storage], help="the collections of a project with their ids")
    listing.add_argument("--project", type=_positive_id, required=True, help="project id")
    listing.set_defaults(func=lambda args: run("list", args))
    comb = sub.add_parser(
        "combine",
        parents=[storage],
        help="union, intersection or difference of collections into a new or an existing collection",
    )
    comb.add_argument("--project", type=_positive_id, required=True, help="project id")
    comb.add_argument("--op", choices=OPERATIONS, required=True, help="difference: the first minus every other")
    target = comb.add_mutually_exclusive_group(required=True)
    target.add_argument("--into", metavar="NAME", help="create a new collection of this name")
    target.add_argument("--into-id", type=_positive_id, metavar="ID", help="add to this existing collection")
    comb.add_argument("--dry-run", action="store_true", help="print the counts, write nothing")
    comb.add_argument("collections", nargs="+", type=_positive_id, metavar="COLLECTION_ID")
    comb.set_defaults(func=lambda args: run("combine", args))
