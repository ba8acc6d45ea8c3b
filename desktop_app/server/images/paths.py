"""Where an image's original is served: one rule shared by the image JSON
(`pathOriginal`, `fullStorageUrl`) and the storage routes that serve it."""

from __future__ import annotations

from desktop_app.server.db.models import Image

# File extension per mime type; the SDK derives `ext` from the mime subtype,
# so the served name must agree with the mime the image JSON reports.
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
    "image/tiff": ".tiff",
    "image/gif": ".gif",
}


def extension_for(mime: str) -> str:
    """ ".jpg" for image/jpeg, ".png" for image/png, ".<subtype>" otherwise."""
    known = EXTENSIONS.get(mime)
    if known:
        return known
    subtype = mime.partition("/")[2] or "bin"
    return "." + subtype


def storage_path_for(image: Image) -> str:
    """The URL path of the original, e.g. "/storage/images/101.jpg" or, for a
    point cloud, "/storage/point_clouds/7.pcd"."""
    return storage_path_of(image.id, image.mime)


def storage_path_of(image_id: int, mime: str) -> str:
    if mime == "image/pcd":
        return f"/storage/point_clouds/{image_id}.pcd"
    return f"/storage/images/{image_id}{extension_for(mime)}"
