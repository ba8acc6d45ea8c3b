"""Evaluation on the server (docs/evaluation-api.md): per-item counts after an
upload, kept current through the write paths, as an images.list filter, sort
key and field (page and token paging), evaluation.objects.list,
evaluation.summary against the counts, the threshold setting, bad input.
SQLite and PostgreSQL."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from desktop_app.server.db.models import FigureMatch, Image, ObjClass, TagMeta
from desktop_app.server.evaluation import background
from tests.server.http_helpers import ok, refused
from tests.server.test_importer import env, run_import, supervisely_folder  # noqa: F401 (env: fixture)
from tests.server.world import ALICE, BOB

FULL = [0, 0, 100, 100]


def rect(title: str, box, confidence: float | None = None) -> dict:
    left, top, right, bottom = box
    tags = [] if confidence is None else [{"name": "confidence", "value": confidence}]
    return {
        "classTitle": title,
        "description": "",
        "tags": tags,
        "points": {"exterior": [[left, top], [right, bottom]], "interior": []},
        "geometryType": "rectangle",
    }


def annotation(*objects: dict) -> dict:
    return {"description": "", "size": {"height": 480, "width": 640}, "tags": [], "objects": list(objects)}


def upload(live, dataset_id: int, pairs, token: str = ALICE) -> None:
    body = {"datasetId": dataset_id, "annotations": [{"imageId": i, "annotation": a} for i, a in pairs]}
    ok(live.call("annotations.bulk.add", body, token))


@pytest.fixture
def ev(live, world):
    """P1 with predictions on d2 (d1[0]: a car, d1[1]: a car and a person, from the world):
    d2[0] one tp, one fp; d2[1] two missed; d2[2] a tp at IoU 0.6 and a dog_pred (no "dog"
    class: fp); d2[3] three fps; d2[4] nothing."""
    with live.sessions()() as s, s.begin():
        for title in ("car_pred", "dog_pred"):
            s.add(ObjClass(project_id=world["p1"], title=title, shape="rectangle"))
        s.add(
            TagMeta(project_id=world["p1"], name="confidence", value_type="any_number", applicable_type="objectsOnly")
        )
    d2 = world.images["d2"]
    upload(
        live,
        world["d2"],
        [
            (
                d2[0],
                annotation(rect("car", FULL), rect("car_pred", FULL, 0.9), rect("car_pred", [200, 200, 300, 300], 0.3)),
            ),
            (d2[1], annotation(rect("car", FULL), rect("person", [200, 200, 260, 260]))),
            (
                d2[2],
                annotation(
                    rect("car", [0, 0, 60, 100]), rect("car_pred", FULL, 0.6), rect("dog_pred", [10, 10, 50, 50], 0.8)
                ),
            ),
            (
                d2[3],
                annotation(
                    rect("car_pred", [0, 0, 50, 50], 0.95),
                    rect("car_pred", [300, 300, 350, 350], 0.55),
                    rect("car_pred", [400, 400, 420, 420], 0.15),
                ),
            ),
        ],
    )
    return world


def listing(live, world, **body) -> dict:
    return ok(live.call("images.list", {"projectId": world["p1"], **body}, ALICE))


def counts_by_id(live, world) -> dict[int, dict]:
    page = listing(live, world, fields=["id", "evaluation"], per_page=100)
    return {e["id"]: e["evaluation"] for e in page["entities"]}


def c(tp=0, fp=0, fn=0) -> dict:
    return {"tp": tp, "fp": fp, "fn": fn}


def test_counts_after_upload_and_as_fields(live, ev):
    d1, d2 = ev.images["d1"], ev.images["d2"]
    got = counts_by_id(live, ev)
    # d1 was written straight into the database, never through a write path: not evaluated yet
    assert got[d1[0]] == c()
    assert [got[i] for i in d2] == [c(tp=1, fp=1), c(fn=2), c(tp=1, fp=1), c(fp=3), c()]
    full = listing(live, ev, extraFields=["evaluation"], per_page=100)["entities"]
    assert {e["id"]: e["evaluation"] for e in full} == got and "fullStorageUrl" in full[0]
    assert "evaluation" not in listing(live, ev)["entities"][0]  # only when asked


def test_settings_update_recomputes_the_project(live, ev):
    assert ok(live.call("evaluation.settings.info", {"projectId": ev["p1"]}, ALICE)) == {
        "projectId": ev["p1"],
        "iouThreshold": 0.5,
        "recompute": {"running": False, "done": 0, "total": 0},  # none ran in this server
    }
    answer = ok(live.call("evaluation.settings.update", {"projectId": ev["p1"], "iouThreshold": 0.7}, ALICE))
    items = len(ev.images["d1"]) + len(ev.images["d2"])
    done = {"running": False, "done": items, "total": items}  # a small project: before the answer
    assert answer == {"projectId": ev["p1"], "iouThreshold": 0.7, "recompute": done}
    got = counts_by_id(live, ev)
    d1, d2 = ev.images["d1"], ev.images["d2"]
    assert [got[d1[0]], got[d1[1]]] == [c(fn=1), c(fn=2)]  # the whole project, d1 included
    assert got[d2[2]] == c(fp=2, fn=1)  # IoU 0.6 < 0.7: no longer a match
    assert got[d2[0]] == c(tp=1, fp=1)
    assert ok(live.call("evaluation.settings.info", {"projectId": ev["p1"]}, ALICE))["iouThreshold"] == 0.7


def test_a_big_projects_recompute_runs_in_the_background_batch_by_batch(live, ev, monkeypatch):
    """Above the sync limit the update answers at once; info shows the progress to the end, other
    writes go through meanwhile (each batch is its own transaction), and the counts follow."""
    monkeypatch.setattr(background, "SYNC_LIMIT", 2)
    monkeypatch.setattr(background, "BATCH", 1)
    items = len(ev.images["d1"]) + len(ev.images["d2"])
    answer = ok(live.call("evaluation.settings.update", {"projectId": ev["p1"], "iouThreshold": 0.7}, ALICE))
    assert answer["iouThreshold"] == 0.7 and answer["recompute"] == {"running": True, "done": 0, "total": items}
    collection = {"projectId": ev["p1"], "name": "meanwhile"}
    ok(live.call("entities-collections.add", collection, ALICE))  # a writer's turn between batches
    seen = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        progress = ok(live.call("evaluation.settings.info", {"projectId": ev["p1"]}, ALICE))["recompute"]
        seen.append(progress["done"])
        if not progress["running"]:
            break
        time.sleep(0.02)
    assert progress == {"running": False, "done": items, "total": items}
    assert seen == sorted(seen)
    got = counts_by_id(live, ev)
    assert got[ev.images["d2"][2]] == c(fp=2, fn=1)  # matched at 0.7 in the background
    assert got[ev.images["d1"][1]] == c(fn=2)


def test_filter_sort_and_paging_by_counts(live, ev):
    ok(live.call("evaluation.settings.update", {"projectId": ev["p1"], "iouThreshold": 0.5}, ALICE))
    d1, d2 = ev.images["d1"], ev.images["d2"]
    fp = {"type": "evaluation", "data": {"kind": "fp", "from": 1, "to": None, "classId": None}}
    page = listing(live, ev, filters=[fp], sort="fpCount", sort_order="desc")
    assert page["total"] == 3
    assert [e["id"] for e in page["entities"]] == [d2[3], d2[2], d2[0]]  # ties by id, in the sort's direction
    exactly_one = {"type": "evaluation", "data": {"kind": "fp", "from": 1, "to": 1}}
    assert [e["id"] for e in listing(live, ev, filters=[exactly_one])["entities"]] == [d2[0], d2[2]]
    missed_person = {"type": "evaluation", "data": {"kind": "fn", "classId": ev["person"]}}
    assert [e["id"] for e in listing(live, ev, filters=[missed_person])["entities"]] == [d1[1], d2[1]]
    # every item sorted by fnCount, walked in pages of 2 and by token: the same order
    by_page = [
        e["id"]
        for n in (1, 2, 3, 4, 5)
        for e in listing(live, ev, sort="fnCount", sort_order="desc", page=n, per_page=2)["entities"]
    ]
    walked, after = [], None
    while True:
        body = {"sort": "fnCount", "sort_order": "desc", "per_page": 3, "pagination_mode": "token"}
        answer = listing(live, ev, **body, **({"after": after} if after else {}))
        walked += [e["id"] for e in answer["entities"]]
        after = answer["after"]
        if after is None:
            break
    assert by_page == walked and len(walked) == 10
    assert walked[:3] == [d2[1], d1[1], d1[0]]  # fn 2, 2, 1
    asc = [e["id"] for e in listing(live, ev, sort="tpCount", sort_order="asc")["entities"]]
    assert asc[-2:] == [d2[0], d2[2]]


def test_objects_list_and_summary_agree_with_the_counts(live, ev):
    ok(live.call("evaluation.settings.update", {"projectId": ev["p1"], "iouThreshold": 0.5}, ALICE))
    fps = ok(live.call("evaluation.objects.list", {"projectId": ev["p1"], "kind": "fp"}, ALICE))
    assert fps["total"] == 5
    assert [e["confidence"] for e in fps["entities"]] == [0.95, 0.8, 0.55, 0.3, 0.15]
    first = fps["entities"][0]
    assert first["classTitle"] == "car_pred" and first["imageId"] == ev.images["d2"][3] and first["kind"] == "fp"
    assert first["bbox"] == {"left": 0, "top": 0, "right": 50, "bottom": 50}
    cars = ok(
        live.call(
            "evaluation.objects.list",
            {"projectId": ev["p1"], "kind": "fp", "classId": ev["car"], "sort": "id", "per_page": 2, "page": 2},
            ALICE,
        )
    )
    assert cars["total"] == 4 and cars["pagesCount"] == 2 and len(cars["entities"]) == 2
    tps = ok(live.call("evaluation.objects.list", {"projectId": ev["p1"], "kind": "tp", "sort": "iou"}, ALICE))
    assert [round(e["iou"], 2) for e in tps["entities"]] == [1.0, 0.6]
    assert all(e["matchedFigureId"] for e in tps["entities"])
    walked, after = [], None  # token (keyset) paging gives the same order as pages
    while True:
        body = {"projectId": ev["p1"], "kind": "fp", "per_page": 2, "pagination_mode": "token"}
        answer = ok(live.call("evaluation.objects.list", {**body, **({"after": after} if after else {})}, ALICE))
        walked += [e["figureId"] for e in answer["entities"]]
        if (after := answer["after"]) is None:
            break
    assert walked == [e["figureId"] for e in fps["entities"]]
    strong = {"projectId": ev["p1"], "kind": "fp", "minConfidence": 0.5}
    assert ok(live.call("evaluation.objects.list", strong, ALICE))["total"] == 3
    missed = ok(live.call("evaluation.objects.list", {"projectId": ev["p1"], "kind": "fn"}, ALICE))
    assert missed["total"] == 5 and {e["confidence"] for e in missed["entities"]} == {None}

    summary = ok(live.call("evaluation.summary", {"projectId": ev["p1"]}, ALICE))
    assert summary["iouThreshold"] == 0.5
    by_title = {x["classTitle"]: x for x in summary["classes"]}
    assert set(by_title) == {"car", "person"}  # dog_pred has no labelled class
    car = by_title["car"]
    assert len(car["bins"]) == 20 and car["gtCount"] == 5 and car["predictions"] == 6
    assert sum(b["tp"] for b in car["bins"]) == 2 and sum(b["fp"] for b in car["bins"]) == 4
    top = car["bins"][19]  # [0.95, 1.0]: the 0.95 fp
    assert (top["from"], top["to"], top["tp"], top["fp"]) == (0.95, 1.0, 0, 1)
    assert car["bins"][18]["tp"] == 1  # the 0.9 tp
    # counts on items add up to the same totals (car and the dog_pred fp)
    totals = {k: sum(x[k] for x in counts_by_id(live, ev).values()) for k in ("tp", "fp", "fn")}
    assert totals == {"tp": 2, "fp": 5, "fn": 5}
    only_person = ok(live.call("evaluation.summary", {"projectId": ev["p1"], "classIds": [ev["person"]]}, ALICE))
    assert [x["classTitle"] for x in only_person["classes"]] == ["person"]


def test_objects_and_summary_of_a_smart_collection_are_its_current_members(live, ev):
    """A smart collection's members are resolved from its filter here too, not read as stored rows."""
    many_fps = [{"type": "evaluation", "data": {"kind": "fp", "from": 2}}]
    body = {"projectId": ev["p1"], "name": "2+ fps", "type": "smart", "options": {"filters": many_fps}}
    smart = ok(live.call("entities-collections.add", body, ALICE))
    scoped = {"projectId": ev["p1"], "collectionId": smart["id"]}
    fps = ok(live.call("evaluation.objects.list", {**scoped, "kind": "fp"}, ALICE))["entities"]
    assert {e["imageId"] for e in fps} == {ev.images["d2"][3]}  # the one item with three fps
    assert [e["confidence"] for e in fps] == [0.95, 0.55, 0.15]
    assert all(e["frame"] is None for e in fps)  # images have no frames
    car = next(x for x in ok(live.call("evaluation.summary", scoped, ALICE))["classes"] if x["classTitle"] == "car")
    assert (car["predictions"], car["gtCount"]) == (3, 0)


def test_kept_current_on_save_meta_change_and_delete(live, ev):
    d2 = ev.images["d2"]
    # a save through annotations.bulk.add: the fps of d2[3] are gone, one tp instead
    upload(live, ev["d2"], [(d2[3], annotation(rect("car", FULL), rect("car_pred", [0, 0, 100, 90], 0.7)))])
    assert counts_by_id(live, ev)[d2[3]] == c(tp=1)
    fps = ok(live.call("evaluation.objects.list", {"projectId": ev["p1"], "kind": "fp"}, ALICE))
    assert d2[3] not in {e["imageId"] for e in fps["entities"]}
    # a new class "dog" in the meta: the dog_pred box now counts under it
    meta = ok(live.call("projects.meta", {"id": ev["p1"]}, ALICE))
    meta["classes"].append({"title": "dog", "shape": "rectangle", "color": "#00AA00"})
    ok(live.call("projects.meta.update", {"id": ev["p1"], "meta": meta}, ALICE))
    summary = ok(live.call("evaluation.summary", {"projectId": ev["p1"]}, ALICE))
    dog = next(x for x in summary["classes"] if x["classTitle"] == "dog")
    assert dog["predictions"] == 1 and dog["gtCount"] == 0
    # deleting an item takes its verdicts along
    ok(live.call("images.bulk.remove", {"imageIds": [d2[0]]}, ALICE))
    with live.sessions()() as s:
        assert s.scalar(select(func.count()).select_from(FigureMatch).where(FigureMatch.image_id == d2[0])) == 0
        assert s.get(Image, d2[2]).eval_fp == 1


def test_bad_input_is_refused_and_changes_nothing(live, ev):
    p1 = ev["p1"]
    for bad in (0, -0.1, 1.5, "0.5", None):
        refused(live.call("evaluation.settings.update", {"projectId": p1, "iouThreshold": bad}, ALICE))
    assert ok(live.call("evaluation.settings.info", {"projectId": p1}, ALICE))["iouThreshold"] == 0.5
    refused(live.call("evaluation.settings.info", {"projectId": p1}, BOB), 404)
    refused(live.call("evaluation.settings.update", {"projectId": p1, "iouThreshold": 0.6}, BOB), 404)
    for data in (
        {"kind": "xx"},
        {"kind": "fp", "from": 3, "to": 1},
        {"kind": "fp", "from": -1},
        {"kind": "fp", "classId": ev["pb"] + 10_000},
    ):
        refused(live.call("images.list", {"projectId": p1, "filters": [{"type": "evaluation", "data": data}]}, ALICE))
    refused(live.call("images.list", {"projectId": p1, "sort": "fpCounts"}, ALICE))
    for body in (
        {"projectId": p1, "kind": "maybe"},
        {"projectId": p1, "kind": "fp", "sort": "name"},
        {"projectId": p1, "kind": "fp", "minConfidence": 2},
        {"projectId": p1, "kind": "fp", "classId": 999_999},
    ):
        refused(live.call("evaluation.objects.list", body, ALICE))
    refused(live.call("evaluation.summary", {"projectId": p1, "classIds": [999_999]}, ALICE))
    refused(live.call("evaluation.summary", {"projectId": p1}, BOB), 404)


def test_an_imported_folder_is_evaluated(env, tmp_path):  # noqa: F811
    supervisely_folder(tmp_path / "src")  # a.jpg: one car (ground truth, no prediction)
    project_id = run_import(env, tmp_path / "src")
    sessions, _settings = env
    with sessions() as s:
        counts = {
            name: (tp, fp, fn)
            for name, tp, fp, fn in s.execute(
                select(Image.name, Image.eval_tp, Image.eval_fp, Image.eval_fn).where(Image.project_id == project_id)
            )
        }
    assert counts["a.jpg"] == (0, 0, 1) and counts["b.png"] == (0, 0, 0)


def test_the_demo_is_evaluated(live, ev, tmp_path):
    from desktop_app.server.demo.builder import build_demo

    with live.sessions()() as s, s.begin():
        demo = build_demo(s, size=30)
    with live.sessions()() as s:
        rows = s.execute(
            select(func.sum(Image.eval_tp), func.sum(Image.eval_fp)).where(Image.project_id == demo.project_id)
        ).one()
    assert rows[0] > 0 and rows[1] > 0  # matching predictions and false positives, out of the box


def test_the_cli_recomputes_and_prints_per_class_counts(tmp_path, capsys):
    from desktop_app.server.cli import main
    from desktop_app.server.db import init_schema, make_engine, make_sessionmaker
    from desktop_app.server.db.engine import sqlite_url
    from desktop_app.server.demo.builder import build_demo

    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(sqlite_url(data / "server.sqlite"))
    init_schema(engine)
    with make_sessionmaker(engine)() as s, s.begin():
        project_id = build_demo(s, size=20).project_id
    engine.dispose()

    assert main(["evaluate", "--project", str(project_id), "--data-dir", str(data)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert "20 items evaluated at IoU 0.5" in lines[0] and lines[1].split() == ["class", "TP", "FP", "FN"]
    at_half = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[2:]}
    assert "car" in at_half and sum(v[0] for v in at_half.values()) > 0

    assert main(["evaluate", "--project", str(project_id), "--iou", "0.99", "--data-dir", str(data)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    strict = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[2:]}
    assert "IoU 0.99" in lines[0] and sum(v[0] for v in strict.values()) < sum(v[0] for v in at_half.values())

    assert main(["evaluate", "--project", str(project_id), "--iou", "1.5", "--data-dir", str(data)]) == 2
    assert main(["evaluate", "--project", "999999", "--data-dir", str(data)]) == 2
    assert "no project with id 999999" in capsys.readouterr().err
