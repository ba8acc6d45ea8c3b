"""Reading the end state of a run through the server's API, as a client would."""

from __future__ import annotations

import functools

import httpx

from tests.server.world import ALICE


@functools.cache
def _client(url: str) -> httpx.Client:
    # one per server: a new httpx client builds an SSL context each time (tens of ms)
    return httpx.Client(base_url=url, headers={"x-api-key": ALICE}, timeout=120)


def call(url: str, method: str, body: dict) -> dict:
    answer = _client(url).post(f"/public/api/v3/{method}", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def members(url: str, project: int, collection: int) -> list[int]:
    """The collection's item ids with repeats kept (images.list with the collection filter, every page)."""
    ids: list[int] = []
    page = 1
    while True:
        body = {
            "projectId": project,
            "filters": [{"type": "entities_collection", "data": {"collectionId": collection, "include": True}}],
            "page": page,
            "per_page": 20_000,
        }
        answer = call(url, "images.list", body)
        ids += [e["id"] for e in answer["entities"]]
        if page >= answer["pagesCount"]:
            return ids
        page += 1


def collection_name(url: str, collection: int) -> str:
    return call(url, "entities-collections.info", {"id": collection})["name"]


def annotation(url: str, image: int) -> tuple[int, list[str]]:
    """The image's annotation version and its objects' classes."""
    info = call(url, "annotations.info", {"imageId": image, "withCustomBigData": False, "integerCoords": False})
    return info["version"], [o["classTitle"] for o in info["annotation"]["objects"]]
