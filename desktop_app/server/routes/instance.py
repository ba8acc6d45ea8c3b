"""instance.version: the platform version the SDK checks before anything else."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from desktop_app.server.context import Empty
from desktop_app.server.routes.answers import Version
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["instance"], responses=ERROR_RESPONSES)


INSTANCE_VERSION = "6.18.3"  # >= the SDK's MINIMUM_INSTANCE_VERSION_FOR_SDK


@router.post("/instance.version", response_model=Version)
def instance_version(req: Annotated[Empty, Body(default_factory=Empty)]) -> dict[str, Any]:
    return {"version": INSTANCE_VERSION}
