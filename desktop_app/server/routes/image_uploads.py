"""images.internal.hashes.list and images.bulk.upload: the first half of every
SDK image upload (`upload_path(s)`, `upload_np(s)`): ask which files the
server already has by hash, send the others. The second half,
images.bulk.add, makes images of them (routes/image_add.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import StrictStr

from desktop_app.server import blobs
from desktop_app.server.collections.rules import check_id_count
from desktop_app.server.errors import InvalidInput
from desktop_app.server.images.probe import NotAnImage, probe_image
from desktop_app.server.permissions import require_upload
from desktop_app.server.routes.answers import KnownHashes, UploadedFile
from desktop_app.server.routes.deps import ReadCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.upload_parts import MULTIPART_BODY, Part, UploadedParts, store_parts
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["images"], responses=ERROR_RESPONSES)


@router.post("/images.internal.hashes.list", response_model=KnownHashes)
def images_internal_hashes_list(ctx: ReadCtx, hashes: Annotated[list[StrictStr], Body()]) -> list[str]:
    """Which of these hashes the server has a file for, of any type (images,
    videos, point clouds share the store). The SDK sends a bare JSON array of
    up to 900 hashes and reads a bare array of the known ones back; a string
    that is no hash at all is simply not known."""
    check_id_count(hashes, "the body", "hashes")
    return blobs.known(ctx.settings, hashes)


def _must_be_image(part: Part) -> None:
    try:
        probe_image(part.file)
    except NotAnImage as exc:
        raise InvalidInput(f"{part.label} is not an image this server can read: {exc}") from None


@router.post("/images.bulk.upload", response_model=list[UploadedFile], openapi_extra=MULTIPART_BODY)
def images_bulk_upload(ctx: ReadCtx, parts: UploadedParts) -> list[dict[str, Any]]:
    """Store image files by the hash of their content; answers `[{"hash": ...}]`
    in the order of the parts. Writes no database row (so it needs no write
    transaction while the body arrives); images.bulk.add makes the images."""
    require_upload(ctx, "uploading images")
    return store_parts(ctx.settings, parts, _must_be_image)
