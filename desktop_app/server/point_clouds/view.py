"""The preview of a stored point cloud: its bird's-eye view (render.py) drawn
straight at the size the preview URL asks for (imgproxy's rules, as for
images: previews.plan), cropped as `fill` asks. The routes cache it on disk."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop_app.server.db.models import Image
from desktop_app.server.errors import NotFound
from desktop_app.server.images.previews import PreviewSpec, plan
from desktop_app.server.images.source import read_original
from desktop_app.server.point_clouds.pcd import MIME, BadPcd, read_cloud
from desktop_app.server.point_clouds.render import encode, render_view, view_size


def is_point_cloud(image: Image) -> bool:
    return image.mime == MIME


def point_cloud_preview(settings, session: Session, image: Image, spec: PreviewSpec) -> bytes:
    data, _mime = read_original(settings, session, image)
    try:
        cloud, _count = read_cloud(data)
    except BadPcd as exc:  # the stored file broke: for the client that is a preview it cannot have
        raise NotFound(f"point cloud {image.id} cannot be read: {exc}") from None
    (rw, rh), (cw, ch) = plan(spec, *view_size(cloud))
    picture = render_view(cloud, rw, rh)
    if (cw, ch) != (rw, rh):
        left, top = (rw - cw) // 2, (rh - ch) // 2
        picture = picture.crop((left, top, left + cw, top + ch))
    return encode(picture, spec.ext, spec.quality)
