"""GET routes for video originals and for previews of their frames:

    /storage/s/<expires>/<sig>/videos/<id>.<ext>          the original file (Range requests work)
    /previews/q/ext:jpeg/resize:auto:W:H:0/q:Q/plain/storage/s/<expires>/<sig>/videos/<id>.<ext>[?frame=N]

A preview is the video's preview frame (frame 0), or frame N when asked (this
server's extension), resized exactly as an image preview with the same
options (images/previews.py), so clients build tile URLs from
`fullStorageUrl` the same way for every item type. No token is needed, as
for images: the path's signature is the credential (signed_urls/). These
routes are registered before the catch-all image preview route (app.py)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from desktop_app.server.cache_files import write_cached
from desktop_app.server.db.models import Image, Project
from desktop_app.server.errors import InvalidInput, NotFound
from desktop_app.server.images.previews import MAX_ID, make_preview, parse_preview
from desktop_app.server.images.source import fingerprint, shard
from desktop_app.server.routes.storage import CACHE_CONTROL, IfNoneMatch, _etag_matches, _reply, check_signature
from desktop_app.server.videos.files import PREVIEW_FRAME, frame_png, video_file
from desktop_app.server.videos.lookup import VIDEOS

router = APIRouter()
_VIDEO_FILE = re.compile(r"(?P<id>[0-9]{1,18})\.(?P<ext>[A-Za-z0-9]{1,8})")


def parse_video_file(name: str) -> int:
    m = _VIDEO_FILE.fullmatch(name)
    if m is None:
        raise InvalidInput(f"{name!r} is not a video file name like '123.mp4'")
    video_id = int(m["id"])
    if video_id > MAX_ID:
        raise NotFound(f"video with id {video_id} not found")
    return video_id


def _find_video(session, video_id: int) -> Image:
    video = session.get(Image, video_id)
    if video is None or session.get_one(Project, video.project_id).type != VIDEOS:
        raise NotFound(f"video with id {video_id} not found")
    return video


@router.get(
    "/storage/s/{expires}/{sig}/videos/{file}",
    tags=["storage"],
    response_class=Response,
    responses={200: {"content": {"video/*": {}}, "description": "the original video"}, 403: {}},
)
def original(expires: str, sig: str, file: str, request: Request, if_none_match: IfNoneMatch = None) -> Response:
    """A video's original bytes at its signed path; no token needed (the SDK sends none for these URLs)."""
    state = request.app.state
    check_signature(state, expires, sig, f"videos/{file}")
    with state.sessions() as session:
        video = _find_video(session, parse_video_file(file))
        etag = f'"{fingerprint(video)}"'
        if _etag_matches(if_none_match, etag):
            return _reply(None, video.mime, etag)
        path = video_file(state.settings, session, video)
        mime = video.mime
    return FileResponse(path, media_type=mime, headers={"Cache-Control": CACHE_CONTROL, "ETag": etag})


def _preview_cache_file(settings, video: Image, frame: int, key: str) -> Path:
    return Path(settings.cache_dir) / "previews" / shard(video.id) / f"{video.id}-{fingerprint(video)}-f{frame}-{key}"


@router.get(
    "/previews/q/{options:path}/plain/storage/s/{expires}/{sig}/videos/{file}",
    tags=["storage"],
    response_class=Response,
    responses={200: {"content": {"image/*": {}}, "description": "a frame of the video, resized"}},
)
def preview(
    options: str,
    expires: str,
    sig: str,
    file: str,
    request: Request,
    frame: int = PREVIEW_FRAME,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A resized frame (the preview frame unless `frame` is given), cached on disk."""
    state = request.app.state
    check_signature(state, expires, sig, f"videos/{file}")
    # The options are those of image previews: parse them with the very same rules.
    spec, _ = parse_preview(f"q/{options}/plain/storage/images/0.jpg")
    video_id = parse_video_file(file)
    with state.sessions() as session:
        video = _find_video(session, video_id)
        if not 0 <= frame < (video.frames_count or 0):
            raise InvalidInput(f"frame {frame} is out of range: the video has {video.frames_count or 0} frames")
        etag = '"' + hashlib.sha256(f"{fingerprint(video)}|{frame}|{spec.key}".encode()).hexdigest()[:24] + '"'
        if _etag_matches(if_none_match, etag):
            return _reply(None, spec.mime, etag)
        cached = _preview_cache_file(state.settings, video, frame, spec.key)
        try:
            return _reply(cached.read_bytes(), spec.mime, etag)
        except FileNotFoundError:
            pass
        original_frame = frame_png(state.settings, session, video, frame)
    data = make_preview(original_frame, spec)
    write_cached(state.settings, cached, data)
    return _reply(data, spec.mime, etag)
