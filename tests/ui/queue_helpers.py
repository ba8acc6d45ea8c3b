"""Helpers for the labeling-queue UI tests: queues made on the real server
through the api client, and items moved through the work states with the
server's own queue work methods (take the next item, submit, review, accept)
by the demo user as labeler and reviewer (the queue allows reviewing one's
own annotations). `set_states` writes QueueItem rows directly, for states
another user's work would leave (used sparingly)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from desktop_app.qt.app_state import AppState
from desktop_app.server.db.models import QueueItem
from tests.ui.collection_helpers import run


def me(qtbot, qloop, state: AppState) -> int:
    if state.user is None:
        run(qtbot, qloop, state.connect_user())
    return state.user.id


def make_queue(qtbot, qloop, state: AppState, name: str, collection_id: int, *, refresh: bool = True, **options) -> int:
    user_id = me(qtbot, qloop, state)
    options.setdefault("user_ids", [user_id])
    options.setdefault("reviewer_ids", [user_id])
    options.setdefault("allow_review_own_annotations", True)
    queue_id = run(qtbot, qloop, state.api.queues.create(name, collection_id=collection_id, **options))
    if refresh:
        run(qtbot, qloop, state.refresh_queues())
    return queue_id


def work(
    qtbot, qloop, state: AppState, queue_id: int, *, accepted: int = 0, on_review: int = 0, annotating: int = 0
) -> dict[str, list[int]]:
    """Work items of the queue through the api: `accepted` taken, submitted and
    accepted; then `on_review` taken and submitted; then at most one left annotating."""
    api = state.api

    async def steps() -> dict[str, list[int]]:
        done: dict[str, list[int]] = {"accepted": [], "on_review": [], "annotating": []}
        for _ in range(accepted):
            item = await api.queues.take_next(queue_id)
            await api.queues.submit(queue_id, item.id)
            review = await api.queues.review_next(queue_id)
            assert review.id == item.id
            await api.queues.accept(queue_id, item.id)
            done["accepted"].append(item.id)
        for _ in range(on_review):
            item = await api.queues.take_next(queue_id)
            await api.queues.submit(queue_id, item.id)
            done["on_review"].append(item.id)
        assert annotating <= 1, "a labeler holds one item at a time"
        if annotating:
            done["annotating"].append((await api.queues.take_next(queue_id)).id)
        return done

    return run(qtbot, qloop, steps())


def set_states(live, queue_id: int, states: dict[int, str], user_id: int) -> None:
    """Put items of a queue into work states (annotating, on_review, accepted)."""
    with live.sessions()() as s, s.begin():
        rows = {r.image_id: r for r in s.scalars(select(QueueItem).where(QueueItem.queue_id == queue_id))}
        for image_id, status in states.items():
            row = rows.get(image_id)
            if row is None:
                row = QueueItem(queue_id=queue_id, image_id=image_id)
                s.add(row)
            row.status = status
            row.labeler_id = user_id
            if status in ("on_review", "accepted"):
                row.reviewer_id = user_id


def server_counts(qtbot, qloop, state: AppState, queue_id: int) -> tuple[int, int, int, int]:
    """(pending, annotating, on review, accepted) as labeling-queues.stats.entities counts them."""
    wire = (None, "none", "done", "accepted")
    return tuple(run(qtbot, qloop, state.api.queues.entities_count(queue_id, [w])) for w in wire)


def server_entity_ids(qtbot, qloop, state: AppState, queue_id: int, states: Iterable[str | None]) -> set[int]:
    return {e.id for e in run(qtbot, qloop, state.api.queues.entities(queue_id, states=list(states)))}


def add_team_member(live, team_id: int, login: str, name: str, role: str = "annotator") -> int:
    """Another user of the demo team (made in the server's database, as its CLI would)."""
    from desktop_app.server.db.models import Team
    from desktop_app.server.users.bootstrap import ensure_member, ensure_user

    with live.sessions()() as s, s.begin():
        user = ensure_user(s, login, name=name)
        ensure_member(s, s.get(Team, team_id), user, role)
        return user.id
