"""The point-cloud demo project "Street scans demo": contents, wrong predictions
a user can find, idempotence, speed, and that it reads back over HTTP."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from desktop_app.server.db.models import AnnotationObject, Figure, Image, ObjClass, Project
from desktop_app.server.demo import build_demo
from desktop_app.server.demo.point_clouds import PROJECT, build_point_cloud_demo
from tests.server.http_helpers import ok


def test_demo_scenes_with_ground_truth_and_predictions(live):
    storage = live.server.settings
    with live.sessions()() as s, s.begin():
        summary = build_demo(s, size=5)
        started = time.perf_counter()
        pid = build_point_cloud_demo(s, storage)
        elapsed = time.perf_counter() - started
    assert elapsed < 3.0
    with live.sessions()() as s, s.begin():
        assert build_point_cloud_demo(s, storage) == pid  # idempotent
    with live.sessions()() as s:
        project = s.get_one(Project, pid)
        assert project.name == PROJECT and project.type == "point_clouds" and project.team_id == summary.team_id
        clouds = list(s.scalars(select(Image).where(Image.project_id == pid).order_by(Image.id)))
        assert len(clouds) == 8 and len({c.dataset_id for c in clouds}) == 2
        assert all(20_000 <= (c.points_count or 0) <= 60_000 for c in clouds)
        titles = dict(s.execute(select(ObjClass.id, ObjClass.title).where(ObjClass.project_id == pid)).all())
        objects = list(s.scalars(select(AnnotationObject).where(AnnotationObject.image_id.in_([c.id for c in clouds]))))
        n_figures = s.scalar(select(func.count(Figure.id)).where(Figure.image_id.in_([c.id for c in clouds])))
    assert n_figures == len(objects) == sum(c.labels_count for c in clouds)
    truth = [o for o in objects if not titles[o.class_id].endswith("_pred")]
    predictions = [o for o in objects if titles[o.class_id].endswith("_pred")]
    assert {titles[o.class_id] for o in truth} == {"car", "pedestrian", "cyclist"}
    assert all(o.tags and o.tags[0]["name"] == "confidence" for o in predictions) and not any(o.tags for o in truth)
    assert len(predictions) < len(truth) + 8  # some objects are missed...
    per_cloud = {c.id: [titles[o.class_id] for o in objects if o.image_id == c.id] for c in clouds}
    wrong = [
        cid
        for cid, names in per_cloud.items()
        if any(names.count(n) > names.count(n.removesuffix("_pred")) for n in names if n.endswith("_pred"))
    ]
    assert wrong  # ...and some predictions are boxes where nothing is

    page = ok(live.call("point-clouds.list", {"projectId": pid}, summary.token))
    assert page["total"] == 8
    first = page["entities"][0]
    preview = live.http.get(f"/previews/q/ext:jpeg/resize:auto:256:0:0/q:70/plain{first['pathOriginal']}")
    assert preview.status_code == 200 and preview.content[:2] == b"\xff\xd8"
    ann = ok(
        live.call(
            "point-clouds.annotations.bulk.info",
            {"datasetId": first["datasetId"], "pointCloudIds": [first["id"]]},
            summary.token,
        )
    )[0]
    assert len(ann["figures"]) == first["labelsCount"] and ann["figures"][0]["geometryType"] == "cuboid_3d"
    # every scan carries a weather tag, so the tag filter and the viewer's tag editor have something to work on
    assert [t["name"] for t in ann["tags"]] == ["weather"] and ann["tags"][0]["value"] in ("dry", "wet")
    wet = ok(
        live.call(
            "point-clouds.list",
            {
                "projectId": pid,
                "filters": [{"type": "images_tag", "data": {"tagId": _tag_id(live, pid), "value": "wet"}}],
            },
            summary.token,
        )
    )
    assert 0 < wet["total"] < 8


def _tag_id(live, project_id):
    with live.sessions()() as s:
        from desktop_app.server.db.models import TagMeta

        return s.scalar(select(TagMeta.id).where(TagMeta.project_id == project_id, TagMeta.name == "weather"))
