"""The client's evaluation methods (api/evaluation.py) against the real server:
settings, objects (pages), summary, the images.list filter, sort and counts,
and the precision/recall curve drawn from the summary's bins."""

from __future__ import annotations

import pytest

from desktop_app.api.errors import InvalidInput
from desktop_app.api.evaluation import evaluation_filter
from desktop_app.domain.evaluation.precision_recall import at_threshold, curve
from desktop_app.server.db.models import ObjClass, TagMeta
from tests.server.world import ALICE

pytestmark = pytest.mark.anyio


def rect(title, left, top, right, bottom, confidence=None):
    tags = [] if confidence is None else [{"name": "confidence", "value": confidence}]
    points = {"exterior": [[left, top], [right, bottom]], "interior": []}
    return {"classTitle": title, "tags": tags, "points": points, "geometryType": "rectangle"}


async def test_evaluation_through_the_client(api, live, world):
    with live.sessions()() as s, s.begin():
        s.add(ObjClass(project_id=world["p1"], title="car_pred", shape="rectangle"))
        s.add(TagMeta(project_id=world["p1"], name="confidence", value_type="any_number"))
    d2 = world.images["d2"]
    body = {
        "datasetId": world["d2"],
        "annotations": [
            {
                "imageId": d2[0],
                "annotation": {
                    "size": {"height": 480, "width": 640},
                    "tags": [],
                    "objects": [
                        rect("car", 0, 0, 100, 100),
                        rect("car_pred", 0, 0, 100, 100, 0.9),
                        rect("car_pred", 300, 300, 400, 400, 0.2),
                    ],
                },
            }
        ],
    }
    assert live.call("annotations.bulk.add", body, ALICE).status_code == 200
    p1 = world["p1"]

    assert (await api.evaluation.settings(p1)).iou_threshold == 0.5
    with pytest.raises(InvalidInput):
        await api.evaluation.update_settings(p1, 0)
    assert (await api.evaluation.update_settings(p1, 0.5)).iou_threshold == 0.5  # recomputes d1 too

    page = await api.evaluation.objects(p1, "fp")
    assert page.total == 1 and page.items[0].image_id == d2[0] and page.items[0].confidence == 0.2
    assert page.items[0].class_title == "car_pred" and page.items[0].bbox.right == 400
    tps = await api.evaluation.objects(p1, "tp", class_id=world["car"], sort="iou")
    assert [(o.iou, o.matched_figure_id is not None) for o in tps.items] == [(1.0, True)]

    summary = await api.evaluation.summary(p1)
    car = next(c for c in summary.classes if c.class_title == "car")
    assert car.gt_count == 3 and car.predictions == 2 and len(car.bins) == 20  # d1 holds two more cars
    points = curve(car.bins, car.gt_count)
    assert points[0].precision == 0.5 and points[0].recall == pytest.approx(1 / 3)
    assert at_threshold(car.bins, car.gt_count, 0.5).precision == 1.0

    items = await api.images.list(
        project_id=p1, filters=[evaluation_filter("fp")], sort="fpCount", extra_fields=["evaluation"]
    )
    assert [(i.id, i.evaluation.fp, i.fp_count) for i in items] == [(d2[0], 1, 1)]
    with pytest.raises(ValueError):
        evaluation_filter("maybe")
