"""Rules that hold for every v3 route: authentication before the body, the
error envelope, writers that wait for each other, and the OpenAPI description."""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

import desktop_app.api
from desktop_app.server.db.models import CollectionItem
from tests.server.world import ALICE


def test_out_of_range_ids_are_4xx_not_5xx(live, world):
    for method in ("teams.info", "projects.info", "images.info", "entities-collections.info"):
        r = live.call(method, {"id": 2**40}, ALICE)
        assert 400 <= r.status_code < 500, (method, r.status_code, r.text)
        assert r.json()["details"]["message"]


def test_body_must_be_a_json_object(live, world):
    r = live.http.post("/public/api/v3/teams.info", content=b"[1,2]", headers={"x-api-key": ALICE})
    assert r.status_code == 400
    r = live.http.post("/public/api/v3/teams.info", content=b"{not json", headers={"x-api-key": ALICE})
    assert r.status_code == 400
    assert live.call("no.such.method", {}, ALICE).status_code == 404


def test_a_body_that_is_not_json_is_401_without_a_valid_token(live, world):
    json_type = {"content-type": "application/json"}  # as the SDK sends it: FastAPI decodes it first
    for headers in (json_type, {**json_type, "x-api-key": "not-a-token"}):
        r = live.http.post("/public/api/v3/teams.info", content=b"{not json", headers=headers)
        assert r.status_code == 401, (headers, r.text)
        assert r.json()["error"]


def test_concurrent_writers_all_succeed(live, world):
    """Writers racing on one collection: none fails, every item lands once."""
    created = live.call(
        "entities-collections.add", {"projectId": world["p1"], "name": "race", "type": "default"}, ALICE
    ).json()
    ids = world.images["d1"] + world.images["d2"]

    def add(image_id):
        return live.call(
            "entities-collections.items.bulk.add",
            {"collectionId": created["id"], "entityIds": [image_id, ids[0]]},
            ALICE,
        ).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(add, ids * 2))
    assert codes == [200] * len(codes)
    with live.sessions()() as s:
        count = s.scalar(
            select(func.count()).select_from(CollectionItem).where(CollectionItem.collection_id == created["id"])
        )
    assert count == len(ids)


def client_methods() -> set[str]:
    """Every v3 method our own client calls, read from its source."""
    found = set()
    for path in Path(desktop_app.api.__file__).parent.rglob("*.py"):
        found |= set(
            re.findall(
                r'"((?:instance|users|teams|workspaces|projects|datasets|images|annotations|'
                r'entities-collections|labeling-queues)\.[\w.-]+)"',
                path.read_text(),
            )
        )
    return found


def v3_methods(live) -> set[str]:
    paths = live.http.get("/openapi.json").json()["paths"]
    return {p.removeprefix("/public/api/v3/") for p in paths if p.startswith("/public/api/v3/")}


# Methods the server answers for the official SDK (getting data in) that the app's own client does not call.
SDK_ONLY_METHODS = {
    "projects.add",
    "projects.meta.update",
    "projects.settings.update",
    "images.internal.hashes.list",
    "images.bulk.upload",
    "images.bulk.add",
    "images.editInfo",
    # point clouds (wire contract section 12)
    "point-clouds.list",
    "point-clouds.info",
    "point-clouds.download",
    "point-clouds.annotations.bulk.info",
    "point-clouds.annotations.save",
    "point-clouds.tags.bulk.add",
    "point-clouds.bulk.upload",
    "point-clouds.bulk.add",
    "annotation-objects.bulk.add",
    "annotation-objects.tags.bulk.add",
    "figures.bulk.add",
    "advanced.object_classes.list",
    "tags.list",
}


def test_openapi_lists_every_method_the_client_calls(live):
    assert len(client_methods()) > 30
    assert client_methods() <= v3_methods(live)
    # beside those, the SDK's (getting data in, videos, point clouds), each of them on purpose
    assert SDK_ONLY_METHODS <= v3_methods(live)
    docs = live.http.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_openapi_documents_bodies_answers_errors_and_the_token(live):
    spec = live.http.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["APIKeyHeader"] == {
        "type": "apiKey",
        "in": "header",
        "name": "x-api-key",
        "description": "the user's API token",
    }
    for method in v3_methods(live):
        operation = spec["paths"][f"/public/api/v3/{method}"]["post"]
        answers = operation["responses"]
        assert {"200", "400", "401", "404", "503"} <= set(answers), method
        assert answers["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
        content = answers["200"]["content"]
        if "application/json" not in content:  # files: images.download, videos.download, frames
            assert content and all(kind != "application/json" for kind in content), method
        else:
            schema = content["application/json"]["schema"]
            items = schema.get("items", {})
            # a model, not "any"; or a bare array of strings (images.internal.hashes.list)
            assert "$ref" in schema or "$ref" in items or items.get("type") == "string", method
        assert "requestBody" in operation, method
        if method != "instance.version":
            assert operation["security"] == [{"APIKeyHeader": []}], method


def test_no_token_is_401_whatever_the_body(live, world):
    for method in sorted(v3_methods(live) - {"instance.version"}):
        for body in ({}, {"id": "not a number"}, [1, 2]):
            r = live.http.post(f"/public/api/v3/{method}", json=body)
            assert r.status_code == 401, (method, body, r.text)
            assert r.json()["details"]["message"] == "missing x-api-key header"
        r = live.http.post(f"/public/api/v3/{method}", json={}, headers={"x-api-key": "wrong"})
        assert r.status_code == 401 and r.json()["details"]["message"] == "invalid API token", (method, r.text)


def test_a_bad_body_is_400_with_the_fields_named(live, world):
    r = live.call("annotations.bulk.info", {"datasetId": "7", "imageIds": [1, "x"]}, ALICE)
    assert r.status_code == 400
    message = r.json()["details"]["message"]
    assert "datasetId" in message and "imageIds.1" in message and "body" not in message
    assert live.call("teams.info", {}, ALICE).json()["details"]["message"] == "id: Field required"
    assert live.call("instance.version", None).status_code == 200
    assert live.http.post("/public/api/v3/users.me", headers={"x-api-key": ALICE}).json()["login"] == "alice"


def test_unknown_paths_and_methods_answer_the_envelope(live):
    r = live.http.get("/public/api/v3/teams.list")
    assert r.status_code == 405 and r.json()["details"]["message"]
    r = live.call("no.such.method", {})
    assert r.json() == {"error": "Method not found", "details": {"message": "unknown method 'no.such.method'"}}
