"""The video draft: frame-by-frame boxes over shared objects, video tags with
frame ranges, undo snapshots, and the whole annotation on the wire."""

from __future__ import annotations

import pytest

from desktop_app.api.annotation_records import ObjClass, ProjectMeta, TagMeta
from desktop_app.api.video_records import VideoAnnotation
from desktop_app.domain.annotation_draft import InvalidEdit
from desktop_app.domain.video_draft import VideoDraft, tag_text

META = ProjectMeta(
    classes=(ObjClass(1, "car"), ObjClass(2, "person"), ObjClass(3, "car_pred")),
    tags=(
        TagMeta(10, "weather", "oneof_string", ("sun", "rain")),
        TagMeta(11, "confidence", "any_number", applicable_type="objectsOnly"),
    ),
)


def wire() -> dict:
    def figure(key, obj, edges):
        left, top, right, bottom = edges
        points = {"exterior": [[left, top], [right - 1, bottom - 1]], "interior": []}  # inclusive on the wire
        return {"key": key, "objectKey": obj, "geometryType": "rectangle", "geometry": {"points": points}}

    return {
        "videoId": 7,
        "size": {"width": 320, "height": 180},
        "framesCount": 10,
        "tags": [
            {"name": "weather", "value": "sun", "frameRange": [0, 4]},
            {"name": "weather", "value": "sun", "frameRange": [7, 9]},
        ],
        "objects": [
            {"key": "car-1", "classTitle": "car", "tags": []},
            {"key": "pred-1", "classTitle": "car_pred", "tags": [{"name": "confidence", "value": 0.7}]},
        ],
        "frames": [
            {"index": 0, "figures": [figure("f0", "car-1", (0, 60, 24, 84)), figure("p0", "pred-1", (2, 60, 26, 84))]},
            {"index": 1, "figures": [figure("f1", "car-1", (6, 60, 30, 84))]},
        ],
    }


def draft() -> VideoDraft:
    return VideoDraft.from_video(VideoAnnotation.from_json(wire()), META)


def boxes(d: VideoDraft) -> list[tuple[str, tuple]]:
    return sorted((f.class_title, f.edges) for f in d.figures)


def test_the_figures_are_the_boxes_of_the_frame_shown():
    d = draft()
    assert boxes(d) == [("car", (0, 60, 24, 84)), ("car_pred", (2, 60, 26, 84))]
    assert [f.is_prediction for f in sorted(d.figures, key=lambda f: f.class_title)] == [False, True]
    d.set_frame(1)
    assert boxes(d) == [("car", (6, 60, 30, 84))]
    d.set_frame(5)
    assert d.figures == ()
    d.set_frame(99)
    assert d.frame == 9  # clamped
    assert not d.dirty


def test_a_box_edit_changes_its_frame_only_and_undo_is_a_snapshot():
    d = draft()
    car = next(f for f in d.figures if f.class_title == "car")
    before = d.snapshot()
    d.move_box(car.key, 10, 0)
    assert boxes(d)[0] == ("car", (10, 60, 34, 84)) and d.dirty
    d.set_frame(1)
    assert boxes(d) == [("car", (6, 60, 30, 84))]  # frame 1 untouched
    d.restore(before)
    d.set_frame(0)
    assert boxes(d)[0] == ("car", (0, 60, 24, 84)) and not d.dirty


def test_reclassifying_or_tagging_a_box_changes_its_object_on_every_frame():
    d = draft()
    car = next(f for f in d.figures if f.class_title == "car")
    d.reclassify(car.key, "person")
    d.set_frame(1)
    assert boxes(d) == [("person", (6, 60, 30, 84))]
    with pytest.raises(InvalidEdit):
        d.set_object_tag(car.key, "colour", "red")  # no such tag: refused, nothing changed
    d.set_object_tag(car.key, "confidence", 0.5)
    d.set_frame(0)
    assert d.figure(car.key).tags[0].value == 0.5


def test_deleting_a_box_keeps_the_object_on_other_frames():
    d = draft()
    car = next(f for f in d.figures if f.class_title == "car")
    d.delete(car.key)
    assert [f.class_title for f in d.figures] == ["car_pred"]
    d.set_frame(1)
    assert boxes(d) == [("car", (6, 60, 30, 84))]
    assert d.frames_of(car.key) == [1]


def test_a_new_box_is_a_new_object_or_continues_one():
    d = draft()
    d.set_frame(2)
    person = d.add_box("person", 100, 100, 140, 150)
    assert d.object_of(person.key).class_title == "person"
    car_key = next(o.key for o in d.objects if o.class_title == "car")
    assert car_key in {o.key for o in d.objects_missing_here()}
    d.continue_key = car_key
    continued = d.add_box("person", 12, 60, 36, 84)  # the class comes from the object continued
    assert (continued.key, continued.class_title) == (car_key, "car")
    assert d.frames_of(car_key) == [0, 1, 2]
    with pytest.raises(InvalidEdit, match="already has a box on frame 3"):
        d.add_box("car", 0, 0, 10, 10)
    with pytest.raises(InvalidEdit):
        d.continue_key = None
        d.add_box("car", 300, 0, 330, 10)  # outside the 320-pixel frame: refused, nothing changed
    assert len(d.figures) == 2


def test_a_new_object_whose_only_box_is_deleted_is_gone():
    d = draft()
    before = d.snapshot()
    new = d.add_box("person", 100, 100, 140, 150)
    d.delete(new.key)
    assert d.snapshot() == before and not d.dirty


def test_video_tags_keep_their_frame_ranges():
    d = draft()
    assert [t.text() for t in d.image_tags] == ["weather: sun"]  # one line per name in the tag list
    car = next(f for f in d.figures if f.class_title == "car")
    d.move_box(car.key, 1, 0)
    assert [t.frame_range for t in d.video_tags] == [(0, 4), (7, 9)]  # untouched by a box edit
    d.set_image_tag("weather", "rain")
    assert [(t.value, t.frame_range) for t in d.video_tags] == [("rain", (0, 4))]
    assert tag_text(d.video_tags[0]) == "weather: rain (frames 1–5)"
    d.remove_image_tag("weather")
    assert d.video_tags == ()
    with pytest.raises(InvalidEdit):
        d.set_image_tag("weather", "snow")


def test_figures_that_are_not_boxes_are_kept_as_read():
    data = wire()
    polygon = {
        "key": "poly",
        "objectKey": "car-1",
        "geometryType": "polygon",
        "geometry": {"points": {"exterior": [[1, 1], [5, 1], [3, 4]], "interior": []}},
    }
    data["frames"].append({"index": 4, "figures": [polygon]})
    d = VideoDraft.from_video(VideoAnnotation.from_json(data), META)
    d.set_frame(4)
    assert d.figures == ()  # not drawn, not editable here
    d.set_frame(0)
    car = next(f for f in d.figures if f.class_title == "car")
    d.move_box(car.key, 1, 0)
    frame4 = next(f for f in d.to_json()["frames"] if f["index"] == 4)
    assert frame4["figures"] == [polygon]


def test_the_wire_json_round_trips():
    d = draft()
    d.set_frame(1)
    d.add_box("person", 100, 100, 140, 150)
    body = d.to_json()
    assert body["framesCount"] == 10 and body["size"] == {"height": 180, "width": 320}
    again = VideoAnnotation.from_json({"videoId": 7, **body})
    assert {o.key for o in again.objects} >= {"car-1", "pred-1"}
    frame1 = sorted((again.object(f.object_key).class_title, f.edges()) for f in again.figures if f.frame == 1)
    assert frame1 == [("car", (6, 60, 30, 84)), ("person", (100, 100, 140, 150))]
    assert [f.key for f in again.figures if f.frame == 0] == ["f0", "p0"]  # figure keys kept
    assert again.tags == VideoAnnotation.from_json(wire()).tags
    assert d.to_json() == body  # keys given once are kept
