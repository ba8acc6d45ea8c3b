"""annotations.bulk.add with "expectedVersion": a save made over an annotation
someone else changed since it was opened is refused (409) and changes nothing;
without the key (what the SDK sends) saves work as before."""

from __future__ import annotations

import threading

import httpx

from tests.server.http_helpers import ok
from tests.server.test_annotations import info_body, snapshot, upload_body
from tests.server.world import ALICE

BOX = {"exterior": [[10, 20], [110, 220]], "interior": []}


def ann(*classes):
    return {
        "size": {"height": 480, "width": 640},
        "objects": [{"classTitle": c, "geometryType": "rectangle", "points": BOX} for c in classes],
    }


def save(live, dataset_id, *items, token=ALICE):
    """items: (image id, annotation, expected version or None)."""
    body = upload_body(dataset_id, [])
    body["annotations"] = [
        {"imageId": i, "annotation": a, **({"expectedVersion": v} if v is not None else {})} for i, a, v in items
    ]
    return live.call("annotations.bulk.add", body, token)


def version(live, image_id):
    return ok(live.call("annotations.info", info_body(image_id), ALICE))["version"]


def classes(live, image_id):
    objects = ok(live.call("annotations.info", info_body(image_id), ALICE))["annotation"]["objects"]
    return sorted(o["classTitle"] for o in objects)


def test_save_over_the_current_version(live, world):
    image, d1 = world.images["d1"][0], world["d1"]
    opened = version(live, image)
    result = ok(save(live, d1, (image, ann("person"), opened)))
    assert result["annotations"][0]["version"] == opened + 1
    assert version(live, image) == opened + 1 and classes(live, image) == ["person"]
    # the client keeps editing from the version it got back
    ok(save(live, d1, (image, ann("car", "car"), opened + 1)))
    assert version(live, image) == opened + 2 and classes(live, image) == ["car", "car"]


def test_stale_save_is_refused_and_changes_nothing(live, world):
    d1_images, d1 = world.images["d1"], world["d1"]
    image, other = d1_images[1], d1_images[2]
    opened = version(live, image)
    ok(save(live, d1, (image, ann("car"), None)))  # someone else saves meanwhile
    before = snapshot(live)
    r = save(live, d1, (image, ann("person", "person"), opened))
    assert r.status_code == 409, r.text
    assert r.json() == {
        "error": "Conflict",
        "details": {
            "message": f"the annotation of image {image} changed on the server since it was opened "
            f"(version {opened}, now {opened + 1})",
            "type": "CONFLICT",
            "imageIds": [image],
        },
    }
    assert snapshot(live) == before
    # one stale image refuses the whole batch, fresh ones included
    r = save(live, d1, (other, ann("person"), version(live, other)), (image, ann("person"), opened))
    assert r.status_code == 409 and r.json()["details"]["imageIds"] == [image], r.text
    assert snapshot(live) == before
    # several stale images are all named
    r = save(live, d1, (other, ann("person"), 7), (image, ann("person"), opened))
    assert r.status_code == 409 and r.json()["details"]["imageIds"] == sorted([image, other]), r.text
    assert "images" in r.json()["details"]["message"]
    assert snapshot(live) == before
    r = save(live, d1, (image, ann("person"), str(opened + 1)))
    assert r.status_code == 400, r.text
    assert snapshot(live) == before


def test_sdk_style_save_without_the_key_still_works(live, world):
    image, d1 = world.images["d1"][3], world["d1"]
    opened = version(live, image)
    for round_ in range(1, 3):
        body = upload_body(d1, [(image, ann("car"))])
        assert "expectedVersion" not in str(body)
        ok(live.call("annotations.bulk.add", body, ALICE))
        assert version(live, image) == opened + round_


def test_two_saves_over_the_same_version_one_wins(live, world):
    """Both clients opened the same version and save at the same moment, round
    after round: exactly one is stored, the other gets 409."""
    image, d1, rounds = world.images["d1"][4], world["d1"], 6
    start = threading.Barrier(2)
    results: dict[str, list[int]] = {"car": [], "person": []}
    opened = [version(live, image)]

    def client(cls):
        with httpx.Client(base_url=live.url, timeout=60) as http:
            for r in range(rounds):
                start.wait()
                body = upload_body(d1, [])
                body["annotations"] = [{"imageId": image, "annotation": ann(cls), "expectedVersion": opened[0] + r}]
                resp = http.post("/public/api/v3/annotations.bulk.add", json=body, headers={"x-api-key": ALICE})
                results[cls].append(resp.status_code)
                start.wait()

    threads = [threading.Thread(target=client, args=(cls,)) for cls in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in range(rounds):
        assert sorted([results["car"][r], results["person"][r]]) == [200, 409], results
    assert version(live, image) == opened[0] + rounds
    last_winner = "car" if results["car"][-1] == 200 else "person"
    assert classes(live, image) == [last_winner]
