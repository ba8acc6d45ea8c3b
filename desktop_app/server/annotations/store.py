"""Replacing the annotations of a batch of images in one go: their figures and
image tags are swapped for the planned ones, and each image's labels_count,
updated_at, ann_updated_at and ann_version (+1) are set, so clients can tell
that an annotation changed since they read it.

A client that says which version its edit started from (`expected`) gets a
ConflictError instead of overwriting a newer save; the check runs on the locked
rows, so two clients saving over the same version cannot both win."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.server.annotations.check import Plan
from desktop_app.server.db.models import Figure, Image, ImageTag
from desktop_app.server.errors import ConflictError
from desktop_app.server.evaluation.recompute import evaluate_items
from desktop_app.server.images.to_json import chunks
from desktop_app.server.timeutil import iso, utcnow


def _lock_versions(session: Session, ids: list[int]) -> dict[int, int]:
    """Lock the images in id order (PostgreSQL; SQLite has one writer at a time
    anyway) and read their current versions. Concurrent saves of an image then
    run one after the other instead of mixing their figures, and cannot deadlock."""
    versions: dict[int, int] = {}
    for part in chunks(ids):
        rows = session.execute(
            select(Image.id, Image.ann_version).where(Image.id.in_(part)).order_by(Image.id).with_for_update()
        )
        versions.update((image_id, v) for image_id, v in rows)
    return versions


def check_versions(expected: Mapping[int, int], current: Mapping[int, int]) -> None:
    stale = sorted(i for i, v in expected.items() if current[i] != v)
    if not stale:
        return
    if len(stale) == 1:
        i = stale[0]
        message = (
            f"the annotation of image {i} changed on the server since it was opened "
            f"(version {expected[i]}, now {current[i]})"
        )
    else:
        shown = "; ".join(f"image {i}: version {expected[i]}, now {current[i]}" for i in stale[:20])
        message = (
            f"the annotations of images {', '.join(map(str, stale))} changed on the server "
            f"since they were opened ({shown}{' ...' if len(stale) > 20 else ''})"
        )
    raise ConflictError(message, imageIds=stale)


def replace_annotations(
    session: Session, plans: Sequence[Plan], labeler_login: str, expected: Mapping[int, int] | None = None
) -> list[dict[str, Any]]:
    """Write every plan; the caller's transaction makes the batch all-or-nothing.
    `expected` maps image id -> the version the client's edit started from."""
    order = [p.image.id for p in plans]
    ids = sorted(order)
    if not ids:
        return []
    check_versions(expected or {}, _lock_versions(session, ids))
    for part in chunks(ids):
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
    table = cast(Table, Image.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("image_id"))
        .values(
            labels_count=bindparam("labels"), updated_at=now, ann_updated_at=now, ann_version=table.c.ann_version + 1
        ),
        [{"image_id": p.image.id, "labels": len(p.figures)} for p in plans],
    )
    evaluate_items(session, ids)  # counts change with the annotation, in the same transaction
    session.expire_all()  # the ORM copies of these images are stale now
    versions = dict(session.execute(select(Image.id, Image.ann_version).where(Image.id.in_(ids))).all())
    return [{"imageId": i, "version": versions[i], "updatedAt": iso(now)} for i in order]
