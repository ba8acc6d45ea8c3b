"""images.editInfo: rename an item, change its description or meta. The SDK
sends it for images (`api.image.edit`/`rename`), videos (`api.video.rename`)
and point clouds (`api.pointcloud.rename`): all live in the images table.

Every field is checked before any is written: an empty or too long name, or
a name another item of the dataset has (400 NONUNIQUE with `errors`
[{"id","name"}], as images.bulk.add), changes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop_app.server import access
from desktop_app.server.collections.rules import clean_name, clean_text, is_db_id
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Image, Project
from desktop_app.server.errors import InvalidInput, NonUnique, NotFound
from desktop_app.server.permissions import require_manage


def edit_item(ctx: Ctx, item_id: int, name: str | None, description: str | None, meta: dict[str, Any] | None) -> Image:
    if not is_db_id(item_id):  # beyond the id column: PostgreSQL would refuse the look-up itself
        raise NotFound(f"image with id {item_id} not found")
    item = access.get_image(ctx, item_id)
    if name is None and description is None and meta is None:
        raise InvalidInput("nothing to change: give 'name', 'description' or 'meta'")
    project = ctx.session.get_one(Project, item.project_id)
    require_manage(ctx, project.team_id, f"editing item {item.id}")
    new_name = clean_name(name, "the item") if name is not None else item.name
    new_description = clean_text(description, "description") if description is not None else item.description
    if new_name != item.name:
        clash = ctx.session.scalar(
            select(Image.id).where(Image.dataset_id == item.dataset_id, Image.name == new_name, Image.id != item.id)
        )
        if clash is not None:
            raise NonUnique(
                f"dataset {item.dataset_id} already has an item named {new_name!r}",
                errors=[{"id": clash, "name": new_name}],
            )
    item.name = new_name
    item.description = new_description
    if meta is not None:
        item.meta = meta
    ctx.session.flush()
    return item
