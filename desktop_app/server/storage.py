"""GET routes for image originals and resized previews.

No token is needed: the SDK sends none for these URLs. Work (database,
decoding, resizing, disk) runs in the thread pool, never on the event loop.
Previews are cached on disk under a key made of every parameter plus the
image fingerprint; responses carry an ETag and answer 304 to a matching
If-None-Match."""
from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from .errors import ApiError, NotFound
from .image_source import fingerprint, read_original, shard, write_atomically
from .models import Image
from .previews import PreviewSpec, make_preview, parse_image_file, parse_preview

router = APIRouter()

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


def serve_original(dispatcher, file: str, if_none_match: str | None) -> Response:
    image_id = parse_image_file(file)
    with dispatcher.sessions() as session:
        image = _find(session, image_id)
        etag = f'"{fingerprint(image)}"'
        if _etag_matches(if_none_match, etag):
            return _reply(None, image.mime, etag)
        data, mime = read_original(dispatcher.settings, session, image)
    return _reply(data, mime, etag)


def preview_cache_file(settings, image: Image, spec: PreviewSpec) -> Path:
    return Path(settings.cache_dir) / "previews" / shard(image.id) / f"{image.id}-{fingerprint(image)}-{spec.key}"


def serve_preview(dispatcher, path: str, if_none_match: str | None) -> Response:
    spec, image_id = parse_preview(path)
    with dispatcher.sessions() as session:
        image = _find(session, image_id)
        etag = '"' + hashlib.sha256(f"{fingerprint(image)}|{spec.key}".encode()).hexdigest()[:24] + '"'
        if _etag_matches(if_none_match, etag):
            return _reply(None, spec.mime, etag)
        cached = preview_cache_file(dispatcher.settings, image, spec)
        try:
            return _reply(cached.read_bytes(), spec.mime, etag)
        except FileNotFoundError:
            pass
        original, _mime = read_original(dispatcher.settings, session, image, keep=False)
    data = make_preview(original, spec)
    write_atomically(cached, data)
    return _reply(data, spec.mime, etag)


async def _run(fn, request: Request, arg: str) -> Response:
    try:
        return await run_in_threadpool(fn, request.app.state.dispatcher, arg, request.headers.get("if-none-match"))
    except ApiError as exc:
        return JSONResponse(exc.body(), status_code=exc.status)


@router.get("/storage/images/{file}")
async def original(file: str, request: Request) -> Response:
    return await _run(serve_original, request, file)


@router.get("/previews/{rest:path}")
async def preview(rest: str, request: Request) -> Response:
    return await _run(serve_preview, request, rest)
