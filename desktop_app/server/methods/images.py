"""images.list, images.info, images.download."""
from __future__ import annotations

from typing import Any

from pydantic import StrictBool, StrictInt
from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from .. import access
from ..errors import InvalidInput
from ..image_filters import TypedFilter, typed_conditions
from ..image_json import images_json
from ..image_paging import list_images
from ..models import Dataset, Image, Project
from ..pagination import ListReq
from ..registry import Ctx, RawResponse, Req, method

# Default and largest page. The SDK lists without per_page and then walks
# pagesCount pages of the size the first answer reports, so the default is what
# an SDK listing gets. 5000 keeps one page of a 1,000,000-image project at about
# 0.3 s (measured: 20000 took 1.2 s over HTTP on SQLite); a client may ask for
# up to 20000, the size the real platform reportedly uses.
DEFAULT_PER_PAGE = 5000
MAX_PER_PAGE = 20000


class ImagesListReq(ListReq):
    projectId: StrictInt | None = None
    datasetId: StrictInt | None = None
    recursive: StrictBool | None = False
    filters: list[TypedFilter] | None = None


def descendants(ctx: Ctx, dataset: Dataset) -> list[int]:
    """The dataset and every dataset nested in it, at any depth."""
    children: dict[int | None, list[int]] = {}
    for ds_id, parent_id in ctx.session.execute(
        select(Dataset.id, Dataset.parent_id).where(Dataset.project_id == dataset.project_id)
    ):
        children.setdefault(parent_id, []).append(ds_id)
    out, todo = [], [dataset.id]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, []))
    return out


def listing_scope(ctx: Ctx, req: ImagesListReq) -> tuple[Project, list[ColumnElement]]:
    """The project listed and the conditions selecting its images (before filters)."""
    if (req.projectId is None) == (req.datasetId is None):
        raise InvalidInput("exactly one of 'projectId' and 'datasetId' is required")
    if req.projectId is not None:
        project = access.get_project(ctx, req.projectId)
        return project, [Image.project_id == project.id]
    dataset = access.get_dataset(ctx, req.datasetId)
    project = ctx.session.get(Project, dataset.project_id)
    if req.recursive:
        return project, [Image.dataset_id.in_(descendants(ctx, dataset))]
    return project, [Image.dataset_id == dataset.id]


@method("images.list", ImagesListReq)
def images_list(ctx: Ctx, req: ImagesListReq) -> dict[str, Any]:
    project, scope = listing_scope(ctx, req)
    scope += typed_conditions(ctx, project, req.filters)
    return list_images(
        ctx.session, scope, req, lambda rows: images_json(ctx.session, rows, ctx.base_url),
        default_per_page=DEFAULT_PER_PAGE, max_per_page=MAX_PER_PAGE,
    )


class ImageIdReq(Req):
    id: StrictInt


@method("images.info", ImageIdReq)
def images_info(ctx: Ctx, req: ImageIdReq) -> dict[str, Any]:
    image = access.get_image(ctx, req.id)
    return images_json(ctx.session, [image], ctx.base_url)[0]


@method("images.download", ImageIdReq)
def images_download(ctx: Ctx, req: ImageIdReq) -> RawResponse:
    image = access.get_image(ctx, req.id)
    from ..image_source import read_original  # written alongside; imported late on purpose

    content, mime = read_original(ctx.settings, ctx.session, image)
    return RawResponse(content, mime)
