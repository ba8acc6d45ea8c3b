"""images.bulk.add: the second step of every SDK image upload (see images/add.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictBool, StrictInt, StrictStr, model_validator

from desktop_app.server.context import Req
from desktop_app.server.images.add import NewImage, add_images
from desktop_app.server.images.to_json import images_json
from desktop_app.server.routes.answers import ImageInfo
from desktop_app.server.routes.deps import WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["images"], responses=ERROR_RESPONSES)


class NewImageReq(Req):
    """One entry of `images`: the SDK names it `title`; its source is `hash`
    (upload_path(s), upload_np(s), upload_hash(es)) or `imageId` (upload_id(s));
    `link` (upload_link(s)) is refused: this server keeps no remote files."""

    title: StrictStr | None = None
    name: StrictStr | None = None
    hash: StrictStr | None = None
    imageId: StrictInt | None = None
    link: StrictStr | None = None
    meta: dict[str, Any] | None = None

    @model_validator(mode="after")
    def one_source(self) -> NewImageReq:
        if self.link is not None:
            raise ValueError("images by link are not supported by this server; upload the file")
        if (self.hash is None) == (self.imageId is None):
            raise ValueError("give exactly one of 'hash' and 'imageId'")
        if self.title is None and self.name is None:
            raise ValueError("'title' (the image name) is required")
        return self


class BulkAddReq(Req):
    datasetId: StrictInt
    images: list[NewImageReq]
    forceMetadataForLinks: StrictBool | None = None  # accepted, nothing to do: no links here
    skipValidation: StrictBool | None = None  # accepted, ignored: every file is checked


@router.post("/images.bulk.add", response_model=list[ImageInfo])
def images_bulk_add(ctx: WriteCtx, req: BulkAddReq) -> list[dict[str, Any]]:
    """Create images in a dataset from stored files or copies of other images;
    answers their ImageInfo, in the order requested."""
    requested = [NewImage(r.title or r.name or "", r.hash, r.imageId, r.meta) for r in req.images]
    rows = add_images(ctx, req.datasetId, requested)
    return images_json(ctx.session, rows, ctx.urls)
