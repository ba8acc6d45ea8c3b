"""images.editInfo (see images/edit.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import StrictInt, StrictStr

from desktop_app.server.context import Req
from desktop_app.server.images.edit import edit_item
from desktop_app.server.images.to_json import images_json
from desktop_app.server.routes.answers import ImageInfo
from desktop_app.server.routes.deps import WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["images"], responses=ERROR_RESPONSES)


class EditInfoReq(Req):
    """What `api.image.edit` sends (only the fields given) and `api.video.rename`,
    `api.pointcloud.rename` send (`id`, `name`)."""

    id: StrictInt
    name: StrictStr | None = None
    description: StrictStr | None = None
    meta: dict[str, Any] | None = None


@router.post("/images.editInfo", response_model=ImageInfo)
def images_edit_info(ctx: WriteCtx, req: EditInfoReq) -> dict[str, Any]:
    """Answers the item's info as images.info does; the SDK's video and point-cloud
    APIs read it with missing fields left empty."""
    item = edit_item(ctx, req.id, req.name, req.description, req.meta)
    return images_json(ctx.session, [item], ctx.urls)[0]
