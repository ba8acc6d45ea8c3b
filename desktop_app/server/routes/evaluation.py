"""evaluation.settings.info, evaluation.settings.update, evaluation.objects.list,
evaluation.summary: the bundled server's own methods (docs/evaluation-api.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Request
from pydantic import Field, StrictFloat, StrictInt
from sqlalchemy import Select, func, select

from desktop_app.server import access
from desktop_app.server.collections.membership import member_ids_query
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import FigureMatch, Image, ObjClass, Project
from desktop_app.server.errors import InvalidInput
from desktop_app.server.evaluation import background
from desktop_app.server.evaluation.objects import objects_json, objects_select
from desktop_app.server.evaluation.recompute import evaluate_project, threshold_of
from desktop_app.server.evaluation.settings import store_threshold
from desktop_app.server.evaluation.summary import summary
from desktop_app.server.images.filters import caller_resolver
from desktop_app.server.listing.cursor import Cursor
from desktop_app.server.listing.pagination import ListReq, Sort, envelope
from desktop_app.server.permissions import require_manage
from desktop_app.server.routes.answers import Answer, Page
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["evaluation"], responses=ERROR_RESPONSES)

OBJECTS_PER_PAGE = 100
OBJECTS_MAX_PER_PAGE = 1000
OBJECT_SORTS = {"confidence": FigureMatch.confidence, "iou": FigureMatch.iou, "id": FigureMatch.figure_id}


class EvaluationSettings(Answer):
    projectId: int
    iouThreshold: float
    # the project's recompute after a threshold change: {"running", "done", "total"[, "error"]}
    recompute: dict[str, Any]


class EvaluatedObject(Answer):
    figureId: int
    imageId: int
    imageName: str
    datasetId: int
    classId: int
    classTitle: str
    kind: str
    confidence: float | None
    iou: float | None
    matchedFigureId: int | None
    frame: int | None  # a video's frame the box is on; None for an image
    bbox: dict[str, float]


class EvaluationSummary(Answer):
    iouThreshold: float
    classes: list[dict[str, Any]]


class ProjectReq(Req):
    projectId: StrictInt


class SettingsUpdateReq(ProjectReq):
    iouThreshold: StrictFloat | StrictInt


def _settings(ctx: Ctx, project: Project, recompute: dict[str, Any]) -> dict[str, Any]:
    return {"projectId": project.id, "iouThreshold": threshold_of(ctx.session, project.id), "recompute": recompute}


@router.post("/evaluation.settings.info", response_model=EvaluationSettings)
def evaluation_settings_info(ctx: ReadCtx, req: ProjectReq, request: Request) -> dict[str, Any]:
    project = access.get_project(ctx, req.projectId)
    return _settings(ctx, project, request.app.state.recomputes.progress(project.id))


@router.post("/evaluation.settings.update", response_model=EvaluationSettings)
def evaluation_settings_update(
    ctx: WriteCtx, req: SettingsUpdateReq, request: Request, after_commit: BackgroundTasks
) -> dict[str, Any]:
    """Set the threshold and recompute the project: before answering when it is small, else in
    the background (evaluation/background.py) with its progress in evaluation.settings.info."""
    project = access.get_project(ctx, req.projectId)
    require_manage(ctx, project.team_id, f"changing the evaluation settings of project {project.id}")
    threshold = store_threshold(ctx.session, project.id, float(req.iouThreshold))
    items = ctx.session.scalar(select(func.count()).select_from(Image).where(Image.project_id == project.id)) or 0
    if items <= background.SYNC_LIMIT:
        evaluate_project(ctx.session, project.id)
        return _settings(ctx, project, {"running": False, "done": items, "total": items})
    recomputes = request.app.state.recomputes
    run = recomputes.plan(project.id, items)
    after_commit.add_task(recomputes.start, project.id, threshold, run)  # reads the committed threshold's items
    return _settings(ctx, project, run.json())


def _labelled_class(ctx: Ctx, project: Project, class_id: int | None) -> int | None:
    if class_id is not None:
        cls = ctx.session.get(ObjClass, class_id)
        if cls is None or cls.project_id != project.id:
            raise InvalidInput(f"class {class_id} is not in project {project.id}")
    return class_id


def _members(ctx: Ctx, project: Project, collection_id: int | None) -> Select | None:
    """The collection's member ids as a SELECT (a smart collection's resolved from its filter)."""
    if collection_id is None:
        return None
    collection = access.get_collection(ctx, collection_id)  # 404 when not visible
    if collection.project_id != project.id:
        raise InvalidInput(f"collection {collection.id} belongs to another project")
    return member_ids_query(caller_resolver(ctx), collection)


class ObjectsReq(ListReq):
    projectId: StrictInt
    kind: Literal["tp", "fp", "fn"]
    classId: StrictInt | None = None
    collectionId: StrictInt | None = None
    minConfidence: Annotated[StrictFloat | StrictInt | None, Field(ge=0, le=1)] = None


@router.post("/evaluation.objects.list", response_model=Page[EvaluatedObject])
def evaluation_objects_list(ctx: ReadCtx, req: ObjectsReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.projectId)
    stmt = objects_select(
        project.id,
        req.kind,
        _labelled_class(ctx, project, req.classId),
        _members(ctx, project, req.collectionId),
        req.minConfidence,
    )
    key = req.sort or "confidence"
    if key not in OBJECT_SORTS:
        raise InvalidInput(f"cannot sort by {key!r}; allowed: {', '.join(OBJECT_SORTS)}")
    desc = req.sort_order == "desc" if req.sort_order else key != "id"
    sorting = Sort(key, OBJECT_SORTS[key], desc, FigureMatch.figure_id)
    per_page = min(req.per_page or OBJECTS_PER_PAGE, OBJECTS_MAX_PER_PAGE)
    total = ctx.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    token = req.pagination_mode == "token"
    if token:
        if req.after:
            stmt = stmt.where(sorting.after(Cursor.decode(req.after, sorting.key, sorting.desc)))
        page = stmt.order_by(*sorting.order_by()).limit(per_page + 1)
    else:
        page = stmt.order_by(*sorting.order_by()).offset(((req.page or 1) - 1) * per_page).limit(per_page)
    rows = list(ctx.session.execute(page).all())
    out = envelope(rows, total, per_page, token, sorting, objects_json)
    out["page"] = req.page or 1
    return out


class SummaryReq(ProjectReq):
    collectionId: StrictInt | None = None
    classIds: list[StrictInt] | None = None


@router.post("/evaluation.summary", response_model=EvaluationSummary)
def evaluation_summary(ctx: ReadCtx, req: SummaryReq) -> dict[str, Any]:
    project = access.get_project(ctx, req.projectId)
    for class_id in req.classIds or ():
        _labelled_class(ctx, project, class_id)
    members = _members(ctx, project, req.collectionId)
    return summary(ctx.session, project.id, threshold_of(ctx.session, project.id), members, req.classIds)
