"""The SDK's piecewise upload of a video annotation (api.video.annotation.append,
EntityAnnotationAPI._append), in its order:

1. videos.tags.bulk.add {videoId, tags: [{tagId, name, value?, frameRange?, key}]} -> [{id}]
2. annotation-objects.bulk.add {datasetId, annotationObjects: [{classId, entityId}]} -> [{id}]
3. annotation-objects.tags.bulk.add {projectId, tags: [{tagId, objectId, value?, frameRange?}]}
   -> [{id}] (annotation_objects/tag_add.py, shared with point clouds)
4. figures.bulk.add {entityId, figures: [{objectId, objectKey, geometryType,
   geometry: {points}, meta: {frame}}]} -> [{id}], 100 at a time

Each step adds to what is stored (it never replaces) and is checked whole
before anything is written. add_objects and add_figures are the video
handlers of annotation_objects/dispatch.py."""

from __future__ import annotations

from typing import Any

from pydantic import StrictInt, StrictStr, ValidationError
from sqlalchemy import select

from desktop_app.server.annotation_objects.insert import insert_objects
from desktop_app.server.annotations.check import ProjectMeta
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import AnnotationObject, Dataset, Figure, Image, ImageTag, Project
from desktop_app.server.errors import InvalidInput
from desktop_app.server.evaluation.recompute import evaluate_items
from desktop_app.server.point_clouds.annotation_store import annotation_changed, lock_version
from desktop_app.server.point_clouds.keys import clean_key
from desktop_app.server.videos.annotation_check import (
    check_class_geometry,
    check_frame,
    checked_points,
    checked_tag,
)
from desktop_app.server.videos.annotation_input import GeometryIn, VideoTagIn


class ObjectItemIn(Req):
    classId: StrictInt | None = None
    classTitle: StrictStr | None = None
    entityId: StrictInt | None = None


class FigureMetaIn(Req):
    frame: StrictInt


class FigureItemIn(Req):
    objectId: StrictInt | None = None
    objectKey: StrictStr | None = None
    geometryType: StrictStr | None = None
    geometry: GeometryIn
    meta: FigureMetaIn  # the SDK puts the frame index here


def _parse(model: type[Req], raw: Any, where: str) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(f"{where}: {detail}") from None


def add_video_tags(ctx: Ctx, video: Image, tags: list[VideoTagIn]) -> list[dict[str, Any]]:
    meta = ProjectMeta(ctx.session, video.project_id)
    checked = [checked_tag(meta, video, tag, "images", f"tags[{i}]") for i, tag in enumerate(tags)]
    lock_version(ctx.session, video.id)
    rows = [
        ImageTag(
            image_id=video.id,
            tag_meta_id=t["tagId"],
            value=t["value"],
            frame_range=t.get("frameRange"),
            labeler_login=ctx.user.login,
        )
        for t in checked
    ]
    ctx.session.add_all(rows)
    ctx.session.flush()
    ids = [{"id": row.id} for row in rows]
    annotation_changed(ctx.session, video.id)
    return ids


def add_objects(ctx: Ctx, dataset: Dataset, project: Project, raw_items: list[Any]) -> list[dict[str, Any]]:
    meta = ProjectMeta(ctx.session, project.id)
    planned = []
    for i, raw in enumerate(raw_items):
        where = f"annotationObjects[{i}]"
        item = _parse(ObjectItemIn, raw, where)
        cls = meta.obj_class(item, where)
        video = ctx.session.get(Image, item.entityId) if item.entityId is not None else None
        if video is None or video.dataset_id != dataset.id:
            raise InvalidInput(f"{where}: 'entityId' must be a video of dataset {dataset.id}, got {item.entityId}")
        planned.append((cls.id, video.id))
    for video_id in sorted({v for _c, v in planned}):
        lock_version(ctx.session, video_id)
    return insert_objects(ctx, dataset, planned)


def _owner(ctx: Ctx, video: Image, fig: FigureItemIn, where: str) -> AnnotationObject:
    obj = None
    if fig.objectId is not None:
        obj = ctx.session.get(AnnotationObject, fig.objectId)
    elif clean_key(fig.objectKey) is not None:
        obj = ctx.session.scalars(
            select(AnnotationObject).where(
                AnnotationObject.image_id == video.id, AnnotationObject.key == clean_key(fig.objectKey)
            )
        ).first()
    else:
        raise InvalidInput(f"{where}: 'objectId' is required")
    if obj is None or obj.image_id != video.id:
        named = fig.objectId if fig.objectId is not None else fig.objectKey
        raise InvalidInput(f"{where}: object {named} is not an object of video {video.id}")
    return obj


def add_figures(ctx: Ctx, video: Image, raw_figures: list[Any]) -> list[dict[str, Any]]:
    meta = ProjectMeta(ctx.session, video.project_id)
    lock_version(ctx.session, video.id)
    placed = {
        (object_id, frame)
        for object_id, frame in ctx.session.execute(
            select(Figure.object_id, Figure.frame_index).where(Figure.image_id == video.id)
        )
    }
    rows = []
    for i, raw in enumerate(raw_figures):
        where = f"figures[{i}]"
        fig = _parse(FigureItemIn, raw, where)
        obj = _owner(ctx, video, fig, where)
        frame = check_frame(video, fig.meta.frame, f"{where}.meta")
        if (obj.id, frame) in placed:
            raise InvalidInput(f"{where}: object {obj.id} already has a figure on frame {frame}")
        placed.add((obj.id, frame))
        geometry = check_class_geometry(meta.class_by_id[obj.class_id], fig.geometryType, where)
        rows.append(
            Figure(
                image_id=video.id,
                class_id=obj.class_id,
                object_id=obj.id,
                frame_index=frame,
                geometry_type=geometry,
                points=checked_points(geometry, fig.geometry.points, video, where),
                labeler_login=ctx.user.login,
            )
        )
    ctx.session.add_all(rows)
    ctx.session.flush()
    evaluate_items(ctx.session, [video.id])  # frame by frame, in the same transaction as the add
    ids = [{"id": row.id} for row in rows]
    annotation_changed(ctx.session, video.id)
    return ids
