"""The client sends, byte for byte, the bodies the official SDK sends.

The expected bodies are the SDK's requests captured in the wire contract
(docs/wire-contract.md) and kept as fixtures in tests/fixtures/wire/: every
one of them must be produced by one of the client calls below, and every call
below must produce one of them. Requests are intercepted with
httpx.MockTransport: only the bytes are checked here; behaviour is tested
against the real server elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from desktop_app.api import ApiClient
from desktop_app.api.transport import encode_body

pytestmark = pytest.mark.anyio

SDK_REQUESTS = Path(__file__).resolve().parents[1] / "fixtures" / "wire" / "sdk_requests.json"


def sdk_requests() -> dict[str, list[bytes]]:
    """method -> the SDK's request bodies, encoded as the client encodes."""
    found: dict[str, list[bytes]] = {}
    for example in json.loads(SDK_REQUESTS.read_text(encoding="utf-8")):
        found.setdefault(example["method"], []).append(encode_body(example["body"]))
    return found


@pytest.fixture(scope="module")
def contract() -> dict[str, list[bytes]]:
    return sdk_requests()


# Enough keys for every record's from_json; a list for annotations.bulk.info.
ANSWER = {
    "id": 1,
    "name": "x",
    "total": 0,
    "perPage": 1,
    "pagesCount": 0,
    "entities": [],
    "images": [],
    "items": [],
    "missing": [],
    "imageId": 101,
    "annotation": {},
    "classes": [],
    "tags": [],
}


async def sent_by(call) -> list[tuple[str, bytes]]:
    sent: list[tuple[str, bytes]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        method = request.url.path.rsplit("/", 1)[-1]
        sent.append((method, request.content))
        return httpx.Response(200, json=[] if method == "annotations.bulk.info" else ANSWER)

    async with ApiClient("127.0.0.1:1/", "t", transport=httpx.MockTransport(answer)) as api:
        await call(api)
    return sent


QUEUE_ALL_OPTIONS = dict(
    dataset_id=10,
    classes_to_label=["car"],
    tags_to_label=["t"],
    include_images_with_tags=["a"],
    exclude_images_with_tags=["b"],
    objects_limit_per_image=5,
    tags_limit_per_image=3,
    hide_figure_author=True,
    images_ids=[101],
    guide_id=4,
    disable_confirm=True,
    disable_submit=False,
    enable_quality_check=True,
    quality_check_user_ids=[9],
    images_range=(1, 5),
    readme="r",
    description="d",
    reviewer_id=8,
)

CALLS = {
    "users.me": lambda api: api.users.me(),
    "users.list": lambda api: api.users.list(),
    "teams.list": lambda api: api.teams.list(),
    "workspaces.list": lambda api: api.workspaces.list(5),
    "projects.list": lambda api: api.projects.list(6),
    "projects.info": lambda api: api.projects.info(1),
    "projects.meta": lambda api: api.projects.meta(1),
    "datasets.list": lambda api: api.datasets.list(1),
    "images.list project": lambda api: api.images.list(project_id=1),
    "images.list dataset ids": lambda api: api.images.list(
        dataset_id=10, filter=[{"field": "id", "operator": "in", "value": [101, 102]}]
    ),
    "images.list collection": lambda api: api.images.list(project_id=1, collection_id=2),
    "images.info": lambda api: api.images.info(101),
    "annotations.info": lambda api: api.annotations.info(101),
    "entities-collections.add": lambda api: api.collections.create(1, "c1", "d"),
    "entities-collections.list": lambda api: api.collections.list(1),
    "entities-collections.info": lambda api: api.collections.info(2),
    "entities-collections.info meta": lambda api: api.collections.info(2, with_meta=True),
    "entities-collections.editInfo": lambda api: api.collections.update(2, name="renamed"),
    "entities-collections.remove": lambda api: api.collections.remove(2),
    "entities-collections.items.bulk.add": lambda api: api.collections.add_items(2, [101, 102]),
    "entities-collections.items.bulk.add scores": lambda api: api.collections.add_items(2, [101], scores={101: 0.9}),
    "entities-collections.items.bulk.remove": lambda api: api.collections.remove_items(2, [101]),
    "labeling-queues.add minimal": lambda api: api.queues.create(
        "q1",
        [7],
        [7],
        collection_id=2,
        dynamic_classes=True,
        dynamic_tags=True,
        allow_review_own_annotations=True,
        skip_complete_job_on_empty=True,
    ),
    "labeling-queues.add all options": lambda api: api.queues.create("q2", [7], [8], **QUEUE_ALL_OPTIONS),
    "labeling-queues.info": lambda api: api.queues.info(3),
    "labeling-queues.list": lambda api: api.queues.list(5, project_id=1, collection_id=2),
    "labeling-queues.stats.entities": lambda api: api.queues.entities(3, collection_id=2, states=["accepted"]),
}


@pytest.fixture(scope="module")
def built() -> dict[str, tuple[str, bytes]]:
    """case -> (method, body) of the first request each call sends."""
    import asyncio

    async def run_all():
        return {case: (await sent_by(call))[0] for case, call in CALLS.items()}

    return asyncio.run(run_all())


@pytest.mark.parametrize("case", list(CALLS))
def test_body_is_one_the_sdk_sends(case, built, contract):
    method, body = built[case]
    assert method == case.split(" ")[0]
    assert body in contract.get(method, []), (
        f"{method}: sent {body.decode()}\n  documented: {[b.decode() for b in contract.get(method, [])]}"
    )


def test_every_documented_request_is_built(built, contract):
    produced = set(built.values())
    not_built = [(m, b.decode()) for m, bodies in contract.items() for b in bodies if (m, b) not in produced]
    assert not not_built
    assert len(contract) >= 20  # the fixture still holds the examples


# Captured from the SDK 6.74.51 (api.annotation.upload_ann) against a logging
# server; the contract has no example of this method yet.
SDK_UPLOAD = (
    '{"datasetId":10,"annotations":[{"imageId":101,"annotation":{"description":"","size":{"height":480,'
    '"width":640},"tags":[{"name":"reviewed"}],"objects":[{"classTitle":"car","description":"","tags":[],'
    '"points":{"exterior":[[10,20],[110,220]],"interior":[]},"geometryType":"rectangle","shape":"rectangle",'
    '"nnCreated":false,"nnUpdated":false,"classId":100}],"customBigData":{}}}],"skipBoundsValidation":false}'
)


async def test_annotation_upload_envelope_is_the_sdks():
    sdk_body = json.loads(SDK_UPLOAD)
    ann_json = sdk_body["annotations"][0]["annotation"]
    sent = await sent_by(lambda api: api.annotations.upload(10, {101: ann_json}))
    assert sent == [("annotations.bulk.add", SDK_UPLOAD.encode())]


async def test_list_pages_after_the_first_carry_page_and_per_page():
    """As the SDK: page 1 without page/per_page, then {..., page, per_page: perPage}."""
    pages = {
        None: {"total": 5, "perPage": 2, "pagesCount": 3, "entities": [{"id": 1}, {"id": 2}]},
        2: {"total": 5, "perPage": 2, "pagesCount": 3, "entities": [{"id": 3}, {"id": 4}]},
        3: {"total": 5, "perPage": 2, "pagesCount": 3, "entities": [{"id": 5}]},
    }
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        return httpx.Response(200, json=pages[body.get("page")])

    async with ApiClient("http://h", "t", transport=httpx.MockTransport(answer)) as api:
        users = await api.users.list()
    assert [u.id for u in users] == [1, 2, 3, 4, 5]
    assert seen[0] == {"filter": [], "sort": "id", "sort_order": "asc"}
    assert sorted((b["page"], b["per_page"]) for b in seen[1:]) == [(2, 2), (3, 2)]
