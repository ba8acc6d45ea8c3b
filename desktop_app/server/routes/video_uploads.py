"""Uploading videos as the SDK's api.video.upload_path(s) does:

1. images.internal.hashes.list: which files the server has (routes/image_uploads.py);
2. videos.bulk.upload: the other files, multipart; each must be a video PyAV
   can read, or nothing is stored (400 naming the part);
3. import-storage.internal.meta.list {"hashes"}: the streams of each file;
4. videos.list of the dataset (the SDK picks free names);
5. videos.bulk.add {"datasetId", "videos": [{"title", "hash", "meta"}]}: the
   videos, answered as a JSON array of VideoInfo in the order sent."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field, StrictInt, StrictStr
from sqlalchemy import select

from desktop_app.server import access, blobs
from desktop_app.server.collections.rules import check_id_count
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import NAME_MAX, Dataset, Image, Project
from desktop_app.server.errors import InvalidInput, NonUnique
from desktop_app.server.permissions import require_manage, require_upload
from desktop_app.server.routes.answers import StoredFileMeta, UploadedFile
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.upload_parts import MULTIPART_BODY, Part, UploadedParts, store_parts
from desktop_app.server.routes.v3_route import V3Route
from desktop_app.server.routes.videos import VideoInfo
from desktop_app.server.videos.lookup import require_video_project
from desktop_app.server.videos.probe import UnreadableVideo, VideoProbe, probe
from desktop_app.server.videos.to_json import probe_meta, videos_json, with_file_facts

router = APIRouter(route_class=V3Route, tags=["videos"], responses=ERROR_RESPONSES)

MAX_VIDEOS_PER_CALL = 500  # the SDK sends 50 per call


def _must_be_video(part: Part) -> None:
    try:
        probe(part.file, f"file {part.filename!r}")
    except UnreadableVideo as exc:
        raise InvalidInput(f"{part.label} is not a video this server can read: {exc}") from None


@router.post("/videos.bulk.upload", response_model=list[UploadedFile], openapi_extra=MULTIPART_BODY)
def videos_bulk_upload(ctx: ReadCtx, parts: UploadedParts) -> list[dict[str, Any]]:
    """Store video files by the hash of their content; answers `[{"hash": ...}]` in
    the order of the parts. Every part is probed before any is stored."""
    require_upload(ctx, "uploading videos")
    return store_parts(ctx.settings, parts, _must_be_video)


def _stored_video(ctx: Ctx, content_hash: str, what: str, file_name: str | None = None) -> VideoProbe:
    path = blobs.path_of(ctx.settings, content_hash)
    if path is None:
        raise InvalidInput(f"{what}: no uploaded file has the hash {content_hash!r}; upload it first")
    try:
        return probe(path, file_name or what)
    except UnreadableVideo as exc:
        raise InvalidInput(f"{what}: the file with hash {content_hash!r} is not a readable video: {exc}") from None


class HashesReq(Req):
    hashes: list[StrictStr]


@router.post("/import-storage.internal.meta.list", response_model=list[StoredFileMeta])
def import_storage_meta_list(ctx: ReadCtx, req: HashesReq) -> list[dict[str, Any]]:
    """The facts of stored video files, `[{"hash", "meta": {"streams": [...], ...}}]` in
    the order asked; 400 naming a hash the server has no readable video for."""
    check_id_count(req.hashes, "hashes", "hashes")
    return [{"hash": h, "meta": probe_meta(_stored_video(ctx, h, f"hash {h!r}"))} for h in req.hashes]


class VideoIn(Req):
    title: Annotated[StrictStr, Field(min_length=1, max_length=NAME_MAX)] | None = None
    name: Annotated[StrictStr, Field(min_length=1, max_length=NAME_MAX)] | None = None  # older name of title
    hash: StrictStr | None = None
    meta: dict[str, Any] | None = None


class BulkAddReq(Req):
    datasetId: StrictInt
    videos: Annotated[list[VideoIn], Field(min_length=1, max_length=MAX_VIDEOS_PER_CALL)]


def _writable_dataset(ctx: Ctx, dataset_id: int) -> Dataset:
    dataset = access.get_dataset(ctx, dataset_id)
    project = require_video_project(ctx.session.get_one(Project, dataset.project_id))
    require_manage(ctx, project.team_id, f"adding videos to dataset {dataset.id}")
    return dataset


def _names(ctx: Ctx, dataset: Dataset, videos: list[VideoIn]) -> list[str]:
    names = []
    for i, v in enumerate(videos):
        name = (v.title or v.name or "").strip()
        if not name:
            raise InvalidInput(f"videos[{i}]: 'title' is required")
        if v.hash is None:
            raise InvalidInput(f"videos[{i}] ({name!r}): only videos uploaded by 'hash' can be added here")
        names.append(name)
    repeated = sorted(n for n, k in Counter(names).items() if k > 1)
    taken = set(ctx.session.scalars(select(Image.name).where(Image.dataset_id == dataset.id, Image.name.in_(names))))
    clashes = repeated + sorted(taken - set(repeated))
    if clashes:
        raise NonUnique(
            f"dataset {dataset.id} already has, or would get twice, the names: {', '.join(map(repr, clashes))}",
            errors=[{"name": n} for n in clashes],
        )
    return names


@router.post("/videos.bulk.add", response_model=list[VideoInfo])
def videos_bulk_add(ctx: WriteCtx, req: BulkAddReq) -> list[dict[str, Any]]:
    """Make videos of uploaded files in a dataset of a video project. Everything is
    checked first: one bad entry (unknown hash, a file that is no video, a name
    taken in the dataset) refuses the call and nothing is added."""
    dataset = _writable_dataset(ctx, req.datasetId)
    names = _names(ctx, dataset, req.videos)
    facts = [
        _stored_video(ctx, v.hash or "", f"videos[{i}] ({names[i]!r})", names[i]) for i, v in enumerate(req.videos)
    ]
    rows = [
        Image(
            dataset_id=dataset.id,
            project_id=dataset.project_id,
            name=name,
            hash=v.hash,
            mime=f.mime,
            size=f.size,
            width=f.width,
            height=f.height,
            frames_count=f.frames_count,
            frame_rate=f.fps,
            storage_path=blobs.storage_path(v.hash or ""),
            meta=v.meta or {},
            created_by=ctx.user.id,
        )
        for name, v, f in zip(names, req.videos, facts, strict=True)
    ]
    ctx.session.add_all(rows)
    ctx.session.flush()
    infos = videos_json(ctx.session, rows, ctx.urls)
    return [with_file_facts(info, f) for info, f in zip(infos, facts, strict=True)]
