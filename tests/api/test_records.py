"""Records tolerate missing optional keys and keep the wire's meaning;
addresses and error bodies are read as the SDK reads them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.api import Conflict, InvalidInput, NotFound, RateLimited, Unavailable
from desktop_app.api.annotation_records import Annotation, Figure, ProjectMeta
from desktop_app.api.errors import error_for_status
from desktop_app.api.records import (
    Collection,
    Dataset,
    Image,
    ItemsChange,
    LabelingQueue,
    Project,
    QueueEntity,
    Team,
    User,
    Workspace,
)
from desktop_app.api.retry import parse_retry_after
from desktop_app.api.server_address import normalize_server_address


@pytest.mark.parametrize(
    "cls", [User, Team, Workspace, Project, Dataset, Image, Collection, LabelingQueue, QueueEntity]
)
def test_only_the_id_is_required(cls):
    record = cls.from_json({"id": 7})
    assert record.id == 7


def test_image_fields_and_preview_url():
    img = Image.from_json(
        {
            "id": 101,
            "name": "a.jpg",
            "datasetId": 10,
            "projectId": 1,
            "width": 640,
            "height": 480,
            "labelsCount": 2,
            "size": "1234",
            "createdAt": "2026-01-02T03:04:05.678Z",
            "fullStorageUrl": "http://127.0.0.1:18765/storage/images/101.jpg",
            "tags": [{"tagId": 5, "id": 9, "value": None, "labelerLogin": "alice"}],
        }
    )
    assert (img.size, img.labels_count, img.tags[0].tag_id) == (1234, 2, 5)
    assert img.created_at == datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    # the checked example of docs/wire-contract.md, section 5.4
    assert img.preview_url(200) == (
        "http://127.0.0.1:18765/previews/q/ext:jpeg/resize:auto:200:0:0/q:70/plain/storage/images/101.jpg"
    )
    assert Image.from_json({"id": 1}).preview_url(200) is None


def test_project_items_count_falls_back_to_images_count():
    assert Project.from_json({"id": 1, "imagesCount": 12}).items_count == 12
    assert Project.from_json({"id": 1, "imagesCount": 12, "itemsCount": 3}).items_count == 3


def test_collection_meta_wins_and_counts():
    c = Collection.from_json({"id": 2, "name": "c", "itemsCount": 4, "meta": {"aiSearchKey": "k"}})
    assert (c.items_count, c.ai_search_key) == (4, "k")


def test_queue_keeps_member_ids_and_counts():
    q = LabelingQueue.from_json(
        {
            "id": 3,
            "labelers": [{"id": 7}],
            "reviewers": [{"id": 8}],
            "jobs": [{"id": 1}, {"id": 2}],
            "acceptedCount": 1,
            "status": "pending",
        }
    )
    assert (q.labeler_ids, q.reviewer_ids, q.job_ids, q.accepted_count) == ((7,), (8,), (1, 2), 1)


def test_items_change_reads_both_forms_of_missing():
    change = ItemsChange.from_json({"items": [{"id": 1, "entityId": 101}], "missing": [512, {"entityId": 513}]})
    assert change.entity_ids == (101,) and change.missing == (512, 513)


def test_annotation_from_the_contract_example():
    ann = Annotation.from_json(
        {
            "imageId": 101,
            "imageName": "img.jpg",
            "datasetId": 10,
            "annotation": {
                "description": "",
                "size": {"height": 480, "width": 640},
                "tags": [],
                "objects": [
                    {
                        "id": 500,
                        "classId": 100,
                        "classTitle": "car",
                        "geometryType": "rectangle",
                        "tags": [],
                        "points": {"exterior": [[10, 20], [110, 220]], "interior": []},
                    }
                ],
            },
        }
    )
    box = ann.objects[0]
    assert box.edges() == (10, 20, 110, 220) and box.pixel_box() == (10, 20, 109, 219)
    assert ann.to_json()["objects"][0]["points"] == {"exterior": [[10, 20], [110, 220]], "interior": []}
    assert Figure.rectangle("car", 1, 2, 3, 4).to_json()["geometryType"] == "rectangle"


def test_project_meta_from_minimal_answer():
    meta = ProjectMeta.from_json(
        {"classes": [{"title": "car", "shape": "rectangle", "color": "#FF0000"}], "tags": [], "projectType": "images"}
    )
    assert meta.class_by_title("car").color == "#FF0000" and meta.project_type == "images"


@pytest.mark.parametrize(
    "given, expected",
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://app.example.com/", "https://app.example.com"),
        (" http://host:1/ ", "http://host:1"),
    ],
)
def test_server_address_is_normalised_as_the_sdk(given, expected):
    assert normalize_server_address(given) == expected


@pytest.mark.parametrize("given", ["", "  ", " / "])
def test_an_empty_server_address_is_refused(given):
    with pytest.raises(ValueError, match="empty"):
        normalize_server_address(given)


def test_error_bodies():
    nonunique = {"error": "x", "details": {"message": "name taken", "type": "NONUNIQUE"}}
    assert isinstance(error_for_status(400, "m", nonunique), Conflict)
    listed = error_for_status(422, "m", {"error": "bad", "details": [{"message": "first"}]})
    assert type(listed) is InvalidInput and listed.message == "first" and "first" in str(listed)
    assert error_for_status(404, "m", "not json").message == ""
    assert isinstance(error_for_status(404, "m", None), NotFound)
    assert isinstance(error_for_status(502, "m", {"error": "gateway"}), Unavailable)
    limited = error_for_status(429, "m", {}, retry_after=3)
    assert isinstance(limited, RateLimited) and limited.retry_after == 3


def test_retry_after_forms():
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert 0 <= parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a past date: no wait
