"""annotation-objects.bulk.add, annotation-objects.tags.bulk.add, figures.bulk.add:
the SDK's piecewise annotation upload for items with objects (point clouds;
videos go through the same dispatch, annotation_objects/dispatch.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field, StrictInt

from desktop_app.server import access
from desktop_app.server.annotation_objects import dispatch
from desktop_app.server.annotation_objects.tag_add import ObjectTagIn, add_object_tags
from desktop_app.server.collections.rules import is_db_id
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import AnnotationObject, Image, ObjClass, Project
from desktop_app.server.errors import InvalidInput
from desktop_app.server.permissions import require_annotate, require_annotate_project
from desktop_app.server.routes.deps import WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.point_cloud_answers import NewId
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["annotation-objects"], responses=ERROR_RESPONSES)

MAX_PER_CALL = 10_000  # the SDK sends every object of an annotation at once, figures 100 at a time


class ObjectsAddReq(Req):
    datasetId: StrictInt
    annotationObjects: Annotated[list[dict[str, Any]], Field(max_length=MAX_PER_CALL)]


@router.post("/annotation-objects.bulk.add", response_model=list[NewId])
def annotation_objects_bulk_add(ctx: WriteCtx, req: ObjectsAddReq) -> list[dict[str, Any]]:
    """New objects of a dataset's items; the answer lists their ids in order."""
    dataset = access.get_dataset(ctx, req.datasetId)
    project = ctx.session.get_one(Project, dataset.project_id)
    _may_add_objects(ctx, dataset.id, project, req.annotationObjects)
    return dispatch.add_objects(ctx, dataset, project, req.annotationObjects)


def _may_add_objects(ctx: Ctx, dataset_id: int, project: Project, objects: list[dict[str, Any]]) -> None:
    """Objects named on an item need the right to annotate it; a point cloud's
    objects wait in the dataset until figures.bulk.add puts them on one.
    (An entityId that is no item of the dataset is answered 400 by the adder.)"""
    named: set[int] = set()
    for o in objects:
        entity = o.get("entityId") if isinstance(o, dict) else None
        if type(entity) is int and is_db_id(entity):  # anything else: the adder's 400
            named.add(entity)
    found = (ctx.session.get(Image, e) for e in sorted(named))
    items = [item for item in found if item is not None and item.dataset_id == dataset_id]
    require_annotate(ctx, items, f"adding annotation objects in project {project.id}")
    require_annotate_project(ctx, project, f"adding annotation objects in project {project.id}")


class ObjectTagsAddReq(Req):
    projectId: StrictInt | None = None
    entityId: StrictInt | None = None
    tags: Annotated[list[ObjectTagIn], Field(max_length=MAX_PER_CALL)]


@router.post("/annotation-objects.tags.bulk.add", response_model=list[NewId])
def annotation_objects_tags_bulk_add(ctx: WriteCtx, req: ObjectTagsAddReq) -> list[dict[str, Any]]:
    if req.projectId is not None:
        access.get_project(ctx, req.projectId)
    if req.entityId is not None:
        access.get_image(ctx, req.entityId)
    _may_tag_objects(ctx, req.tags)
    return add_object_tags(ctx, req.tags, req.projectId, req.entityId)


def _may_tag_objects(ctx: Ctx, tags: list[ObjectTagIn]) -> None:
    """The right to annotate the objects' items (or, for objects still waiting
    in a dataset, their project)."""
    for obj_id in sorted({t.objectId for t in tags}):
        obj = ctx.session.get(AnnotationObject, obj_id) if is_db_id(obj_id) else None
        if obj is None:
            continue  # add_object_tags answers 400 naming it
        if obj.image_id is not None:
            require_annotate(ctx, [access.get_image(ctx, obj.image_id)], f"tagging object {obj_id}")
        else:
            cls = ctx.session.get_one(ObjClass, obj.class_id)
            require_annotate_project(ctx, access.get_project(ctx, cls.project_id), f"tagging object {obj_id}")


class FiguresAddReq(Req):
    entityId: StrictInt | None = None
    datasetId: StrictInt | None = None  # then every figure names its entityId
    figures: Annotated[list[dict[str, Any]], Field(max_length=MAX_PER_CALL)]


@router.post("/figures.bulk.add", response_model=list[NewId])
def figures_bulk_add(ctx: WriteCtx, req: FiguresAddReq) -> list[dict[str, Any]]:
    """Figures of objects created before; the answer lists their ids in order."""
    if (req.entityId is None) == (req.datasetId is None):
        raise InvalidInput("give exactly one of entityId and datasetId")
    groups: dict[int, list[int]] = {}  # entity id -> positions of its figures
    for i, fig in enumerate(req.figures):
        entity = req.entityId if req.entityId is not None else fig.get("entityId")
        if not isinstance(entity, int) or isinstance(entity, bool):
            raise InvalidInput(f"figures[{i}]: 'entityId' is required with datasetId")
        groups.setdefault(entity, []).append(i)
    answer: list[dict[str, Any]] = [{} for _ in req.figures]
    for entity_id, positions in groups.items():
        item = access.get_image(ctx, entity_id)
        require_annotate(ctx, [item], f"adding figures to item {item.id}")
        if req.datasetId is not None and item.dataset_id != req.datasetId:
            raise InvalidInput(f"item {entity_id} is not in dataset {req.datasetId}")
        project = ctx.session.get_one(Project, item.project_id)
        ids = dispatch.add_figures(ctx, item, project, [req.figures[i] for i in positions])
        for i, one in zip(positions, ids, strict=True):
            answer[i] = one
    return answer
