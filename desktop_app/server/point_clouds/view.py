"""The bird's-eye view of a stored point cloud (render.py), rendered once and
cached on disk like demo originals; previews are resized from it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.server.db.models import Image
from desktop_app.server.errors import NotFound
from desktop_app.server.images.source import fingerprint, read_original, shard, write_atomically
from desktop_app.server.point_clouds.pcd import MIME, BadPcd, read_cloud
from desktop_app.server.point_clouds.render import render_view


def is_point_cloud(image: Image) -> bool:
    return image.mime == MIME


def point_cloud_view(settings, session: Session, image: Image) -> bytes:
    """JPEG bytes of the view of `image` (a point cloud)."""
    cached = Path(settings.cache_dir) / "point_cloud_views" / shard(image.id) / f"{image.id}-{fingerprint(image)}.jpg"
    try:
        return cached.read_bytes()
    except FileNotFoundError:
        pass
    data, _mime = read_original(settings, session, image)
    try:
        cloud, _count = read_cloud(data)
    except BadPcd as exc:  # the stored file broke: for the client that is a view it cannot have
        raise NotFound(f"the point cloud {image.id} cannot be read: {exc}") from None
    view = render_view(cloud)
    write_atomically(cached, view)
    return view
