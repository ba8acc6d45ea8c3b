"""Originals and previews over HTTP: demo images rendered on demand, imported
files served as stored, imgproxy-style resizing, the disk cache, ETags, errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage
from sqlalchemy import func, select

from desktop_app.server.db.models import Figure, Image, ObjClass
from desktop_app.server.demo.builder import build_demo
from desktop_app.server.demo.render import ground_truth_boxes
from desktop_app.server.images.paths import storage_path_for
from desktop_app.server.importing.importer import import_folder
from desktop_app.server.users.bootstrap import (
    ensure_member,
    ensure_team,
    ensure_user,
    ensure_workspace,
)


def preview_url(live, image: Image, method: str = "fit", w: int = 0, h: int = 0, q: int = 70, ext: str = "jpeg") -> str:
    return f"/previews/q/ext:{ext}/resize:{method}:{w}:{h}:0/q:{q}/plain{live.sign(storage_path_for(image))}"


def decode(content: bytes) -> PILImage.Image:
    picture = PILImage.open(io.BytesIO(content))
    picture.load()
    return picture


def cache_files(live) -> list[Path]:
    return sorted(p for p in (live.server.settings.cache_dir).rglob("*") if p.is_file())


@pytest.fixture
def demo(live):
    with live.sessions()() as s, s.begin():
        build_demo(s, size=12, seed=3)
    with live.sessions()() as s:
        return list(s.scalars(select(Image).order_by(Image.id)))


def _sample_point(box) -> tuple[int, int]:
    """A point inside the silhouette of a car, person or dog (their bodies cover the box's middle)."""
    return (box.left + box.right) // 2, (box.top + box.bottom) // 2 + (box.bottom - box.top) // 8


def _visible_box(live, images: list[Image]):
    """An image and one of its solid ground-truth boxes whose sample point no later box covers."""
    with live.sessions()() as s:
        for image in images:
            boxes = ground_truth_boxes(s, image)
            for i, box in enumerate(boxes):
                if box.title not in ("car", "person", "dog"):
                    continue
                x, y = _sample_point(box)
                if not any(b.left - 2 <= x <= b.right + 2 and b.top - 2 <= y <= b.bottom + 2 for b in boxes[i + 1 :]):
                    return image, box
    raise AssertionError("the demo has no visible car, person or dog")


def test_demo_original_is_rendered_with_its_boxes(live, demo):
    image, box = _visible_box(live, demo)
    r = live.http.get(live.sign(storage_path_for(image)))
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/jpeg"
    picture = decode(r.content).convert("RGB")
    assert picture.size == (image.width, image.height)
    expected = tuple(int(box.color[i : i + 2], 16) for i in (1, 3, 5))
    assert max(abs(a - b) for a, b in zip(picture.getpixel(_sample_point(box)), expected)) < 40
    # Rendered once, then served from the on-disk cache.
    files = cache_files(live)
    assert len(files) == 1 and files[0].read_bytes() == r.content
    assert live.http.get(live.sign(storage_path_for(image))).content == r.content


def test_preview_sizes_follow_imgproxy(live, demo):
    landscape = next(i for i in demo if i.width > i.height)
    W, H = landscape.width, landscape.height

    def size_of(url: str) -> tuple[int, int]:
        r = live.http.get(url)
        assert r.status_code == 200, r.text
        return decode(r.content).size

    assert size_of(preview_url(live, landscape, "fit", 200, 0)) == (200, round(H * 200 / W))
    assert size_of(preview_url(live, landscape, "fit", 0, 100)) == (round(W * 100 / H), 100)
    assert size_of(preview_url(live, landscape, "fit", 200, 200)) == (200, round(H * 200 / W))
    assert size_of(preview_url(live, landscape, "auto", 200, 200)) == (200, round(H * 200 / W))
    assert size_of(preview_url(live, landscape, "fit", 4000, 4000)) == (W, H)  # never enlarged
    assert size_of(preview_url(live, landscape, "auto", 0, 0)) == (W, H)
    assert size_of(preview_url(live, landscape, "fill", 100, 100)) == (100, 100)
    assert size_of(preview_url(live, landscape, "fill-down", 100, 50)) == (100, 50)
    assert size_of(preview_url(live, landscape, "force", 50, 70)) == (50, 70)
    # fill-down keeps the requested aspect ratio without enlarging
    w, h = size_of(preview_url(live, landscape, "fill-down", 4000, 4000))
    assert w == h == min(W, H)
    png = live.http.get(preview_url(live, landscape, "fit", 64, 0, ext="png"))
    assert png.headers["content-type"] == "image/png" and decode(png.content).format == "PNG"


def test_preview_is_cached_on_disk_and_reused(live, demo):
    image = demo[0]
    url = preview_url(live, image, "fit", 120, 0, q=60)
    first = live.http.get(url)
    assert first.status_code == 200
    previews = [p for p in cache_files(live) if "previews" in p.parts]
    assert len(previews) == 1 and previews[0].read_bytes() == first.content
    # A marker written into the cache file proves the second answer comes from it.
    marker = io.BytesIO()
    PILImage.new("RGB", (3, 3), (1, 2, 3)).save(marker, format="JPEG")
    previews[0].write_bytes(marker.getvalue())
    assert live.http.get(url).content == marker.getvalue()
    # Other parameters are another cache entry.
    assert live.http.get(preview_url(live, image, "fit", 120, 0, q=61)).content != marker.getvalue()
    assert len([p for p in cache_files(live) if "previews" in p.parts]) == 2
    assert [p for p in cache_files(live) if "previews" not in p.parts] == []  # no full-size copy kept for previews


def test_etag_and_not_modified(live, demo):
    image = demo[1]
    url = preview_url(live, image, "fit", 100, 0)
    r = live.http.get(url)
    etag = r.headers["etag"]
    assert etag.startswith('"') and "max-age" in r.headers["cache-control"]
    again = live.http.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert live.http.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert live.http.get(preview_url(live, image, "fit", 101, 0)).headers["etag"] != etag
    original = live.http.get(live.sign(storage_path_for(image)))
    same = {"If-None-Match": original.headers["etag"]}
    assert live.http.get(live.sign(storage_path_for(image)), headers=same).status_code == 304


@pytest.mark.parametrize(
    "options",
    [
        "ext:gif/resize:fit:100:0:0/q:70",
        "ext:jpeg/resize:zoom:100:0:0/q:70",
        "ext:jpeg/resize:fit:5000:0:0/q:70",
        "ext:jpeg/resize:fit:0:4097:0/q:70",
        "ext:jpeg/resize:fit:-1:0:0/q:70",
        "ext:jpeg/resize:fit:abc:0:0/q:70",
        "ext:jpeg/resize:fit:100:0:7/q:70",
        "ext:jpeg/resize:fit:100:0:0/q:0",
        "ext:jpeg/resize:fit:100:0:0/q:101",
        "ext:jpeg/resize:fit:100:0:0",
    ],
)
def test_bad_preview_parameters_are_400(live, demo, options):
    r = live.http.get(f"/previews/q/{options}/plain{live.sign(storage_path_for(demo[0]))}")
    assert r.status_code == 400
    assert r.json()["details"]["message"]
    assert cache_files(live) == []  # nothing rendered, nothing written


def test_unknown_images_and_bad_names(live, demo):
    missing = max(i.id for i in demo) + 100
    for url in (
        live.sign(f"/storage/images/{missing}.jpg"),
        f"/previews/q/ext:jpeg/resize:fit:100:0:0/q:70/plain{live.sign(f'/storage/images/{missing}.jpg')}",
    ):
        r = live.http.get(url)
        assert r.status_code == 404 and str(missing) in r.json()["details"]["message"]
    assert live.http.get(live.sign(f"/storage/images/{2**31}.jpg")).status_code == 404
    assert live.http.get(live.sign("/storage/images/abc.jpg")).status_code == 400
    bad_name = live.sign("/storage/images/x")
    assert live.http.get(f"/previews/q/ext:jpeg/resize:fit:100:0:0/q:70/plain{bad_name}").status_code == 400
    assert cache_files(live) == []


def _folder_with_files(tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    PILImage.new("RGB", (300, 200), (200, 30, 30)).save(folder / "red.jpg", quality=90)
    rgba = PILImage.new("RGBA", (120, 160), (0, 0, 255, 128))
    rgba.save(folder / "blue.png")
    # A phone photo: stored 200x100 with EXIF "rotate 90" so viewers show it 100x200.
    exif = PILImage.Exif()
    exif[0x0112] = 6
    PILImage.new("RGB", (200, 100), (0, 160, 0)).save(folder / "phone.jpg", exif=exif)
    return folder


def test_imported_originals_and_previews(live, tmp_path):
    folder = _folder_with_files(tmp_path)
    with live.sessions()() as s, s.begin():
        team = ensure_team(s, "t")
        ensure_member(s, team, ensure_user(s, "u"), "admin")
        project_id = import_folder(
            s, live.server.settings, folder, "Photos", team, ensure_workspace(s, team, "w"), None
        )
    with live.sessions()() as s:
        images = {i.name: i for i in s.scalars(select(Image).where(Image.project_id == project_id))}
    for name in ("red.jpg", "blue.png", "phone.jpg"):
        r = live.http.get(live.sign(storage_path_for(images[name])))
        assert r.status_code == 200
        assert r.content == (folder / name).read_bytes()
        assert r.headers["content-type"] == images[name].mime
    assert images["blue.png"].mime == "image/png"
    # PNG with alpha becomes a JPEG preview; a rotated photo is previewed upright.
    blue = decode(live.http.get(preview_url(live, images["blue.png"], "fit", 60, 0)).content)
    assert blue.format == "JPEG" and blue.size == (60, 80)
    assert (images["phone.jpg"].width, images["phone.jpg"].height) == (100, 200)
    assert decode(live.http.get(preview_url(live, images["phone.jpg"], "fit", 0, 100)).content).size == (50, 100)
    # A stored file that went missing is a clear 404, not a server error.
    Path(live.server.settings.storage_dir, images["red.jpg"].storage_path).unlink()
    r = live.http.get(live.sign(storage_path_for(images["red.jpg"])))
    assert r.status_code == 404 and "missing" in r.json()["details"]["message"]


def test_rendering_follows_ground_truth_not_predictions(live, demo):
    """Predictions (figures of a "<class>_pred" class) are not drawn: a false positive has nothing under it."""
    with live.sessions()() as s:
        preds = s.scalar(
            select(func.count())
            .select_from(Figure)
            .join(ObjClass, ObjClass.id == Figure.class_id)
            .where(ObjClass.title.like("%_pred"))
        )
        truth = sum(len(ground_truth_boxes(s, i)) for i in demo)
        total = s.scalar(select(func.count()).select_from(Figure))
    assert preds > 0 and truth > 0 and truth + preds == total


def test_ground_truth_given_a_confidence_is_still_drawn(live, demo):
    """The class makes a prediction, not a confidence tag a person put on a box."""
    image, box = _visible_box(live, demo)
    with live.sessions()() as s, s.begin():
        figure = next(
            f
            for f in s.scalars(select(Figure).where(Figure.image_id == image.id))
            if sorted(f.points["exterior"]) == sorted([[box.left, box.top], [box.right, box.bottom]])
        )
        figure.tags = [*(figure.tags or []), {"name": "confidence", "value": 0.73}]
    with live.sessions()() as s:
        assert box in ground_truth_boxes(s, image)
