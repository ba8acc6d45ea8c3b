"""Why Review has nothing to show: the reviewer should not have to guess
between "nothing was submitted yet" and "everything on review is your own
work and this queue does not allow self-review" (issue 11)."""

from __future__ import annotations

from typing import Any

ON_REVIEW = "done"  # the wire's reviewStatus of a submitted item
PER_PAGE = 500  # the on-review items are listed to see whose they are


def items_text(n: int) -> str:
    return f"{n:,} item" + ("" if n == 1 else "s")


def _is_are(n: int) -> str:
    return "is" if n == 1 else "are"


async def empty_review_reason(api: Any, queue_id: int, user_id: int | None) -> str:
    """A sentence for a Review that got no item from the server."""
    queue = await api.queues.info(queue_id)
    on_review = await api.queues.entities(queue_id, states=[ON_REVIEW], per_page=PER_PAGE)
    if not on_review:
        labeling = queue.in_progress_count or 0
        pending = queue.pending_count or 0
        if labeling or pending:
            return (
                f"No item is on review yet ({pending:,} waiting for a labeler, {labeling:,} being labeled). "
                "Items show up here once a labeler submits them."
            )
        return "No item is on review: nothing was submitted since the last review."
    if user_id is None:  # not known yet in this window: ask who we are
        user_id = (await api.users.me()).id
    own = sum(1 for e in on_review if e.labeler_id is not None and e.labeler_id == user_id)
    if own == len(on_review) and not queue.allows_self_review:
        them = "it" if own == 1 else "them"
        return (
            f"{items_text(own)} {_is_are(own)} on review, but you submitted {them} and this queue "
            f"does not allow self-review. Another reviewer can review {them}, or a manager can allow "
            "self-review (Edit queue…)."
        )
    return f"{items_text(len(on_review))} {_is_are(len(on_review))} on review; ask again (Check again)."
