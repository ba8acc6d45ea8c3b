"""Creating the objects `annotation-objects.bulk.add` asked for, once each
type has checked them: the rows, the SDK's answer, and the changed marks of
their items. Shared by the video and point-cloud handlers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from desktop_app.server.context import Ctx
from desktop_app.server.db.models import AnnotationObject, Dataset
from desktop_app.server.point_clouds.annotation_store import annotation_changed


def insert_objects(ctx: Ctx, dataset: Dataset, planned: Sequence[tuple[int, int | None]]) -> list[dict[str, Any]]:
    """planned: (class id, item id or None: the object waits for its first figure), in request order."""
    rows = [
        AnnotationObject(
            image_id=item_id,
            dataset_id=dataset.id,
            class_id=class_id,
            key=uuid.uuid4().hex,
            tags=[],
            labeler_login=ctx.user.login,
        )
        for class_id, item_id in planned
    ]
    ctx.session.add_all(rows)
    ctx.session.flush()
    answer = [{"id": row.id, "key": row.key, "classId": row.class_id, "entityId": row.image_id} for row in rows]
    for item_id in sorted({i for _c, i in planned if i is not None}):
        annotation_changed(ctx.session, item_id)
    return answer
