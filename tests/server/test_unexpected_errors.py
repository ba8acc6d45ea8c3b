"""A bug inside a handler still answers in the SDK's error shape, status 500,
on a connection that stays usable; the traceback stays in the server log."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_failing_handler_answers_json_500(live, world):
    from fastapi import APIRouter

    from desktop_app.server.routes.v3_route import V3Route

    def boom() -> None:
        raise KeyError(6)

    router = APIRouter(route_class=V3Route)
    router.add_api_route("/public/api/v3/test.boom", boom, methods=["POST"])
    live.server.app.include_router(router)
    answer = live.call("test.boom", {})
    assert answer.status_code == 500
    assert answer.json() == {
        "error": "Internal server error",
        "details": {"message": "the server failed to handle this request; see its log"},
    }
    assert "KeyError" not in answer.text
    for _ in range(20):  # the connection stays open: the same client goes on
        assert live.call("test.boom", {}).status_code == 500
        assert live.call("users.me", {}, "alice-token").status_code == 200
