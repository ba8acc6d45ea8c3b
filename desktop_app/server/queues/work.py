"""Working a labeling queue: an annotator takes the next item and submits it;
a reviewer accepts it or rejects it back to its annotator. Each step checks
the caller's role in the queue (403), the item (404 when it is not one of the
queue's entities) and its state (400 naming the current one), and changes
nothing when refused.

Item states (QueueItem.status): pending -> annotating (take) -> on_review
(submit) -> accepted (accept), or back to annotating for the same labeler
(reject). The queue's own status follows the work (follow_status)."""

from __future__ import annotations

from sqlalchemy import or_, select, update

from desktop_app.server.collections.rules import is_db_id
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Image, LabelingQueue, QueueItem, QueueMember
from desktop_app.server.errors import Forbidden, InvalidInput, NotFound
from desktop_app.server.permissions import require_queue_work
from desktop_app.server.queues.claim import claim_next, own_annotating
from desktop_app.server.queues.entities import (
    ACCEPTED,
    ANNOTATING,
    ON_REVIEW,
    PENDING,
    entity_status,
    status_counts,
)
from desktop_app.server.timeutil import utcnow

STOPPED, IN_PROGRESS, COMPLETED = "stopped", "in_progress", "completed"
COMMENT_MAX = 10_000


def require_role(ctx: Ctx, queue: LabelingQueue, role: str, doing: str) -> None:
    require_queue_work(ctx, queue, f"working labeling queue {queue.id}")
    member = ctx.session.scalar(
        select(QueueMember.user_id).where(
            QueueMember.queue_id == queue.id, QueueMember.user_id == ctx.user.id, QueueMember.role == role
        )
    )
    if member is None:
        raise Forbidden(f"you are not a {role} of labeling queue {queue.id}, so you cannot {doing}")


def may_review_own(queue: LabelingQueue) -> bool:
    return bool((queue.queue_meta or {}).get("reviewOwnAnnotationsAvailable"))


def lock_queue(ctx: Ctx, queue: LabelingQueue) -> LabelingQueue:
    """Re-read the queue under a row lock (PostgreSQL), so that steps on one
    queue that may finish it see each other's results."""
    return ctx.session.get_one(LabelingQueue, queue.id, with_for_update=True, populate_existing=True)


def find_item(ctx: Ctx, queue: LabelingQueue, image_id: int, needed: str) -> QueueItem:
    """The item's work row, locked (PostgreSQL), whatever its state; 404 if the
    image is not an entity of the queue, 400 if its work has not started."""
    row = None
    if is_db_id(image_id):
        row = ctx.session.scalars(
            select(QueueItem)
            .where(QueueItem.queue_id == queue.id, QueueItem.image_id == image_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
    if row is not None and row.status != PENDING:
        return row
    if not is_db_id(image_id) or entity_status(ctx.session, queue, image_id) is None:
        raise NotFound(f"image {image_id} is not an item of labeling queue {queue.id}")
    raise wrong_state(queue, image_id, PENDING, needed)


def wrong_state(queue: LabelingQueue, image_id: int, status: str, needed: str) -> InvalidInput:
    return InvalidInput(
        f"item {image_id} of labeling queue {queue.id} is {status}; this step needs it {needed}",
        type="WRONG_STATE",
        status=status,
    )


def _check_own(ctx: Ctx, queue: LabelingQueue, row: QueueItem) -> None:
    if row.labeler_id == ctx.user.id and not may_review_own(queue):
        raise Forbidden(
            f"item {row.image_id} is your own annotation and labeling queue {queue.id} "
            "does not allow reviewing one's own annotations"
        )


def follow_status(queue: LabelingQueue, counts: dict[str, int]) -> None:
    """completed when every entity (at least one) is accepted, else in_progress
    once work has started. A stopped queue stays stopped."""
    if queue.status == STOPPED:
        return
    total = sum(counts.values())
    if total and counts[ACCEPTED] == total:
        if queue.status != COMPLETED:
            queue.status, queue.finished_at = COMPLETED, queue.finished_at or utcnow()
    elif counts[PENDING] < total and queue.status != IN_PROGRESS:
        queue.status, queue.finished_at = IN_PROGRESS, None


def take_next(ctx: Ctx, queue: LabelingQueue) -> QueueItem | None:
    require_role(ctx, queue, "labeler", "take items from it")
    mine = own_annotating(ctx.session, queue, ctx.user.id)
    if mine is not None:
        return mine
    if queue.status == STOPPED:
        raise InvalidInput(
            f"labeling queue {queue.id} is stopped; no new items are handed out", type="WRONG_STATE", status=STOPPED
        )
    row = claim_next(ctx.session, queue, ctx.user.id)
    if row is not None:
        # Only the first take (or the first after the queue was finished) writes, so
        # concurrent takes do not queue up on the queue's row.
        ctx.session.execute(
            update(LabelingQueue)
            .where(LabelingQueue.id == queue.id, LabelingQueue.status.in_(("pending", COMPLETED)))
            .values(status=IN_PROGRESS, finished_at=None)
            .execution_options(synchronize_session=False)
        )
    return row


def submit(ctx: Ctx, queue: LabelingQueue, image_id: int) -> QueueItem:
    require_role(ctx, queue, "labeler", "submit items")
    queue = lock_queue(ctx, queue)
    row = find_item(ctx, queue, image_id, ANNOTATING)
    if row.labeler_id != ctx.user.id:
        raise Forbidden(f"item {image_id} of labeling queue {queue.id} is being worked on by another labeler")
    if row.status != ANNOTATING:
        raise wrong_state(queue, image_id, row.status, ANNOTATING)
    row.status = ON_REVIEW
    ctx.session.flush()
    follow_status(queue, status_counts(ctx.session, queue))
    return row


def review_next(ctx: Ctx, queue: LabelingQueue) -> QueueItem | None:
    require_role(ctx, queue, "reviewer", "review its items")
    stmt = select(QueueItem).where(QueueItem.queue_id == queue.id, QueueItem.status == ON_REVIEW)
    if not may_review_own(queue):
        stmt = stmt.where(or_(QueueItem.labeler_id.is_(None), QueueItem.labeler_id != ctx.user.id))
    # Submitting is the last change of an item on review, so updated_at is its submit time.
    return ctx.session.scalars(stmt.order_by(QueueItem.updated_at, QueueItem.id).limit(1)).first()


def _reviewable(ctx: Ctx, queue: LabelingQueue, image_id: int, doing: str) -> tuple[LabelingQueue, QueueItem]:
    require_role(ctx, queue, "reviewer", doing)
    queue = lock_queue(ctx, queue)
    row = find_item(ctx, queue, image_id, ON_REVIEW)
    if row.status != ON_REVIEW:
        raise wrong_state(queue, image_id, row.status, ON_REVIEW)
    _check_own(ctx, queue, row)
    return queue, row


def accept(ctx: Ctx, queue: LabelingQueue, image_id: int) -> QueueItem:
    queue, row = _reviewable(ctx, queue, image_id, "accept items")
    row.status, row.reviewer_id, row.reviewed_at = ACCEPTED, ctx.user.id, utcnow()
    ctx.session.flush()
    follow_status(queue, status_counts(ctx.session, queue))
    return row


def reject(ctx: Ctx, queue: LabelingQueue, image_id: int, comment: str | None) -> QueueItem:
    if comment is not None and len(comment) > COMMENT_MAX:
        raise InvalidInput(f"comment is {len(comment)} characters long; the maximum is {COMMENT_MAX}")
    queue, row = _reviewable(ctx, queue, image_id, "reject items")
    # Back to the same labeler; the comment says what to fix.
    row.status, row.reviewer_id, row.reviewed_at = ANNOTATING, ctx.user.id, utcnow()
    row.rejected_count += 1
    row.review_comment = comment or None
    ctx.session.flush()
    follow_status(queue, status_counts(ctx.session, queue))
    return row


def image_of(ctx: Ctx, row: QueueItem) -> Image:
    return ctx.session.get_one(Image, row.image_id)
