"""Conditional annotation saves: `expected_versions` on upload, the server's
409 CONFLICT as EditConflict naming the images, and nothing overwritten."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import select

from desktop_app.api import ApiClient
from desktop_app.api.annotation_records import Annotation, Figure
from desktop_app.api.errors import EditConflict, InvalidInput, error_for_status
from desktop_app.server.db.models import Figure as FigureRow
from tests.server.world import ADMIN

pytestmark = pytest.mark.anyio


def boxes(live, image_id):
    with live.sessions()() as s:
        return sorted(
            tuple(map(tuple, p["exterior"]))
            for p in s.scalars(select(FigureRow.points).where(FigureRow.image_id == image_id))
        )


def one_box(image_id, left):
    return Annotation(image_id, 640, 480, objects=(Figure.rectangle("car", left, 10, left + 20, 30),))


async def test_save_with_the_current_version_gives_the_next_one(api, world, live):
    image = world.images["d1"][2]
    first = await api.annotations.info(image)
    assert isinstance(first.version, int)
    versions = await api.annotations.upload(
        world["d1"], {image: one_box(image, 5)}, expected_versions={image: first.version}
    )
    assert versions == {image: first.version + 1}
    again = await api.annotations.info(image)
    assert again.version == first.version + 1
    assert [o.edges() for o in again.objects] == [(5, 10, 25, 30)]
    # no expected version: saved whatever the server has (the SDK's behaviour)
    assert await api.annotations.upload(world["d1"], {image: one_box(image, 7)}) == {image: first.version + 2}


async def test_stale_version_is_a_conflict_and_overwrites_nothing(api, world, live):
    mine, other = world.images["d1"][0], world.images["d1"][3]
    start = await api.annotations.info(mine)
    async with ApiClient(live.url, ADMIN, read_retry_budget=1.0) as admin:
        await admin.annotations.upload(world["d1"], {mine: one_box(mine, 40)})  # someone else saves first
    before = boxes(live, mine), boxes(live, other)

    with pytest.raises(EditConflict) as info:
        await api.annotations.upload(
            world["d1"], {other: one_box(other, 1), mine: one_box(mine, 2)}, expected_versions={mine: start.version}
        )
    err = info.value
    assert err.status == 409 and err.image_ids == (mine,) and err.type == "CONFLICT"
    assert "someone else saved" in str(err).lower() and str(mine) in err.message
    assert (boxes(live, mine), boxes(live, other)) == before  # the whole request wrote nothing
    assert before[0] == [((40, 10), (60, 30))]


async def test_a_bad_expected_version_is_refused(api, world, live):
    image = world.images["d1"][4]
    before = boxes(live, image)
    with pytest.raises(InvalidInput):
        await api.annotations.upload(world["d1"], {image: {"objects": []}}, expected_versions={image: "one"})
    assert boxes(live, image) == before


def test_409_bodies_become_edit_conflicts():
    body = {"error": "Conflict", "details": {"message": "changed", "type": "CONFLICT", "imageIds": [5, "6", None]}}
    err = error_for_status(409, "annotations.bulk.add", body)
    assert isinstance(err, EditConflict) and err.image_ids == (5, 6) and err.message == "changed"
    bare = error_for_status(409, "annotations.bulk.add", "<html>")
    assert isinstance(bare, EditConflict) and bare.image_ids == ()
    assert not isinstance(error_for_status(400, "x", body), EditConflict)


async def test_upload_body_carries_expected_version_only_when_given():
    sent = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"success": True, "annotations": [{"imageId": 101, "version": 4}]})

    async with ApiClient("http://h", "t", transport=httpx.MockTransport(answer)) as api:
        got = await api.annotations.upload(
            10, {101: {"objects": []}, 102: {"objects": []}}, expected_versions={101: 3, 102: None}
        )
    assert got == {101: 4}
    assert sent == [
        {
            "datasetId": 10,
            "skipBoundsValidation": False,
            "annotations": [
                {"imageId": 101, "annotation": {"objects": []}, "expectedVersion": 3},
                {"imageId": 102, "annotation": {"objects": []}},
            ],
        }
    ]
