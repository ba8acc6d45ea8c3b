"""videos.annotations.bulk.info (what api.video.annotation.download reads),
videos.tags.bulk.add (the first step of api.video.annotation.append; its
objects and figures go through annotation-objects.* and figures.bulk.add,
routes/annotation_objects.py), and videos.annotations.save: this server's
own method replacing one video's whole annotation at once (the desktop app's
save; docs/wire-contract.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field, StrictInt
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.annotations.check import ProjectMeta
from desktop_app.server.annotations.input import MAX_TAGS
from desktop_app.server.context import Req
from desktop_app.server.db.models import Image, Project
from desktop_app.server.errors import InvalidInput
from desktop_app.server.permissions import require_annotate
from desktop_app.server.routes.answers import Answer, CreatedId
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.videos.annotation_check import plan_video
from desktop_app.server.videos.annotation_input import SaveReq, VideoTagIn
from desktop_app.server.videos.annotation_json import video_annotations
from desktop_app.server.videos.annotation_store import replace_video_annotation
from desktop_app.server.videos.append import add_video_tags
from desktop_app.server.videos.lookup import get_video, require_video_project

router = APIRouter(route_class=V3Route, tags=["videos"], responses=ERROR_RESPONSES)

BULK_INFO_MAX = 100  # videos per call; the SDK asks for one (download) or up to 50


class VideoAnnotationInfo(Answer):
    videoId: int
    videoName: str
    datasetId: int
    version: int
    size: dict[str, int]
    framesCount: int
    tags: list[dict[str, Any]]
    objects: list[dict[str, Any]]
    frames: list[dict[str, Any]]


class BulkInfoReq(Req):
    datasetId: StrictInt
    videoIds: Annotated[list[StrictInt], Field(max_length=BULK_INFO_MAX)]


@router.post("/videos.annotations.bulk.info", response_model=list[VideoAnnotationInfo])
def videos_annotations_bulk_info(ctx: ReadCtx, req: BulkInfoReq) -> list[dict[str, Any]]:
    """The annotations of videos of one dataset, in the order asked (a JSON array)."""
    dataset = access.get_dataset(ctx, req.datasetId)
    require_video_project(ctx.session.get_one(Project, dataset.project_id))
    ids = list(dict.fromkeys(req.videoIds))
    found = {
        v.id: v for v in ctx.session.scalars(select(Image).where(Image.id.in_(ids), Image.dataset_id == dataset.id))
    }
    strangers = [i for i in ids if i not in found]
    if strangers:
        raise InvalidInput(f"videos not in dataset {dataset.id}: {', '.join(map(str, strangers[:20]))}")
    return video_annotations(ctx.session, [found[i] for i in ids])


class SavedVideoAnnotation(Answer):
    videoId: int
    version: int
    updatedAt: str


@router.post("/videos.annotations.save", response_model=SavedVideoAnnotation)
def videos_annotations_save(ctx: WriteCtx, req: SaveReq) -> dict[str, Any]:
    """Replace the video's tags, objects and figures with the sent ones, all or
    nothing; 409 when `expectedVersion` is no longer the video's version."""
    video = get_video(ctx, req.videoId)
    require_annotate(ctx, [video], f"saving the annotation of video {video.id}")
    plan = plan_video(ProjectMeta(ctx.session, video.project_id), video, req.annotation)
    expected = {video.id: req.expectedVersion} if req.expectedVersion is not None else None
    return replace_video_annotation(ctx.session, plan, ctx.user.login, expected)


class TagsAddReq(Req):
    videoId: StrictInt
    tags: Annotated[list[VideoTagIn], Field(max_length=MAX_TAGS)]


@router.post("/videos.tags.bulk.add", response_model=list[CreatedId])
def videos_tags_bulk_add(ctx: WriteCtx, req: TagsAddReq) -> list[dict[str, Any]]:
    """Tags put on a video (frameRange: the frames they cover); answers their ids in order."""
    video = get_video(ctx, req.videoId)
    require_annotate(ctx, [video], f"tagging video {video.id}")
    return add_video_tags(ctx, video, req.tags)
