"""images.info / download / previews and annotations read and write, through
the client against the real server."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage

from desktop_app.api.annotation_records import Annotation, Figure
from desktop_app.api.records import ImageTag

pytestmark = pytest.mark.anyio


async def test_image_info(api, world):
    first, second = world.images["d1"][:2]
    img = await api.images.info(first)
    assert (img.name, img.width, img.height, img.labels_count) == ("d1_000.jpg", 640, 480, 1)
    assert (img.dataset_id, img.project_id) == (world["d1"], world["p1"])
    assert img.full_storage_url.startswith(api.server_address + "/")
    tagged = await api.images.info(second)
    assert [t.tag_id for t in tagged.tags] == [world["reviewed"]]


async def test_download_and_preview(api, world):
    img = await api.images.info(world.images["d1"][0])
    original = PILImage.open(io.BytesIO(await api.images.download(img.id)))
    assert original.size == (640, 480)
    assert img.preview_url(160) == img.full_storage_url.replace(
        api.server_address, api.server_address + "/previews/q/ext:jpeg/resize:auto:160:0:0/q:70/plain"
    )
    preview = PILImage.open(io.BytesIO(await api.images.preview(img, 160)))
    assert preview.format == "JPEG" and preview.size == (160, 120)


async def test_annotation_info_keeps_wire_edges(api, world):
    ann = await api.annotations.info(world.images["d1"][1])
    assert (ann.width, ann.height, ann.dataset_id) == (640, 480, world["d1"])
    assert sorted(o.class_title for o in ann.objects) == ["car", "person"]
    box = ann.objects[0]
    assert box.edges() == (10, 20, 110, 220)  # right/bottom exclusive, as sent
    assert box.pixel_box() == (10, 20, 109, 219)  # what the SDK shows
    assert [t.name for t in ann.tags] == ["reviewed"]
    assert ann.raw["imageId"] == ann.image_id


async def test_bulk_info_and_list(api, world):
    ids = list(reversed(world.images["d1"]))
    anns = await api.annotations.bulk_info(world["d1"], ids)
    assert [a.image_id for a in anns] == ids
    assert [len(a.objects) for a in anns] == [0, 0, 0, 2, 1]
    listed = await api.annotations.list(world["d1"])
    assert sorted(a.image_id for a in listed) == sorted(ids)


async def test_upload_replaces_the_annotation(api, world):
    target = world.images["d1"][2]
    ann = Annotation(
        image_id=target,
        width=640,
        height=480,
        objects=(Figure.rectangle("car", 5, 6, 50, 60), Figure.rectangle("person", 100, 100, 200, 300)),
        tags=(ImageTag(tag_id=None, name="reviewed"),),
    )
    await api.annotations.upload(world["d1"], {target: ann})
    back = await api.annotations.info(target)
    assert sorted((o.class_title, o.edges()) for o in back.objects) == [
        ("car", (5, 6, 50, 60)),
        ("person", (100, 100, 200, 300)),
    ]
    assert [t.name for t in back.tags] == ["reviewed"]
    assert (await api.images.info(target)).labels_count == 2
    # an empty annotation clears it
    await api.annotations.upload(world["d1"], {target: Annotation(target, 640, 480)})
    assert (await api.annotations.info(target)).objects == ()
