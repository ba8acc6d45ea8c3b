"""images.bulk.add (the second step of api.image.upload_path(s)/upload_np(s)/
upload_hash(es)/upload_id(s)): images made from stored files or copies of
other images; every refusal leaves the database as it was."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage

from desktop_app.server import blobs
from desktop_app.server.db.models import NAME_MAX
from tests.server.http_helpers import ok, refused
from tests.server.upload_helpers import VIEWER, add_viewer, images_rows, picture, sdk_hash, upload
from tests.server.world import ALICE, BOB


def bulk_add(live, dataset_id, images, token=ALICE):
    body = {"datasetId": dataset_id, "images": images, "forceMetadataForLinks": True, "skipValidation": False}
    return live.call("images.bulk.add", body, token)


def test_images_from_uploaded_files_are_listed_served_and_previewed(live, world):
    png, jpeg = picture(40, 30), picture(64, 48, fmt="JPEG", color=(10, 200, 10))
    ok(upload(live, [png, jpeg]))

    made = ok(
        bulk_add(
            live,
            world["d1"],
            [
                {"title": "new.png", "hash": sdk_hash(png), "meta": {"source": "camera 2"}},
                {"title": "new.jpg", "hash": sdk_hash(jpeg)},
                {"title": "again.png", "hash": sdk_hash(png)},  # one file, two images
            ],
        )
    )

    assert [m["name"] for m in made] == ["new.png", "new.jpg", "again.png"]
    first = made[0]
    assert (first["width"], first["height"], first["mime"], first["ext"]) == (40, 30, "image/png", "png")
    assert (made[1]["width"], made[1]["height"], made[1]["mime"]) == (64, 48, "image/jpeg")
    assert first["hash"] == made[2]["hash"] == sdk_hash(png) and first["size"] == len(png)
    assert first["meta"] == {"source": "camera 2"} and made[1]["meta"] == {}
    assert (first["datasetId"], first["projectId"], first["createdBy"]) == (world["d1"], world["p1"], world["alice"])
    assert ok(live.call("images.info", {"id": first["id"]}, ALICE)) == first
    listed = ok(live.call("images.list", {"datasetId": world["d1"]}, ALICE))["entities"]
    assert [e["name"] for e in listed][-3:] == ["new.png", "new.jpg", "again.png"]
    assert ok(live.call("datasets.info", {"id": world["d1"]}, ALICE))["imagesCount"] == 8

    assert live.call("images.download", {"id": made[1]["id"]}, ALICE).content == jpeg
    assert live.http.get(first["fullStorageUrl"]).content == png
    preview = live.http.get(f"/previews/q/ext:png/resize:fit:20:0:0/q:70/plain{first['pathOriginal']}")
    assert preview.status_code == 200
    assert PILImage.open(io.BytesIO(preview.content)).size == (20, 15)


def test_a_copy_by_image_id_shares_the_file_and_a_demo_image_gets_one(live, world):
    png = picture(12, 10)
    ok(upload(live, [png]))
    stored = ok(bulk_add(live, world["d1"], [{"title": "stored.png", "hash": sdk_hash(png), "meta": {"k": 1}}]))[0]
    drawn = world.images["d1"][0]  # a world image: no file, drawn from its id

    copies = ok(
        bulk_add(
            live, world["p2d"], [{"title": "copy.png", "imageId": stored["id"]}, {"title": "d.jpg", "imageId": drawn}]
        )
    )

    assert copies[0]["hash"] == stored["hash"] and copies[0]["meta"] == {"k": 1}
    assert copies[0]["datasetId"] == world["p2d"] and copies[0]["projectId"] == world["p2"]
    assert live.call("images.download", {"id": copies[0]["id"]}, ALICE).content == png
    original = live.call("images.download", {"id": drawn}, ALICE).content
    assert live.call("images.download", {"id": copies[1]["id"]}, ALICE).content == original
    assert copies[1]["hash"] == sdk_hash(original)
    assert (copies[1]["width"], copies[1]["height"]) == (640, 480)


@pytest.mark.parametrize(
    "entry, words",
    [
        ({"title": "x.png", "hash": sdk_hash(b"never uploaded")}, "images.bulk.upload first"),
        ({"title": "x.png", "hash": "not-a-hash"}, "no file with hash"),
        ({"title": "x.png", "link": "http://example.com/a.png"}, "link"),
        ({"title": "x.png"}, "exactly one of"),
        ({"title": "x.png", "hash": "h", "imageId": 1}, "exactly one of"),
        ({"hash": "h"}, "title"),
        ({"title": "   ", "hash": "PNG"}, "must not be empty"),
        ({"title": "n" * (NAME_MAX + 1), "hash": "PNG"}, "maximum"),
        ({"title": "x.png", "imageId": 10**12}, "not an image you can see"),
        ({"title": "x.png", "imageId": 0}, "not an image you can see"),
        ({"title": "x.png", "hash": "PNG", "meta": "not an object"}, "meta"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_created(live, world, entry, words):
    png = picture()
    ok(upload(live, [png]))
    entry = {k: sdk_hash(png) if v == "PNG" else v for k, v in entry.items()}
    before = images_rows(live)
    good = {"title": "good.png", "hash": sdk_hash(png)}
    assert words in refused(bulk_add(live, world["d1"], [good, entry]))
    assert images_rows(live) == before


def test_a_stored_file_that_is_no_image_is_refused_by_hash(live, world):
    text = b"plain text, stored by some other upload"
    blobs.save(live.server.app.state.settings, io.BytesIO(text))
    before = images_rows(live)
    message = refused(bulk_add(live, world["d1"], [{"title": "t.png", "hash": sdk_hash(text)}]))
    assert sdk_hash(text) in message and "not an image" in message
    assert images_rows(live) == before


def test_taken_names_are_the_sdks_conflict_error_listing_every_clash(live, world):
    png = picture()
    ok(upload(live, [png]))
    d1 = world.images["d1"]
    before = images_rows(live)

    r = bulk_add(
        live,
        world["d1"],
        [
            {"title": "d1_003.jpg", "hash": sdk_hash(png)},
            {"title": "free.png", "hash": sdk_hash(png)},
            {"title": "d1_001.jpg", "hash": sdk_hash(png)},
        ],
    )

    refused(r)
    details = r.json()["details"]
    assert details["type"] == "NONUNIQUE"
    assert details["errors"] == [{"id": d1[3], "name": "d1_003.jpg"}, {"id": d1[1], "name": "d1_001.jpg"}]
    assert images_rows(live) == before
    # the same names are free in another dataset
    assert len(ok(bulk_add(live, world["d2"], [{"title": "d1_003.jpg", "hash": sdk_hash(png)}]))) == 1


def test_refused_datasets_and_callers(live, world):
    png = picture()
    ok(upload(live, [png]))
    add_viewer(live)
    video_ds = ok(live.call("datasets.add", {"projectId": world["v"], "name": "clips"}, ALICE))["id"]
    before = images_rows(live)
    entry = [{"title": "x.png", "hash": sdk_hash(png)}]
    twice = [{"title": "x.png", "hash": sdk_hash(png)}, {"title": "x.png", "hash": sdk_hash(png)}]

    assert "videos project" in refused(bulk_add(live, video_ds, entry))
    refused(bulk_add(live, world["pbd"], entry), 404)  # bob's dataset
    refused(bulk_add(live, world["d1"], entry, BOB), 404)
    refused(bulk_add(live, 10**12, entry), 404)
    refused(bulk_add(live, world["d1"], entry, VIEWER), 403)
    refused(bulk_add(live, world["d1"], entry, "wrong-token"), 401)
    assert "given twice" in refused(bulk_add(live, world["d1"], twice))
    assert "empty" in refused(bulk_add(live, world["d1"], []))
    assert "at most" in refused(bulk_add(live, world["d1"], [{"title": f"{i}.png", "hash": "h"} for i in range(1001)]))
    bob_image = world.images["pbd"][0]
    assert "can see" in refused(bulk_add(live, world["d1"], [{"title": "c.jpg", "imageId": bob_image}]))
    refused(live.call("images.bulk.add", {"images": entry}, ALICE))
    assert images_rows(live) == before
