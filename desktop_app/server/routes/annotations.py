"""annotations.info, annotations.bulk.info, annotations.list, annotations.bulk.add."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field, StrictInt
from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.annotations.check import ProjectMeta, plan_annotation
from desktop_app.server.annotations.input import BulkAddReq
from desktop_app.server.annotations.store import replace_annotations
from desktop_app.server.annotations.to_json import annotation_infos
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import Dataset, Image
from desktop_app.server.errors import InvalidInput
from desktop_app.server.images.paging import list_images
from desktop_app.server.listing.pagination import ListReq
from desktop_app.server.permissions import require_annotate
from desktop_app.server.routes.answers import AnnotationInfo, Page, SavedAnnotations
from desktop_app.server.routes.deps import ReadCtx, WriteCtx
from desktop_app.server.routes.error_handlers import ERROR_RESPONSES
from desktop_app.server.routes.v3_route import V3Route

router = APIRouter(route_class=V3Route, tags=["annotations"], responses=ERROR_RESPONSES)

BULK_INFO_MAX = 100  # the platform's cap on imageIds per annotations.bulk.info
LIST_DEFAULT_PER_PAGE = 1000
LIST_MAX_PER_PAGE = 5000


class AnnotationInfoReq(Req):
    imageId: StrictInt
    # withCustomBigData, forceMetadataForLinks, integerCoords: accepted, no effect


@router.post("/annotations.info", response_model=AnnotationInfo)
def annotations_info(ctx: ReadCtx, req: AnnotationInfoReq) -> dict[str, Any]:
    return annotation_infos(ctx.session, [access.get_image(ctx, req.imageId)])[0]


def images_of_dataset(ctx: Ctx, dataset: Dataset, image_ids: list[int]) -> dict[int, Image]:
    """The images, all of which must be in the dataset (400 naming those that are not)."""
    found = {
        img.id: img
        for img in ctx.session.scalars(select(Image).where(Image.id.in_(image_ids), Image.dataset_id == dataset.id))
    }
    strangers = [i for i in image_ids if i not in found]
    if strangers:
        shown = ", ".join(map(str, strangers[:20])) + (" ..." if len(strangers) > 20 else "")
        raise InvalidInput(f"images not in dataset {dataset.id}: {shown}")
    return found


class BulkInfoReq(Req):
    datasetId: StrictInt
    imageIds: Annotated[list[StrictInt], Field(max_length=BULK_INFO_MAX)]


@router.post("/annotations.bulk.info", response_model=list[AnnotationInfo])
def annotations_bulk_info(ctx: ReadCtx, req: BulkInfoReq) -> list[dict[str, Any]]:
    dataset = access.get_dataset(ctx, req.datasetId)
    ids = list(dict.fromkeys(req.imageIds))  # each image once, in the order asked
    images = images_of_dataset(ctx, dataset, ids)
    return annotation_infos(ctx.session, [images[i] for i in ids])


class AnnotationsListReq(ListReq):
    datasetId: StrictInt


@router.post("/annotations.list", response_model=Page[AnnotationInfo])
def annotations_list(ctx: ReadCtx, req: AnnotationsListReq) -> dict[str, Any]:
    dataset = access.get_dataset(ctx, req.datasetId)
    return list_images(
        ctx.session,
        [Image.dataset_id == dataset.id],
        req,
        lambda rows: annotation_infos(ctx.session, rows),
        default_per_page=LIST_DEFAULT_PER_PAGE,
        max_per_page=LIST_MAX_PER_PAGE,
    )


@router.post("/annotations.bulk.add", response_model=SavedAnnotations)
def annotations_bulk_add(ctx: WriteCtx, req: BulkAddReq) -> dict[str, Any]:
    """Replace the figures and image tags of each image with the sent ones.

    Everything is checked before anything is written, and one bad annotation
    refuses the whole batch; so does one `expectedVersion` that is no longer the
    image's version (409 CONFLICT: someone saved it since the client read it)."""
    dataset = access.get_dataset(ctx, req.datasetId)
    ids = [item.imageId for item in req.annotations]
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        raise InvalidInput(f"images sent more than once: {', '.join(map(str, repeated))}")
    images = images_of_dataset(ctx, dataset, ids)
    require_annotate(ctx, images.values(), f"saving annotations in dataset {dataset.id}")
    meta = ProjectMeta(ctx.session, dataset.project_id)
    skip_bounds = bool(req.skipBoundsValidation)
    plans = [
        plan_annotation(meta, images[item.imageId], item.annotation, skip_bounds, f"annotations[{i}].annotation")
        for i, item in enumerate(req.annotations)
    ]
    expected = {item.imageId: item.expectedVersion for item in req.annotations if item.expectedVersion is not None}
    return {"success": True, "annotations": replace_annotations(ctx.session, plans, ctx.user.login, expected)}
