from tests.server.world import ALICE, BOB


def test_team_visibility(live, world):
    teams = live.call("teams.list", {"filter": [], "sort": "id", "sort_order": "asc"}, ALICE).json()
    assert [t["name"] for t in teams["entities"]] == ["team-a"]
    assert live.call("teams.info", {"id": world["team_b"]}, ALICE).status_code == 404
    assert live.call("teams.info", {"id": world["team_b"]}, BOB).status_code == 200


def test_bad_token_is_401(live, world):
    r = live.call("users.me", {}, "nope")
    assert r.status_code == 401
    assert r.json()["details"]["message"]
