"""Contract tests for the context methods: users, teams, workspaces, projects,
datasets. Request bodies are the ones the SDK sends (docs/wire-contract.md)."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.server.db.models import Dataset, Image, TagMeta
from tests.server.http_helpers import ok, refused
from tests.server.world import ADMIN, ALICE, BOB

USER_KEYS = {
    "id",
    "login",
    "role",
    "roleId",
    "name",
    "email",
    "logins",
    "disabled",
    "lastLogin",
    "createdAt",
    "updatedAt",
}
PROJECT_KEYS = {
    "id",
    "name",
    "description",
    "size",
    "readme",
    "workspaceId",
    "imagesCount",
    "itemsCount",
    "datasetsCount",
    "createdAt",
    "updatedAt",
    "type",
    "referenceImageUrl",
    "customData",
    "backupArchive",
    "teamId",
    "settings",
    "importSettings",
    "version",
    "createdBy",
}
DATASET_KEYS = {
    "id",
    "name",
    "description",
    "size",
    "projectId",
    "imagesCount",
    "itemsCount",
    "createdAt",
    "updatedAt",
    "referenceImageUrl",
    "teamId",
    "workspaceId",
    "parentId",
    "customData",
    "createdBy",
}
LIST = {"filter": [], "sort": "id", "sort_order": "asc"}


def add_nested_dataset(live, parent_id: int, name: str, images: int) -> tuple[int, list[int]]:
    """A dataset inside another one, with a few images of its own."""
    with live.sessions()() as s, s.begin():
        parent = s.get(Dataset, parent_id)
        child = Dataset(project_id=parent.project_id, parent_id=parent.id, name=name)
        s.add(child)
        s.flush()
        ids = []
        for i in range(images):
            img = Image(
                dataset_id=child.id,
                project_id=parent.project_id,
                name=f"{name}_{i}.jpg",
                width=64,
                height=48,
                size=100 + i,
            )
            s.add(img)
            s.flush()
            ids.append(img.id)
        return child.id, ids


# --- users and teams ---------------------------------------------------------


def test_team_visibility(live, world):
    teams = ok(live.call("teams.list", LIST, ALICE))
    assert [t["name"] for t in teams["entities"]] == ["team-a"]
    assert live.call("teams.info", {"id": world["team_b"]}, ALICE).status_code == 404
    assert live.call("teams.info", {"id": world["team_b"]}, BOB).status_code == 200


def test_bad_token_is_401(live, world):
    assert refused(live.call("users.me", {}, "nope"), 401)
    assert refused(live.call("users.list", LIST), 401)


def test_users_list_shows_only_teammates(live, world):
    page = ok(live.call("users.list", LIST, ALICE))
    assert [u["login"] for u in page["entities"]] == ["alice", "admin"]
    assert page["total"] == 2 and page["pagesCount"] == 1
    assert USER_KEYS <= set(page["entities"][0])
    assert [u["login"] for u in ok(live.call("users.list", LIST, BOB))["entities"]] == ["bob"]


def test_users_list_filter_and_pages(live, world):
    by_login = [{"field": "login", "operator": "=", "value": "admin"}]
    only = ok(live.call("users.list", {**LIST, "filter": by_login}, ALICE))
    assert [u["id"] for u in only["entities"]] == [world["admin"]]
    first = ok(live.call("users.list", {**LIST, "per_page": 1}, ALICE))
    second = ok(live.call("users.list", {**LIST, "page": 2, "per_page": 1}, ALICE))
    assert first["total"] == second["total"] == 2 and first["pagesCount"] == 2
    assert [u["login"] for u in first["entities"] + second["entities"]] == ["alice", "admin"]
    refused(live.call("users.list", {**LIST, "filter": [{"field": "token", "operator": "=", "value": "x"}]}, ALICE))


def test_users_info_has_teams_of_the_callers_teams_only(live, world):
    info = ok(live.call("users.info", {"id": world["admin"]}, ALICE))
    assert USER_KEYS <= set(info)
    assert info["teams"] == [{"id": world["team_a"], "name": "team-a", "roleId": 1, "role": "admin"}]
    assert ok(live.call("users.info", {"id": world["alice"]}, ALICE))["login"] == "alice"
    refused(live.call("users.info", {"id": world["bob"]}, ALICE), 404)
    refused(live.call("users.info", {"id": 987654}, ALICE), 404)
    refused(live.call("users.info", {"id": "1"}, ALICE))
    refused(live.call("users.info", {}, ALICE))


# --- workspaces --------------------------------------------------------------


def test_workspaces_list_and_info(live, world):
    page = ok(live.call("workspaces.list", {"teamId": world["team_a"], **LIST}, ALICE))
    assert [(w["name"], w["teamId"]) for w in page["entities"]] == [("ws-a", world["team_a"])]
    assert {"id", "name", "description", "teamId", "createdAt", "updatedAt"} <= set(page["entities"][0])
    info = ok(live.call("workspaces.info", {"id": world["ws_a"]}, ALICE))
    assert info == page["entities"][0]
    refused(live.call("workspaces.list", {"teamId": world["team_b"], **LIST}, ALICE), 404)
    refused(live.call("workspaces.info", {"id": world["ws_b"]}, ALICE), 404)
    refused(live.call("workspaces.list", LIST, ALICE))
    refused(live.call("workspaces.list", {"teamId": None, **LIST}, ALICE))
    refused(live.call("workspaces.list", {"teamId": "a", **LIST}, ALICE))


# --- projects ----------------------------------------------------------------


def test_projects_list_by_workspace_as_the_sdk_sends_it(live, world):
    body = {"filter": [], "fields": [], "workspaceId": world["ws_a"], "sort": "id", "sort_order": "asc"}
    page = ok(live.call("projects.list", body, ALICE))
    assert [p["name"] for p in page["entities"]] == ["P1", "P2", "V"]
    assert PROJECT_KEYS <= set(page["entities"][0])
    assert page["total"] == 3


def test_projects_list_with_fields_and_group_id(live, world):
    fields = [
        "id",
        "workspaceId",
        "title",
        "description",
        "size",
        "readme",
        "type",
        "createdAt",
        "updatedAt",
        "customData",
        "groupId",
        "createdBy",
        "imagesCount",
    ]
    body = {"filter": [], "fields": fields, "groupId": world["team_a"], "sort": "id", "sort_order": "asc"}
    page = ok(live.call("projects.list", body, ALICE))
    assert [p["name"] for p in page["entities"]] == ["P1", "P2", "V"]
    assert [p["imagesCount"] for p in page["entities"]] == [10, 2, 0]
    everything = ok(live.call("projects.list", LIST, ALICE))
    assert [p["name"] for p in everything["entities"]] == ["P1", "P2", "V"]
    assert [p["name"] for p in ok(live.call("projects.list", LIST, BOB))["entities"]] == ["PB"]


def test_projects_list_filter_sort_and_refusals(live, world):
    by_name = {
        **LIST,
        "filter": [{"field": "name", "operator": "in", "value": ["P2", "V", "PB"]}],
        "sort": "name",
        "sort_order": "desc",
    }
    assert [p["name"] for p in ok(live.call("projects.list", by_name, ALICE))["entities"]] == ["V", "P2"]
    refused(live.call("projects.list", {**LIST, "workspaceId": world["ws_b"]}, ALICE), 404)
    refused(live.call("projects.list", {**LIST, "groupId": world["team_b"]}, ALICE), 404)
    refused(live.call("projects.list", {**LIST, "workspaceId": "x"}, ALICE))
    refused(live.call("projects.list", {**LIST, "sort": "secret"}, ALICE))


def test_projects_info_counts(live, world):
    with live.sessions()() as s, s.begin():
        for img in s.query(Image).filter(Image.dataset_id == world["d1"]):
            img.size = 1000
    info = ok(live.call("projects.info", {"id": world["p1"]}, ALICE))
    assert PROJECT_KEYS <= set(info)
    assert (info["imagesCount"], info["itemsCount"], info["datasetsCount"]) == (10, 10, 2)
    assert info["size"] == "5000"
    assert (info["teamId"], info["workspaceId"], info["type"]) == (world["team_a"], world["ws_a"], "images")
    assert isinstance(info["settings"], dict) and isinstance(info["customData"], dict)
    video = ok(live.call("projects.info", {"id": world["v"]}, ALICE))
    assert (video["type"], video["imagesCount"], video["datasetsCount"]) == ("videos", 0, 0)
    refused(live.call("projects.info", {"id": world["pb"]}, ALICE), 404)
    refused(live.call("projects.info", {"id": 99999999}, ALICE), 404)
    refused(live.call("projects.info", {"id": None}, ALICE))


def test_projects_meta(live, world):
    with live.sessions()() as s, s.begin():
        s.add(
            TagMeta(
                project_id=world["p1"],
                name="color",
                value_type="oneof_string",
                values=["red", "blue"],
                applicable_type="imagesOnly",
            )
        )
    meta = ok(live.call("projects.meta", {"id": world["p1"]}, ALICE))
    assert meta["projectType"] == "images"
    assert meta["classes"] == [
        {"id": world["car"], "title": "car", "shape": "rectangle", "color": "#FF0000", "hotkey": "", "description": ""},
        {
            "id": world["person"],
            "title": "person",
            "shape": "rectangle",
            "color": "#00FF00",
            "hotkey": "",
            "description": "",
        },
    ]
    reviewed, color = meta["tags"]
    assert reviewed == {
        "id": world["reviewed"],
        "name": "reviewed",
        "value_type": "none",
        "color": "#0000FF",
        "applicable_type": "all",
        "hotkey": "",
    }  # no `values`: the SDK refuses them here
    assert (color["name"], color["values"], color["applicable_type"]) == ("color", ["red", "blue"], "imagesOnly")
    assert ok(live.call("projects.meta", {"id": world["p2"]}, ALICE)) == {
        "classes": [],
        "tags": [],
        "projectType": "images",
    }
    refused(live.call("projects.meta", {"id": world["pb"]}, ALICE), 404)


# --- datasets ----------------------------------------------------------------


def test_datasets_list_top_level_and_nested(live, world):
    child, _ = add_nested_dataset(live, world["d1"], "d1-child", 3)
    grandchild, _ = add_nested_dataset(live, child, "d1-grandchild", 1)
    body = {"projectId": world["p1"], "filter": [], "recursive": False, "sort": "id", "sort_order": "asc"}
    top = ok(live.call("datasets.list", body, ALICE))
    assert [d["name"] for d in top["entities"]] == ["d1", "d2"]
    assert DATASET_KEYS <= set(top["entities"][0])
    everything = ok(live.call("datasets.list", {**body, "recursive": True}, ALICE))
    assert [d["name"] for d in everything["entities"]] == ["d1", "d2", "d1-child", "d1-grandchild"]
    # api.dataset.get_list(project_id, parent_id=d1) sends this
    nested = {
        "projectId": world["p1"],
        "filter": [{"field": "parentId", "operator": "=", "value": world["d1"]}],
        "recursive": True,
        "sort": "id",
        "sort_order": "asc",
    }
    children = ok(live.call("datasets.list", nested, ALICE))["entities"]
    assert [(d["id"], d["parentId"]) for d in children] == [(child, world["d1"])]
    assert children[0]["imagesCount"] == 3  # its own images, not its nested dataset's
    below_child = {**nested, "filter": [{"field": "parentId", "operator": "=", "value": child}]}
    assert [d["id"] for d in ok(live.call("datasets.list", below_child, ALICE))["entities"]] == [grandchild]


def test_datasets_info(live, world):
    info = ok(live.call("datasets.info", {"id": world["d1"]}, ALICE))
    assert DATASET_KEYS <= set(info)
    assert (info["imagesCount"], info["itemsCount"], info["projectId"], info["parentId"]) == (5, 5, world["p1"], None)
    assert (info["teamId"], info["workspaceId"]) == (world["team_a"], world["ws_a"])
    listed = ok(live.call("datasets.list", {"projectId": world["p1"], **LIST}, ALICE))["entities"][0]
    assert listed == info
    refused(live.call("datasets.info", {"id": world["pbd"]}, ALICE), 404)
    assert ok(live.call("datasets.info", {"id": world["pbd"]}, BOB))["name"] == "pbd"


def test_datasets_list_refusals(live, world):
    refused(live.call("datasets.list", {"projectId": world["pb"], **LIST}, ALICE), 404)
    refused(live.call("datasets.list", LIST, ALICE))
    refused(live.call("datasets.list", {"projectId": world["p1"], "recursive": "yes", **LIST}, ALICE))
    refused(
        live.call(
            "datasets.list",
            {"projectId": world["p1"], **LIST, "filter": [{"field": "parentId", "operator": "~", "value": 1}]},
            ALICE,
        )
    )


def test_another_member_of_team_a_sees_its_projects(live, world):
    assert [p["name"] for p in ok(live.call("projects.list", LIST, ADMIN))["entities"]] == ["P1", "P2", "V"]


def test_token_pages_of_any_list_follow_the_page_order_nulls_included(live, world):
    """One cursor format for every list: walking datasets by parentId (NULLs among
    them) one at a time in token mode gives the order of page mode, both ways."""
    child, _ = add_nested_dataset(live, world["d1"], "d1-child", 1)
    add_nested_dataset(live, child, "d1-grandchild", 1)
    add_nested_dataset(live, world["d2"], "d2-child", 1)
    for order in ("asc", "desc"):
        body = {"projectId": world["p1"], "recursive": True, "sort": "parentId", "sort_order": order}
        paged = [d["id"] for d in ok(live.call("datasets.list", body, ALICE))["entities"]]
        assert len(paged) == 5
        walked, page = [], ok(live.call("datasets.list", {**body, "pagination_mode": "token", "per_page": 1}, ALICE))
        while True:
            walked += [d["id"] for d in page["entities"]]
            if page["after"] is None:
                break
            page = ok(
                live.call(
                    "datasets.list", {**body, "pagination_mode": "token", "per_page": 1, "after": page["after"]}, ALICE
                )
            )
        assert walked == paged, order
        parents = [d["parentId"] for d in ok(live.call("datasets.list", body, ALICE))["entities"]]
        assert (parents[:2] if order == "asc" else parents[-2:]) == [None, None]  # NULLs first ascending
    first = ok(live.call("datasets.list", {**body, "pagination_mode": "token", "per_page": 1}, ALICE))
    message = refused(
        live.call("datasets.list", {**body, "pagination_mode": "token", "sort": "name", "after": first["after"]}, ALICE)
    )
    assert "another sort order" in message


def test_datasets_add_names_are_unique_per_level_and_refusals_change_nothing(live, world):
    made = ok(live.call("datasets.add", {"projectId": world["p1"], "name": "d3", "parentId": None}, ALICE))
    assert (made["name"], made["projectId"], made["parentId"], made["imagesCount"]) == ("d3", world["p1"], None, 0)
    nested = ok(live.call("datasets.add", {"projectId": world["p1"], "name": "d3", "parentId": made["id"]}, ALICE))
    assert nested["parentId"] == made["id"]
    # a NULL parent makes no SQL unique constraint fire: the top-level clash is checked by hand
    assert "already exists" in refused(live.call("datasets.add", {"projectId": world["p1"], "name": "d3"}, ALICE))
    refused(live.call("datasets.add", {"projectId": world["p1"], "name": "x", "parentId": world["p2d"]}, ALICE))
    refused(live.call("datasets.add", {"projectId": world["pb"], "name": "x"}, ALICE), 404)
    refused(live.call("datasets.add", {"projectId": world["p1"], "name": " "}, ALICE))
    with live.sessions()() as s:
        names = sorted(s.scalars(select(Dataset.name).where(Dataset.project_id == world["p1"])))
    assert names == ["d1", "d2", "d3", "d3"]
