"""Replacing the annotations of a batch of images in one go: their figures and
image tags are swapped for the planned ones, and each image's labels_count,
updated_at, ann_updated_at and ann_version (+1) are set, so clients can tell
that an annotation changed since they read it."""
from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from .annotation_check import Plan
from .image_json import chunks
from .models import Figure, Image, ImageTag
from .timeutil import iso, utcnow


def replace_annotations(session: Session, plans: Sequence[Plan], labeler_login: str) -> list[dict[str, Any]]:
    """Write every plan; the caller's transaction makes the batch all-or-nothing."""
    order = [p.image.id for p in plans]
    ids = sorted(order)
    if not ids:
        return []
    # Lock the images in id order first (PostgreSQL; SQLite has one writer at a
    # time anyway): two concurrent saves of an image then run one after the
    # other instead of mixing their figures, and cannot deadlock each other.
    for part in chunks(ids):
        session.execute(select(Image.id).where(Image.id.in_(part)).order_by(Image.id).with_for_update())
        session.execute(delete(Figure).where(Figure.image_id.in_(part)))
        session.execute(delete(ImageTag).where(ImageTag.image_id.in_(part)))
    now = utcnow()
    stamps = {"created_at": now, "updated_at": now, "labeler_login": labeler_login}
    figures = [{**f, **stamps} for p in plans for f in p.figures]
    tags = [{**t, **stamps} for p in plans for t in p.tags]
    if figures:
        session.execute(insert(Figure), figures)
    if tags:
        session.execute(insert(ImageTag), tags)
    table = Image.__table__
    session.execute(
        update(table)
        .where(table.c.id == bindparam("image_id"))
        .values(labels_count=bindparam("labels"), updated_at=now, ann_updated_at=now,
                ann_version=table.c.ann_version + 1),
        [{"image_id": p.image.id, "labels": len(p.figures)} for p in plans],
    )
    session.expire_all()  # the ORM copies of these images are stale now
    versions = dict(session.execute(select(Image.id, Image.ann_version).where(Image.id.in_(ids))).all())
    return [{"imageId": i, "version": versions[i], "updatedAt": iso(now)} for i in order]
