"""projects.add (api.project.create): images, videos and point-cloud projects;
other types, taken names and bad input refused with nothing created."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.server.db.models import NAME_MAX, Project
from tests.server.http_helpers import ok, refused
from tests.server.upload_helpers import VIEWER, add_viewer
from tests.server.world import ALICE, BOB


def projects(live) -> list[tuple]:
    with live.sessions()() as s:
        return [tuple(r) for r in s.execute(select(Project.id, Project.name, Project.type).order_by(Project.id))]


def create(live, ws, name, type_="images", token=ALICE, **extra):
    body = {"name": name, "workspaceId": ws, "description": "", "type": type_, **extra}
    return live.call("projects.add", body, token)


@pytest.mark.parametrize("type_", ["images", "videos", "point_clouds"])
def test_create_each_supported_type(live, world, type_):
    made = ok(create(live, world["ws_a"], f"new {type_}", type_, description="about", customData={"k": 1}))

    assert (made["name"], made["type"], made["workspaceId"], made["teamId"]) == (
        f"new {type_}",
        type_,
        world["ws_a"],
        world["team_a"],
    )
    assert (made["description"], made["customData"], made["createdBy"]) == ("about", {"k": 1}, world["alice"])
    assert (made["imagesCount"], made["datasetsCount"]) == (0, 0)
    assert ok(live.call("projects.info", {"id": made["id"]}, ALICE)) == made
    assert ok(live.call("projects.meta", {"id": made["id"]}, ALICE)) == {
        "classes": [],
        "tags": [],
        "projectType": type_,
    }


def test_a_taken_name_is_the_sdks_conflict_error(live, world):
    before = projects(live)
    r = create(live, world["ws_a"], "P1")
    refused(r)
    assert r.json()["details"]["type"] == "NONUNIQUE"
    assert r.json()["details"]["errors"] == [{"id": world["p1"], "name": "P1"}]
    assert projects(live) == before
    # the same name is free in another workspace
    ok(create(live, world["ws_b"], "P1", token=BOB))


@pytest.mark.parametrize(
    "body, words",
    [
        ({"type": "volumes"}, "not supported"),
        ({"type": "point_cloud_episodes"}, "not supported"),
        ({"type": "pictures"}, "unknown project type"),
        ({"name": ""}, "must not be empty"),
        ({"name": "n" * (NAME_MAX + 1)}, "maximum"),
        ({"name": None}, "name"),
        ({"customData": [1]}, "customData"),
        ({"workspaceId": "1"}, "workspaceId"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(live, world, body, words):
    before = projects(live)
    full = {"name": "fresh", "workspaceId": world["ws_a"], "type": "images", **body}
    assert words in refused(live.call("projects.add", full, ALICE))
    assert projects(live) == before


def test_who_may_create_where(live, world):
    add_viewer(live)
    before = projects(live)
    refused(create(live, world["ws_b"], "x"), 404)  # bob's workspace
    refused(create(live, 10**12, "x"), 404)
    refused(create(live, world["ws_a"], "x", token=VIEWER), 403)
    refused(create(live, world["ws_a"], "x", token=None), 401)
    assert projects(live) == before
