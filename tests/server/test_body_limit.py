"""Request bodies over the server's limits are refused with 413 in the SDK's
error shape, before they are read into memory, and change nothing. The
limits here are tiny (ServerSettings); the defaults are 32 MB for JSON and
2 GB for one multipart upload request."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from desktop_app.server.embedded import EmbeddedServer
from desktop_app.server.settings import ServerSettings
from tests.server.http_helpers import ok, refused
from tests.server.reliability.db_snapshot import snapshot
from tests.server.world import ALICE, build_world

JSON_LIMIT, UPLOAD_LIMIT = 4_000, 20_000
JSON = {"content-type": "application/json"}


@pytest.fixture
def small_server(db_url: str, tmp_path: Path):
    settings = ServerSettings(
        db_url=db_url, data_dir=tmp_path / "data", max_json_body=JSON_LIMIT, max_upload_body=UPLOAD_LIMIT
    )
    server = EmbeddedServer(settings).start()
    world = build_world(server.app.state.sessions)
    with httpx.Client(base_url=server.url, timeout=30, headers={"x-api-key": ALICE}) as http:
        yield http, world, server.app.state.sessions
    server.stop(wait=False)


def _add_body(world, ids) -> bytes:
    return json.dumps({"projectId": world["p1"], "name": "big", "description": "x" * ids}).encode()


def test_a_json_body_over_the_limit_is_refused_413(small_server):
    http, world, sessions = small_server
    before = snapshot(sessions)
    answer = http.post("/public/api/v3/entities-collections.add", content=_add_body(world, JSON_LIMIT))
    assert "larger than this server accepts" in refused(answer, 413)
    assert snapshot(sessions) == before
    under = http.post("/public/api/v3/entities-collections.add", content=_add_body(world, 100), headers=JSON)
    ok(under)


def test_a_chunked_body_without_length_is_counted_and_refused(small_server):
    http, world, sessions = small_server
    before = snapshot(sessions)
    body = _add_body(world, JSON_LIMIT)
    chunks = (body[i : i + 1000] for i in range(0, len(body), 1000))  # no Content-Length: chunked
    answer = http.post("/public/api/v3/entities-collections.add", content=chunks, headers=JSON)
    assert "larger than this server accepts" in refused(answer, 413)
    assert snapshot(sessions) == before
    small = _add_body(world, 100)
    ok(http.post("/public/api/v3/entities-collections.add", content=iter([small[:50], small[50:]]), headers=JSON))


def test_uploads_have_their_own_larger_limit(small_server):
    http, _world, sessions = small_server
    before = snapshot(sessions)
    within = http.post("/public/api/v3/images.bulk.upload", files={"0-file": ("0", b"x" * (JSON_LIMIT * 2), "image/*")})
    assert within.status_code != 413, within.text  # over the JSON limit, under the upload one
    over = http.post("/public/api/v3/images.bulk.upload", files={"0-file": ("0", b"x" * UPLOAD_LIMIT, "image/*")})
    refused(over, 413)
    assert snapshot(sessions) == before
