"""Dispatcher rules that hold for every method."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

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


def test_concurrent_writers_all_succeed(live, world):
    """Writers racing on one collection: none fails, every item lands once."""
    created = live.call("entities-collections.add",
                        {"projectId": world["p1"], "name": "race", "type": "default"}, ALICE).json()
    ids = world.images["d1"] + world.images["d2"]

    def add(image_id):
        return live.call("entities-collections.items.bulk.add",
                         {"collectionId": created["id"], "entityIds": [image_id, ids[0]]}, ALICE).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(add, ids * 2))
    assert codes == [200] * len(codes)
    with live.sessions()() as s:
        count = s.scalar(select(func.count()).select_from(CollectionItem).where(
            CollectionItem.collection_id == created["id"]))
    assert count == len(ids)
