"""The official supervisely SDK, unchanged, against the bundled server over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.server.db.models import CollectionItem
from tests.server.world import ALICE, build_world

pytestmark = pytest.mark.sdk
SCRIPTS = Path(__file__).parent / "scripts"


def run_script(sdk_python: Path, name: str, server_url: str, token: str, **env: object) -> dict:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "SERVER_ADDRESS": server_url,
        "API_TOKEN": token,
        "SUPERVISELY_SKIP_HTTPS_USER_HELPER_CHECK": "1",
        # a 5xx would make the SDK retry for minutes; fail fast instead
        "SUPERVISELY_PUBLIC_API_RETRIES": "1",
        **{k: str(v) for k, v in env.items()},
    }
    proc = subprocess.run(
        [str(sdk_python), str(SCRIPTS / name)], env=environment, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"{name} failed:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def work(live, step: str, body: dict) -> dict:
    r = live.call(f"labeling-queues.entities.{step}", body, ALICE)
    assert r.status_code == 200, r.text
    return r.json()["entity"]


def test_docs_collection_scripts(live, sdk_python):
    world = build_world(live.sessions())
    first = run_script(sdk_python, "collections_script.py", live.url, ALICE, PROJECT_ID=world["p1"])
    assert first["project_type"] == "images"
    assert first["labelers"] == [world["alice"]]

    # alice labels and reviews this queue (her own annotations may be reviewed):
    # she works two items through the bundled server's queue methods over HTTP.
    qid, accepted = first["queue_id"], []
    for _ in range(2):
        taken = work(live, "take-next", {"id": qid})
        assert taken["status"] == "annotating" and taken["labelerId"] == world["alice"]
        work(live, "submit", {"id": qid, "entityId": taken["id"]})
        assert work(live, "review-next", {"id": qid})["id"] == taken["id"]
        assert work(live, "accept", {"id": qid, "entityId": taken["id"]})["status"] == "accepted"
        accepted.append(taken["id"])
    assert accepted == first["items"][:2]  # lowest ids first

    second = run_script(
        sdk_python,
        "accepted_script.py",
        live.url,
        ALICE,
        PROJECT_ID=world["p1"],
        QUEUE_ID=first["queue_id"],
        COLLECTION_ID=first["collection_id"],
    )
    assert second["accepted"] == sorted(accepted)
    assert second["moved"] == sorted(accepted)
    assert second["left"] == sorted(set(first["items"]) - set(accepted))
    with live.sessions()() as s:
        stored = set(
            s.scalars(select(CollectionItem.image_id).where(CollectionItem.collection_id == second["target_id"]))
        )
    assert stored == set(accepted)


def test_every_method_through_the_sdk(live, sdk_python):
    world = build_world(live.sessions())
    result = run_script(sdk_python, "every_method_script.py", live.url, ALICE, PROJECT_ID=world["p1"])
    assert result["images"] == len(world.images["d1"]) + len(world.images["d2"])


def test_remove_batch_then_info_is_none(live, sdk_python):
    world = build_world(live.sessions())
    d1, d2 = world.images["d1"], world.images["d2"]
    batch = [d1[0], d1[1], d2[0]]
    out = run_script(
        sdk_python,
        "remove_script.py",
        live.url,
        ALICE,
        BATCH_IDS=",".join(map(str, batch)),
        SINGLE_ID=d1[2],
        VIDEO_ID=d2[1],
        KEPT_ID=d1[3],
    )
    assert out == {"gone": {str(i): True for i in [*batch, d1[2], d2[1]]}, "kept": d1[3]}


def test_dataset_create_nested_and_renamed(live, sdk_python):
    world = build_world(live.sessions())
    out = run_script(sdk_python, "dataset_create_script.py", live.url, ALICE, PROJECT_ID=world["p1"])
    assert out["top"] == ["from the sdk", "made by a script", world["p1"], None]
    assert out["nested_parent"] and out["found_same"]
    assert out["renamed"] not in ("from the sdk", "") and out["renamed"].startswith("from the sdk")
    assert out["listed"] == sorted(["d1", "d2", "from the sdk", out["renamed"]])


def test_ingest_projects_meta_and_image_uploads(live, sdk_python):
    world = build_world(live.sessions())
    out = run_script(sdk_python, "ingest_script.py", live.url, ALICE, WORKSPACE_ID=world["ws_a"])

    assert out["conflict"] == [400, "NONUNIQUE"]
    assert out["projects"][0] == ["ingested", "images"]
    assert out["projects"][1][0].startswith("ingested") and out["projects"][1][0] != "ingested"
    assert out["projects"][2:] == [["clips", "videos"], ["scans", "point_clouds"]]
    assert out["meta"]["classes"] == [["car", "rectangle", [255, 0, 0]], ["road", "polygon", [0, 255, 0]]]
    assert out["meta"]["tags"] == [
        ["weather", "oneof_string", ["sun", "rain"], "all"],
        ["score", "any_number", None, "objectsOnly"],
    ]
    assert out["meta"]["answer_same"]
    assert out["cloud_classes"] == [["box", "cuboid_3d"]]

    names = ["by-hash.png", "copy.png", "h2.png", "np.png", "one.png", "three.jpg", "two.png"]
    assert out["listed"] == names
    assert out["sizes"]["one.png"] == [40, 30] and out["sizes"]["np.png"] == [18, 12]
    assert out["pixels_equal"] == dict.fromkeys(names, True)
    assert out["one"] == [{"camera": 2}, "one.png", True, 1]
    assert out["copy_id"] == ["copy.png", True]
    assert out["known_hashes"] == sorted(out["hashes"])
    assert out["annotation"] == [["car", 3, 12], ["weather", "sun"]]  # Rectangle(top, left, bottom, right)
    assert out["renamed"] == "renamed.png"
    assert out["name_taken"] == [400, "NONUNIQUE"]
    assert out["resolved_name"].startswith("one_") and out["resolved_name"].endswith(".png")
    assert out["after_remove"] == sorted(
        ["h2.png", "np.png", "one.png", "three.jpg", "renamed.png", out["resolved_name"]]
    )


def test_the_sdks_storage_and_preview_urls_open_without_a_token(live, sdk_python):
    world = build_world(live.sessions())
    image_id = world.images["d1"][0]
    out = run_script(sdk_python, "storage_urls_script.py", live.url, ALICE, IMAGE_ID=image_id)
    assert all("/storage/s/" in url for url in out["urls"].values()), out["urls"]
    assert out["status"] == {"original": 200, "info_preview": 200, "resized": 200, "api_preview": 200}
    assert set(out["types"].values()) == {"image/jpeg"}
    # the same URL stripped of its signature is refused
    unsigned = out["urls"]["resized"].split("/storage/s/")[0] + f"/storage/images/{image_id}.jpg"
    assert live.http.get(unsigned).status_code == 403
