"""videos.list, videos.info, videos.download, videos.download-frame,
videos.bulk.download-frame: what the SDK's api.video reads (docs/wire-contract.md 12).

Videos are rows of the images table in a project of type "videos", so the
listing, its `filter` and typed `filters` and its paging are those of
images.list; only the answer's shape differs (VideoInfo)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import FileResponse, Response
from pydantic import Field, StrictInt

from desktop_app.server.context import Ctx, Req
from desktop_app.server.errors import ApiError
from desktop_app.server.evaluation.item_fields import with_evaluation
from desktop_app.server.images.filters import typed_conditions
from desktop_app.server.images.paging import list_images
from desktop_app.server.routes.answers import Answer, Page
from desktop_app.server.routes.deps import ReadCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.images import DEFAULT_PER_PAGE, MAX_PER_PAGE, ImagesListReq, listing_scope
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.videos.files import frame_png, video_file
from desktop_app.server.videos.lookup import get_video, require_video_project
from desktop_app.server.videos.probe import UnreadableVideo, probe
from desktop_app.server.videos.to_json import videos_json, with_file_facts

router = APIRouter(route_class=V3Route, tags=["videos"], responses=ERROR_RESPONSES)

MAX_FRAMES_PER_CALL = 100  # the SDK asks for 50 at a time (batched)


class VideoInfo(Answer):
    id: int
    name: str
    datasetId: int
    projectId: int
    framesCount: int
    frameWidth: int
    frameHeight: int
    fileMeta: dict[str, Any]
    fullStorageUrl: str
    labelsCount: int
    previewFrame: int


class VideosListReq(ImagesListReq):
    """What api.video.get_list sends: projectId or datasetId, `filter`, and for a
    collection the typed `filters` (entities_collection); rawVideoMeta and
    forceMetadataForLinks are accepted and change nothing."""


@router.post("/videos.list", response_model=Page[VideoInfo])
def videos_list(ctx: ReadCtx, req: Annotated[VideosListReq, Body(default_factory=VideosListReq)]) -> dict[str, Any]:
    project, scope = listing_scope(ctx, req)
    require_video_project(project)
    scope += typed_conditions(ctx, project, req.filters)
    counts = "evaluation" in (req.extraFields or [])  # frame-by-frame evaluation counts (docs/evaluation-api.md)
    return list_images(
        ctx.session,
        scope,
        req,
        lambda rows: with_evaluation(rows, videos_json(ctx.session, rows, ctx.urls), counts),
        default_per_page=DEFAULT_PER_PAGE,
        max_per_page=MAX_PER_PAGE,
    )


class VideoIdReq(Req):
    id: StrictInt


def _info(ctx: Ctx, video_id: int) -> dict[str, Any]:
    video = get_video(ctx, video_id)
    info = videos_json(ctx.session, [video], ctx.urls)[0]
    try:
        facts = probe(video_file(ctx.settings, ctx.session, video), video.name)
    except (ApiError, UnreadableVideo):
        facts = None  # the file is gone or broken: the row still answers
    return with_file_facts(info, facts)


@router.post("/videos.info", response_model=VideoInfo)
def videos_info(ctx: ReadCtx, req: VideoIdReq) -> dict[str, Any]:
    """One video with its per-frame timecodes and codec; 404 (SDK: None) for an
    id that is unknown, not visible to the caller, or not a video."""
    return _info(ctx, req.id)


@router.post(
    "/videos.download",
    response_class=Response,
    responses={200: {"content": {"video/*": {}}, "description": "the original video file"}},
)
def videos_download(ctx: ReadCtx, req: VideoIdReq) -> Response:
    video = get_video(ctx, req.id)
    return FileResponse(video_file(ctx.settings, ctx.session, video), media_type=video.mime)


class FrameReq(Req):
    videoId: StrictInt
    frame: StrictInt


@router.post(
    "/videos.download-frame",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "the frame as PNG"}},
)
def videos_download_frame(ctx: ReadCtx, req: FrameReq) -> Response:
    """Frame `frame` (0-based) as PNG; 400 for a frame outside the video."""
    video = get_video(ctx, req.videoId)
    return Response(frame_png(ctx.settings, ctx.session, video, req.frame), media_type="image/png")


class FramesReq(Req):
    videoId: StrictInt
    frames: Annotated[list[StrictInt], Field(min_length=1, max_length=MAX_FRAMES_PER_CALL)]


def multipart(parts: list[tuple[str, bytes, str]]) -> Response:
    """multipart/form-data with one part per (name, bytes, content type), as the
    SDK's MultipartDecoder reads frames: the frame index is the part's name."""
    boundary = uuid.uuid4().hex
    body = bytearray()
    for name, data, content_type in parts:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n'.encode()
        body += f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return Response(bytes(body), media_type=f"multipart/form-data; boundary={boundary}")


@router.post(
    "/videos.bulk.download-frame",
    response_class=Response,
    responses={200: {"content": {"multipart/form-data": {}}, "description": "one PNG part per frame"}},
)
def videos_bulk_download_frame(ctx: ReadCtx, req: FramesReq) -> Response:
    video = get_video(ctx, req.videoId)
    frames = list(dict.fromkeys(req.frames))
    return multipart([(str(i), frame_png(ctx.settings, ctx.session, video, i), "image/png") for i in frames])
