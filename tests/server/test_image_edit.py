"""images.editInfo (api.image.edit/rename, api.video.rename, api.pointcloud.rename):
rename, describe, set meta; any item type; every refusal changes nothing."""

from __future__ import annotations

import pytest

from desktop_app.server.collections.rules import DESCRIPTION_MAX
from desktop_app.server.db.models import NAME_MAX, Dataset, Image
from tests.server.http_helpers import ok, refused
from tests.server.upload_helpers import VIEWER, add_viewer, images_rows
from tests.server.world import ALICE, BOB


def edit(live, body, token=ALICE):
    return live.call("images.editInfo", body, token)


def test_rename_describe_and_set_meta(live, world):
    image = world.images["d1"][2]

    renamed = ok(edit(live, {"id": image, "name": "  renamed.jpg "}))

    assert renamed["id"] == image and renamed["name"] == "renamed.jpg"
    assert ok(live.call("images.info", {"id": image}, ALICE)) == renamed
    described = ok(edit(live, {"id": image, "description": "blurry", "meta": {"k": [1, 2]}}))
    assert (described["name"], described["description"], described["meta"]) == ("renamed.jpg", "blurry", {"k": [1, 2]})
    assert ok(edit(live, {"id": image, "name": "renamed.jpg"}))["name"] == "renamed.jpg"  # its own name is free
    # a name only another dataset has is free here
    assert ok(edit(live, {"id": image, "name": "d2_000.jpg"}))["name"] == "d2_000.jpg"


def test_a_video_is_renamed_the_same_way(live, world):
    with live.sessions()() as s, s.begin():
        clips = Dataset(project_id=world["v"], name="clips")
        s.add(clips)
        s.flush()
        video = Image(dataset_id=clips.id, project_id=world["v"], name="a.mp4", mime="video/mp4", width=320, height=240)
        video.frames_count, video.frame_rate = 50, 25.0
        s.add(video)
        s.flush()
        video_id = video.id
    assert ok(edit(live, {"id": video_id, "name": "b.mp4"}))["name"] == "b.mp4"
    with live.sessions()() as s:
        assert s.get(Image, video_id).name == "b.mp4"


@pytest.mark.parametrize(
    "body, words",
    [
        ({"name": "d1_004.jpg"}, "already has an item named"),
        ({"name": ""}, "must not be empty"),
        ({"name": "   "}, "must not be empty"),
        ({"name": "n" * (NAME_MAX + 1)}, "maximum"),
        ({"description": "d" * (DESCRIPTION_MAX + 1)}, "maximum"),
        ({"name": "ok.jpg", "meta": ["not", "an", "object"]}, "meta"),
        ({"name": 5}, "name"),
        ({}, "nothing to change"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(live, world, body, words):
    image = world.images["d1"][0]
    before = images_rows(live)
    assert words in refused(edit(live, {"id": image, **body}))
    assert images_rows(live) == before


def test_a_taken_name_is_the_sdks_conflict_error(live, world):
    d1 = world.images["d1"]
    r = edit(live, {"id": d1[0], "name": "d1_004.jpg"})
    refused(r)
    assert r.json()["details"]["type"] == "NONUNIQUE"
    assert r.json()["details"]["errors"] == [{"id": d1[4], "name": "d1_004.jpg"}]


def test_who_may_edit(live, world):
    add_viewer(live)
    image = world.images["d1"][0]
    before = images_rows(live)
    refused(edit(live, {"id": image, "name": "x.jpg"}, BOB), 404)
    refused(edit(live, {"id": image, "name": "x.jpg"}, VIEWER), 403)
    refused(edit(live, {"id": image, "name": "x.jpg"}, None), 401)
    refused(edit(live, {"id": 10**12, "name": "x.jpg"}), 404)
    refused(edit(live, {"id": 999_999, "name": "x.jpg"}), 404)
    refused(edit(live, {"name": "x.jpg"}), 400)
    assert images_rows(live) == before
