"""Which items a labeling queue holds and in which state: the one place every
reader (info, list, stats.entities) and every later work method (take the next
item, submit, accept, reject) asks.

A queue's entities are computed at read time, never copied:
- its pool: the CURRENT items of its source collection (the queue follows the
  collection), or the images of its source dataset, narrowed to meta.entityIds
  or to meta.range when given; in both cases narrowed by meta.imageTags
  (positive: has at least one of those tags; negative: has none of them);
- plus every item whose work has started (a QueueItem row whose status is not
  pending), even after it left the pool, so that no work is lost.

An item's status is its QueueItem row's status, or pending without a row.
Work methods move an item on by creating or updating its QueueItem row.

meta.range is {start, end}: 1-based, inclusive positions among the dataset's
images sorted by name (then id). The platform's exact meaning is unconfirmed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, exists, false, func, select, union
from sqlalchemy.orm import Session, object_session

from desktop_app.server.collections.membership import member_ids_query, trusted_resolver
from desktop_app.server.db.models import (
    Collection,
    Image,
    ImageTag,
    LabelingQueue,
    QueueItem,
    TagMeta,
)
from desktop_app.server.errors import InvalidInput, NotFound

PENDING, ANNOTATING, ON_REVIEW, ACCEPTED = "pending", "annotating", "on_review", "accepted"
STATUSES = (PENDING, ANNOTATING, ON_REVIEW, ACCEPTED)
# How each status is spelled in `entityStatus` and `reviewStatus` on the wire.
WIRE_STATUS: dict[str, str | None] = {PENDING: None, ANNOTATING: "none", ON_REVIEW: "done", ACCEPTED: "accepted"}
STATUS_OF_WIRE = {wire: status for status, wire in WIRE_STATUS.items()}

# The status column of any select built by entities_select().
STATUS = func.coalesce(QueueItem.status, PENDING)
# Pipeline order, for sorting by status.
STATUS_RANK = case({s: i for i, s in enumerate(STATUSES)}, value=STATUS, else_=len(STATUSES))


def _has_tag(queue: LabelingQueue, names: list[str]):
    return exists(
        select(ImageTag.id)
        .join(TagMeta, TagMeta.id == ImageTag.tag_meta_id)
        .where(ImageTag.image_id == Image.id, TagMeta.project_id == queue.project_id, TagMeta.name.in_(names))
    )


def _tag_conditions(queue: LabelingQueue) -> list[Any]:
    rules = (queue.meta or {}).get("imageTags") or []
    wanted = [r["name"] for r in rules if r.get("positive")]
    unwanted = [r["name"] for r in rules if not r.get("positive")]
    conds = []
    if wanted:
        conds.append(_has_tag(queue, wanted))
    if unwanted:
        conds.append(~_has_tag(queue, unwanted))
    return conds


def _dataset_conditions(queue: LabelingQueue) -> list[Any]:
    meta = queue.meta or {}
    conds = [Image.dataset_id == queue.dataset_id]
    if meta.get("entityIds") is not None:
        conds.append(Image.id.in_(meta["entityIds"]))
    rng = meta.get("range")
    if rng:
        window = (
            select(Image.id)
            .where(Image.dataset_id == queue.dataset_id)
            .order_by(Image.name, Image.id)
            .offset(rng["start"] - 1)
            .limit(rng["end"] - rng["start"] + 1)
            .subquery()
        )
        conds.append(Image.id.in_(select(window.c.id)))
    return conds


def pool_ids(queue: LabelingQueue) -> Select:
    """Ids of the items the queue's source offers right now."""
    if queue.collection_id is not None:
        # the collection's current members: a smart collection's grow as items come to match
        session = object_session(queue)
        assert session is not None, "a queue read from the database has its session"
        collection = session.get_one(Collection, queue.collection_id)
        try:
            members = member_ids_query(trusted_resolver(session, queue.project_id), collection)
        except (InvalidInput, NotFound):  # a smart filter that no longer resolves offers nothing
            return select(Image.id).where(false())
        source = [Image.id.in_(members)]
        stmt = select(Image.id)
    elif queue.dataset_id is not None:
        source = _dataset_conditions(queue)
        stmt = select(Image.id)
    else:  # the source collection was deleted: only started work remains
        return select(Image.id).where(false())
    return stmt.where(Image.project_id == queue.project_id, *source, *_tag_conditions(queue))


def started_ids(queue: LabelingQueue) -> Select:
    """Ids of the items whose work has started; they stay in the queue."""
    return select(QueueItem.image_id.label("id")).where(QueueItem.queue_id == queue.id, QueueItem.status != PENDING)


def entities_select(queue: LabelingQueue, *columns: Any) -> Select:
    """SELECT `columns` (default: Image, QueueItem-or-None) over the queue's
    entities. Image and QueueItem are joined, so STATUS and any of their
    columns can be used in where/order_by/group_by."""
    ids = union(pool_ids(queue), started_ids(queue)).subquery("queue_entity_ids")
    return (
        select(*(columns or (Image, QueueItem)))
        .select_from(ids)
        .join(Image, Image.id == ids.c.id)
        .outerjoin(QueueItem, and_(QueueItem.queue_id == queue.id, QueueItem.image_id == Image.id))
    )


def status_counts(session: Session, queue: LabelingQueue) -> dict[str, int]:
    """Number of entities per status; every status is present."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in session.execute(entities_select(queue, STATUS, func.count()).group_by(STATUS)):
        counts[status] = n
    return counts


def entity_status(session: Session, queue: LabelingQueue, image_id: int) -> str | None:
    """The item's status in the queue, or None if it is not one of its entities."""
    row = session.execute(entities_select(queue, STATUS).where(Image.id == image_id)).first()
    return row[0] if row else None
