"""Uploading videos the SDK's way (api.video.upload_path(s)): videos.bulk.upload
(multipart, every part probed with PyAV before any is stored),
import-storage.internal.meta.list, videos.bulk.add."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.server.db.models import Image
from tests.server.http_helpers import ok, refused
from tests.server.test_image_uploads import stored_files
from tests.server.upload_helpers import picture, sdk_hash, upload
from tests.server.video_world import build_video_world, clip
from tests.server.world import ALICE, BOB


@pytest.fixture
def vw(live):
    return build_video_world(live)


def upload_videos(live, files, token=ALICE):
    return upload(live, files, token, method="videos.bulk.upload")


def add_body(dataset_id, *videos):
    """videos: (title, hash) pairs, as VideoApi._upload_bulk_add sends them."""
    return {
        "datasetId": dataset_id,
        "videos": [{"title": t, "hash": h, "meta": {"videoStreamIndex": 0}} for t, h in videos],
        "forceMetadataForLinks": True,
    }


def item_count(live) -> int:
    with live.sessions()() as s:
        return s.scalar(select(func.count()).select_from(Image)) or 0


def test_upload_then_add_like_the_sdk(live, vw):
    data = clip(160, 120, 12, 6)
    h = sdk_hash(data)
    assert ok(live.call("images.internal.hashes.list", [h], ALICE)) == []
    assert ok(upload_videos(live, [data])) == [{"hash": h}]
    assert ok(live.call("images.internal.hashes.list", [h], ALICE)) == [h]

    meta = ok(live.call("import-storage.internal.meta.list", {"hashes": [h]}, ALICE))
    assert meta[0]["hash"] == h
    (stream,) = meta[0]["meta"]["streams"]
    assert (stream["codecType"], stream["index"], stream["framesCount"]) == ("video", 0, 12)
    assert (stream["width"], stream["height"], stream["fps"]) == (160, 120, 6)

    added = ok(live.call("videos.bulk.add", add_body(vw["vd2"], ("new.mp4", h)), ALICE))
    (info,) = added
    assert (info["name"], info["hash"], info["datasetId"], info["projectId"]) == ("new.mp4", h, vw["vd2"], vw["v"])
    assert (info["framesCount"], info["fileMeta"]["fps"], info["fileMeta"]["duration"]) == (12, 6, 2)
    assert info["meta"] == {"videoStreamIndex": 0} and len(info["fileMeta"]["framesToTimecodes"]) == 12
    assert live.call("videos.download", {"id": info["id"]}, ALICE).content == data
    listed = ok(live.call("videos.list", {"datasetId": vw["vd2"]}, ALICE))
    assert [v["name"] for v in listed["entities"]] == ["d.mp4", "new.mp4"]


def test_a_file_that_is_no_video_is_refused_naming_it(live, vw):
    before = stored_files(live)
    for bad in (b"definitely not a video", picture(), clip()[:300]):
        message = refused(upload_videos(live, [clip(), bad]))
        assert "'1-file'" in message and "'1'" in message and "not a video this server can read" in message
    assert stored_files(live) == before


def test_bulk_add_refusals_change_nothing(live, vw):
    good = clip(160, 120, 8, 8)
    ok(upload_videos(live, [good]))
    image_hash = ok(upload(live, [picture()]))[0]["hash"]  # an image in the shared store
    h, count = sdk_hash(good), item_count(live)
    assert "upload it first" in refused(
        live.call("videos.bulk.add", add_body(vw["vd1"], ("x.mp4", sdk_hash(b"?"))), ALICE)
    )
    assert "not a readable video" in refused(
        live.call("videos.bulk.add", add_body(vw["vd1"], ("x.mp4", image_hash)), ALICE)
    )
    r = live.call("videos.bulk.add", add_body(vw["vd1"], ("ok.mp4", h), ("a.mp4", h)), ALICE)
    assert r.status_code == 400 and r.json()["details"]["type"] == "NONUNIQUE", r.text
    assert r.json()["details"]["errors"] == [{"name": "a.mp4"}]
    refused(live.call("videos.bulk.add", add_body(vw["vd1"], ("twice.mp4", h), ("twice.mp4", h)), ALICE))
    assert "not of videos" in refused(live.call("videos.bulk.add", add_body(vw["d1"], ("x.mp4", h)), ALICE))
    refused(live.call("videos.bulk.add", add_body(vw["vd1"], ("x.mp4", h)), BOB), 404)
    refused(live.call("videos.bulk.add", {"datasetId": vw["vd1"], "videos": []}, ALICE))
    refused(
        live.call(
            "videos.bulk.add", {"datasetId": vw["vd1"], "videos": [{"title": "l.mp4", "link": "http://x"}]}, ALICE
        )
    )
    assert item_count(live) == count
    assert "unknown" not in refused(live.call("import-storage.internal.meta.list", {"hashes": [sdk_hash(b"?")]}, ALICE))
