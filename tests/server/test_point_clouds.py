"""point-clouds.list, .info, .download, the .pcd storage URL and the preview of a
point cloud (its bird's-eye view) over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image as PILImage
from pypcd4 import PointCloud

from tests.server.http_helpers import ok, refused
from tests.server.pcd_world import build_pcd_world
from tests.server.world import ALICE, BOB


@pytest.fixture
def pcd(live, world):
    return build_pcd_world(live, world)


def test_list_by_dataset_answers_point_cloud_infos_the_sdk_reads(live, world, pcd):
    page = ok(live.call("point-clouds.list", {"datasetId": pcd["d1"], "filter": []}, ALICE))
    assert page["total"] == 3 and page["pagesCount"] == 1
    first = page["entities"][0]
    assert [e["id"] for e in page["entities"]] == pcd.clouds["scans1"]
    assert first["name"] == "scan_0.pcd"
    assert first["fileMeta"]["mime"] == "image/pcd"
    assert first["teamId"] == world["team_a"] and first["workspaceId"] == world["ws_a"]
    assert first["projectId"] == pcd["project"] and first["datasetId"] == pcd["d1"]
    assert first["figuresCount"] == 1 and first["annotationObjectsCount"] == 1 and first["labelsCount"] == 1
    assert first["pointsCount"] == 2500  # 2000 ground points + 500 in the heap
    assert first["size"] > 0 and first["hash"]
    assert first["pathOriginal"] == live.sign(f"/storage/point_clouds/{first['id']}.pcd")
    assert first["fullStorageUrl"] == live.url + first["pathOriginal"]
    assert [t["name"] for t in first["tags"]] == ["night"]
    assert first["width"] == 1024 and 400 < first["height"] < 600  # the view keeps the scene's 2:1


def test_list_by_project_with_filters_as_images_list(live, pcd):
    body = {"projectId": pcd["project"], "filter": [{"field": "name", "operator": "in", "value": ["far_1.pcd"]}]}
    assert [e["name"] for e in ok(live.call("point-clouds.list", body, ALICE))["entities"]] == ["far_1.pcd"]
    only_cars = {"projectId": pcd["project"], "filters": [{"type": "objects_class", "data": {"classId": pcd["car"]}}]}
    assert [e["id"] for e in ok(live.call("point-clouds.list", only_cars, ALICE))["entities"]] == [
        pcd.clouds["scans1"][0]
    ]
    unlabelled = {"projectId": pcd["project"], "filters": [{"type": "objects_class", "data": {"from": 0, "to": 0}}]}
    assert ok(live.call("point-clouds.list", unlabelled, ALICE))["total"] == 4
    tagged = {"projectId": pcd["project"], "filters": [{"type": "images_tag", "data": {"tagId": pcd["night"]}}]}
    assert ok(live.call("point-clouds.list", tagged, ALICE))["total"] == 1
    paged = ok(live.call("point-clouds.list", {"projectId": pcd["project"], "per_page": 2, "page": 3}, ALICE))
    assert paged["pagesCount"] == 3 and [e["name"] for e in paged["entities"]] == ["far_1.pcd"]


def test_list_refuses_other_project_types_and_unseen_scopes(live, world, pcd):
    assert "not a point-cloud project" in refused(live.call("point-clouds.list", {"projectId": world["p1"]}, ALICE))
    assert "not a point-cloud project" in refused(live.call("point-clouds.list", {"datasetId": world["d1"]}, ALICE))
    refused(live.call("point-clouds.list", {"datasetId": pcd["d1"]}, BOB), 404)
    refused(live.call("point-clouds.list", {}, ALICE))


def test_info_and_its_404s(live, world, pcd):
    cloud = pcd.clouds["scans2"][1]
    info = ok(live.call("point-clouds.info", {"id": cloud}, ALICE))
    assert info["id"] == cloud and info["name"] == "far_1.pcd" and info["labelsCount"] == 0
    refused(live.call("point-clouds.info", {"id": cloud}, BOB), 404)  # another team
    refused(live.call("point-clouds.info", {"id": 987654}, ALICE), 404)  # unknown
    refused(live.call("point-clouds.info", {"id": world.images["d1"][0]}, ALICE), 404)  # an image


def _points(content: bytes) -> np.ndarray:
    return PointCloud.from_fileobj(io.BytesIO(content)).numpy(("x", "y", "z"))  # type: ignore[arg-type]


def test_download_and_storage_url_give_the_original_file(live, pcd):
    ascii_cloud = pcd.clouds["scans1"][1]
    downloaded = live.call("point-clouds.download", {"id": ascii_cloud}, ALICE)
    assert downloaded.status_code == 200 and downloaded.content.startswith(b"VERSION")
    assert b"DATA ascii" in downloaded.content
    assert _points(downloaded.content).shape == (2500, 3)
    info = ok(live.call("point-clouds.info", {"id": ascii_cloud}, ALICE))
    stored = live.http.get(info["pathOriginal"])
    assert stored.status_code == 200 and stored.content == downloaded.content
    assert len(stored.content) == info["size"]
    refused(live.call("point-clouds.download", {"id": ascii_cloud}, BOB), 404)


def test_preview_url_renders_a_jpeg_of_the_asked_size(live, pcd):
    info = ok(live.call("point-clouds.info", {"id": pcd.clouds["scans1"][0]}, ALICE))
    url = f"/previews/q/ext:jpeg/resize:auto:256:256:0/q:70/plain{info['pathOriginal']}"
    r = live.http.get(url)
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    picture = PILImage.open(io.BytesIO(r.content))
    assert picture.format == "JPEG"
    assert picture.width == 256 and picture.height == round(256 * info["height"] / info["width"])
    pixels = np.asarray(picture.convert("RGB")).reshape(-1, 3).astype(int)
    assert (pixels.sum(axis=1) < 100).mean() > 0.5  # a dark background...
    assert (pixels.max(axis=1) > 90).sum() > 100  # ...with coloured points on it
    assert live.http.get(url, headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    forced = live.http.get(f"/previews/q/ext:png/resize:force:120:90:0/q:70/plain{info['pathOriginal']}")
    assert PILImage.open(io.BytesIO(forced.content)).size == (120, 90)


def test_a_broken_stored_file_is_a_404_not_a_500(live, pcd):
    info = ok(live.call("point-clouds.info", {"id": pcd.clouds["scans2"][0]}, ALICE))
    from desktop_app.server import blobs

    path = blobs.path_of(live.server.settings, info["hash"])
    assert path is not None
    path.write_bytes(b"not a point cloud")
    url = f"/previews/q/ext:jpeg/resize:auto:64:0:0/q:70/plain{info['pathOriginal']}"
    assert live.http.get(url).status_code == 404
