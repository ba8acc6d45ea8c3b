"""Clients that hammer a server with random edits, and the serial model their
acknowledged edits imply.

What makes the end state checkable although the clients interleave:
- each client adds and removes only its own ids in the shared collection, so
  the last acknowledged edit of an id decides whether it is a member;
- all clients also add and remove one shared id set in that collection: only
  invariants are checked there (members are a subset, never doubled);
- each client renames only its own collection: its last acknowledged name wins;
- each client saves annotations of its own images only: an image's version
  grows by exactly one per acknowledged save, and the last save is what is stored.
A refusal (any status but 200) is not acknowledged; writes are never retried,
so a 503 counts as "did not happen". Refusals are recorded and checked apart."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import httpx

from tests.server.world import ALICE

CLASSES = ("car", "person")


@dataclass
class Assignment:
    client: int
    url: str
    ops: int
    collection: int  # the shared one
    own_collection: int
    dataset: int
    own_ids: list[int]
    shared_ids: list[int]
    annotated: list[int]


@dataclass
class ClientLog:
    membership: dict[int, bool] = field(default_factory=dict)  # own id -> member after the last acked edit
    name: str | None = None  # last acknowledged name of the own collection
    saves: dict[int, int] = field(default_factory=dict)  # image -> acknowledged saves
    last_classes: dict[int, list[str]] = field(default_factory=dict)
    refusals: list[tuple[str, int, str]] = field(default_factory=list)
    acknowledged: int = 0


def _annotation(classes: list[str]) -> dict:
    box = {"exterior": [[10, 20], [110, 220]], "interior": []}
    return {
        "size": {"height": 480, "width": 640},
        "objects": [{"classTitle": c, "geometryType": "rectangle", "points": box} for c in classes],
    }


def run_client(job: Assignment) -> ClientLog:
    rng = random.Random(job.client)
    log = ClientLog()
    with httpx.Client(base_url=job.url, timeout=120, headers={"x-api-key": ALICE}) as http:

        def post(method: str, body: dict) -> bool:
            answer = http.post(f"/public/api/v3/{method}", json=body)
            if answer.status_code == 200:
                log.acknowledged += 1
                return True
            log.refusals.append((method, answer.status_code, answer.text[:300]))
            return False

        for n in range(job.ops):
            kind = rng.choices(("own", "shared", "rename", "annotate"), weights=(50, 15, 10, 25))[0]
            if kind in ("own", "shared"):
                pool = job.own_ids if kind == "own" else job.shared_ids
                ids = rng.sample(pool, k=rng.randint(1, min(20, len(pool))))  # random order too
                adding = rng.random() < 0.55
                method = "entities-collections.items.bulk." + ("add" if adding else "remove")
                if post(method, {"collectionId": job.collection, "entityIds": ids}) and kind == "own":
                    log.membership.update(dict.fromkeys(ids, adding))
            elif kind == "rename":
                name = f"client {job.client} name {n}"
                if post("entities-collections.editInfo", {"id": job.own_collection, "name": name}):
                    log.name = name
            else:
                image = rng.choice(job.annotated)
                classes = rng.choices(CLASSES, k=rng.randint(0, 3))
                body = {
                    "datasetId": job.dataset,
                    "annotations": [{"imageId": image, "annotation": _annotation(classes)}],
                }
                if post("annotations.bulk.add", body):
                    log.saves[image] = log.saves.get(image, 0) + 1
                    log.last_classes[image] = classes
    return log
