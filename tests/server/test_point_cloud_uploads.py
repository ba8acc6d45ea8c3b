"""Adding point clouds as the SDK's api.pointcloud.upload_paths does: ask which
hashes the server has (images.internal.hashes.list), upload the others as
multipart (point-clouds.bulk.upload), then add them by hash (point-clouds.bulk.add)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from tests.server.http_helpers import ok, refused
from tests.server.pcd_world import build_pcd_world, pcd_bytes
from tests.server.world import ALICE, BOB


@pytest.fixture
def pcd(live, world):
    return build_pcd_world(live, world)


def sha(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def upload(live, files: list[bytes], token: str = ALICE):
    """The multipart body the SDK builds: parts "<i>-file", filename "<i>", type image/pcd."""
    parts = {f"{i}-file": (str(i), data, "image/pcd") for i, data in enumerate(files)}
    return live.http.post("/public/api/v3/point-clouds.bulk.upload", files=parts, headers={"x-api-key": token})


def stored_files(live) -> list:
    return sorted(p for p in (live.server.settings.storage_dir / "blobs").rglob("*") if p.is_file())


def test_upload_then_add_by_hash(live, pcd):
    binary, ascii_ = pcd_bytes(900, seed=41), pcd_bytes(600, seed=42, ascii=True)
    hashes = [sha(binary), sha(ascii_)]
    assert ok(live.call("images.internal.hashes.list", hashes, ALICE)) == []
    answer = ok(upload(live, [binary, ascii_]))
    assert [a["hash"] for a in answer] == hashes
    assert ok(live.call("images.internal.hashes.list", [*hashes, "nope"], ALICE)) == hashes
    body = {
        "datasetId": pcd["d2"],
        "pointClouds": [
            {"name": "new_a.pcd", "hash": hashes[0], "meta": {"frame": 1}},
            {"name": "new_b.pcd", "hash": hashes[1], "meta": {}},
        ],
    }
    infos = ok(live.call("point-clouds.bulk.add", body, ALICE))
    assert [i["name"] for i in infos] == ["new_a.pcd", "new_b.pcd"]
    assert [i["pointsCount"] for i in infos] == [1125, 750]
    assert infos[0]["meta"] == {"frame": 1} and infos[0]["hash"] == hashes[0] and infos[0]["size"] == len(binary)
    assert live.http.get(infos[1]["pathOriginal"]).content == ascii_
    listed = ok(live.call("point-clouds.list", {"datasetId": pcd["d2"]}, ALICE))
    assert listed["total"] == 4
    # the same file again: the SDK skips the upload and adds by hash
    again = ok(
        live.call(
            "point-clouds.bulk.add",
            {"datasetId": pcd["d1"], "pointClouds": [{"name": "copy.pcd", "hash": hashes[0]}]},
            ALICE,
        )
    )
    assert again[0]["pathOriginal"] != infos[0]["pathOriginal"] and len(stored_files(live)) == 7


def test_an_unreadable_file_is_refused_by_name_and_nothing_is_stored(live, pcd):
    before = stored_files(live)
    good, bad = pcd_bytes(300, seed=5), b"VERSION 0.7\nFIELDS x y z\nthis is not a point cloud"
    message = refused(upload(live, [good, bad]))
    assert "'1'" in message and "part '1-file'" in message and "not a point cloud" in message
    assert stored_files(live) == before
    assert ok(live.call("images.internal.hashes.list", [sha(good)], ALICE)) == []
    refused(upload(live, [b"\x00\x01garbage"]))
    refused(
        live.http.post(
            "/public/api/v3/point-clouds.bulk.upload",
            content=b"{}",
            headers={"x-api-key": ALICE, "content-type": "application/json"},
        )
    )
    refused(upload(live, [good], token="wrong"), 401)


def test_add_refusals_change_nothing(live, world, pcd):
    data = pcd_bytes(300, seed=6)
    ok(upload(live, [data]))
    item = {"name": "x.pcd", "hash": sha(data)}
    count = ok(live.call("point-clouds.list", {"projectId": pcd["project"]}, ALICE))["total"]
    unknown = refused(
        live.call(
            "point-clouds.bulk.add",
            {"datasetId": pcd["d1"], "pointClouds": [item, {"name": "y.pcd", "hash": sha(b"other")}]},
            ALICE,
        )
    )
    assert "'y.pcd'" in unknown
    clash = live.call(
        "point-clouds.bulk.add", {"datasetId": pcd["d1"], "pointClouds": [{**item, "name": "scan_0.pcd"}]}, ALICE
    )
    assert clash.status_code == 400 and clash.json()["details"]["type"] == "NONUNIQUE"
    refused(live.call("point-clouds.bulk.add", {"datasetId": pcd["d1"], "pointClouds": [item, item]}, ALICE))
    refused(
        live.call(
            "point-clouds.bulk.add",
            {"datasetId": pcd["d1"], "pointClouds": [{"name": "l.pcd", "link": "http://x/l.pcd"}]},
            ALICE,
        )
    )
    assert "not a point-cloud project" in refused(
        live.call("point-clouds.bulk.add", {"datasetId": world["d1"], "pointClouds": [item]}, ALICE)
    )
    refused(live.call("point-clouds.bulk.add", {"datasetId": pcd["d1"], "pointClouds": [item]}, BOB), 404)
    assert ok(live.call("point-clouds.list", {"projectId": pcd["project"]}, ALICE))["total"] == count
