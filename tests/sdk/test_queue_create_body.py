"""A queue made in the "Create labeling queue" dialog is sent exactly as the
official SDK sends the same choices: the real SDK and our client both call a
small logging server on loopback, and the request bodies must be the same
bytes (the SDK's JSON re-encoded compactly, as our client encodes)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from pathlib import Path

import pytest

from desktop_app.api import ApiClient
from desktop_app.api.transport import encode_body
from desktop_app.domain.queue_spec import QueueSpec
from tests.api.loopback import LoopbackServer, _respond

pytestmark = pytest.mark.sdk

# The same choices twice: as a QueueSpec, and as an SDK user would write the call.
CASES = {
    "minimal": (
        QueueSpec("fix boxes", (7,), (8,), 2),
        dict(name="fix boxes", user_ids=[7], reviewer_ids=[8], collection_id=2),
    ),
    "all options": (
        QueueSpec(
            name="fix boxes v2",
            labeler_ids=(7, 9),
            reviewer_ids=(8,),
            source_collection_id=2,
            description="false positives of model v3",
            readme="# Read me\n  draw tight boxes",
            classes_to_label=("car", "person"),
            tags_to_label=("reviewed",),
            objects_limit_per_image=5,
            tags_limit_per_image=3,
            include_images_with_tags=("night",),
            exclude_images_with_tags=("blurred", "empty"),
            dynamic_classes=True,
            dynamic_tags=True,
            allow_review_own_annotations=True,
            skip_complete_job_on_empty=True,
        ),
        dict(
            name="fix boxes v2",
            user_ids=[7, 9],
            reviewer_ids=[8],
            collection_id=2,
            readme="# Read me\n  draw tight boxes",
            description="false positives of model v3",
            classes_to_label=["car", "person"],
            objects_limit_per_image=5,
            tags_to_label=["reviewed"],
            tags_limit_per_image=3,
            include_images_with_tags=["night"],
            exclude_images_with_tags=["blurred", "empty"],
            dynamic_classes=True,
            dynamic_tags=True,
            allow_review_own_annotations=True,
            skip_complete_job_on_empty=True,
        ),
    ),
    "some options, blanks and repeats": (
        QueueSpec(
            "  triage  ",
            (7, 7),
            (7,),
            3,
            description="  ",
            readme="\n",
            classes_to_label=("car",),
            tags_limit_per_image=2,
            dynamic_tags=True,
            exclude_images_with_tags=("reviewed", "reviewed"),
        ),
        dict(
            name="triage",
            user_ids=[7],
            reviewer_ids=[7],
            collection_id=3,
            classes_to_label=["car"],
            tags_limit_per_image=2,
            exclude_images_with_tags=["reviewed"],
            dynamic_tags=True,
        ),
    ),
}

SDK_SCRIPT = """
import json, sys
import supervisely as sly
api = sly.Api.from_env()
for kwargs in json.loads(sys.argv[1]):
    api.labeling_queue.create(**kwargs)
"""


class CaptureApp:
    """Answers every v3 call with {"id": 1} and keeps (method, body)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bytes]] = []

    async def __call__(self, scope, receive, send) -> None:
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.seen.append((scope["path"].rsplit("/", 1)[-1], body))
        await _respond(send, 200, b'{"id": 1}', {"content-type": "application/json"})


def sdk_bodies(sdk_python: Path, url: str, calls: list[dict]) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "SERVER_ADDRESS": url,
        "API_TOKEN": "t",
        "SUPERVISELY_SKIP_HTTPS_USER_HELPER_CHECK": "1",
        "SUPERVISELY_PUBLIC_API_RETRIES": "1",
    }
    proc = subprocess.run(
        [str(sdk_python), "-c", SDK_SCRIPT, json.dumps(calls)], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr


async def our_bodies(url: str, specs: list[QueueSpec]) -> None:
    async with ApiClient(url, "t") as api:
        for spec in specs:
            await api.queues.create(**spec.to_create_kwargs())


def test_queue_spec_sends_what_the_sdk_sends(sdk_python):
    app = CaptureApp()
    with LoopbackServer(app) as server:
        sdk_bodies(sdk_python, server.url, [call for _, call in CASES.values()])
        from_sdk, app.seen = app.seen, []
        asyncio.run(our_bodies(server.url, [spec for spec, _ in CASES.values()]))
        from_us = app.seen

    assert [m for m, _ in from_sdk] == ["labeling-queues.add"] * len(CASES)
    assert [m for m, _ in from_us] == ["labeling-queues.add"] * len(CASES)
    for case, (_, sdk_body), (_, our_body) in zip(CASES, from_sdk, from_us):
        assert our_body == encode_body(json.loads(sdk_body)), (
            f"{case}:\n  sdk: {sdk_body.decode()}\n  us:  {our_body.decode()}"
        )
    # the cases really differ, so equal bodies are not an accident of defaults
    assert len({body for _, body in from_us}) == len(CASES)
