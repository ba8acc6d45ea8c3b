"""users, teams, workspaces, projects, datasets, instance through the client,
against the real server and the known world."""

from __future__ import annotations

import pytest

from desktop_app.api import NotFound
from desktop_app.api.errors import Conflict, InvalidInput

pytestmark = pytest.mark.anyio


async def test_version_and_me(api, world):
    assert tuple(int(p) for p in (await api.instance.version()).split(".")[:3]) >= (6, 18, 3)
    me = await api.users.me()
    assert (me.id, me.login) == (world["alice"], "alice")
    assert me.created_at is not None and me.created_at.tzinfo is not None


async def test_users(api, world):
    logins = {u.login for u in await api.users.list()}
    assert "alice" in logins
    assert (await api.users.info(world["alice"])).login == "alice"


async def test_teams_and_workspaces(api, world):
    teams = await api.teams.list()
    assert [(t.id, t.name) for t in teams] == [(world["team_a"], "team-a")]  # not bob's team
    assert teams[0].role == "admin"
    assert (await api.teams.info(world["team_a"])).name == "team-a"
    with pytest.raises(NotFound):
        await api.teams.info(world["team_b"])
    spaces = await api.workspaces.list(world["team_a"])
    assert [(w.id, w.name, w.team_id) for w in spaces] == [(world["ws_a"], "ws-a", world["team_a"])]
    assert (await api.workspaces.info(world["ws_a"])).name == "ws-a"


async def test_projects(api, world):
    totals = []
    by_ws = await api.projects.list(world["ws_a"], on_total=totals.append)
    assert [p.name for p in by_ws] == ["P1", "P2", "V"] and totals == [3]
    by_team = await api.projects.list(team_id=world["team_a"])
    assert [p.id for p in by_team] == [p.id for p in by_ws]
    p1 = await api.projects.info(world["p1"])
    assert (p1.name, p1.type, p1.workspace_id, p1.items_count) == ("P1", "images", world["ws_a"], 10)
    assert (await api.projects.info(world["v"])).type == "videos"
    with pytest.raises(ValueError):
        await api.projects.list(world["ws_a"], team_id=world["team_a"])


async def test_project_meta(api, world):
    meta = await api.projects.meta(world["p1"])
    assert {c.title for c in meta.classes} == {"car", "person"}
    car = meta.class_by_title("car")
    assert car.id == world["car"] and car.color == "#FF0000" and car.shape == "rectangle"
    assert meta.class_by_id(world["person"]).title == "person"
    reviewed = meta.tag_by_name("reviewed")
    assert reviewed.id == world["reviewed"] and reviewed.value_type == "none"


async def test_datasets(api, world):
    datasets = await api.datasets.list(world["p1"])
    assert [(d.name, d.project_id, d.parent_id) for d in datasets] == [
        ("d1", world["p1"], None),
        ("d2", world["p1"], None),
    ]
    d1 = await api.datasets.info(world["d1"])
    assert d1.name == "d1" and d1.items_count == 5
    assert await api.datasets.list(world["p1"], parent_id=world["d1"]) == []


async def test_create_datasets_top_level_and_nested(api, world):
    made = await api.datasets.create(world["p1"], " d3 ", "new one")
    assert (made.name, made.project_id, made.parent_id, made.items_count) == ("d3", world["p1"], None, 0)
    child = await api.datasets.create(world["p1"], "d3", parent_id=made.id)  # the same name one level down
    assert child.parent_id == made.id
    assert [d.name for d in await api.datasets.list(world["p1"])] == ["d1", "d2", "d3"]
    assert [d.id for d in await api.datasets.list(world["p1"], parent_id=made.id)] == [child.id]


async def test_create_dataset_refusals_change_nothing(api, world):
    with pytest.raises(Conflict):
        await api.datasets.create(world["p1"], "d1")
    with pytest.raises(InvalidInput):
        await api.datasets.create(world["p1"], "   ")
    with pytest.raises(InvalidInput):  # a parent of another project
        await api.datasets.create(world["p1"], "x", parent_id=world["p2d"])
    with pytest.raises(NotFound):  # a project of a team the caller is not in
        await api.datasets.create(world["pb"], "x")
    assert [d.name for d in await api.datasets.list(world["p1"], recursive=True)] == ["d1", "d2"]
