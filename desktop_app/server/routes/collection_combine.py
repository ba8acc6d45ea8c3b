"""entities-collections.combine: union, intersection or difference of two or
more collections of one project into a new collection or an existing one,
previewed with `dryRun` before anything is written (docs/set-operations-api.md).

Everything is checked before anything is written: a refusal (400) changes
nothing. The sources are read through collections/membership.py, so a smart
collection is a source like any other; it cannot be the target (its members
come from its filter)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictBool, StrictInt, StrictStr
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.collections.combine import SAMPLE_DEFAULT, SAMPLE_MAX, combine
from desktop_app.server.collections.rules import clean_name, clean_text, is_db_id
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import Collection, Project
from desktop_app.server.errors import InvalidInput, NotFound
from desktop_app.server.permissions import require_manage
from desktop_app.server.routes.answers import Answer
from desktop_app.server.routes.collections import ensure_unique_name, find_project
from desktop_app.server.routes.deps import WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["entities-collections"], responses=ERROR_RESPONSES)

OPERATIONS = ("union", "intersection", "difference")
MAX_SOURCES = 100  # a bound on the compound SELECT, far above any dialog's list


class Into(Req):
    name: StrictStr | None = None
    description: StrictStr | None = None
    collectionId: StrictInt | None = None


class CombineReq(Req):
    projectId: StrictInt
    operation: StrictStr
    collectionIds: list[StrictInt]
    into: Into
    dryRun: StrictBool = False
    sample: StrictInt = SAMPLE_DEFAULT


class CombineAnswer(Answer):
    count: int
    addedCount: int
    added: list[int] | None
    sample: list[int]
    collectionId: int | None
    created: bool
    note: str | None


def _source(ctx: Ctx, project: Project, id_: int) -> Collection:
    """A source collection, refused in words (400: it is a field of this request)."""
    try:
        if not is_db_id(id_):
            raise NotFound("")
        coll = access.get_collection(ctx, id_)
    except NotFound:
        raise InvalidInput(f"collectionIds: there is no collection with id {id_}", ids=[id_]) from None
    if coll.project_id != project.id:
        raise InvalidInput(
            f"collectionIds: collection {id_} ({coll.name!r}) belongs to another project, not to project {project.id}",
            ids=[id_],
        )
    return coll


def _check_request(req: CombineReq) -> None:
    if req.operation not in OPERATIONS:
        raise InvalidInput(f"operation must be one of {', '.join(OPERATIONS)}, not {req.operation!r}")
    if len(req.collectionIds) < 2:
        raise InvalidInput(f"collectionIds: give at least 2 collections to combine, got {len(req.collectionIds)}")
    if len(req.collectionIds) > MAX_SOURCES:
        raise InvalidInput(f"collectionIds: at most {MAX_SOURCES} collections are combined at once")
    repeated = sorted({i for i in req.collectionIds if req.collectionIds.count(i) > 1})
    if repeated:
        raise InvalidInput(f"collectionIds: collection {repeated[0]} is listed more than once", ids=repeated)
    if not 0 <= req.sample <= SAMPLE_MAX:
        raise InvalidInput(f"sample must be from 0 to {SAMPLE_MAX}, not {req.sample}")
    if (req.into.name is None) == (req.into.collectionId is None):
        raise InvalidInput("into: give exactly one of name (a new collection) or collectionId (an existing one)")


def _target(ctx: Ctx, project: Project, into: Into) -> Collection | None:
    if into.collectionId is None:
        return None
    target = _source(ctx, project, into.collectionId)
    if target.type == "smart":
        raise InvalidInput(
            f"into: collection {target.id} ({target.name!r}) is a smart collection: its members come from "
            "its filter, so nothing can be added to it; freeze it first or choose another target"
        )
    return target


def _note(req: CombineReq, target: Collection | None) -> str | None:
    if target is None or target.id not in req.collectionIds:
        return None
    if req.operation == "difference" and target.id == req.collectionIds[0]:
        return "the target is the first collection: the difference is part of it already, so nothing is added"
    if req.operation == "difference":
        return (
            "the target is one of the subtracted collections: the result has none of its items, so all of it "
            "is added and the target then holds its own items and the result"
        )
    return "the target is one of the sources: the result's items it lacks are added, nothing is removed"


@router.post("/entities-collections.combine", response_model=CombineAnswer)
def collections_combine(ctx: WriteCtx, req: CombineReq) -> dict[str, Any]:
    project = find_project(ctx, req.projectId)
    _check_request(req)
    sources = [_source(ctx, project, i) for i in req.collectionIds]
    target = _target(ctx, project, req.into)
    if not req.dryRun:
        require_manage(ctx, project.team_id, f"combining collections of project {project.id}")
    name = description = None
    if target is None:
        name = clean_name(req.into.name or "", "collection")
        description = clean_text(req.into.description, "description")
        ensure_unique_name(ctx, project.id, name)
    else:
        # Edits of one collection take turns (as items.bulk.add: the row is locked until commit).
        ctx.session.execute(select(Collection.id).where(Collection.id == target.id).with_for_update())
    write_to = None if req.dryRun else target
    if not req.dryRun and target is None:
        write_to = Collection(
            project_id=project.id,
            team_id=project.team_id,
            name=name,
            description=description,
            type="default",
            options={},
            meta={},
            created_by=ctx.user.id,
        )
        ctx.session.add(write_to)
        ctx.session.flush()
    done = combine(ctx, req.operation, sources, target, req.sample, write_to)  # type: ignore[arg-type]
    return {
        "count": done.count,
        "addedCount": len(done.added),
        "added": None if req.dryRun else done.added,
        "sample": done.sample,
        "collectionId": write_to.id if write_to is not None else None,
        "created": not req.dryRun and target is None,
        "note": _note(req, target),
    }
