"""videos.list, videos.info, videos.download, frame downloads and the storage
and preview GETs of videos, over HTTP against the real server."""

from __future__ import annotations

import email.parser
import email.policy
import io

import numpy as np
import pytest
from PIL import Image as PILImage

from tests.server.http_helpers import ok, refused
from tests.server.video_world import box_left, build_video_world
from tests.server.world import ALICE, BOB

VIDEO_INFO_KEYS = {
    "id",
    "name",
    "hash",
    "link",
    "teamId",
    "workspaceId",
    "projectId",
    "datasetId",
    "pathOriginal",
    "fullStorageUrl",
    "framesCount",
    "frameWidth",
    "frameHeight",
    "fileMeta",
    "createdAt",
    "updatedAt",
    "tags",
    "meta",
    "customData",
    "processingPath",
    "description",
    "createdBy",
    "mime",
    "size",
    "labelsCount",
    "previewFrame",
}


@pytest.fixture
def vw(live):
    return build_video_world(live)


def listing(live, body, token=ALICE):
    return ok(live.call("videos.list", {"filter": [], "sort": "id", "sort_order": "asc", **body}, token))


def picture(data: bytes) -> PILImage.Image:
    img = PILImage.open(io.BytesIO(data))
    img.load()
    return img


def red_columns(img: PILImage.Image, row: int = 30) -> tuple[int, int]:
    a = np.asarray(img.convert("RGB")).astype(int)
    red = np.where((a[row, :, 0] > 180) & (a[row, :, 1] < 90))[0]
    return int(red.min()), int(red.max())


def test_list_by_dataset_and_project(live, vw):
    page = listing(live, {"datasetId": vw["vd1"], "rawVideoMeta": False, "forceMetadataForLinks": False})
    assert page["total"] == 3 and [v["name"] for v in page["entities"]] == ["a.mp4", "b.mp4", "c.mp4"]
    first = page["entities"][0]
    assert set(first) == VIDEO_INFO_KEYS
    assert (first["framesCount"], first["frameWidth"], first["frameHeight"]) == (20, 160, 120)
    meta = first["fileMeta"]
    assert (meta["framesCount"], meta["width"], meta["height"], meta["fps"], meta["duration"]) == (20, 160, 120, 10, 2)
    assert meta["size"] == str(len(vw.files[first["id"]])) and first["size"] == len(vw.files[first["id"]])
    assert first["pathOriginal"] == live.sign(f"/storage/videos/{first['id']}.mp4")
    assert first["fullStorageUrl"] == live.url + first["pathOriginal"]
    assert (first["previewFrame"], first["labelsCount"], first["teamId"]) == (0, 0, vw["team_a"])
    whole = listing(live, {"projectId": vw["v"]})
    assert whole["total"] == 4 and [v["id"] for v in whole["entities"]] == vw.videos["vd1"] + vw.videos["vd2"]
    # the SDK's page loop: page 2 of size 2
    second = listing(live, {"projectId": vw["v"], "page": 2, "per_page": 2})
    assert [v["id"] for v in second["entities"]] == vw.videos["vd1"][2:] + vw.videos["vd2"]
    assert second["pagesCount"] == 2


def test_list_filters_as_images_list(live, vw):
    by_id = listing(
        live, {"datasetId": vw["vd1"], "filter": [{"field": "id", "operator": "in", "value": vw.videos["vd1"][1:]}]}
    )
    assert [v["name"] for v in by_id["entities"]] == ["b.mp4", "c.mp4"]
    named = listing(live, {"projectId": vw["v"], "filters": [{"type": "images_filename", "data": {"value": "d."}}]})
    assert [v["name"] for v in named["entities"]] == ["d.mp4"]
    by_name = listing(live, {"projectId": vw["v"], "sort": "name", "sort_order": "desc"})
    assert [v["name"] for v in by_name["entities"]] == ["d.mp4", "c.mp4", "b.mp4", "a.mp4"]
    token = listing(live, {"datasetId": vw["vd1"], "pagination_mode": "token", "per_page": 2})
    assert len(token["entities"]) == 2 and token["after"]


def test_list_refusals(live, vw):
    message = refused(live.call("videos.list", {"projectId": vw["p1"]}, ALICE))
    assert "not of videos" in message
    refused(live.call("videos.list", {"datasetId": vw["d1"]}, ALICE))
    refused(live.call("videos.list", {}, ALICE))
    refused(live.call("videos.list", {"projectId": vw["v"]}, BOB), 404)
    bad_filter = {"projectId": vw["v"], "filters": [{"type": "nope", "data": {}}]}
    refused(live.call("videos.list", bad_filter, ALICE))


def test_info_and_not_found(live, vw):
    vid = vw.videos["vd1"][1]
    info = ok(live.call("videos.info", {"id": vid, "forceMetadataForLinks": True}, ALICE))
    assert (info["name"], info["framesCount"], info["datasetId"]) == ("b.mp4", 36, vw["vd1"])
    meta = info["fileMeta"]
    assert meta["codecName"] == "h264" and meta["formatName"].startswith("mov,mp4")
    assert len(meta["framesToTimecodes"]) == 36 and meta["framesToTimecodes"][:2] == [0.0, round(1 / 12, 6)]
    assert meta["streams"][0]["codecType"] == "video"
    for missing in (999_999, vw.images["d1"][0], 2**40):  # unknown, an image, beyond any id
        refused(live.call("videos.info", {"id": missing}, ALICE), 404)
    refused(live.call("videos.info", {"id": vid}, BOB), 404)  # another team's video
    refused(live.call("videos.info", {"id": "x"}, ALICE))


def test_download_original(live, vw):
    vid = vw.videos["vd1"][0]
    r = live.call("videos.download", {"id": vid}, ALICE)
    assert r.status_code == 200 and r.headers["content-type"] == "video/mp4"
    assert r.content == vw.files[vid]
    refused(live.call("videos.download", {"id": vw.images["d1"][0]}, ALICE), 404)
    stored = live.http.get(live.sign(f"/storage/videos/{vid}.mp4"))
    assert stored.status_code == 200 and stored.content == vw.files[vid]
    assert live.http.get(live.sign(f"/storage/videos/{vw.images['d1'][0]}.mp4")).status_code == 404
    part = live.http.get(live.sign(f"/storage/videos/{vid}.mp4"), headers={"Range": "bytes=0-99"})  # players seek
    assert part.status_code == 206 and part.content == vw.files[vid][:100]


def test_frames_are_the_right_ones(live, vw):
    vid = vw.videos["vd1"][1]  # 320x240, 36 frames
    for frame in (0, 7, 35):
        r = live.call("videos.download-frame", {"videoId": vid, "frame": frame}, ALICE)
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        img = picture(r.content)
        assert img.size == (320, 240)
        left, right = red_columns(img)
        assert abs(left - box_left(frame)) <= 1 and abs(right - (box_left(frame) + 29)) <= 1
    assert "out of range" in refused(live.call("videos.download-frame", {"videoId": vid, "frame": 36}, ALICE))
    refused(live.call("videos.download-frame", {"videoId": vid, "frame": -1}, ALICE))
    refused(live.call("videos.download-frame", {"videoId": vw.images["d1"][0], "frame": 0}, ALICE), 404)


def test_bulk_frames_as_multipart(live, vw):
    vid = vw.videos["vd1"][0]
    r = live.call("videos.bulk.download-frame", {"videoId": vid, "frames": [3, 0, 3]}, ALICE)
    assert r.status_code == 200, r.text
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + r.headers["content-type"].encode() + b"\r\n\r\n" + r.content
    )
    parts = {
        p.get_param("name", header="content-disposition"): p.get_payload(decode=True) for p in message.iter_parts()
    }
    assert list(parts) == ["3", "0"]
    assert abs(red_columns(picture(parts["3"]))[0] - box_left(3)) <= 1
    assert abs(red_columns(picture(parts["0"]))[0] - box_left(0)) <= 1
    refused(live.call("videos.bulk.download-frame", {"videoId": vid, "frames": []}, ALICE))
    refused(live.call("videos.bulk.download-frame", {"videoId": vid, "frames": [0, 20]}, ALICE))


def test_preview_is_a_resized_first_frame(live, vw):
    vid = vw.videos["vd1"][1]  # 320x240
    url = f"/previews/q/ext:jpeg/resize:auto:160:160:0/q:70/plain{live.sign(f'/storage/videos/{vid}.mp4')}"
    r = live.http.get(url)
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    img = picture(r.content)
    assert img.format == "JPEG" and img.size == (160, 120)
    left, _ = red_columns(img, row=15)
    assert abs(left - box_left(0) // 2) <= 1
    again = live.http.get(url, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    # this server's extension: another frame
    later = picture(live.http.get(url + "?frame=30").content)
    assert abs(red_columns(later, row=15)[0] - box_left(30) // 2) <= 1
    assert live.http.get(url + "?frame=36").status_code == 400
    png = live.http.get(url.replace("ext:jpeg/resize:auto:160:160:0", "ext:png/resize:fit:64:0:0"))
    assert png.status_code == 200 and picture(png.content).size == (64, 48)
    image_id = vw.images["d1"][0]
    not_a_video = f"/previews/q/ext:jpeg/resize:auto:160:160:0/q:70/plain{live.sign(f'/storage/videos/{image_id}.mp4')}"
    assert live.http.get(not_a_video).status_code == 404
    assert live.http.get(url.replace("resize:auto", "resize:nope")).status_code == 400
    # image previews still answer
    assert (
        live.http.get(
            f"/previews/q/ext:jpeg/resize:fit:64:0:0/q:70/plain{live.sign(f'/storage/images/{image_id}.jpg')}"
        ).status_code
        == 200
    )
