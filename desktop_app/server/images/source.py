"""Where an image's original bytes come from: a file in the storage folder,
or, for demo images (no stored file), a picture rendered from the id and
cached on disk."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy.orm import Session

from desktop_app.server.cache_files import write_cached
from desktop_app.server.db.models import Image
from desktop_app.server.demo.render import ground_truth_boxes, render_image
from desktop_app.server.errors import NotFound


def fingerprint(image: Image) -> str:
    """Changes whenever the bytes behind this image id can change. SQLite may
    reuse the id of a deleted image, so cache keys must not rest on the id alone."""
    text = f"{image.id}|{image.hash}|{image.storage_path}|{image.width}x{image.height}|{image.mime}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def shard(image_id: int) -> str:
    """Spread cache files over folders of at most 1,000 images each."""
    return f"{image_id // 1000:06d}"


def stored_file(settings, image: Image) -> Path:
    """The file of an uploaded or imported image, refusing paths that leave the storage folder."""
    root = Path(settings.storage_dir).resolve()
    path = (root / str(image.storage_path)).resolve()
    if not path.is_relative_to(root):
        raise NotFound(f"the file of image {image.id} is outside the storage folder")
    return path


def read_original(settings, session: Session, image: Image, *, keep: bool = True) -> tuple[bytes, str]:
    """The original bytes of the image and their mime type.

    keep=False renders a demo picture without caching it (previews need the
    original only once; caching every thumbnail's full-size source wastes disk)."""
    if image.storage_path:
        path = stored_file(settings, image)
        try:
            return path.read_bytes(), image.mime
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotFound(f"the file of image {image.id} is missing from storage") from None
    cached = Path(settings.cache_dir) / "originals" / shard(image.id) / f"{image.id}-{fingerprint(image)}.jpg"
    try:
        return cached.read_bytes(), "image/jpeg"
    except FileNotFoundError:
        pass
    data = render_image(image.id, image.width, image.height, ground_truth_boxes(session, image))
    if keep:
        write_cached(settings, cached, data)
    return data, "image/jpeg"
