"""The SDK's piecewise upload of a point-cloud annotation
(api.pointcloud.annotation.append, EntityAnnotationAPI._append), in its order:

1. point-clouds.tags.bulk.add {entityId, tags: [{tagId, name, value?, key}]} -> [{id}]
2. annotation-objects.bulk.add {datasetId, annotationObjects: [{classId}]} -> [{id}]
   (no entityId for point clouds: the objects wait in the dataset)
3. annotation-objects.tags.bulk.add {projectId, tags: [{tagId, objectId, ...}]} -> [{id}]
4. figures.bulk.add {entityId, figures: [{objectId, objectKey, geometryType, geometry, ...}]} -> [{id}]
   (puts each waiting object on that point cloud)

Each step adds to what is stored (it never replaces) and is checked whole
before anything is written."""

from __future__ import annotations

from typing import Any

from pydantic import StrictInt, StrictStr, ValidationError
from sqlalchemy import select

from desktop_app.server.annotation_objects.insert import insert_objects
from desktop_app.server.annotations.check import ProjectMeta
from desktop_app.server.annotations.input import TagIn
from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import AnnotationObject, Dataset, Figure, Image, ImageTag, Project
from desktop_app.server.errors import InvalidInput
from desktop_app.server.point_clouds.annotation_check import check_class_takes_cuboids
from desktop_app.server.point_clouds.annotation_store import annotation_changed, lock_version
from desktop_app.server.point_clouds.cuboid import check_geometry_type, checked_cuboid
from desktop_app.server.point_clouds.keys import clean_key


class ObjectItemIn(Req):
    classId: StrictInt | None = None
    classTitle: StrictStr | None = None
    entityId: StrictInt | None = None


class FigureItemIn(Req):
    objectId: StrictInt | None = None
    objectKey: StrictStr | None = None
    geometryType: StrictStr | None = None
    geometry: Any = None


def _parse(model: type[Req], raw: Any, where: str) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(f"{where}: {detail}") from None


def add_entity_tags(ctx: Ctx, cloud: Image, tags: list[TagIn]) -> list[dict[str, Any]]:
    meta = ProjectMeta(ctx.session, cloud.project_id)
    checked = [meta.tag(tag, "images", f"tags[{i}]") for i, tag in enumerate(tags)]
    lock_version(ctx.session, cloud.id)
    rows = [
        ImageTag(image_id=cloud.id, tag_meta_id=tag_meta.id, value=value, labeler_login=ctx.user.login)
        for tag_meta, value in checked
    ]
    ctx.session.add_all(rows)
    ctx.session.flush()
    ids = [{"id": row.id} for row in rows]
    annotation_changed(ctx.session, cloud.id)
    return ids


def add_objects(ctx: Ctx, dataset: Dataset, project: Project, raw_items: list[Any]) -> list[dict[str, Any]]:
    meta = ProjectMeta(ctx.session, project.id)
    planned = []
    for i, raw in enumerate(raw_items):
        where = f"annotationObjects[{i}]"
        item = _parse(ObjectItemIn, raw, where)
        cls = meta.obj_class(item, where)  # has classTitle and classId like ObjectIn
        check_class_takes_cuboids(cls, where)
        if item.entityId is not None:
            cloud = ctx.session.get(Image, item.entityId)
            if cloud is None or cloud.dataset_id != dataset.id:
                raise InvalidInput(f"{where}: point cloud {item.entityId} is not in dataset {dataset.id}")
        planned.append((cls.id, item.entityId))
    return insert_objects(ctx, dataset, planned)


def _owner(ctx: Ctx, cloud: Image, fig: FigureItemIn, where: str) -> AnnotationObject:
    obj = None
    if fig.objectId is not None:
        obj = ctx.session.get(AnnotationObject, fig.objectId)
    elif fig.objectKey is not None and clean_key(fig.objectKey) is not None:
        obj = ctx.session.scalars(
            select(AnnotationObject).where(
                AnnotationObject.dataset_id == cloud.dataset_id, AnnotationObject.key == clean_key(fig.objectKey)
            )
        ).first()
    else:
        raise InvalidInput(f"{where}: 'objectId' is required")
    named = fig.objectId if fig.objectId is not None else fig.objectKey
    if obj is None or (obj.image_id is None and obj.dataset_id != cloud.dataset_id):
        raise InvalidInput(f"{where}: object {named} is not an object of dataset {cloud.dataset_id}")
    if obj.image_id is not None and obj.image_id != cloud.id:
        raise InvalidInput(f"{where}: object {named} is on point cloud {obj.image_id}, not {cloud.id}")
    return obj


def add_figures(ctx: Ctx, cloud: Image, raw_figures: list[Any]) -> list[dict[str, Any]]:
    meta = ProjectMeta(ctx.session, cloud.project_id)
    lock_version(ctx.session, cloud.id)
    planned = []
    for i, raw in enumerate(raw_figures):
        where = f"figures[{i}]"
        fig = _parse(FigureItemIn, raw, where)
        obj = _owner(ctx, cloud, fig, where)
        check_class_takes_cuboids(meta.class_by_id[obj.class_id], where)
        planned.append((obj, check_geometry_type(fig.geometryType, where), checked_cuboid(fig.geometry, where)))
    rows = []
    for obj, geometry_type, points in planned:
        obj.image_id = cloud.id  # the object is on this point cloud from now on
        rows.append(
            Figure(
                image_id=cloud.id,
                class_id=obj.class_id,
                object_id=obj.id,
                geometry_type=geometry_type,
                points=points,
                labeler_login=ctx.user.login,
            )
        )
    ctx.session.add_all(rows)
    ctx.session.flush()
    ids = [{"id": row.id} for row in rows]
    annotation_changed(ctx.session, cloud.id)
    return ids
