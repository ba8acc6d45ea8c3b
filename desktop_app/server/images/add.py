"""images.bulk.add: images made from files the server already has, as the
SDK's upload_path(s)/upload_np(s)/upload_hash(es) send them (by `hash`, after
images.bulk.upload) and upload_id(s) (by `imageId`, a copy of another image).

Everything is checked before anything is written, so a refused call creates
nothing: the dataset (visible, of an images project, caller not a viewer),
every name (not empty, not too long, not twice in the request), every source
(a stored file Pillow reads as an image, or an image the caller can see), and
last the names already taken in the dataset, all reported in one 400
NONUNIQUE whose `errors` list `{"id","name"}` per clash: what the SDK's
conflict_resolution="rename"|"skip"|"replace" reads to retry on its side."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop_app.server import access, blobs
from desktop_app.server.collections.rules import clean_name, is_db_id
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Dataset, Image, Project
from desktop_app.server.errors import InvalidInput, NonUnique, NotFound
from desktop_app.server.images.probe import NotAnImage, probe_image
from desktop_app.server.images.source import read_original
from desktop_app.server.permissions import require_manage

MAX_IMAGES = 1000  # per request; the SDK sends 50


@dataclass(frozen=True)
class NewImage:
    """One requested image, as read from the body."""

    name: str
    hash: str | None  # from a stored file
    image_id: int | None  # a copy of this image
    meta: dict[str, Any] | None


@dataclass(frozen=True)
class Source:
    """What the new image's row copies: the file and what it is."""

    hash: str
    storage_path: str
    mime: str
    size: int
    width: int
    height: int
    meta: dict[str, Any]


def target_dataset(ctx: Ctx, dataset_id: int) -> tuple[Dataset, Project]:
    if not is_db_id(dataset_id):  # beyond the id column: PostgreSQL would refuse the look-up itself
        raise NotFound(f"dataset with id {dataset_id} not found")
    dataset = access.get_dataset(ctx, dataset_id)
    project = ctx.session.get_one(Project, dataset.project_id)
    if project.type != "images":
        raise InvalidInput(
            f"dataset {dataset.id} belongs to a {project.type} project; images.bulk.add adds images only"
        )
    require_manage(ctx, project.team_id, f"adding images to dataset {dataset.id}")
    return dataset, project


def check_names(requested: list[NewImage]) -> list[str]:
    names = [clean_name(r.name, f"image #{i}") for i, r in enumerate(requested)]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InvalidInput(f"the name {name!r} is given twice; names in a dataset are unique")
        seen.add(name)
    return names


def source_of_hash(ctx: Ctx, hash: str, cache: dict[str, Source]) -> Source:
    if hash in cache:
        return cache[hash]
    path = blobs.path_of(ctx.settings, hash)
    if path is None:
        raise InvalidInput(f"no file with hash {hash!r} is stored here: send it with images.bulk.upload first")
    try:
        probe = probe_image(path)
    except NotAnImage as exc:
        raise InvalidInput(f"the file with hash {hash!r} is not an image this server can read: {exc}") from None
    size = path.stat().st_size
    cache[hash] = Source(hash, blobs.storage_path(hash), probe.mime, size, probe.width, probe.height, {})
    return cache[hash]


def image_to_copy(ctx: Ctx, image_id: int) -> Image:
    try:
        image = access.get_image(ctx, image_id) if is_db_id(image_id) else None
    except NotFound:
        image = None
    if image is None:  # a source named in the body, as datasets.add's parentId: 400
        raise InvalidInput(f"image {image_id} is not an image you can see")
    if ctx.session.get_one(Project, image.project_id).type != "images":
        raise InvalidInput(f"item {image_id} is not an image")
    return image


def source_of_image(ctx: Ctx, image: Image) -> Source:
    """A copy shares the original's stored file. A demo image has none (it is
    drawn from its id), so its picture is stored now, under its real hash."""
    meta = dict(image.meta or {})
    if image.storage_path:
        return Source(image.hash, image.storage_path, image.mime, image.size, image.width, image.height, meta)
    data, mime = read_original(ctx.settings, ctx.session, image, keep=False)
    blob = blobs.save(ctx.settings, io.BytesIO(data))
    return Source(blob.hash, blobs.storage_path(blob.hash), mime, blob.size, image.width, image.height, meta)


def check_free(ctx: Ctx, dataset: Dataset, names: list[str]) -> None:
    taken: list[Any] = []
    for start in range(0, len(names), 500):
        part = names[start : start + 500]
        taken += ctx.session.execute(
            select(Image.id, Image.name).where(Image.dataset_id == dataset.id, Image.name.in_(part))
        ).all()
    if taken:
        order = {name: i for i, name in enumerate(names)}
        taken.sort(key=lambda row: order[row.name])
        shown = ", ".join(repr(row.name) for row in taken[:10]) + (", ..." if len(taken) > 10 else "")
        raise NonUnique(
            f"dataset {dataset.id} already has images named {shown}",
            errors=[{"id": row.id, "name": row.name} for row in taken],
        )


def add_images(ctx: Ctx, dataset_id: int, requested: list[NewImage]) -> list[Image]:
    """Create the images, in the order requested; returns their rows."""
    if not requested:
        raise InvalidInput("'images' is empty: nothing to add")
    if len(requested) > MAX_IMAGES:
        raise InvalidInput(f"'images' has {len(requested)} entries; at most {MAX_IMAGES} per request, split it")
    dataset, project = target_dataset(ctx, dataset_id)
    names = check_names(requested)
    by_hash: dict[str, Source] = {}
    found = [
        source_of_hash(ctx, r.hash, by_hash) if r.hash is not None else image_to_copy(ctx, r.image_id or 0)
        for r in requested
    ]
    check_free(ctx, dataset, names)
    # last, as it may store a file: a copy of a demo image stores its picture
    sources = [src if isinstance(src, Source) else source_of_image(ctx, src) for src in found]
    rows = [
        Image(
            dataset_id=dataset.id,
            project_id=project.id,
            name=name,
            hash=src.hash,
            mime=src.mime,
            size=src.size,
            width=src.width,
            height=src.height,
            storage_path=src.storage_path,
            meta=r.meta if r.meta is not None else src.meta,
            created_by=ctx.user.id,
        )
        for name, src, r in zip(names, sources, requested, strict=True)
    ]
    ctx.session.add_all(rows)
    ctx.session.flush()
    return rows
