"""Checking and storing a new labeling queue (`labeling-queues.add`).

The request is refused (400, nothing stored) when: the name is empty, too long
or already used in the team (NONUNIQUE); not exactly one of datasetId and
collectionId is given; a labeler, reviewer or QC user is not a member of the
project's team; meta names a class or tag the project does not have;
meta.entityIds are not images of the source dataset. An unknown or invisible
source is a 404. meta and queueMeta are stored exactly as sent."""

from __future__ import annotations

from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
)
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.collections.rules import (
    check_id_count,
    clean_name,
    clean_text,
    is_db_id,
)
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import (
    Image,
    LabelingJob,
    LabelingQueue,
    ObjClass,
    Project,
    QueueMember,
    TagMeta,
    TeamMember,
)
from desktop_app.server.errors import InvalidInput, NonUnique, NotFound
from desktop_app.server.permissions import require_manage

README_MAX = 100_000


class QueueAddReq(Req):
    name: StrictStr
    userIds: list[StrictInt]
    reviewerIds: list[StrictInt] = []
    meta: dict[str, Any] | None = None
    datasetId: StrictInt | None = None
    collectionId: StrictInt | None = None
    queueMeta: dict[str, Any] | None = None
    qualityCheckUserIds: list[StrictInt] | None = None
    reviewerId: StrictInt | None = None
    readme: StrictStr | None = None
    description: StrictStr | None = None


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow")  # keys we do not use are kept as sent


class ImageTagRule(_Loose):
    name: StrictStr
    positive: StrictBool


class ImagesRange(_Loose):
    start: StrictInt = Field(ge=1)
    end: StrictInt = Field(ge=1)


class QueueMetaIn(_Loose):
    """The shape of `meta` as the SDK builds it; used for checking only."""

    classes: list[StrictStr] | None = None
    projectTags: list[StrictStr] | None = None
    imageTags: list[ImageTagRule] | None = None
    imageFiguresLimit: StrictInt | None = Field(default=None, ge=0)
    imageTagsLimit: StrictInt | None = Field(default=None, ge=0)
    dynamicClasses: StrictBool | None = None
    dynamicTags: StrictBool | None = None
    hideFigureAuthor: StrictBool | None = None
    disableConfirm: StrictBool | None = None
    disableSubmit: StrictBool | None = None
    enableIntermediateReview: StrictBool | None = None
    entityIds: list[StrictInt] | None = None
    guide: StrictInt | None = None
    range: ImagesRange | None = None


def _parse_meta(raw: dict[str, Any]) -> QueueMetaIn:
    try:
        return QueueMetaIn.model_validate(raw)
    except ValidationError as exc:
        where = lambda err: ".".join(["meta", *map(str, err["loc"])])  # noqa: E731
        raise InvalidInput("; ".join(f"{where(e)}: {e['msg']}" for e in exc.errors())) from None


def _source_project(ctx: Ctx, req: QueueAddReq) -> Project:
    if (req.datasetId is None) == (req.collectionId is None):
        raise InvalidInput("give exactly one source: datasetId or collectionId")
    if req.datasetId is not None:
        if not is_db_id(req.datasetId):
            raise NotFound(f"dataset with id {req.datasetId} not found")
        project_id = access.get_dataset(ctx, req.datasetId).project_id
    else:
        assert req.collectionId is not None
        if not is_db_id(req.collectionId):
            raise NotFound(f"collection with id {req.collectionId} not found")
        project_id = access.get_collection(ctx, req.collectionId).project_id
    return ctx.session.get_one(Project, project_id)


def _check_members(ctx: Ctx, team_id: int, ids: set[int]) -> None:
    members = set(
        ctx.session.scalars(
            select(TeamMember.user_id).where(
                TeamMember.team_id == team_id, TeamMember.user_id.in_([i for i in ids if is_db_id(i)])
            )
        )
    )
    outsiders = sorted(ids - members)
    if outsiders:
        raise InvalidInput(
            f"users {', '.join(map(str, outsiders))} are not members of the project's team",
            ids=outsiders,
        )


def _check_names(ctx: Ctx, column, project_id_col, project_id: int, names: list[str], what: str) -> None:
    if not names:
        return
    check_id_count(names, f"the {what} list of meta", "names")
    known = set(ctx.session.scalars(select(column).where(project_id_col == project_id, column.in_(names))))
    unknown = [n for n in dict.fromkeys(names) if n not in known]
    if unknown:
        raise InvalidInput(f"the project has no {what} named {', '.join(map(repr, unknown))}", names=unknown)


def _check_meta(ctx: Ctx, meta: QueueMetaIn, project: Project, req: QueueAddReq) -> None:
    _check_names(ctx, ObjClass.title, ObjClass.project_id, project.id, meta.classes or [], "class")
    tag_names = (meta.projectTags or []) + [rule.name for rule in meta.imageTags or []]
    _check_names(ctx, TagMeta.name, TagMeta.project_id, project.id, tag_names, "tag")
    if req.collectionId is not None and (meta.entityIds is not None or meta.range is not None):
        raise InvalidInput("meta.entityIds and meta.range apply to dataset-source queues only")
    if meta.range is not None and meta.range.end < meta.range.start:
        raise InvalidInput("meta.range.end must not be smaller than meta.range.start")
    if meta.entityIds is not None:
        check_id_count(meta.entityIds, "meta.entityIds")
        wanted = set(meta.entityIds)
        found = set(
            ctx.session.scalars(
                select(Image.id).where(
                    Image.dataset_id == req.datasetId, Image.id.in_([i for i in wanted if is_db_id(i)])
                )
            )
        )
        if wanted - found:
            bad = sorted(wanted - found)
            raise InvalidInput(f"meta.entityIds {', '.join(map(str, bad))} are not images of the dataset", ids=bad)


def create_queue(ctx: Ctx, req: QueueAddReq) -> LabelingQueue:
    name = clean_name(req.name, "labeling queue")
    description = clean_text(req.description, "description")
    readme = clean_text(req.readme, "readme", README_MAX)
    raw_meta = req.meta or {}
    meta = _parse_meta(raw_meta)
    project = _source_project(ctx, req)
    require_manage(ctx, project.team_id, f"creating labeling queues in project {project.id}")
    labelers = list(dict.fromkeys(req.userIds))
    reviewers = list(dict.fromkeys(req.reviewerIds + ([req.reviewerId] if req.reviewerId is not None else [])))
    checkers = list(dict.fromkeys(req.qualityCheckUserIds or []))
    if not labelers:
        raise InvalidInput("userIds must name at least one labeler")
    if not reviewers:
        raise InvalidInput("reviewerIds must name at least one reviewer")
    _check_members(ctx, project.team_id, set(labelers + reviewers + checkers))
    _check_meta(ctx, meta, project, req)
    clash = ctx.session.scalar(
        select(LabelingQueue.id).where(LabelingQueue.team_id == project.team_id, LabelingQueue.name == name)
    )
    if clash is not None:
        raise NonUnique(
            f"a labeling queue named {name!r} already exists in this team", errors=[{"id": clash, "name": name}]
        )
    queue = LabelingQueue(
        team_id=project.team_id,
        project_id=project.id,
        dataset_id=req.datasetId,
        collection_id=req.collectionId,
        name=name,
        description=description,
        readme=readme,
        created_by=ctx.user.id,
        status="pending",
        meta=raw_meta,
        queue_meta=req.queueMeta or {},
    )
    ctx.session.add(queue)
    ctx.session.flush()
    for role, ids in (("labeler", labelers), ("reviewer", reviewers), ("qc", checkers)):
        ctx.session.add_all(QueueMember(queue_id=queue.id, user_id=u, role=role) for u in ids)
    ctx.session.add_all(LabelingJob(queue_id=queue.id, user_id=u, status="pending") for u in labelers)
    ctx.session.flush()
    return queue
