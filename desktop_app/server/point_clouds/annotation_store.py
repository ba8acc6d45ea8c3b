"""Writing point-cloud annotations: replacing a whole one (the app's save) and
counting after the SDK's piecewise appends. Every write bumps the point
cloud's ann_version, so a client holding an older version learns that the
annotation changed (409 on its save), as for images (annotations/store.py)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from desktop_app.server.annotation_objects.tags import numbered
from desktop_app.server.annotations.store import check_versions
from desktop_app.server.db.models import AnnotationObject, Figure, Image, ImageTag
from desktop_app.server.point_clouds.annotation_check import CloudPlan
from desktop_app.server.timeutil import iso, utcnow


def lock_version(session: Session, cloud_id: int) -> int:
    """Lock the point cloud's row (PostgreSQL) and read its annotation version."""
    return session.execute(select(Image.ann_version).where(Image.id == cloud_id).with_for_update()).scalar_one()


def annotation_changed(session: Session, cloud_id: int) -> dict[str, object]:
    """After any write: labels_count = number of objects, version + 1, times now."""
    now = utcnow()
    objects = select(func.count(AnnotationObject.id)).where(AnnotationObject.image_id == cloud_id).scalar_subquery()
    session.execute(
        update(Image)
        .where(Image.id == cloud_id)
        .values(
            labels_count=objects, updated_at=now, ann_updated_at=now, ann_version=Image.ann_version + 1
        )
        .execution_options(synchronize_session=False)
    )
    session.expire_all()  # ORM copies of this point cloud are stale now
    version = session.execute(select(Image.ann_version).where(Image.id == cloud_id)).scalar_one()
    return {"pointCloudId": cloud_id, "version": version, "updatedAt": iso(now)}


def replace_annotation(
    session: Session, plan: CloudPlan, login: str, expected: Mapping[int, int] | None = None
) -> dict[str, object]:
    """Swap the point cloud's tags, objects and figures for the planned ones."""
    cloud_id = plan.cloud.id
    check_versions(expected or {}, {cloud_id: lock_version(session, cloud_id)})
    session.execute(delete(Figure).where(Figure.image_id == cloud_id))
    session.execute(delete(AnnotationObject).where(AnnotationObject.image_id == cloud_id))
    session.execute(delete(ImageTag).where(ImageTag.image_id == cloud_id))
    session.add_all(
        ImageTag(image_id=cloud_id, tag_meta_id=t["tag_meta_id"], value=t["value"], labeler_login=login)
        for t in plan.tags
    )
    objects = [
        AnnotationObject(
            image_id=cloud_id,
            dataset_id=plan.cloud.dataset_id,
            class_id=o.class_id,
            key=o.key,
            tags=o.tags,
            labeler_login=login,
        )
        for o in plan.objects
    ]
    session.add_all(objects)
    session.flush()  # object ids for the figures and the object tags
    for row in objects:
        row.tags = numbered(row.id, [], row.tags)
    session.add_all(
        Figure(
            image_id=cloud_id,
            class_id=o.class_id,  # figures.class_id is the object's class, so class filters work
            object_id=row.id,
            geometry_type=f["geometry_type"],
            points=f["points"],
            labeler_login=login,
        )
        for o, row in zip(plan.objects, objects, strict=True)
        for f in o.figures
    )
    session.flush()
    return annotation_changed(session, cloud_id)
