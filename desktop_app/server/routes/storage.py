"""GET routes for image originals and resized previews.

No token is needed: the SDK sends none for these URLs. Instead every path is
a capability: signed by the server and expiring (signed_urls/), handed out
only in the answers of users who can see the item; unsigned, tampered or
expired paths get 403. The routes are plain
functions, so FastAPI runs their work (database, decoding, resizing, disk)
in its thread pool, never on the event loop.
Previews are cached on disk under a key made of every parameter plus the
image fingerprint; responses carry an ETag and answer 304 to a matching
If-None-Match."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response

from desktop_app.server.cache_files import write_cached
from desktop_app.server.db.models import Image
from desktop_app.server.errors import Forbidden, NotFound
from desktop_app.server.images.previews import (
    PreviewSpec,
    make_preview,
    parse_image_file,
    parse_preview,
)
from desktop_app.server.images.source import (
    fingerprint,
    read_original,
    shard,
)
from desktop_app.server.point_clouds.view import is_point_cloud, point_cloud_preview
from desktop_app.server.signed_urls.signature import check

router = APIRouter()
IfNoneMatch = Annotated[str | None, Header()]

CACHE_CONTROL = "public, max-age=86400"


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


def _reply(data: bytes | None, mime: str, etag: str) -> Response:
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag}
    if data is None:
        return Response(status_code=304, headers=headers)
    return Response(content=data, media_type=mime, headers=headers)


def _find(session, image_id: int) -> Image:
    image = session.get(Image, image_id)
    if image is None:
        raise NotFound(f"image with id {image_id} not found")
    return image


def check_signature(state, expires: str | None, sig: str | None, tail: str) -> None:
    """403 unless the path was signed by this server and has not expired."""
    secret = state.settings.url_secret
    assert secret, "create_app sets the URL signing secret"
    check(secret, expires, sig, tail)


def serve_original(state, file: str, if_none_match: str | None) -> Response:
    image_id = parse_image_file(file)
    with state.sessions() as session:
        image = _find(session, image_id)
        etag = f'"{fingerprint(image)}"'
        if _etag_matches(if_none_match, etag):
            return _reply(None, image.mime, etag)
        data, mime = read_original(state.settings, session, image)
    return _reply(data, mime, etag)


def preview_cache_file(settings, image: Image, spec: PreviewSpec) -> Path:
    return Path(settings.cache_dir) / "previews" / shard(image.id) / f"{image.id}-{fingerprint(image)}-{spec.key}"


def serve_preview(state, path: str, if_none_match: str | None) -> Response:
    spec, target = parse_preview(path)
    check_signature(state, target.expires, target.sig, target.tail)
    if target.kind == "videos":  # signed video previews have their own route (video_files.py)
        raise NotFound(f"no preview at {path!r}")
    image_id = parse_image_file(target.file)
    with state.sessions() as session:
        image = _find(session, image_id)
        etag = '"' + hashlib.sha256(f"{fingerprint(image)}|{spec.key}".encode()).hexdigest()[:24] + '"'
        if _etag_matches(if_none_match, etag):
            return _reply(None, spec.mime, etag)
        cached = preview_cache_file(state.settings, image, spec)
        try:
            return _reply(cached.read_bytes(), spec.mime, etag)
        except FileNotFoundError:
            pass
        data: bytes | None = None
        if is_point_cloud(image):  # a point cloud's preview is its bird's-eye view
            data = point_cloud_preview(state.settings, session, image, spec)
        else:
            original, _mime = read_original(state.settings, session, image, keep=False)
    if data is None:
        data = make_preview(original, spec)
    write_cached(state.settings, cached, data)
    return _reply(data, spec.mime, etag)


@router.get(
    "/storage/s/{expires}/{sig}/images/{file}",
    tags=["storage"],
    response_class=Response,
    responses={200: {"content": {"image/*": {}}, "description": "the original image"}, 403: {}},
)
def original(expires: str, sig: str, file: str, request: Request, if_none_match: IfNoneMatch = None) -> Response:
    """An image's original bytes at the signed path its info hands out; no token needed."""
    check_signature(request.app.state, expires, sig, f"images/{file}")
    return serve_original(request.app.state, file, if_none_match)


@router.get(
    "/previews/{rest:path}",
    tags=["storage"],
    response_class=Response,
    responses={200: {"content": {"image/*": {}}, "description": "the resized preview"}},
)
def preview(rest: str, request: Request, if_none_match: IfNoneMatch = None) -> Response:
    """A resized preview in imgproxy's URL form, cached on disk."""
    return serve_preview(request.app.state, rest, if_none_match)


@router.get(
    "/storage/s/{expires}/{sig}/point_clouds/{file}",
    tags=["storage"],
    response_class=Response,
    responses={200: {"content": {"image/pcd": {}}, "description": "the original .pcd file"}, 403: {}},
)
def point_cloud_original(
    expires: str, sig: str, file: str, request: Request, if_none_match: IfNoneMatch = None
) -> Response:
    """A point cloud's original .pcd file at its signed path; no token needed, as for images."""
    check_signature(request.app.state, expires, sig, f"point_clouds/{file}")
    return serve_original(request.app.state, file, if_none_match)


@router.get("/storage/{rest:path}", tags=["storage"], response_class=Response, responses={403: {}})
def unsigned(rest: str) -> Response:
    """Every other storage path (unsigned, the old form, malformed): refused."""
    raise Forbidden("storage URLs must be signed: take pathOriginal or fullStorageUrl from the item's info")
