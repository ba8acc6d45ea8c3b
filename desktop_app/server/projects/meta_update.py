"""projects.meta.update, as `api.project.update_meta(id, meta)` sends it:
`{"id", "meta": <ProjectMeta.to_json()>}`.

Classes and tag metas are added or updated, never deleted: an entry is the
existing one with its `id` (ids of another project, as in a meta copied from
there, are ignored), else the one with its title/name, else a new one.
Deleting a class would delete its annotations, so one left out of the meta
stays (the platform may delete it: UNCONFIRMED, see docs/wire-contract.md).

Everything is checked before anything is written; a refused meta changes
nothing. What this server cannot keep is refused rather than dropped:
keypoint (`graph`) classes, whose `geometry_config` has no column, and tag
metas limited to some classes (`classes`). A class's shape cannot change
while it has figures, nor a tag's value type while images carry it."""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError
from sqlalchemy import func, select

from desktop_app.server.collections.rules import clean_name, clean_text
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import AnnotationObject, Figure, ImageTag, ObjClass, Project, TagMeta
from desktop_app.server.errors import InvalidInput
from desktop_app.server.evaluation.recompute import evaluate_project
from desktop_app.server.permissions import require_manage

# The SDK's geometry names (supervisely/annotation/json_geometries_map.py), less
# `graph`: its keypoint template (geometry_config) could not be kept.
SHAPES = frozenset(
    {
        "any", "rectangle", "polygon", "bitmap", "alpha_mask", "line", "point", "multipolygon", "oriented_bbox",
        "cuboid", "cuboid_2d", "cuboid_3d", "point_3d", "point_cloud", "polyline_3d", "mask_3d", "mesh",
        "closed_surface_mesh", "multichannelBitmap",
    }
)  # fmt: skip
VALUE_TYPES = ("none", "any_string", "any_number", "oneof_string", "date")
APPLICABLE_TYPES = ("all", "imagesOnly", "objectsOnly")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
HOTKEY_MAX = 16  # the column's width
MAX_ENTRIES = 5000  # classes, and tag metas, per meta


class _Entry(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ClassIn(_Entry):
    id: StrictInt | None = None
    title: StrictStr
    shape: StrictStr
    color: StrictStr | None = None
    hotkey: StrictStr | None = None
    description: StrictStr | None = None
    geometry_config: dict[str, Any] | None = None


class TagMetaIn(_Entry):
    id: StrictInt | None = None
    name: StrictStr
    value_type: StrictStr
    values: list[StrictStr] | None = None
    color: StrictStr | None = None
    hotkey: StrictStr | None = None
    applicable_type: StrictStr | None = None
    classes: list[StrictStr] | None = None


class MetaIn(_Entry):
    classes: list[ClassIn] = []
    tags: list[TagMetaIn] = []


def parse_meta(meta: dict[str, Any]) -> MetaIn:
    try:
        return MetaIn.model_validate(meta)
    except ValidationError as exc:
        where = "; ".join(f"meta.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(where) from None


def default_color(name: str) -> str:
    """A stable color for an entry sent without one."""
    return "#" + hashlib.sha256(name.encode()).hexdigest()[:6].upper()


def check_color(color: str | None, what: str) -> str | None:
    if color is not None and not COLOR.fullmatch(color):
        raise InvalidInput(f"{what}: color must look like '#1A2B3C', got {color!r}")
    return color.upper() if color else None


def check_hotkey(hotkey: str | None, what: str) -> str:
    if hotkey is not None and len(hotkey) > HOTKEY_MAX:
        raise InvalidInput(f"{what}: hotkey is {len(hotkey)} characters long; the maximum is {HOTKEY_MAX}")
    return hotkey or ""


def check_class(c: ClassIn) -> None:
    what = f"class {c.title!r}"
    c.title = clean_name(c.title, "a class")
    if c.shape == "graph":
        raise InvalidInput(f"{what}: keypoint (graph) classes are not supported by this server")
    if c.shape not in SHAPES:
        raise InvalidInput(f"{what}: unknown shape {c.shape!r}; one of {', '.join(sorted(SHAPES))}")
    c.color = check_color(c.color, what)
    c.hotkey = check_hotkey(c.hotkey, what)
    c.description = clean_text(c.description, f"{what}: description")


def check_tag(t: TagMetaIn) -> None:
    what = f"tag {t.name!r}"
    t.name = clean_name(t.name, "a tag")
    if t.value_type not in VALUE_TYPES:
        raise InvalidInput(f"{what}: unknown value_type {t.value_type!r}; one of {', '.join(VALUE_TYPES)}")
    if t.value_type == "oneof_string":
        if not t.values:
            raise InvalidInput(f"{what}: a oneof_string tag needs its possible 'values'")
        if len(set(t.values)) != len(t.values):
            raise InvalidInput(f"{what}: 'values' has a value twice")
    elif t.values:
        raise InvalidInput(f"{what}: only oneof_string tags have 'values'")
    t.applicable_type = t.applicable_type or "all"
    if t.applicable_type not in APPLICABLE_TYPES:
        raise InvalidInput(f"{what}: applicable_type must be one of {', '.join(APPLICABLE_TYPES)}")
    if t.classes:
        raise InvalidInput(f"{what}: tags limited to some classes ('classes') are not supported by this server")
    t.color = check_color(t.color, what)
    t.hotkey = check_hotkey(t.hotkey, what)


Row = TypeVar("Row", ObjClass, TagMeta)


def match(existing: list[Row], incoming: list[Any], key: str, what: str) -> list[Row | None]:
    """The existing row each incoming entry updates (by id, else by name), or None for a new one."""
    by_id = {row.id: row for row in existing}
    by_name = {getattr(row, key): row for row in existing}
    out: list[Row | None] = []
    for entry in incoming:
        row = by_id.get(entry.id) if entry.id is not None else None
        out.append(row if row is not None else by_name.get(getattr(entry, key)))
    names = [getattr(e, key) for e in incoming]
    twice = {n for n in names if names.count(n) > 1}
    if twice:
        raise InvalidInput(f"the meta names the {what} {sorted(twice)[0]!r} twice")
    matched = [row.id for row in out if row is not None]
    if len(matched) != len(set(matched)):
        raise InvalidInput(f"two {what} entries of the meta update the same {what}")
    kept = {getattr(row, key) for row in existing if row.id not in set(matched)}
    clash = kept & set(names)
    if clash:
        raise InvalidInput(f"the {what} name {sorted(clash)[0]!r} is taken by another {what} of the project")
    return out


def _in_use(ctx: Ctx, model: Any, column: Any, row_id: int) -> bool:
    return bool(ctx.session.scalar(select(func.count()).select_from(model).where(column == row_id).limit(1)))


def _rename_safely(ctx: Ctx, pairs: list[tuple[Any, str]], key: str) -> None:
    """Give renamed rows placeholder names first, so swapping two names never
    collides with the (project, name) unique constraint on the way."""
    renamed = [(row, name) for row, name in pairs if getattr(row, key) != name]
    for row, _ in renamed:
        setattr(row, key, f"(renaming {row.id} {uuid.uuid4().hex})")  # no NUL: PostgreSQL refuses it in text
    ctx.session.flush()
    for row, name in renamed:
        setattr(row, key, name)


def update_meta(ctx: Ctx, project: Project, meta: dict[str, Any]) -> None:
    require_manage(ctx, project.team_id, f"changing the meta of project {project.id}")
    wanted = parse_meta(meta)
    if len(wanted.classes) > MAX_ENTRIES or len(wanted.tags) > MAX_ENTRIES:
        raise InvalidInput(f"a meta holds at most {MAX_ENTRIES} classes and {MAX_ENTRIES} tags")
    for c in wanted.classes:
        check_class(c)
    for t in wanted.tags:
        check_tag(t)
    classes = list(ctx.session.scalars(select(ObjClass).where(ObjClass.project_id == project.id)))
    titles_before = sorted(c.title for c in classes)
    tags = list(ctx.session.scalars(select(TagMeta).where(TagMeta.project_id == project.id)))
    class_rows = match(classes, wanted.classes, "title", "class")
    tag_rows = match(tags, wanted.tags, "name", "tag")
    for c, row in zip(wanted.classes, class_rows, strict=True):
        if (
            row is not None
            and row.shape != c.shape
            and (
                _in_use(ctx, Figure, Figure.class_id, row.id)
                or _in_use(ctx, AnnotationObject, AnnotationObject.class_id, row.id)
            )
        ):
            raise InvalidInput(f"class {row.title!r} has figures: its shape cannot change from {row.shape!r}")
    for t, trow in zip(wanted.tags, tag_rows, strict=True):
        if (
            trow is not None
            and trow.value_type != t.value_type
            and _in_use(ctx, ImageTag, ImageTag.tag_meta_id, trow.id)
        ):
            raise InvalidInput(f"tag {trow.name!r} is on images: its value_type cannot change from {trow.value_type!r}")

    _rename_safely(ctx, [(row, c.title) for c, row in zip(wanted.classes, class_rows) if row is not None], "title")
    _rename_safely(ctx, [(row, t.name) for t, row in zip(wanted.tags, tag_rows) if row is not None], "name")
    for c, row in zip(wanted.classes, class_rows, strict=True):
        target = row if row is not None else ObjClass(project_id=project.id, title=c.title)
        target.shape = c.shape
        target.color = c.color or (row.color if row is not None else default_color(c.title))
        target.hotkey, target.description = c.hotkey or "", c.description or ""
        ctx.session.add(target)
    for t, trow in zip(wanted.tags, tag_rows, strict=True):
        tag = trow if trow is not None else TagMeta(project_id=project.id, name=t.name)
        tag.value_type, tag.values = t.value_type, list(t.values or [])
        tag.color = t.color or (trow.color if trow is not None else default_color(t.name))
        tag.hotkey, tag.applicable_type = t.hotkey or "", t.applicable_type or "all"
        ctx.session.add(tag)
    ctx.session.flush()
    titles_after = sorted(ctx.session.scalars(select(ObjClass.title).where(ObjClass.project_id == project.id)))
    if titles_after != titles_before:
        # a class named, renamed or gone changes which boxes are predictions of which class
        evaluate_project(ctx.session, project.id)
