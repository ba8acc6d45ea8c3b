"""A bug inside a handler still answers in the SDK's error shape, status 500,
on a connection that stays usable; the traceback stays in the server log."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_failing_handler_answers_json_500(live, world):
    def boom() -> None:
        raise KeyError(6)

    live.server.app.add_api_route("/public/api/v3/test.boom", boom, methods=["POST"])
    answer = live.call("test.boom", {})
    assert answer.status_code == 500
    assert answer.json() == {
        "error": "Internal server error",
        "details": {"message": "the server failed to handle this request; see its log"},
    }
    assert "KeyError" not in answer.text
    assert live.call("users.me", {}, "alice-token").status_code == 200  # the same client goes on
