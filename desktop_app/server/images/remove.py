"""images.bulk.remove: delete images with everything that hangs on them.

What the SDK sends (`api.image.remove_batch`, `api.video.remove_batch`,
`RemoveableBulkModuleApi.remove_batch`): `{"imageIds": [...]}` in batches of
50, answer ignored. A retried POST (the SDK retries on network errors) must
not fail, so the call is idempotent: an id that names no image the caller can
see (unknown, already deleted, or in a team the caller is not in; the three are
not told apart, as everywhere else) is skipped. Everything else is checked
before anything is written: too many ids is 400, an image of a team where the
caller is only a viewer is 403, and a refused call changes nothing.

An image leaves with its figures and tags, its membership in every collection
and its work rows in every labeling queue; counts are computed at read time,
so they follow. Rows are locked and deleted in ascending id order, so two
concurrent deletes on PostgreSQL cannot deadlock. Files under the storage
folder are left in place (they may be shared with an import source)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import delete, select

from desktop_app.server.collections.rules import check_id_count, is_db_id
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import (
    AnnotationObject,
    CollectionItem,
    Figure,
    Image,
    ImageTag,
    Project,
    QueueItem,
    TeamMember,
)
from desktop_app.server.permissions import MANAGING_ROLES, refusal

CHUNK = 500  # ids per IN (...) list; well under SQLite's bound-parameter limit


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def remove_images(ctx: Ctx, ids: Sequence[int]) -> list[int]:
    """Delete the caller-visible images among `ids`; returns the ids deleted, ascending."""
    check_id_count(ids, "imageIds")
    wanted = sorted({i for i in ids if is_db_id(i)})
    found: list[int] = []
    refused: list[int] = []
    refused_team: int | None = None
    for chunk in _chunks(wanted):
        rows = ctx.session.execute(
            select(Image.id, TeamMember.role, Project.team_id)
            .join(Project, Project.id == Image.project_id)
            .join(TeamMember, (TeamMember.team_id == Project.team_id) & (TeamMember.user_id == ctx.user.id))
            .where(Image.id.in_(chunk))
            .order_by(Image.id)
            .with_for_update(of=Image)
        ).all()
        for image_id, role, team_id in rows:
            if role in MANAGING_ROLES:
                found.append(image_id)
            else:
                refused.append(image_id)
                refused_team = team_id
    if refused_team is not None:
        shown = ", ".join(map(str, refused[:20])) + (", ..." if len(refused) > 20 else "")
        raise refusal(ctx, refused_team, f"deleting items {shown}", ids=refused)
    for chunk in _chunks(found):
        for model in (Figure, AnnotationObject, ImageTag, CollectionItem, QueueItem):
            ctx.session.execute(delete(model).where(model.image_id.in_(chunk)))
        ctx.session.execute(delete(Image).where(Image.id.in_(chunk)))
    return found
