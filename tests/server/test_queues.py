"""labeling-queues.add/.info/.list/.set-status over HTTP on both backends,
starting from the request bodies the real SDK sends."""

from __future__ import annotations

import copy

from sqlalchemy import func, select

from desktop_app.server.db.models import LabelingJob, LabelingQueue, QueueMember
from tests.server.world import ADMIN, ALICE, BOB

QUEUE_INFO_KEYS = {
    "id",
    "name",
    "teamId",
    "projectId",
    "datasetId",
    "collectionId",
    "createdBy",
    "createdAt",
    "finishedAt",
    "status",
    "meta",
    "description",
    "readme",
    "labelers",
    "reviewers",
    "jobs",
    "entitiesCount",
    "acceptedCount",
    "annotatedCount",
    "inProgressCount",
    "pendingCount",
}


def collection_with(live, world, image_ids, name="src"):
    r = live.call("entities-collections.add", {"projectId": world["p1"], "name": name, "type": "default"}, ALICE)
    cid = r.json()["id"]
    if image_ids:
        assert (
            live.call(
                "entities-collections.items.bulk.add", {"collectionId": cid, "entityIds": image_ids}, ALICE
            ).json()["missing"]
            == []
        )
    return cid


def minimal_body(world, collection_id, name="q1"):
    """The captured minimal body (collection source), with this world's ids."""
    return {
        "name": name,
        "userIds": [world["alice"]],
        "reviewerIds": [world["alice"]],
        "meta": {
            "classes": [],
            "projectTags": [],
            "imageTags": [],
            "imageFiguresLimit": 0,
            "imageTagsLimit": 0,
            "dynamicClasses": True,
            "dynamicTags": True,
            "hideFigureAuthor": False,
        },
        "collectionId": collection_id,
        "queueMeta": {"reviewOwnAnnotationsAvailable": True, "skipCompleteAnnotationJobOnEmpty": True},
    }


def all_options_body(world, name="q2"):
    """The captured all-options body (dataset source), with this world's names and ids."""
    d1 = world.images["d1"]
    return {
        "name": name,
        "userIds": [world["alice"]],
        "reviewerIds": [world["admin"]],
        "meta": {
            "classes": ["car"],
            "projectTags": ["reviewed"],
            "imageTags": [{"name": "reviewed", "positive": False}],
            "imageFiguresLimit": 5,
            "imageTagsLimit": 3,
            "dynamicClasses": False,
            "dynamicTags": False,
            "hideFigureAuthor": True,
            "entityIds": [d1[0], d1[1], d1[2]],
            "guide": 4,
            "disableConfirm": True,
            "disableSubmit": False,
            "enableIntermediateReview": True,
            "range": {"start": 1, "end": 5},
        },
        "datasetId": world["d1"],
        "qualityCheckUserIds": [world["admin"]],
        "readme": "r",
        "description": "d",
        "reviewerId": world["admin"],
    }


def add(live, body, token=ALICE):
    return live.call("labeling-queues.add", body, token)


def info(live, qid, token=ALICE):
    r = live.call("labeling-queues.info", {"id": qid}, token)
    assert r.status_code == 200, r.text
    return r.json()


def table_sizes(live):
    with live.sessions()() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (LabelingQueue, QueueMember, LabelingJob))


def test_add_with_the_minimal_captured_body(live, world):
    d1 = world.images["d1"]
    cid = collection_with(live, world, d1[:3])
    r = add(live, minimal_body(world, cid))
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"id"} and isinstance(r.json()["id"], int)
    q = info(live, r.json()["id"])
    assert QUEUE_INFO_KEYS <= set(q)
    assert (q["name"], q["teamId"], q["projectId"], q["collectionId"], q["datasetId"]) == (
        "q1",
        world["team_a"],
        world["p1"],
        cid,
        None,
    )
    assert q["createdBy"] == world["alice"] and q["status"] == "pending" and q["finishedAt"] is None
    assert q["labelers"] == [{"id": world["alice"], "login": "alice"}]
    assert q["reviewers"] == [{"id": world["alice"], "login": "alice"}]
    assert [(j["userId"], j["status"]) for j in q["jobs"]] == [(world["alice"], "pending")]
    assert q["meta"] == minimal_body(world, cid)["meta"]
    assert q["queueMeta"] == minimal_body(world, cid)["queueMeta"]
    assert (q["entitiesCount"], q["pendingCount"], q["inProgressCount"], q["annotatedCount"], q["acceptedCount"]) == (
        3,
        3,
        0,
        0,
        0,
    )


def test_add_with_the_all_options_captured_body(live, world):
    body = all_options_body(world)
    r = add(live, body)
    assert r.status_code == 200, r.text
    q = info(live, r.json()["id"])
    assert q["meta"] == body["meta"]  # stored exactly as sent
    assert (q["datasetId"], q["collectionId"], q["readme"], q["description"]) == (world["d1"], None, "r", "d")
    assert q["labelers"] == [{"id": world["alice"], "login": "alice"}]
    assert q["reviewers"] == [{"id": world["admin"], "login": "admin"}]
    assert q["qualityCheckUsers"] == [{"id": world["admin"], "login": "admin"}]
    # entityIds d1[0..2] minus d1[1], which carries the excluded tag 'reviewed'
    d1 = world.images["d1"]
    assert q["entitiesCount"] == q["pendingCount"] == 2
    stats = live.call("labeling-queues.stats.entities", {"id": q["id"], "sort": "id"}, ALICE).json()
    assert [i["id"] for i in stats["images"]] == [d1[0], d1[2]]


def test_one_job_per_labeler(live, world):
    cid = collection_with(live, world, [])
    body = {**minimal_body(world, cid), "userIds": [world["alice"], world["admin"], world["alice"]]}
    q = info(live, add(live, body).json()["id"])
    assert sorted(j["userId"] for j in q["jobs"]) == sorted([world["alice"], world["admin"]])
    assert len({j["id"] for j in q["jobs"]}) == 2
    assert [u["login"] for u in q["labelers"]] == sorted(["alice", "admin"], key=lambda login: world[login])


def test_queue_names_are_unique_within_the_team(live, world):
    cid = collection_with(live, world, [])
    assert add(live, minimal_body(world, cid)).status_code == 200
    sizes = table_sizes(live)
    r = add(live, minimal_body(world, cid))
    assert r.status_code == 400 and r.json()["details"]["type"] == "NONUNIQUE"
    r = add(live, {**all_options_body(world), "name": " q1 "})  # other source, same team, same stripped name
    assert r.status_code == 400 and r.json()["details"]["type"] == "NONUNIQUE"
    assert table_sizes(live) == sizes
    # bob's team has its own names
    bob_coll = live.call("entities-collections.add", {"projectId": world["pb"], "name": "b"}, BOB).json()["id"]
    bob_body = {**minimal_body(world, bob_coll), "userIds": [world["bob"]], "reviewerIds": [world["bob"]]}
    assert add(live, bob_body, BOB).status_code == 200


def test_bad_requests_change_nothing(live, world):
    cid = collection_with(live, world, world.images["d1"][:2])
    good = minimal_body(world, cid)
    cases = {
        "no name": {k: v for k, v in good.items() if k != "name"},
        "empty name": {**good, "name": "  "},
        "long name": {**good, "name": "n" * 256},
        "name type": {**good, "name": 1},
        "no labelers": {**good, "userIds": []},
        "no reviewers": {**good, "reviewerIds": []},
        "labeler from another team": {**good, "userIds": [world["alice"], world["bob"]]},
        "unknown reviewer": {**good, "reviewerIds": [999_999]},
        "huge user id": {**good, "userIds": [2**40]},
        "qc from another team": {**good, "qualityCheckUserIds": [world["bob"]]},
        "ids as strings": {**good, "userIds": [str(world["alice"])]},
        "two sources": {**good, "datasetId": world["d1"]},
        "no source": {k: v for k, v in good.items() if k != "collectionId"},
        "null source": {**good, "collectionId": None},
        "unknown class": {**good, "meta": {**good["meta"], "classes": ["car", "plane"]}},
        "unknown tag": {**good, "meta": {**good["meta"], "projectTags": ["nope"]}},
        "unknown image tag": {**good, "meta": {**good["meta"], "imageTags": [{"name": "x", "positive": True}]}},
        "class of another project": {**good, "meta": {**good["meta"], "classes": [5]}},
        "negative limit": {**good, "meta": {**good["meta"], "imageFiguresLimit": -1}},
        "meta not an object": {**good, "meta": [1]},
        "entityIds on a collection": {**good, "meta": {**good["meta"], "entityIds": [world.images["d1"][0]]}},
        "long description": {**good, "description": "d" * 10_001},
        "too many classes": {**good, "meta": {**good["meta"], "classes": ["car"] * 10_001}},
    }
    all_opts = all_options_body(world)
    cases.update(
        {
            "entityIds outside the dataset": {
                **all_opts,
                "meta": {**all_opts["meta"], "entityIds": [world.images["d2"][0]]},
            },
            "backwards range": {**all_opts, "meta": {**all_opts["meta"], "range": {"start": 4, "end": 2}}},
            "zero range": {**all_opts, "meta": {**all_opts["meta"], "range": {"start": 0, "end": 2}}},
        }
    )
    sizes = table_sizes(live)
    for what, body in cases.items():
        r = add(live, body)
        assert r.status_code == 400, (what, r.text)
        assert r.json()["details"]["message"], what
    assert table_sizes(live) == sizes


def test_bad_ids_are_named_in_the_error(live, world):
    cid = collection_with(live, world, [])
    r = add(live, {**minimal_body(world, cid), "userIds": [world["alice"], world["bob"], 999_999]})
    assert r.status_code == 400
    assert r.json()["details"]["ids"] == sorted([world["bob"], 999_999])
    assert str(world["bob"]) in r.json()["details"]["message"]
    r = add(
        live,
        {**minimal_body(world, cid), "meta": {**minimal_body(world, cid)["meta"], "classes": ["car", "plane", "boat"]}},
    )
    assert r.json()["details"]["names"] == ["plane", "boat"]


def test_invisible_or_unknown_source_is_404(live, world):
    bob_coll = live.call("entities-collections.add", {"projectId": world["pb"], "name": "b"}, BOB).json()["id"]
    cid = collection_with(live, world, [])
    sizes = table_sizes(live)
    assert add(live, minimal_body(world, bob_coll)).status_code == 404
    assert add(live, minimal_body(world, 999_999)).status_code == 404
    body = {k: v for k, v in minimal_body(world, cid).items() if k != "collectionId"}
    assert add(live, {**body, "datasetId": world["pbd"]}).status_code == 404
    assert add(live, {**body, "datasetId": 2**40}).status_code == 404
    # bob cannot build a queue from alice's collection either
    assert (
        add(
            live, {**minimal_body(world, cid), "userIds": [world["bob"]], "reviewerIds": [world["bob"]]}, BOB
        ).status_code
        == 404
    )
    assert table_sizes(live) == sizes


def test_info_is_404_for_strangers_and_unknown_ids(live, world):
    cid = collection_with(live, world, [])
    qid = add(live, minimal_body(world, cid)).json()["id"]
    assert info(live, qid, ADMIN)["id"] == qid
    for token, id_ in ((BOB, qid), (ALICE, 999_999), (ALICE, 2**40), (ALICE, 0)):
        assert live.call("labeling-queues.info", {"id": id_}, token).status_code == 404


def list_body(team_id, *filters, **extra):
    return {
        "teamId": team_id,
        "showDisabled": False,
        "filter": list(filters),
        "sort": "id",
        "sort_order": "asc",
        **extra,
    }


def test_list_filters_and_pages(live, world):
    c1 = collection_with(live, world, world.images["d1"][:2], "c1")
    c2 = collection_with(live, world, [], "c2")
    q1 = add(live, minimal_body(world, c1, "q1")).json()["id"]
    q2 = add(live, minimal_body(world, c2, "q2")).json()["id"]
    q3 = add(live, all_options_body(world, "q3")).json()["id"]
    bob_coll = live.call("entities-collections.add", {"projectId": world["pb"], "name": "b"}, BOB).json()["id"]
    add(live, {**minimal_body(world, bob_coll, "bq"), "userIds": [world["bob"]], "reviewerIds": [world["bob"]]}, BOB)

    def ids(*filters, token=ALICE, team=world["team_a"], **extra):
        r = live.call("labeling-queues.list", list_body(team, *filters, **extra), token)
        assert r.status_code == 200, r.text
        return [q["id"] for q in r.json()["entities"]]

    def f(field, op, value):
        return {"field": field, "operator": op, "value": value}

    assert ids() == [q1, q2, q3]
    assert ids(f("projectId", "=", world["p1"]), f("collectionId", "=", c1)) == [q1]  # the captured filter
    assert ids(f("datasetId", "=", world["d1"])) == [q3]
    assert ids(f("name", "in", ["q2", "q3", "zz"])) == [q2, q3]
    assert ids(f("id", "in", [q1, q3])) == [q1, q3]
    assert ids(showDisabled=True) == [q1, q2, q3]
    listed = live.call("labeling-queues.list", list_body(world["team_a"], f("id", "=", q1)), ALICE).json()
    assert listed["entities"][0] == info(live, q1)  # list entities are full queue objects
    assert listed["entities"][0]["entitiesCount"] == 2
    pages = [
        live.call("labeling-queues.list", list_body(world["team_a"], page=p, per_page=2), ALICE).json() for p in (1, 2)
    ]
    assert [[q["id"] for q in p["entities"]] for p in pages] == [[q1, q2], [q3]]
    assert all(p["total"] == 3 and p["pagesCount"] == 2 for p in pages)
    # teams are private
    assert live.call("labeling-queues.list", list_body(world["team_a"]), BOB).status_code == 404
    assert ids(team=world["team_b"], token=BOB) != [] and set(ids(team=world["team_b"], token=BOB)) & {q1, q2} == set()


def test_list_refuses_bad_input(live, world):
    for body in (
        {"filter": []},
        list_body("1"),
        list_body(world["team_a"], {"field": "projectId", "operator": "=", "value": "x"}),
        list_body(world["team_a"], {"field": "owner", "operator": "=", "value": 1}),
        list_body(world["team_a"], {"field": "id", "operator": "in", "value": list(range(1, 10_002))}),
        list_body(world["team_a"], sort="owner"),
    ):
        r = live.call("labeling-queues.list", body, ALICE)
        assert r.status_code == 400, (body, r.text)
    assert live.call("labeling-queues.list", list_body(999_999), ALICE).status_code == 404


def test_set_status(live, world):
    cid = collection_with(live, world, [])
    qid = add(live, minimal_body(world, cid)).json()["id"]
    for status in ("in_progress", "on_review", "stopped", "pending"):
        r = live.call("labeling-queues.set-status", {"id": qid, "status": status}, ALICE)
        assert r.status_code == 200, r.text
        q = info(live, qid)
        assert (q["status"], q["finishedAt"]) == (status, None)
    for status in ("completed", "review_completed"):
        live.call("labeling-queues.set-status", {"id": qid, "status": status}, ALICE)
        q = info(live, qid)
        assert q["status"] == status and q["finishedAt"]
    for bad in ("done", "", None, 3, "COMPLETED"):
        r = live.call("labeling-queues.set-status", {"id": qid, "status": bad}, ALICE)
        assert r.status_code == 400, bad
        assert "status" in r.json()["details"]["message"]
    assert info(live, qid)["status"] == "review_completed"
    assert live.call("labeling-queues.set-status", {"id": qid, "status": "stopped"}, BOB).status_code == 404
    assert live.call("labeling-queues.set-status", {"id": 999_999, "status": "stopped"}, ALICE).status_code == 404
    assert info(live, qid)["status"] == "review_completed"


def test_meta_is_stored_as_sent_including_unknown_keys(live, world):
    cid = collection_with(live, world, [])
    body = minimal_body(world, cid)
    body["meta"]["toolboxSettings"] = {"playbackRate": 1}
    body["meta"]["futureOption"] = {"nested": [1, "two", None]}
    body["meta"]["imageTags"] = [{"name": "reviewed", "positive": True, "extra": 1}]
    sent = copy.deepcopy(body)
    q = info(live, add(live, body).json()["id"])
    assert q["meta"] == sent["meta"]


def test_null_means_absent(live, world):
    cid = collection_with(live, world, world.images["d1"][:1])
    body = minimal_body(world, cid)
    body["meta"].update(classes=None, projectTags=None, imageTags=None)
    body.update(datasetId=None, readme=None, description=None, qualityCheckUserIds=None, reviewerId=None)
    r = add(live, body)
    assert r.status_code == 200, r.text
    q = info(live, r.json()["id"])
    assert (q["readme"], q["description"], q["entitiesCount"]) == ("", "", 1)
