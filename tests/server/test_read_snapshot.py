"""A read sees one snapshot of the database: while another process keeps adding
and deleting images, every images.list answer's `total` equals the rows it
returns (the SDK's paging raises "some items are missed" otherwise). On
PostgreSQL at READ COMMITTED the count and the rows were separate snapshots."""

from __future__ import annotations

import threading

from sqlalchemy import delete

from desktop_app.server.db.models import Image
from tests.server.http_helpers import ok
from tests.server.world import ALICE

READS = 60


def churn(live, world, stop: threading.Event) -> None:
    """Add an image to d1 and delete it again, as fast as the database allows."""
    n = 0
    while not stop.is_set():
        with live.sessions()() as s, s.begin():
            s.add(Image(dataset_id=world["d1"], project_id=world["p1"], name=f"churn-{n}.jpg", width=8, height=8))
        with live.sessions()() as s, s.begin():
            s.execute(delete(Image).where(Image.name == f"churn-{n}.jpg"))
        n += 1


def test_every_answer_counts_the_rows_it_returns(live, world):
    stop = threading.Event()
    writer = threading.Thread(target=churn, args=(live, world, stop), daemon=True)
    writer.start()
    mismatches = []
    try:
        for _ in range(READS):
            page = ok(live.call("images.list", {"datasetId": world["d1"], "per_page": 1000}, ALICE))
            if page["total"] != len(page["entities"]):
                mismatches.append((page["total"], len(page["entities"])))
    finally:
        stop.set()
        writer.join(10)
    assert mismatches == []
