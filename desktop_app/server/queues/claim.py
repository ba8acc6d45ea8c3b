"""Handing a labeler the next pending item of a queue, so that two labelers
asking at the same moment never get the same one.

A pending item usually has no QueueItem row yet, so there is no row to lock.
The claim is therefore an INSERT ... ON CONFLICT DO NOTHING on the unique
(queue_id, image_id) pair (or, for a row still marked pending, an UPDATE that
re-checks the status): exactly one transaction gets it; the others see
nothing come back and try the next candidate. On PostgreSQL an insert that
meets another transaction's uncommitted row waits for it, then does nothing;
on SQLite writers run one at a time anyway (BEGIN IMMEDIATE)."""

from __future__ import annotations

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desktop_app.server.db.models import Image, LabelingQueue, QueueItem
from desktop_app.server.queues.entities import ANNOTATING, PENDING, pool_ids
from desktop_app.server.timeutil import utcnow

CANDIDATES_PER_LOOK = 16  # pending items tried per query before looking again


def _pending_candidates(queue: LabelingQueue):
    """(image id, pending row id or None) of the pool's pending items, lowest id first.
    Started items are never pending, so the pool alone is enough here."""
    return (
        pool_ids(queue)
        .add_columns(QueueItem.id)
        .outerjoin(QueueItem, and_(QueueItem.queue_id == queue.id, QueueItem.image_id == Image.id))
        .where(or_(QueueItem.id.is_(None), QueueItem.status == PENDING))
        .order_by(Image.id)
        .limit(CANDIDATES_PER_LOOK)
    )


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(QueueItem)


def _claim(session: Session, queue_id: int, image_id: int, row_id: int | None, user_id: int) -> int | None:
    """Make the item annotating and the user's; the row id, or None if someone else got it first."""
    now = utcnow()
    if row_id is None:
        stmt = (
            _insert(session)
            .values(
                queue_id=queue_id,
                image_id=image_id,
                status=ANNOTATING,
                labeler_id=user_id,
                rejected_count=0,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["queue_id", "image_id"])
            .returning(QueueItem.id)
        )
    else:
        stmt = (
            update(QueueItem)
            .where(QueueItem.id == row_id, QueueItem.status == PENDING)
            .values(status=ANNOTATING, labeler_id=user_id, updated_at=now)
            .returning(QueueItem.id)
            .execution_options(synchronize_session=False)
        )
    return session.execute(stmt).scalar()


def claim_next(session: Session, queue: LabelingQueue, user_id: int) -> QueueItem | None:
    """The claimed item's row, or None when no pending item is left."""
    while True:
        candidates = session.execute(_pending_candidates(queue)).all()
        if not candidates:
            return None
        for image_id, row_id in candidates:
            got = _claim(session, queue.id, image_id, row_id, user_id)
            if got is not None:
                return session.get(QueueItem, got, populate_existing=True)


def own_annotating(session: Session, queue: LabelingQueue, user_id: int) -> QueueItem | None:
    """The user's oldest item still being annotated in the queue (taken and not
    submitted, or rejected back to them), if any."""
    return session.scalars(
        select(QueueItem)
        .where(QueueItem.queue_id == queue.id, QueueItem.labeler_id == user_id, QueueItem.status == ANNOTATING)
        .order_by(QueueItem.updated_at, QueueItem.id)
        .limit(1)
    ).first()
