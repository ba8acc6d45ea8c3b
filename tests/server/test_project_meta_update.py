"""projects.meta.update (api.project.update_meta): classes and tag metas added
and updated as ProjectMeta.to_json() sends them; a bad meta changes nothing."""

from __future__ import annotations

import copy

import pytest

from tests.server.http_helpers import ok, refused
from tests.server.upload_helpers import VIEWER, add_viewer
from tests.server.world import ALICE, BOB


def update(live, project_id, meta, token=ALICE):
    return live.call("projects.meta.update", {"id": project_id, "meta": meta}, token)


def meta_of(live, project_id):
    return ok(live.call("projects.meta", {"id": project_id}, ALICE))


# What the SDK (6.74) sends for a ProjectMeta with these classes and tags.
SDK_META = {
    "classes": [
        {
            "title": "truck",
            "description": "",
            "shape": "rectangle",
            "color": "#FF0000",
            "geometry_config": {},
            "hotkey": "",
        },
        {
            "title": "road",
            "description": "drivable",
            "shape": "bitmap",
            "color": "#0F468A",
            "geometry_config": {},
            "hotkey": "r",
        },
        {
            "title": "box3d",
            "description": "",
            "shape": "cuboid_3d",
            "color": "#8A0F48",
            "geometry_config": {},
            "hotkey": "",
        },
    ],
    "tags": [
        {
            "name": "scene",
            "value_type": "any_string",
            "color": "#570F8A",
            "hotkey": "",
            "applicable_type": "all",
            "classes": [],
            "target_type": "all",
        },
        {
            "name": "weather",
            "value_type": "oneof_string",
            "color": "#0F808A",
            "values": ["sun", "rain"],
            "hotkey": "",
            "applicable_type": "imagesOnly",
            "classes": [],
            "target_type": "all",
        },
        {
            "name": "score",
            "value_type": "any_number",
            "color": "#670F8A",
            "hotkey": "",
            "applicable_type": "objectsOnly",
            "classes": [],
            "target_type": "all",
        },
    ],
    "projectSettings": {"multiView": {"enabled": False, "tagName": None, "tagId": None, "isSynced": False}},
}


def test_new_classes_and_tags_are_added_beside_the_old(live, world):
    answer = ok(update(live, world["p1"], SDK_META))

    assert answer == meta_of(live, world["p1"])
    assert answer["projectType"] == "images"
    assert [c["title"] for c in answer["classes"]] == ["car", "person", "truck", "road", "box3d"]
    road = answer["classes"][3]
    assert (road["shape"], road["color"], road["hotkey"], road["description"]) == ("bitmap", "#0F468A", "r", "drivable")
    assert [t["name"] for t in answer["tags"]] == ["reviewed", "scene", "weather", "score"]
    weather, score = answer["tags"][2], answer["tags"][3]
    assert (weather["value_type"], weather["values"], weather["applicable_type"]) == (
        "oneof_string",
        ["sun", "rain"],
        "imagesOnly",
    )
    assert (score["value_type"], score["applicable_type"], "values" in score) == ("any_number", "objectsOnly", False)
    # sending the same meta again changes nothing
    assert ok(update(live, world["p1"], SDK_META)) == answer


def test_entries_are_updated_by_id_or_by_name(live, world):
    meta = meta_of(live, world["p1"])
    car, person = meta["classes"]
    car.update(title="automobile", color="#00ff00", hotkey="a")  # renamed: found by its id
    person.pop("id")
    person.update(description="a pedestrian")  # found by its title
    meta["tags"][0].update(color="#123456")

    answer = ok(update(live, world["p1"], meta))

    assert [(c["id"], c["title"], c["color"]) for c in answer["classes"]] == [
        (world["car"], "automobile", "#00FF00"),
        (world["person"], "person", "#00FF00"),
    ]
    assert answer["classes"][1]["description"] == "a pedestrian"
    assert answer["tags"][0]["color"] == "#123456"


def test_two_classes_may_swap_names_and_ids_of_another_project_are_ignored(live, world):
    meta = meta_of(live, world["p1"])
    meta["classes"][0]["title"], meta["classes"][1]["title"] = "person", "car"
    swapped = ok(update(live, world["p1"], meta))
    assert [(c["id"], c["title"]) for c in swapped["classes"]] == [(world["car"], "person"), (world["person"], "car")]

    copied = ok(update(live, world["p2"], swapped))  # a meta copied from P1: its ids are not P2's
    assert [c["title"] for c in copied["classes"]] == ["person", "car"]
    assert {c["id"] for c in copied["classes"]}.isdisjoint({world["car"], world["person"]})
    assert meta_of(live, world["p1"]) == swapped


def change(meta, part, index, **fields):
    meta = copy.deepcopy(meta)
    meta[part][index].update(fields)
    return meta


@pytest.mark.parametrize(
    "meta, words",
    [
        (change(SDK_META, "classes", 0, shape="hexagon"), "unknown shape"),
        (change(SDK_META, "classes", 0, shape="graph"), "keypoint"),
        (change(SDK_META, "classes", 0, color="red"), "color"),
        (change(SDK_META, "classes", 0, title=""), "must not be empty"),
        (change(SDK_META, "classes", 0, hotkey="x" * 17), "hotkey"),
        (change(SDK_META, "classes", 2, title="truck"), "twice"),
        (change(SDK_META, "classes", 0, title=5), "title"),
        (change(SDK_META, "tags", 0, value_type="colour"), "value_type"),
        (change(SDK_META, "tags", 1, values=[]), "values"),
        (change(SDK_META, "tags", 1, values=["a", "a"]), "twice"),
        (change(SDK_META, "tags", 0, values=["a"]), "only oneof_string"),
        (change(SDK_META, "tags", 0, applicable_type="videosOnly"), "applicable_type"),
        (change(SDK_META, "tags", 0, classes=["truck"]), "not supported"),
        (change(SDK_META, "tags", 2, name="scene"), "twice"),
        ({"classes": "truck"}, "meta.classes"),
        ({"classes": [{"title": "no shape"}]}, "shape"),
    ],
)
def test_a_bad_meta_is_refused_and_changes_nothing(live, world, meta, words):
    before = meta_of(live, world["p1"])
    assert words in refused(update(live, world["p1"], meta))
    assert meta_of(live, world["p1"]) == before


def test_what_the_stored_data_forbids(live, world):
    before = meta_of(live, world["p1"])
    meta = copy.deepcopy(before)
    meta["classes"][0]["shape"] = "polygon"  # car has figures
    assert "has figures" in refused(update(live, world["p1"], meta))
    meta = copy.deepcopy(before)
    meta["tags"][0]["value_type"] = "any_string"  # 'reviewed' is on an image
    assert "is on images" in refused(update(live, world["p1"], meta))
    meta = copy.deepcopy(before)
    meta["classes"][0]["title"] = "person"  # renamed onto a class left out of the meta
    meta["classes"].pop(1)
    assert "taken" in refused(update(live, world["p1"], meta))
    assert meta_of(live, world["p1"]) == before
    # a shape may change while a class has no figures
    meta = copy.deepcopy(before)
    meta["classes"].append({"title": "fresh", "shape": "rectangle", "color": "#111111"})
    ok(update(live, world["p1"], meta))
    meta = meta_of(live, world["p1"])
    meta["classes"][2]["shape"] = "polygon"
    assert ok(update(live, world["p1"], meta))["classes"][2]["shape"] == "polygon"


def test_who_may_update(live, world):
    add_viewer(live)
    before = meta_of(live, world["p1"])
    refused(update(live, world["p1"], SDK_META, BOB), 404)
    refused(update(live, world["p1"], SDK_META, VIEWER), 403)
    refused(update(live, world["p1"], SDK_META, None), 401)
    refused(update(live, 10**12, SDK_META), 404)
    refused(live.call("projects.meta.update", {"id": world["p1"]}, ALICE))
    refused(live.call("projects.meta.update", {"id": world["p1"], "meta": []}, ALICE))
    assert meta_of(live, world["p1"]) == before


def test_settings_update_accepts_the_sdks_defaults_and_refuses_image_groups(live, world):
    defaults = {"groupImages": False, "groupImagesByTagId": None, "groupImagesSync": False}
    settings = {"id": world["p1"], "settings": defaults}
    assert ok(live.call("projects.settings.update", settings, ALICE)) == {"success": True}
    grouped = {"id": world["p1"], "settings": {**defaults, "groupImages": True}}
    assert "not supported" in refused(live.call("projects.settings.update", grouped, ALICE))
    refused(live.call("projects.settings.update", settings, BOB), 404)
    refused(live.call("projects.settings.update", {"id": world["p1"], "settings": [1]}, ALICE))
