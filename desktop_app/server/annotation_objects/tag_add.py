"""annotation-objects.tags.bulk.add: tags put on objects (what the SDK sends after
annotation-objects.bulk.add): {"projectId": 1, "tags": [{"tagId": 5, "name": "confidence",
"value": 0.8, "key": "<hex>", "objectId": 42}]} -> [{"id": ...}] in order.
Some SDK paths send "entityId" instead of "projectId"; either only narrows the check."""

from __future__ import annotations

from typing import Any

from pydantic import StrictInt, StrictStr

from desktop_app.server import access
from desktop_app.server.annotation_objects.tags import PER_OBJECT, numbered, room_left
from desktop_app.server.annotations.check import ProjectMeta
from desktop_app.server.annotations.input import TagIn
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import AnnotationObject, ObjClass
from desktop_app.server.errors import InvalidInput
from desktop_app.server.evaluation.recompute import evaluate_items
from desktop_app.server.point_clouds.annotation_store import annotation_changed, lock_version
from desktop_app.server.point_clouds.keys import clean_key
from desktop_app.shared.matching import EVALUATED_TYPES


class ObjectTagIn(TagIn):
    objectId: StrictInt
    key: StrictStr | None = None
    frameRange: tuple[StrictInt, StrictInt] | None = None  # videos: the frames the tag covers


def add_object_tags(
    ctx: Ctx, tags: list[ObjectTagIn], project_id: int | None, entity_id: int | None
) -> list[dict[str, Any]]:
    metas: dict[int, ProjectMeta] = {}
    planned: list[tuple[AnnotationObject, dict[str, Any]]] = []
    evaluated: dict[int, bool] = {}  # object id -> on a video (evaluated), not a point cloud (not evaluated)
    for i, tag in enumerate(tags):
        where = f"tags[{i}]"
        obj = ctx.session.get(AnnotationObject, tag.objectId)
        cls = ctx.session.get(ObjClass, obj.class_id) if obj is not None else None
        if obj is None or cls is None:
            raise InvalidInput(f"{where}: object {tag.objectId} not found")
        project = access.get_project(ctx, cls.project_id)  # 404 unless the caller may see it
        if project_id is not None and cls.project_id != project_id:
            raise InvalidInput(f"{where}: object {tag.objectId} is not in project {project_id}")
        if entity_id is not None and obj.image_id not in (None, entity_id):
            raise InvalidInput(f"{where}: object {tag.objectId} is not on item {entity_id}")
        meta = metas.setdefault(cls.project_id, ProjectMeta(ctx.session, cls.project_id))
        tag_meta, value = meta.tag(tag, "objects", where)
        stored: dict[str, Any] = {"tagId": tag_meta.id, "name": tag_meta.name, "value": value}
        if clean_key(tag.key) is not None:
            stored["key"] = clean_key(tag.key)
        if tag.frameRange is not None:
            stored["frameRange"] = list(tag.frameRange)
        stored["labelerLogin"] = ctx.user.login
        planned.append((obj, stored))
        evaluated[obj.id] = project.type in EVALUATED_TYPES  # a video (images have no annotation objects)
    by_object: dict[int, list[dict[str, Any]]] = {}
    for obj, stored in planned:
        by_object.setdefault(obj.id, []).append(stored)
    ids: dict[int, list[int]] = {}
    for obj_id in sorted(by_object):  # lock in id order: concurrent writers cannot deadlock
        obj = ctx.session.get_one(AnnotationObject, obj_id, with_for_update=True, populate_existing=True)
        if len(by_object[obj_id]) > room_left(obj.tags or [], obj_id):
            raise InvalidInput(f"object {obj_id} would have more than {PER_OBJECT - 1} tags")
        added = numbered(obj_id, obj.tags or [], by_object[obj_id])
        obj.tags = [*(obj.tags or []), *added]
        ids[obj_id] = [t["id"] for t in added]
    images = sorted({obj.image_id for obj, _s in planned if obj.image_id is not None})
    for image_id in images:
        lock_version(ctx.session, image_id)
    ctx.session.flush()
    # a video's confidence is its object's tag; point-cloud cuboids are not evaluated
    evaluate_items(ctx.session, sorted({obj.image_id for obj, _s in planned if obj.image_id and evaluated[obj.id]}))
    answer = [{"id": ids[obj.id].pop(0)} for obj, _stored in planned]
    for image_id in images:
        annotation_changed(ctx.session, image_id)
    return answer
