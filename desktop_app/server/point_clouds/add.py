"""Point clouds joining a dataset: from files uploaded before (point-clouds.bulk.add
by hash, as the SDK's upload_paths does) and from files checked on upload
(point-clouds.bulk.upload, routes/point_clouds.py). All or nothing: every item is checked before any
row is written, and a file pypcd4 cannot read is refused by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop_app.server import blobs
from desktop_app.server.context import Ctx
from desktop_app.server.db.models import NAME_MAX, Dataset, Image
from desktop_app.server.errors import InvalidInput, NonUnique
from desktop_app.server.point_clouds.blobs import blob_path
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


def _check_names(ctx: Ctx, dataset: Dataset, names: list[str]) -> None:
    for name in names:
        if not name.strip() or len(name) > NAME_MAX:
            raise InvalidInput(f"a point cloud name must have 1 to {NAME_MAX} characters, got {name!r}")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InvalidInput(f"names sent more than once: {', '.join(map(repr, repeated))}")
    taken = ctx.session.execute(
        select(Image.id, Image.name).where(Image.dataset_id == dataset.id, Image.name.in_(names))
    )
    clashes = [{"id": i, "name": n} for i, n in taken]
    if clashes:
        shown = ", ".join(repr(c["name"]) for c in clashes)
        raise NonUnique(f"dataset {dataset.id} already has items named {shown}", errors=clashes)


def add_point_clouds(ctx: Ctx, dataset: Dataset, items: list[NewCloud]) -> list[Image]:
    _check_names(ctx, dataset, [item.name for item in items])
    planned = []
    for item in items:
        path = blobs.path_of(ctx.settings, item.hash)
        if path is None:
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
