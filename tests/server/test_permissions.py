"""Team roles on every v3 write method (permissions.py), as Supervisely has them:
viewers look, annotators and reviewers work their queues and annotate those
queues' items, developers and up manage. Every write method of the app's
OpenAPI must be in the matrix, so a new one cannot be forgotten; a refused
call changes no row and no stored file."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute

from desktop_app.server.routes import v3_routers
from desktop_app.server.routes.deps import writing_context
from tests.server.http_helpers import ok
from tests.server.pcd_world import CUBOID
from tests.server.role_world import (
    ANNOTATOR_IN,
    ANNOTATOR_OUT,
    DEVELOPER,
    VIEWER,
    RoleWorld,
    build_role_world,
    snapshot,
)
from tests.server.test_routes import v3_methods
from tests.server.upload_helpers import picture, sdk_hash, upload
from tests.server.video_world import clip
from tests.server.world import ALICE, BOB

CALLERS = {
    "no_token": None,
    "bad_token": "not-a-token",
    "other_team": BOB,
    "viewer": VIEWER,
    "annotator_out": ANNOTATOR_OUT,
    "annotator_in": ANNOTATOR_IN,
    "developer": DEVELOPER,
}
DENIED = {"no_token": 401, "bad_token": 401, "other_team": 404, "viewer": 403, "annotator_out": 403}
EXPECTED = {
    "manage": {**DENIED, "annotator_in": 403, "developer": 200},
    "annotate": {**DENIED, "annotator_in": 200, "developer": 200},
    # developers are not members of the queues: queue work is for the members named in it
    "queue_work": {**DENIED, "annotator_in": 200, "developer": 403},
    # uploaded bytes belong to no team yet: a manager of any team may upload
    "upload": {**DENIED, "other_team": 200, "annotator_in": 403, "developer": 200},
}
# Methods with no database write of their own that still change things (bytes).
UPLOADS = {"images.bulk.upload", "videos.bulk.upload", "point-clouds.bulk.upload"}
# images.bulk.remove skips ids the caller cannot see (wire contract): 200, nothing deleted.
SKIPPED_UNSEEN = {("images.bulk.remove", "other_team"): 200}

Body = Callable[[Any, RoleWorld, int, bool], Any]


def _work(live, name: str, queue_id: int, entity_id: int | None = None) -> int | None:
    body = {"id": queue_id, **({"entityId": entity_id} if entity_id is not None else {})}
    entity = ok(live.call(f"labeling-queues.entities.{name}", body, ANNOTATOR_IN))["entity"]
    return entity["id"] if entity else None


def _on_review(live, rw: RoleWorld, succeeds: bool) -> dict[str, int]:
    """An item anna submitted (when her call must succeed), else any queue item."""
    queue = rw["image_queue"]
    if not succeeds:
        return {"id": queue, "entityId": rw.images["d1"][0]}
    entity = _work(live, "take-next", queue)
    assert entity is not None
    _work(live, "submit", queue, entity)
    return {"id": queue, "entityId": entity}


def _annotating(live, rw: RoleWorld, succeeds: bool) -> dict[str, int]:
    queue = rw["image_queue"]
    entity = _work(live, "take-next", queue) if succeeds else rw.images["d1"][0]
    return {"id": queue, "entityId": entity}


def _fresh_collection(live, rw: RoleWorld, n: int) -> int:
    return ok(live.call("entities-collections.add", {"projectId": rw["p1"], "name": f"gone-{n}"}, ALICE))["id"]


def _fresh_smart(live, rw: RoleWorld, n: int, frozen: bool = False) -> int:
    """A smart collection (frozen: made static, remembering its filter; docs/smart-collections-api.md)."""
    body = {"projectId": rw["p1"], "name": f"smart-{n}", "type": "smart", "options": {"filters": []}}
    made = ok(live.call("entities-collections.add", body, ALICE))["id"]
    if frozen:
        ok(live.call("entities-collections.freeze", {"id": made}, ALICE))
    return made


def _fresh_queue(live, rw: RoleWorld, n: int) -> int:
    body = {"name": f"gone-q-{n}", "userIds": [rw["anna"]], "reviewerIds": [rw["anna"]], "datasetId": rw["d2"]}
    return ok(live.call("labeling-queues.add", body, ALICE))["id"]


IMAGE_ANNOTATION = {"description": "", "size": {"height": 480, "width": 640}, "tags": [], "objects": []}

# method -> (kind, body(live, world, unique number, whether the call must succeed))
MATRIX: dict[str, tuple[str, Body]] = {
    "projects.add": ("manage", lambda lv, w, n, ok_: {"workspaceId": w["ws_a"], "name": f"made-{n}"}),
    "projects.meta.update": (
        "manage",
        lambda lv, w, n, ok_: {"id": w["p1"], "meta": ok(lv.call("projects.meta", {"id": w["p1"]}, ALICE))},
    ),
    "projects.settings.update": ("manage", lambda lv, w, n, ok_: {"id": w["p1"], "settings": {}}),
    "evaluation.settings.update": ("manage", lambda lv, w, n, ok_: {"projectId": w["p1"], "iouThreshold": 0.6}),
    "datasets.add": ("manage", lambda lv, w, n, ok_: {"projectId": w["p1"], "name": f"ds-{n}"}),
    "entities-collections.add": ("manage", lambda lv, w, n, ok_: {"projectId": w["p1"], "name": f"c-{n}"}),
    "entities-collections.editInfo": ("manage", lambda lv, w, n, ok_: {"id": w["source"], "description": f"{n}"}),
    "entities-collections.remove": ("manage", lambda lv, w, n, ok_: {"id": _fresh_collection(lv, w, n)}),
    "entities-collections.items.bulk.add": (
        "manage",
        lambda lv, w, n, ok_: {"collectionId": w["source"], "entityIds": w.images["p2d"]},
    ),
    "entities-collections.items.bulk.remove": (
        "manage",
        lambda lv, w, n, ok_: {"collectionId": w["source"], "entityIds": [w.images["d2"][4]]},
    ),
    "entities-collections.combine": (
        "manage",
        lambda lv, w, n, ok_: {
            "projectId": w["p1"],
            "operation": "union",
            "collectionIds": [w["source"], _fresh_collection(lv, w, n)],
            "into": {"name": f"combined-{n}"},
        },
    ),
    "entities-collections.freeze": ("manage", lambda lv, w, n, ok_: {"id": _fresh_smart(lv, w, n)}),
    "entities-collections.unfreeze": ("manage", lambda lv, w, n, ok_: {"id": _fresh_smart(lv, w, n, frozen=True)}),
    "entities-collections.reconcile": ("manage", lambda lv, w, n, ok_: {"id": _fresh_smart(lv, w, n, frozen=True)}),
    "labeling-queues.add": (
        "manage",
        lambda lv, w, n, ok_: {
            "name": f"q-{n}",
            "userIds": [w["anna"]],
            "reviewerIds": [w["anna"]],
            "meta": {"classes": [], "projectTags": [], "imageTags": []},
            "datasetId": w["d2"],
        },
    ),
    "labeling-queues.editInfo": ("manage", lambda lv, w, n, ok_: {"id": w["video_queue"], "description": f"{n}"}),
    "labeling-queues.remove": ("manage", lambda lv, w, n, ok_: {"id": _fresh_queue(lv, w, n)}),
    "labeling-queues.set-status": ("manage", lambda lv, w, n, ok_: {"id": w["video_queue"], "status": "pending"}),
    "images.bulk.add": (
        "manage",
        lambda lv, w, n, ok_: {"datasetId": w["d2"], "images": [{"title": f"new-{n}.png", "hash": w.hashes["image"]}]},
    ),
    "images.editInfo": ("manage", lambda lv, w, n, ok_: {"id": w.images["d2"][3], "description": f"{n}"}),
    "images.bulk.remove": ("manage", lambda lv, w, n, ok_: {"imageIds": [w.images["p2d"][0]]}),
    "videos.bulk.add": (
        "manage",
        lambda lv, w, n, ok_: {"datasetId": w["v_vd2"], "videos": [{"title": f"v-{n}.mp4", "hash": w.hashes["video"]}]},
    ),
    "point-clouds.bulk.add": (
        "manage",
        lambda lv, w, n, ok_: {
            "datasetId": w["pc_d2"],
            "pointClouds": [{"name": f"p-{n}.pcd", "hash": w.hashes["cloud"]}],
        },
    ),
    "annotations.bulk.add": (
        "annotate",
        lambda lv, w, n, ok_: {
            "datasetId": w["d1"],
            "annotations": [{"imageId": w.images["d1"][3], "annotation": IMAGE_ANNOTATION}],
        },
    ),
    "videos.annotations.save": (
        "annotate",
        lambda lv, w, n, ok_: {"videoId": w.images["vd1"][0], "annotation": {"tags": [], "objects": [], "frames": []}},
    ),
    "videos.tags.bulk.add": (
        "annotate",
        lambda lv, w, n, ok_: {"videoId": w.images["vd1"][1], "tags": [{"tagId": w["v_busy"], "name": "busy"}]},
    ),
    "point-clouds.annotations.save": (
        "annotate",
        lambda lv, w, n, ok_: {"pointCloudId": w.images["scans1"][2], "annotation": {}},
    ),
    "point-clouds.tags.bulk.add": (
        "annotate",
        lambda lv, w, n, ok_: {"entityId": w.images["scans1"][1], "tags": [{"name": "night", "tagId": w["pc_night"]}]},
    ),
    "annotation-objects.bulk.add": (
        "annotate",
        lambda lv, w, n, ok_: {
            "datasetId": w["pc_d1"],
            "annotationObjects": [{"classId": w["pc_car"], "entityId": w.images["scans1"][1]}],
        },
    ),
    "annotation-objects.tags.bulk.add": (
        "annotate",
        lambda lv, w, n, ok_: {
            "projectId": w["pc_project"],
            "tags": [{"name": "confidence", "value": 0.5, "tagId": w["pc_confidence"], "objectId": w["pc_car_object"]}],
        },
    ),
    "figures.bulk.add": (
        "annotate",
        lambda lv, w, n, ok_: {
            "entityId": w.images["scans1"][0],
            "figures": [{"objectId": w["pc_car_object"], "geometryType": "cuboid_3d", "geometry": CUBOID}],
        },
    ),
    "labeling-queues.entities.take-next": ("queue_work", lambda lv, w, n, ok_: {"id": w["image_queue"]}),
    "labeling-queues.entities.submit": ("queue_work", lambda lv, w, n, ok_: _annotating(lv, w, ok_)),
    "labeling-queues.entities.review-next": ("queue_work", lambda lv, w, n, ok_: {"id": w["image_queue"]}),
    "labeling-queues.entities.accept": ("queue_work", lambda lv, w, n, ok_: _on_review(lv, w, ok_)),
    "labeling-queues.entities.reject": ("queue_work", lambda lv, w, n, ok_: _on_review(lv, w, ok_)),
    "images.bulk.upload": ("upload", lambda lv, w, n, ok_: [picture(8, 8, color=(n % 256, 1, 2))]),
    "videos.bulk.upload": ("upload", lambda lv, w, n, ok_: [clip(64, 48, 3 + n % 5, 10)]),
    "point-clouds.bulk.upload": ("upload", lambda lv, w, n, ok_: [w.pcd_file]),
}


def _write_methods(live) -> set[str]:
    """Methods whose route takes a write transaction, read from the app itself."""

    def writes(dependant) -> bool:
        return dependant.call is writing_context or any(writes(d) for d in dependant.dependencies)

    return {
        r.path.removeprefix("/")
        for router in v3_routers()
        for r in router.routes
        if isinstance(r, APIRoute) and writes(r.dependant)
    }


def test_every_write_method_is_in_the_matrix(live):
    writes = _write_methods(live)
    assert len(writes) > 25
    assert writes | UPLOADS == set(MATRIX)
    assert set(MATRIX) <= v3_methods(live)


def _call(live, method: str, body: Any, token: str | None):
    if method in UPLOADS:
        return upload(live, body, token, method)
    return live.call(method, body, token)


@pytest.fixture
def rw(live) -> RoleWorld:
    from tests.server.pcd_world import pcd_bytes

    rw = build_role_world(live)
    uploaded = picture(12, 10, color=(1, 2, 3))
    ok(upload(live, [uploaded]))
    rw.hashes["image"] = sdk_hash(uploaded)
    rw.pcd_file = pcd_bytes(n=50, seed=99)  # type: ignore[attr-defined]
    return rw


def _run_matrix(live, rw: RoleWorld, callers: dict[str, str | None], snapshot_each_call: bool) -> list[tuple]:
    """Call every method as every caller, the refused ones first; a refusal must
    leave every row and stored file as it was (checked after each call, or once
    after all refusals of a method). Returns what went wrong."""
    numbers = itertools.count()
    wrong: list[tuple] = []
    for method, (kind, body_of) in MATRIX.items():
        wanted = {c: SKIPPED_UNSEEN.get((method, c), EXPECTED[kind][c]) for c in callers}
        unchanged = {c for c, want in wanted.items() if want != 200 or (method, c) in SKIPPED_UNSEEN}
        refusals = [c for c in callers if c in unchanged]
        # bodies first: making one may write (a collection to delete), a refusal may not
        bodies = {c: body_of(live, rw, next(numbers), False) for c in refusals}
        before = snapshot(live)
        for caller in refusals:
            r = _call(live, method, bodies[caller], callers[caller])
            answered = r.status_code == wanted[caller] and (r.status_code < 400 or r.json()["details"]["message"])
            if not answered:
                wrong.append((method, caller, wanted[caller], r.status_code, r.text[:300]))
            if (snapshot_each_call or caller == refusals[-1]) and snapshot(live) != before:
                wrong.append((method, caller, "a refusal changed the database or the stored files"))
        for caller in (c for c in callers if c not in unchanged):
            r = _call(live, method, body_of(live, rw, next(numbers), True), callers[caller])
            if r.status_code != 200:
                wrong.append((method, caller, 200, r.status_code, r.text[:300]))
    return wrong


def test_every_write_method_answers_each_team_role_as_supervisely_does(live, rw):
    """The roles of team A; no token, a bad one and other teams are in the
    reliability version (and test_routes.py checks no token for every method)."""
    roles = {c: CALLERS[c] for c in ("viewer", "annotator_out", "annotator_in", "developer")}
    wrong = _run_matrix(live, rw, roles, snapshot_each_call=False)
    assert not wrong, "\n".join(map(str, wrong))


@pytest.mark.reliability
def test_every_write_method_answers_every_caller_and_each_refusal_changes_nothing(live, rw):
    wrong = _run_matrix(live, rw, CALLERS, snapshot_each_call=True)
    assert not wrong, "\n".join(map(str, wrong))


def test_a_refusal_names_the_role_and_what_was_refused(live, rw):
    r = live.call("entities-collections.add", {"projectId": rw["p1"], "name": "x"}, VIEWER)
    assert r.status_code == 403
    assert r.json()["details"]["message"] == (
        f"your role in team 'team-a' is viewer: it does not allow creating collections in project {rw['p1']}"
    )
    item = rw.images["d2"][0]  # in the image queue, but olga works no queue
    body = {"datasetId": rw["d2"], "annotations": [{"imageId": item, "annotation": IMAGE_ANNOTATION}]}
    message = live.call("annotations.bulk.add", body, ANNOTATOR_OUT).json()["details"]["message"]
    assert "is annotator" in message and f"item {item} is not in a labeling queue of yours" in message
    # anna annotates her queue's items, not the rest of the project (p2d is in no queue)
    outside = {
        "datasetId": rw["p2d"],
        "annotations": [{"imageId": rw.images["p2d"][0], "annotation": IMAGE_ANNOTATION}],
    }
    assert live.call("annotations.bulk.add", outside, ANNOTATOR_IN).status_code == 403
    assert "viewer" in live.call("labeling-queues.entities.take-next", {"id": rw["image_queue"]}, VIEWER).text
