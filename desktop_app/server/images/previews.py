"""Resized previews in the imgproxy URL form the SDK builds:
/previews/q/ext:{jpeg|png}/resize:{method}:{w}:{h}:{enlarge}/q:{quality}/plain/storage/s/{expires}/{sig}/images/{id}.{ext}
(or .../plain/storage/s/{expires}/{sig}/point_clouds/{id}.pcd: the point cloud's bird's-eye view);
the part after /plain is the signed storage path the item's info hands out.

Semantics follow imgproxy: 0 means "keep the aspect ratio" (one side) or
"no limit" (both); images are never enlarged unless enlarge is 1 (only
`force` always gives the exact size); `auto` is treated as `fit` so that a
client can draw annotation boxes on a preview by plain scaling."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageOps

from desktop_app.server.errors import InvalidInput, NotFound

MAX_ID = 2**31 - 1  # ids are 32-bit integer columns
MAX_SIDE = 4096  # larger previews are refused: nobody needs them and they cost memory
METHODS = ("fit", "fill", "fill-down", "force", "auto")
FORMATS = {"jpeg": ("JPEG", "image/jpeg"), "jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}

_PREVIEW = re.compile(
    r"q/ext:(?P<ext>[^/]+)/resize:(?P<method>[^:/]+):(?P<w>[^:/]+):(?P<h>[^:/]+)(?::(?P<enlarge>[^:/]+))?"
    r"/q:(?P<quality>[^/]+)/plain/storage/(?:s/(?P<expires>[^/]+)/(?P<sig>[^/]+)/)?"
    r"(?P<kind>images|point_clouds|videos)/(?P<file>[^/]+)"
)
_IMAGE_FILE = re.compile(r"(?P<id>[0-9]{1,18})\.(?P<ext>[A-Za-z0-9]{1,8})")


@dataclass(frozen=True)
class StorageTarget:
    """The storage path a preview URL names after /plain: what it shows and its signature."""

    kind: str  # "images" | "point_clouds" | "videos"
    file: str  # e.g. "101.jpg"
    expires: str | None  # None: an unsigned path (refused by the routes)
    sig: str | None

    @property
    def tail(self) -> str:
        """What the signature covers: "images/101.jpg"."""
        return f"{self.kind}/{self.file}"


@dataclass(frozen=True)
class PreviewSpec:
    ext: str  # "jpeg" | "png"
    method: str
    width: int
    height: int
    enlarge: bool
    quality: int

    @property
    def key(self) -> str:
        return f"{self.method}-{self.width}x{self.height}-e{int(self.enlarge)}-q{self.quality}.{self.ext}"

    @property
    def mime(self) -> str:
        return FORMATS[self.ext][1]


def parse_image_file(name: str) -> int:
    """`123.jpg` -> 123. Anything else is not an image file of this server."""
    m = _IMAGE_FILE.fullmatch(name)
    if m is None:
        raise InvalidInput(f"{name!r} is not an image file name like '123.jpg'")
    image_id = int(m["id"])
    if image_id > MAX_ID:  # beyond the id column: PostgreSQL would refuse the look-up itself
        raise NotFound(f"image with id {image_id} not found")
    return image_id


def _int(text: str, what: str, low: int, high: int) -> int:
    if not text.isdigit() or not low <= int(text) <= high:
        raise InvalidInput(f"{what} must be a whole number from {low} to {high}, got {text!r}")
    return int(text)


def parse_preview(path: str) -> tuple[PreviewSpec, StorageTarget]:
    """Parse the part after /previews/; returns the options and the storage path they apply to."""
    m = _PREVIEW.fullmatch(path)
    if m is None:
        raise InvalidInput(
            "preview URL must look like /previews/q/ext:jpeg/resize:fit:256:0:0/q:70/plain<pathOriginal>"
        )
    ext = m["ext"].lower()
    if ext not in FORMATS:
        raise InvalidInput(f"preview format must be jpeg or png, got {m['ext']!r}")
    if m["method"] not in METHODS:
        raise InvalidInput(f"resize method must be one of {', '.join(METHODS)}, got {m['method']!r}")
    enlarge = m["enlarge"] or "0"
    if enlarge not in ("0", "1"):
        raise InvalidInput(f"enlarge must be 0 or 1, got {enlarge!r}")
    spec = PreviewSpec(
        ext="png" if ext == "png" else "jpeg",
        method=m["method"],
        width=_int(m["w"], "preview width", 0, MAX_SIDE),
        height=_int(m["h"], "preview height", 0, MAX_SIDE),
        enlarge=enlarge == "1",
        quality=_int(m["quality"], "quality", 1, 100),
    )
    return spec, StorageTarget(m["kind"], m["file"], m["expires"], m["sig"])


def plan(spec: PreviewSpec, width: int, height: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """(size to resize to, centered crop size) for a source of width x height."""
    w, h = spec.width, spec.height
    method = spec.method
    if method in ("fill", "fill-down") and not (w and h):
        method = "fit"  # with one side free there is nothing to crop
    if method in ("fit", "auto"):
        scales = [s for s in (w / width if w else None, h / height if h else None) if s is not None]
        scale = min(scales) if scales else 1.0
        if not spec.enlarge:
            scale = min(scale, 1.0)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        return size, size
    if method == "force":
        size = (w or (round(width * h / height) if h else width), h or (round(height * w / width) if w else height))
        size = (max(1, size[0]), max(1, size[1]))
        return size, size
    scale = max(w / width, h / height)
    if scale <= 1.0 or spec.enlarge:
        return (max(w, round(width * scale)), max(h, round(height * scale))), (w, h)
    if method == "fill":  # too small to fill: keep it, crop to what fits
        return (width, height), (min(w, width), min(h, height))
    # fill-down: keep the requested aspect ratio without enlarging
    if width / height > w / h:
        crop = (max(1, round(height * w / h)), height)
    else:
        crop = (width, max(1, round(width * h / w)))
    return (width, height), crop


def _flatten(picture: PILImage.Image, ext: str) -> PILImage.Image:
    if ext == "png":
        return picture if picture.mode in ("RGB", "RGBA", "L", "LA") else picture.convert("RGBA")
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        rgba = picture.convert("RGBA")
        flat = PILImage.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return picture if picture.mode in ("RGB", "L") else picture.convert("RGB")


def make_preview(original: bytes, spec: PreviewSpec) -> bytes:
    """Decode, orient by EXIF, resize, crop and encode."""
    try:
        picture: PILImage.Image = PILImage.open(io.BytesIO(original))
        orientation = picture.getexif().get(0x0112, 1)
        width, height = picture.size
        if orientation in (5, 6, 7, 8):
            width, height = height, width
        (rw, rh), (cw, ch) = plan(spec, width, height)
        if picture.format == "JPEG":  # decode at a reduced scale when the target is small
            picture.draft("RGB", (rh, rw) if orientation in (5, 6, 7, 8) else (rw, rh))
        picture = ImageOps.exif_transpose(picture) if orientation != 1 else picture
    except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
        # The stored file is broken: for the client that is an image it cannot have.
        raise NotFound(f"the original image cannot be decoded: {exc}") from None
    if picture.size != (rw, rh):
        picture = picture.resize((rw, rh), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    if (cw, ch) != (rw, rh):
        left, top = (rw - cw) // 2, (rh - ch) // 2
        picture = picture.crop((left, top, left + cw, top + ch))
    picture = _flatten(picture, spec.ext)
    out = io.BytesIO()
    if spec.ext == "png":
        picture.save(out, format="PNG", compress_level=3)
    else:
        picture.save(out, format="JPEG", quality=spec.quality)
    return out.getvalue()
