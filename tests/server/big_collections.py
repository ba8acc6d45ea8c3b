"""Many images and a big collection written straight into a live server's
database (an INSERT per 5,000 rows): worlds for the bulk-add and preview tests
that would take minutes to build through the API."""

from __future__ import annotations

from sqlalchemy import insert

from desktop_app.server.db.models import CollectionItem
from desktop_app.server.timeutil import utcnow
from tests.server.reliability.seeding import BATCH, add_images
from tests.server.world import ALICE, World


def engine_of(live):
    return live.sessions().kw["bind"]


def many_images(live, world: World, count: int, prefix: str = "big") -> list[int]:
    """`count` more images in the world's dataset d1 (project P1); their ids, ascending."""
    return add_images(engine_of(live), world, "d1", count, prefix)


def collection_of(live, project_id: int, name: str, ids: list[int]) -> int:
    """A new collection holding `ids`; its id."""
    r = live.call("entities-collections.add", {"projectId": project_id, "name": name}, ALICE)
    assert r.status_code == 200, r.text
    coll, now = r.json()["id"], utcnow()
    with engine_of(live).begin() as conn:
        for start in range(0, len(ids), BATCH):
            rows = [
                {"collection_id": coll, "image_id": i, "meta": {}, "created_at": now}
                for i in ids[start : start + BATCH]
            ]
            conn.execute(insert(CollectionItem), rows)
    return coll
