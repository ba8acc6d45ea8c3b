"""A point cloud's tag draft: edits checked against the project's tag metas
(a bad one changes nothing), dirty until saved or undone, and the annotation
to save keeps the objects and figures exactly as read."""

from __future__ import annotations

import pytest

from desktop_app.api.annotation_records import ObjClass, ProjectMeta, TagMeta
from desktop_app.domain.annotation_draft import DraftTag, InvalidEdit
from desktop_app.domain.point_clouds.cloud_draft import CloudDraft
from desktop_app.domain.point_clouds.drawn_cuboids import UNKNOWN_CLASS_COLOR, drawn_cuboids
from tests.point_cloud_samples import sample_annotation

META = ProjectMeta(
    classes=(ObjClass(1, "car", "cuboid_3d", "#E53935"), ObjClass(2, "pedestrian", "cuboid_3d", "#1E88E5")),
    tags=(
        TagMeta(1, "weather", "oneof_string", ("sunny", "rain")),
        TagMeta(2, "checked", "none"),
        TagMeta(3, "lanes", "any_number"),
        TagMeta(4, "occluded", "none", applicable_type="objectsOnly"),
        TagMeta(5, "confidence", "any_number", applicable_type="objectsOnly"),
    ),
)


def test_tags_are_edited_checked_and_undone():
    draft = CloudDraft(sample_annotation(), META)
    assert draft.tags == (DraftTag("weather", "sunny"),) and not draft.dirty
    start = draft.snapshot()
    draft.set_tag("weather", "rain")
    draft.set_tag("checked")
    draft.set_tag("lanes", "2")
    assert draft.tags == (DraftTag("weather", "rain"), DraftTag("checked"), DraftTag("lanes", 2)) and draft.dirty
    for bad, message in (
        (lambda: draft.set_tag("weather", "snow"), "not a value"),
        (lambda: draft.set_tag("lanes", "two"), "needs a number"),
        (lambda: draft.set_tag("nope"), "no tag"),
        (lambda: draft.set_tag("occluded"), "only be put on objects"),
        (lambda: draft.remove_tag("nope"), "has no tag"),
    ):
        before = draft.snapshot()
        with pytest.raises(InvalidEdit, match=message):
            bad()
        assert draft.snapshot() == before  # a refused edit changes nothing
    draft.restore(start)
    assert not draft.dirty
    assert [m.name for m in draft.tag_metas()] == ["weather", "checked", "lanes"]


def test_the_saved_annotation_keeps_objects_figures_and_unchanged_tags_as_read():
    annotation = sample_annotation()
    draft = CloudDraft(annotation, META)
    draft.set_tag("checked")
    body = draft.to_json()
    assert body["objects"] == annotation.raw["objects"] and body["figures"] == annotation.raw["figures"]
    assert body["tags"] == [{"name": "weather", "value": "sunny", "key": "t1"}, {"name": "checked"}]
    sent = draft.snapshot()
    draft.mark_saved(sent)
    assert not draft.dirty


def test_drawn_cuboids_know_their_class_colour_and_predictions():
    drawn = drawn_cuboids(sample_annotation(), META)
    assert [(d.class_title, d.predicted) for d in drawn] == [("car", False), ("pedestrian", False), ("car_pred", True)]
    assert drawn[0].color == "#E53935" and drawn[2].color == UNKNOWN_CLASS_COLOR  # car_pred is not in this meta
    assert drawn[2].label == "car_pred 0.81" and drawn[0].label == "car"
