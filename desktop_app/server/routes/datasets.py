"""datasets.list, datasets.info, datasets.add (datasets may nest)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictBool, StrictInt, StrictStr
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.collections.rules import clean_name, clean_text, is_db_id
from desktop_app.server.context import Ctx, IdReq, Req
from desktop_app.server.db.models import (
    Dataset,
    Project,
)
from desktop_app.server.errors import InvalidInput, NonUnique
from desktop_app.server.images import counts as image_counts
from desktop_app.server.listing.pagination import ListReq, apply_filters, paginate
from desktop_app.server.permissions import require_manage
from desktop_app.server.routes.answers import DatasetInfo, Page
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.timeutil import iso

router = APIRouter(route_class=V3Route, tags=["datasets"], responses=ERROR_RESPONSES)


DATASET_FIELDS = {
    "id": Dataset.id,
    "name": Dataset.name,
    "parentId": Dataset.parent_id,
    "createdAt": Dataset.created_at,
    "updatedAt": Dataset.updated_at,
}


class DatasetsListReq(ListReq):
    projectId: StrictInt
    recursive: StrictBool | None = False


def datasets_json(ctx: Ctx, datasets: list[Dataset]) -> list[dict[str, Any]]:
    counts = image_counts.per_dataset(ctx.session, [d.id for d in datasets])
    projects = {
        p.id: p for p in ctx.session.scalars(select(Project).where(Project.id.in_({d.project_id for d in datasets})))
    }
    out = []
    for d in datasets:
        c, p = counts.get(d.id, image_counts.Counts()), projects[d.project_id]
        out.append(
            {
                "id": d.id,
                "name": d.name,
                "description": d.description,
                "size": str(c.size),
                "projectId": d.project_id,
                "imagesCount": c.images,
                "itemsCount": c.images,
                "createdAt": iso(d.created_at),
                "updatedAt": iso(d.updated_at),
                "referenceImageUrl": None,
                "teamId": p.team_id,
                "workspaceId": p.workspace_id,
                "parentId": d.parent_id,
                "customData": d.custom_data or {},
                "createdBy": d.created_by,
            }
        )
    return out


@router.post("/datasets.list", response_model=Page[DatasetInfo])
def datasets_list(ctx: ReadCtx, req: DatasetsListReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.projectId)
    stmt = select(Dataset).where(Dataset.project_id == project.id)
    filters_parent = any(c.field == "parentId" for c in req.filter or [])
    if not req.recursive and not filters_parent:
        stmt = stmt.where(Dataset.parent_id.is_(None))  # top level only, as the platform does
    return paginate(
        ctx.session,
        apply_filters(stmt, req.filter, DATASET_FIELDS),
        req,
        lambda rows: datasets_json(ctx, rows),
        fields=DATASET_FIELDS,
        id_col=Dataset.id,
        default_per_page=20000,
    )


@router.post("/datasets.info", response_model=DatasetInfo)
def datasets_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    return datasets_json(ctx, [access.get_dataset(ctx, req.id)])[0]


class DatasetAddReq(Req):
    """What `api.dataset.create` sends (its name is already made free by the SDK
    when it was asked to change a clashing one)."""

    projectId: StrictInt
    name: StrictStr
    description: StrictStr | None = ""
    parentId: StrictInt | None = None
    customData: dict[str, Any] | None = None


@router.post("/datasets.add", response_model=DatasetInfo)
def datasets_add(ctx: WriteCtx, req: DatasetAddReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.projectId)
    require_manage(ctx, project.team_id, f"creating datasets in project {project.id}")
    name = clean_name(req.name, "the dataset")
    parent_id = None
    if req.parentId is not None:
        parent = access.get_dataset(ctx, req.parentId) if is_db_id(req.parentId) else None
        if parent is None or parent.project_id != project.id:
            raise InvalidInput(f"dataset {req.parentId} is not a dataset of project {project.id}")
        parent_id = parent.id
    siblings = select(Dataset.id).where(Dataset.project_id == project.id, Dataset.name == name)
    siblings = siblings.where(Dataset.parent_id.is_(None) if parent_id is None else Dataset.parent_id == parent_id)
    clash = ctx.session.scalar(siblings)
    if clash is not None:
        raise NonUnique(f"a dataset named {name!r} already exists here", errors=[{"id": clash, "name": name}])
    dataset = Dataset(
        project_id=project.id,
        parent_id=parent_id,
        name=name,
        description=clean_text(req.description, "description"),
        custom_data=req.customData or {},
        created_by=ctx.user.id,
    )
    ctx.session.add(dataset)
    ctx.session.flush()
    return datasets_json(ctx, [dataset])[0]
