"""AnnotationDraft: edits checked against the meta and the image bounds, the
dirty flag that follows undo, wire JSON with exclusive edges, and a round trip
through the real server (what the draft sends is accepted and read back)."""

from __future__ import annotations

import pytest

from desktop_app.api.annotation_records import Annotation, ObjClass, ProjectMeta, TagMeta
from desktop_app.domain.annotation_draft import AnnotationDraft, DraftTag, InvalidEdit
from desktop_app.server.demo import build_demo

META = ProjectMeta(
    classes=(
        ObjClass(1, "car", color="#E53935"),
        ObjClass(2, "person", color="#1E88E5"),
        ObjClass(3, "car_pred"),
        ObjClass(4, "outline", shape="polygon"),
    ),
    tags=(
        TagMeta(10, "reviewed", "none", applicable_type="imagesOnly"),
        TagMeta(11, "weather", "oneof_string", ("sunny", "rain"), applicable_type="imagesOnly"),
        TagMeta(12, "confidence", "any_number", applicable_type="objectsOnly"),
        TagMeta(13, "note", "any_string"),
    ),
)

WIRE = {
    "imageId": 7,
    "imageName": "a.jpg",
    "datasetId": 3,
    "version": 4,
    "annotation": {
        "description": "",
        "size": {"height": 480, "width": 640},
        "tags": [{"tagId": 11, "name": "weather", "value": "rain"}],
        "objects": [
            {
                "id": 1,
                "classId": 1,
                "classTitle": "car",
                "geometryType": "rectangle",
                "tags": [],
                "points": {"exterior": [[10, 20], [110, 220]], "interior": []},
            },
            {
                "id": 2,
                "classId": 3,
                "classTitle": "car_pred",
                "geometryType": "rectangle",
                "tags": [{"tagId": 12, "name": "confidence", "value": 0.83}],
                "points": {"exterior": [[12, 18], [108.5, 224]], "interior": []},
            },
            {
                "id": 3,
                "classId": 4,
                "classTitle": "outline",
                "geometryType": "polygon",
                "tags": [],
                "points": {"exterior": [[1, 1], [30, 1], [30, 40]], "interior": []},
            },
        ],
    },
}


def draft() -> AnnotationDraft:
    return AnnotationDraft.from_annotation(Annotation.from_json(WIRE), META)


def test_a_read_annotation_is_a_clean_draft_and_goes_back_to_the_same_json():
    d = draft()
    assert not d.dirty
    assert (d.width, d.height) == (640, 480)
    car, pred, outline = d.figures
    assert car.edges == (10, 20, 110, 220) and not car.is_prediction and car.confidence is None
    assert pred.is_prediction and pred.confidence == pytest.approx(0.83)
    assert not outline.editable
    body = d.to_json()
    assert body["size"] == {"height": 480, "width": 640}
    assert body["tags"] == [{"name": "weather", "value": "rain"}]
    objects = body["objects"]
    assert objects[0]["points"]["exterior"] == [[10, 20], [110, 220]]
    assert objects[1]["points"]["exterior"] == [[12, 18], [108.5, 224]]
    assert objects[1]["tags"] == [{"name": "confidence", "value": 0.83}]
    assert objects[2]["geometryType"] == "polygon"
    assert objects[2]["points"]["exterior"] == [[1, 1], [30, 1], [30, 40]]


def test_a_drawn_box_is_sent_with_exclusive_edges_as_whole_numbers():
    d = draft()
    box = d.add_box("person", 10, 30, 110, 130)
    assert d.dirty
    sent = d.to_json()["objects"][-1]
    assert sent == {
        "classTitle": "person",
        "description": "",
        "geometryType": "rectangle",
        "tags": [],
        "points": {"exterior": [[10, 30], [110, 130]], "interior": []},
    }
    assert isinstance(sent["points"]["exterior"][1][0], int)
    assert d.figure(box.key).class_title == "person"


@pytest.mark.parametrize(
    "edges",
    [
        (-1, 0, 10, 10),
        (0, 0, 641, 10),
        (0, 0, 10, 481),
        (5, 5, 5, 10),
        (10, 5, 4, 8),
        (0, 0, float("nan"), 3),
    ],
)
def test_boxes_outside_the_image_or_empty_are_refused_and_change_nothing(edges):
    d = draft()
    before = d.snapshot()
    with pytest.raises(InvalidEdit):
        d.add_box("car", *edges)
    with pytest.raises(InvalidEdit):
        d.set_edges(d.figures[0].key, *edges)
    assert d.snapshot() == before and not d.dirty


def test_unknown_classes_and_non_box_classes_are_refused():
    d = draft()
    key = d.figures[0].key
    with pytest.raises(InvalidEdit, match="no class"):
        d.add_box("tree", 0, 0, 5, 5)
    with pytest.raises(InvalidEdit, match="polygon"):
        d.reclassify(key, "outline")
    with pytest.raises(InvalidEdit, match="reshaped"):
        d.move_box(d.figures[2].key, 1, 1)
    assert not d.dirty


def test_move_stops_at_the_border_and_resize_is_exact():
    d = draft()
    key = d.figures[0].key
    moved = d.move_box(key, -50, 1000)  # left can go 10, bottom can go 260
    assert moved.edges == (0, 280, 100, 480)
    resized = d.set_edges(key, 5, 6, 7, 8)
    assert resized.edges == (5, 6, 7, 8)
    assert d.clamp_edges(700, 500, -5, 470) == (0, 470, 640, 480)
    assert d.clamp_edges(30, 30, 30, 30) == (30, 30, 31, 31)


def test_reclassify_delete_and_tags():
    d = draft()
    car = d.figures[0]
    assert d.reclassify(car.key, "person").class_title == "person"
    d.set_object_tag(car.key, "note", "occluded")
    d.set_object_tag(car.key, "note", "half occluded")  # replaces the value
    assert d.figure(car.key).tags == (DraftTag("note", "half occluded"),)
    d.set_object_tag(car.key, "confidence", "0,5")  # typed text becomes a number
    # a confidence on a box a person labelled does not make it a prediction: its class does
    assert d.figure(car.key).confidence == 0.5 and not d.figure(car.key).is_prediction
    assert d.reclassify(car.key, "car_pred").is_prediction
    d.remove_object_tag(car.key, "confidence")
    assert d.figure(car.key).is_prediction
    d.reclassify(car.key, "person")
    d.set_image_tag("reviewed")
    d.set_image_tag("weather", "sunny")
    assert [t.text() for t in d.image_tags] == ["weather: sunny", "reviewed"]
    d.remove_image_tag("weather")
    assert d.to_json()["tags"] == [{"name": "reviewed"}]
    removed = d.delete(car.key)
    assert removed.key == car.key and all(f.key != car.key for f in d.figures)
    with pytest.raises(InvalidEdit):
        d.figure(car.key)


@pytest.mark.parametrize(
    "target,name,value,message",
    [
        ("image", "reviewed", "yes", "takes no value"),
        ("image", "weather", "snow", "not a value"),
        ("image", "weather", None, "needs a value"),
        ("image", "confidence", 0.4, "cannot be put on an image"),
        ("object", "weather", "rain", "cannot be put on an object"),
        ("object", "confidence", "high", "needs a number"),
        ("object", "ghost", None, "no tag"),
    ],
)
def test_bad_tags_are_refused_with_a_reason(target, name, value, message):
    d = draft()
    with pytest.raises(InvalidEdit, match=message):
        if target == "image":
            d.set_image_tag(name, value)
        else:
            d.set_object_tag(d.figures[0].key, name, value)
    assert not d.dirty


def test_dirty_follows_snapshots_so_undo_to_the_start_is_clean():
    d = draft()
    calls = []
    d.listeners.append(lambda: calls.append(1))
    start = d.snapshot()
    d.move_box(d.figures[0].key, 5, 5)
    moved = d.snapshot()
    assert d.dirty and calls
    d.restore(start)
    assert not d.dirty
    d.restore(moved)
    d.mark_saved()
    assert not d.dirty
    d.restore(start)
    assert d.dirty  # the saved state is the baseline now
    d.discard()
    assert d.snapshot() == moved


def test_a_draft_needs_the_image_size():
    with pytest.raises(InvalidEdit, match="size"):
        AnnotationDraft(META, 0, 10)
    no_size = Annotation.from_json({"imageId": 1, "annotation": {"objects": []}})
    assert AnnotationDraft.from_annotation(no_size, META, width=20, height=10).width == 20


def test_what_the_draft_sends_the_server_accepts_and_returns(live):
    with live.sessions()() as s, s.begin():
        summary = build_demo(s, size=8)
    token = summary.token
    meta = ProjectMeta.from_json(live.call("projects.meta", {"id": summary.project_id}, token).json())
    image = live.call("images.list", {"projectId": summary.project_id, "per_page": 1}, token).json()["entities"][0]
    info = live.call("annotations.info", {"imageId": image["id"]}, token).json()
    d = AnnotationDraft.from_annotation(Annotation.from_json(info), meta)
    d.add_box("dog", 10, 20, 110, 120, tags=[DraftTag("confidence", 0.5)])
    for figure in d.figures[:-1]:
        d.delete(figure.key)
    d.set_image_tag("weather", "fog")
    sent = d.to_json()
    resp = live.call(
        "annotations.bulk.add",
        {"datasetId": image["datasetId"], "annotations": [{"imageId": image["id"], "annotation": sent}]},
        token,
    )
    assert resp.status_code == 200, resp.text
    back = AnnotationDraft.from_annotation(
        Annotation.from_json(live.call("annotations.info", {"imageId": image["id"]}, token).json()), meta
    )
    assert back.to_json() == sent


@pytest.mark.parametrize("typed", ["abc", "", "1.5", "-0.1", "nan"])
def test_a_confidence_outside_0_to_1_or_not_a_number_is_refused_and_changes_nothing(typed):
    d = draft()
    car = d.figures[0]
    before = d.snapshot()
    with pytest.raises(InvalidEdit):
        d.set_object_tag(car.key, "confidence", typed)
    assert d.snapshot() == before and not d.dirty


@pytest.mark.parametrize(("typed", "stored"), [("0.73", 0.73), ("0", 0), ("1", 1), ("0,5", 0.5)])
def test_a_confidence_from_0_to_1_is_stored_as_a_number(typed, stored):
    d = draft()
    car = d.figures[0]
    assert d.set_object_tag(car.key, "confidence", typed).confidence == stored
