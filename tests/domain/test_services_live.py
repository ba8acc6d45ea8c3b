"""The services the window calls, against the real server: what the project
chooser lists, the data of a project being opened, collection sizes, one
item with its labels, team members."""

from __future__ import annotations

from desktop_app.domain.services import Services
from tests.domain.live_outbox import alice_api, run


def test_projects_service_lists_the_chooser_and_loads_a_project(live, world):
    async def main():
        api = alice_api(live.url)
        try:
            projects = Services.over(api).projects
            teams = await projects.teams()
            assert [t.name for t in teams] == ["team-a"]  # alice's only
            workspaces = await projects.workspaces(world["team_a"])
            assert [w.id for w in workspaces] == [world["ws_a"]]
            assert await projects.team_of_workspace(world["ws_a"]) == world["team_a"]
            assert {p.name for p in await projects.projects(world["ws_a"])} >= {"P1", "P2"}
            assert await projects.first_project_id() in {world["p1"], world["p2"], world["v"]}

            loaded = await projects.load(world["p1"])
            assert loaded.project.id == world["p1"] == (await projects.project(world["p1"])).id
            assert sorted(d.name for d in loaded.datasets) == ["d1", "d2"]
            assert {c.title for c in loaded.meta.classes} == {"car", "person"}
            assert await projects.collections(world["p1"]) == []
        finally:
            await api.aclose()

    run(main())


def test_images_service_reads_an_item_its_labels_and_a_collection_size(live, world):
    first, second = world.images["d1"][:2]

    async def main():
        api = alice_api(live.url)
        try:
            images = Services.over(api).images
            assert (await images.info(second)).id == second
            assert len((await images.annotation(second)).objects) == 2
            both = await images.annotations(world["d1"], [first, second])
            assert sorted(len(a.objects) for a in both) == [1, 2]
            collection = await api.collections.create(world["p1"], "picked")
            await api.collections.add_items(collection.id, [first, second])
            assert await images.collection_size(world["p1"], collection.id) == 2
        finally:
            await api.aclose()

    run(main())


def test_users_service_says_who_is_connected_and_who_is_in_the_team(live, world):
    async def main():
        api = alice_api(live.url)
        try:
            users = Services.over(api).users
            assert (await users.me()).login == "alice"
            members = await users.team_members(world["team_a"])
            assert {m.login for m in members} == {"alice", "admin"}
        finally:
            await api.aclose()

    run(main())
