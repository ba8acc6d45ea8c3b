"""point-clouds.*: listing and reading point clouds, their files and annotations,
adding them (the SDK's upload_paths), and this server's whole-annotation save.
Point clouds are rows of the items table (one id space with images), so
images.bulk.remove deletes them and collections and queues hold them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import Response
from pydantic import Field, StrictInt, StrictStr

from desktop_app.server import access
from desktop_app.server.annotations.check import ProjectMeta
from desktop_app.server.annotations.input import MAX_TAGS, TagIn
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import Dataset, Image, Project
from desktop_app.server.errors import InvalidInput, NotFound
from desktop_app.server.images.filters import typed_conditions
from desktop_app.server.images.paging import list_images
from desktop_app.server.images.source import read_original
from desktop_app.server.permissions import require_annotate, require_manage, require_upload
from desktop_app.server.point_clouds.add import NewCloud, add_point_clouds, facts_of
from desktop_app.server.point_clouds.annotation_check import plan_point_cloud
from desktop_app.server.point_clouds.annotation_input import SaveReq
from desktop_app.server.point_clouds.annotation_json import point_cloud_annotations
from desktop_app.server.point_clouds.annotation_store import replace_annotation
from desktop_app.server.point_clouds.append import add_entity_tags
from desktop_app.server.point_clouds.pcd import MIME, BadPcd
from desktop_app.server.point_clouds.to_json import point_clouds_json
from desktop_app.server.routes.answers import Page, UploadedFile
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.images import ImagesListReq, listing_scope
from desktop_app.server.routes.point_cloud_answers import (
    NewId,
    PointCloudAnnotation,
    PointCloudInfo,
    SavedPointCloudAnnotation,
)
from desktop_app.server.routes.upload_parts import MULTIPART_BODY, Part, UploadedParts, store_parts
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["point-clouds"], responses=ERROR_RESPONSES)

POINT_CLOUDS = "point_clouds"
DEFAULT_PER_PAGE = 5000
MAX_PER_PAGE = 20000
BULK_INFO_MAX = 100
ADD_MAX = 500  # the SDK adds 50 at a time


def point_cloud_project(ctx: Ctx, project: Project) -> Project:
    if project.type != POINT_CLOUDS:
        raise InvalidInput(f"project {project.id} is a {project.type} project, not a point-cloud project")
    return project


def get_point_cloud(ctx: Ctx, id_: int) -> Image:
    """The point cloud, or 404 (unknown, not visible, or not a point cloud), so the SDK returns None."""
    item = access.get_image(ctx, id_)
    if ctx.session.get_one(Project, item.project_id).type != POINT_CLOUDS:
        raise NotFound(f"point cloud with id {id_} not found")
    return item


def point_cloud_dataset(ctx: Ctx, id_: int) -> Dataset:
    dataset = access.get_dataset(ctx, id_)
    point_cloud_project(ctx, ctx.session.get_one(Project, dataset.project_id))
    return dataset


@router.post("/point-clouds.list", response_model=Page[PointCloudInfo])
def point_clouds_list(
    ctx: ReadCtx, req: Annotated[ImagesListReq, Body(default_factory=ImagesListReq)]
) -> dict[str, Any]:
    """By datasetId (what the SDK sends) or projectId, with images.list's `filter` and `filters`."""
    project, scope = listing_scope(ctx, req)
    point_cloud_project(ctx, project)
    scope += typed_conditions(ctx, project, req.filters)
    return list_images(
        ctx.session,
        scope,
        req,
        lambda rows: point_clouds_json(ctx.session, rows, ctx.urls),
        default_per_page=DEFAULT_PER_PAGE,
        max_per_page=MAX_PER_PAGE,
    )


class IdReq(Req):
    id: StrictInt


@router.post("/point-clouds.info", response_model=PointCloudInfo)
def point_clouds_info(ctx: ReadCtx, req: IdReq) -> dict[str, Any]:
    return point_clouds_json(ctx.session, [get_point_cloud(ctx, req.id)], ctx.urls)[0]


@router.post(
    "/point-clouds.download",
    response_class=Response,
    responses={200: {"content": {MIME: {}}, "description": "the original .pcd file"}},
)
def point_clouds_download(ctx: ReadCtx, req: IdReq) -> Response:
    cloud = get_point_cloud(ctx, req.id)
    content, _mime = read_original(ctx.settings, ctx.session, cloud)
    return Response(content, media_type=MIME)


class BulkInfoReq(Req):
    datasetId: StrictInt
    pointCloudIds: Annotated[list[StrictInt], Field(max_length=BULK_INFO_MAX)]


@router.post("/point-clouds.annotations.bulk.info", response_model=list[PointCloudAnnotation])
def point_clouds_annotations_bulk_info(ctx: ReadCtx, req: BulkInfoReq) -> list[dict[str, Any]]:
    dataset = point_cloud_dataset(ctx, req.datasetId)
    ids = list(dict.fromkeys(req.pointCloudIds))
    found = {c.id: c for c in ctx.session.query(Image).filter(Image.id.in_(ids), Image.dataset_id == dataset.id)}
    strangers = [i for i in ids if i not in found]
    if strangers:
        raise InvalidInput(f"point clouds not in dataset {dataset.id}: {', '.join(map(str, strangers[:20]))}")
    return point_cloud_annotations(ctx.session, [found[i] for i in ids])


@router.post("/point-clouds.annotations.save", response_model=SavedPointCloudAnnotation)
def point_clouds_annotations_save(ctx: WriteCtx, req: SaveReq) -> dict[str, Any]:
    """This server's own method (the platform has none): replace a point cloud's whole
    annotation at once; with expectedVersion, 409 if someone saved it since."""
    cloud = get_point_cloud(ctx, req.pointCloudId)
    require_annotate(ctx, [cloud], f"saving the annotation of point cloud {cloud.id}")
    plan = plan_point_cloud(ProjectMeta(ctx.session, cloud.project_id), cloud, req.annotation)
    expected = {cloud.id: req.expectedVersion} if req.expectedVersion is not None else None
    return replace_annotation(ctx.session, plan, ctx.user.login, expected)


class TagsAddReq(Req):
    entityId: StrictInt
    tags: Annotated[list[TagIn], Field(max_length=MAX_TAGS)]


@router.post("/point-clouds.tags.bulk.add", response_model=list[NewId])
def point_clouds_tags_bulk_add(ctx: WriteCtx, req: TagsAddReq) -> list[dict[str, Any]]:
    """Tags on the point cloud itself (what api.pointcloud.annotation.append sends first)."""
    cloud = get_point_cloud(ctx, req.entityId)
    require_annotate(ctx, [cloud], f"tagging point cloud {cloud.id}")
    return add_entity_tags(ctx, cloud, req.tags)


class NewCloudIn(Req):
    name: StrictStr
    hash: StrictStr | None = None
    link: StrictStr | None = None
    teamFileId: StrictInt | None = None
    meta: dict[str, Any] | None = None


class BulkAddReq(Req):
    datasetId: StrictInt
    pointClouds: Annotated[list[NewCloudIn], Field(max_length=ADD_MAX)]


@router.post("/point-clouds.bulk.add", response_model=list[PointCloudInfo])
def point_clouds_bulk_add(ctx: WriteCtx, req: BulkAddReq) -> list[dict[str, Any]]:
    """Point clouds from files uploaded before, by hash; the answer is their infos in order."""
    dataset = point_cloud_dataset(ctx, req.datasetId)
    require_manage(
        ctx, ctx.session.get_one(Project, dataset.project_id).team_id, f"adding point clouds to dataset {dataset.id}"
    )
    items = []
    for i, pc in enumerate(req.pointClouds):
        if pc.hash is None:
            source = "links" if pc.link is not None else "Team Files" if pc.teamFileId is not None else "nothing"
            raise InvalidInput(f"pointClouds[{i}] ({pc.name!r}): only 'hash' is supported here, not {source}")
        items.append(NewCloud(pc.name, pc.hash, pc.meta or {}))
    rows = add_point_clouds(ctx, dataset, items)
    return point_clouds_json(ctx.session, rows, ctx.urls)


def _must_be_point_cloud(part: Part) -> None:
    try:
        facts_of(part.file.read())
    except BadPcd as exc:
        raise InvalidInput(f"{part.label} is not a point cloud this server can read: {exc}") from None


@router.post("/point-clouds.bulk.upload", response_model=list[UploadedFile], openapi_extra=MULTIPART_BODY)
def point_clouds_bulk_upload(ctx: ReadCtx, parts: UploadedParts) -> list[dict[str, Any]]:
    """Files as the SDK uploads them (multipart, one part per file); each must be a
    readable PCD file, else 400 naming it and nothing is stored. Answers
    [{"hash"}] in part order; point-clouds.bulk.add makes the point clouds."""
    require_upload(ctx, "uploading point clouds")
    return store_parts(ctx.settings, parts, _must_be_point_cloud)
