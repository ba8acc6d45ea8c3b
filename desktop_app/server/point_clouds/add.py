"""Point clouds joining a dataset: from files uploaded before (point-clouds.bulk.add
by hash, as the SDK's upload_paths does) and from files checked on upload
(point-clouds.bulk.upload). All or nothing: every item is checked before any
row is written, and a file pypcd4 cannot read is refused by name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop_app.server.context import Ctx
from desktop_app.server.db.models import NAME_MAX, Dataset, Image
from desktop_app.server.errors import InvalidInput, NonUnique
from desktop_app.server.point_clouds.blobs import blob_file, blob_path, put_blob
from desktop_app.server.point_clouds.multipart import Part
from desktop_app.server.point_clouds.pcd import MIME, BadPcd, read_cloud
from desktop_app.server.point_clouds.render import view_size


@dataclass(frozen=True)
class NewCloud:
    name: str
    hash: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class Facts:
    """What a point cloud row records about its file."""

    size: int
    points_count: int
    width: int  # of the bird's-eye view
    height: int


def facts_of(data: bytes) -> Facts:
    """Raises BadPcd when pypcd4 cannot read the file."""
    cloud, count = read_cloud(data)
    width, height = view_size(cloud)
    return Facts(len(data), count, width, height)


def check_uploads(parts: list[Part]) -> list[bytes]:
    """The files of an upload, each a readable PCD file (else 400 naming it)."""
    files = []
    for part in parts:
        label = f"{part.filename!r} (part {part.name!r})" if part.filename else f"part {part.name!r}"
        try:
            facts_of(part.data)
        except BadPcd as exc:
            raise InvalidInput(f"file {label} is not a point cloud this server can read: {exc}") from None
        files.append(part.data)
    if not files:
        raise InvalidInput("the upload has no files")
    return files


def store_uploads(storage_dir: Path, files: list[bytes]) -> list[str]:
    return [put_blob(storage_dir, data) for data in files]


def _check_names(ctx: Ctx, dataset: Dataset, names: list[str]) -> None:
    for name in names:
        if not name.strip() or len(name) > NAME_MAX:
            raise InvalidInput(f"a point cloud name must have 1 to {NAME_MAX} characters, got {name!r}")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InvalidInput(f"names sent more than once: {', '.join(map(repr, repeated))}")
    taken = ctx.session.execute(select(Image.id, Image.name).where(Image.dataset_id == dataset.id, Image.name.in_(names)))
    clashes = [{"id": i, "name": n} for i, n in taken]
    if clashes:
        shown = ", ".join(repr(c["name"]) for c in clashes)
        raise NonUnique(f"dataset {dataset.id} already has items named {shown}", errors=clashes)


def add_point_clouds(ctx: Ctx, dataset: Dataset, items: list[NewCloud]) -> list[Image]:
    _check_names(ctx, dataset, [item.name for item in items])
    planned = []
    for item in items:
        path = blob_file(ctx.settings.storage_dir, item.hash)
        if path is None or not path.is_file():
            raise InvalidInput(f"point cloud {item.name!r}: no uploaded file has the hash {item.hash!r}")
        try:
            facts = facts_of(path.read_bytes())
        except BadPcd as exc:
            raise InvalidInput(f"point cloud {item.name!r}: the file is not a readable PCD file: {exc}") from None
        planned.append((item, facts))
    rows = [
        Image(
            dataset_id=dataset.id,
            project_id=dataset.project_id,
            name=item.name,
            hash=item.hash,
            mime=MIME,
            size=facts.size,
            width=facts.width,
            height=facts.height,
            points_count=facts.points_count,
            storage_path=blob_path(item.hash),
            meta=item.meta,
            created_by=ctx.user.id,
        )
        for item, facts in planned
    ]
    ctx.session.add_all(rows)
    ctx.session.flush()
    return rows
