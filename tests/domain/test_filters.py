"""FilterSpec: chips, JSON round-trip, translation to images.list, client-side checks."""

from __future__ import annotations

import pytest

from desktop_app.api.records import Image, ImageTag
from desktop_app.domain.filters import (
    FILTER_NAMES,
    EvaluationFilter,
    FilterSpec,
    QueueStatusFilter,
    client_side,
    list_body,
    queue_entities_body,
)

FULL = FilterSpec(
    datasets=(3, 4),
    classes_present=(10,),
    classes_absent=(11, 12),
    tags=((20, None), (21, "yes")),
    annotated=True,
    labels_min=1,
    labels_max=5,
    name_contains="cat",
    in_collections=(30,),
    not_in_collections=(31,),
    queue_status=QueueStatusFilter(40, frozenset({"pending", "accepted"})),
    evaluation=EvaluationFilter("fp", 1, 3, 10),
)


def body(spec, **kw):
    return list_body(spec, project_id=1, queue_entity_ids=kw.pop("ids", [7, 5, 7]), **kw)


@pytest.mark.parametrize(
    "spec, conditions, typed",
    [
        (FilterSpec(datasets=(3,)), [{"field": "datasetId", "operator": "in", "value": [3]}], []),
        (FilterSpec(datasets=(3, 4)), [{"field": "datasetId", "operator": "in", "value": [3, 4]}], []),
        (FilterSpec(labels_min=2), [{"field": "labelsCount", "operator": ">=", "value": 2}], []),
        (FilterSpec(labels_max=0), [{"field": "labelsCount", "operator": "<=", "value": 0}], []),
        (
            FilterSpec(classes_present=(10, 11)),
            [],
            [
                {"type": "objects_class", "data": {"classId": 10, "from": 1, "to": 9999, "include": True}},
                {"type": "objects_class", "data": {"classId": 11, "from": 1, "to": 9999, "include": True}},
            ],
        ),
        (
            FilterSpec(classes_absent=(12,)),
            [],
            [
                {"type": "objects_class", "data": {"classId": 12, "from": 1, "to": 9999, "include": False}},
            ],
        ),
        (
            FilterSpec(annotated=True),
            [],
            [
                {"type": "objects_class", "data": {"classId": None, "from": 1, "to": 9999, "include": True}},
            ],
        ),
        (
            FilterSpec(annotated=False),
            [],
            [
                {"type": "objects_class", "data": {"classId": None, "from": 1, "to": 9999, "include": False}},
            ],
        ),
        (
            FilterSpec(tags=((20, None), (21, "yes"))),
            [],
            [
                {"type": "images_tag", "data": {"tagId": 20, "include": True}},
                {"type": "images_tag", "data": {"tagId": 21, "include": True, "value": "yes"}},
            ],
        ),
        (FilterSpec(name_contains="cat"), [], [{"type": "images_filename", "data": {"value": "cat"}}]),
        (
            FilterSpec(in_collections=(30,), not_in_collections=(31,)),
            [],
            [
                {"type": "entities_collection", "data": {"collectionId": 30, "include": True}},
                {"type": "entities_collection", "data": {"collectionId": 31, "include": False}},
            ],
        ),
        (
            FilterSpec(queue_status=QueueStatusFilter(40, frozenset({"accepted"}))),
            [{"field": "id", "operator": "in", "value": [5, 7]}],
            [],
        ),
    ],
)
def test_each_filter_translates_to_the_wire_form(spec, conditions, typed):
    got = body(spec)
    assert got["projectId"] == 1
    assert got["filter"] == conditions
    assert got.get("filters", []) == typed


def test_empty_spec_is_a_plain_project_listing():
    assert list_body(FilterSpec(), project_id=9) == {"projectId": 9, "filter": []}
    assert FilterSpec().active() == [] and client_side(FilterSpec()) is None


def test_disabled_filters_are_omitted_but_kept():
    spec = FULL
    for name in FILTER_NAMES:
        spec = spec.with_enabled(name, False)
    assert body(spec) == {"projectId": 1, "filter": []}
    assert spec.chips() == [(n, False) for n in FILTER_NAMES]  # values kept for switching back on
    back = spec.with_enabled("name_contains", True)
    assert body(back) == {
        "projectId": 1,
        "filter": [],
        "filters": [{"type": "images_filename", "data": {"value": "cat"}}],
    }


def test_removing_a_chip_clears_value_and_switch():
    spec = FULL.with_enabled("datasets", False).without("datasets")
    assert not spec.is_set("datasets") and "datasets" not in spec.disabled
    assert "datasets" not in [n for n, _ in spec.chips()]
    with pytest.raises(ValueError):
        FULL.without("nonsense")


def test_queue_filter_needs_the_queue_entity_ids_first():
    spec = FilterSpec(queue_status=QueueStatusFilter(40, frozenset({"pending", "on_review", "annotating"})))
    assert queue_entities_body(spec) == {"id": 40, "page": 1, "per_page": 500, "entityStatus": [None, "none", "done"]}
    with pytest.raises(ValueError):
        list_body(spec, project_id=1)
    assert queue_entities_body(spec.with_enabled("queue_status", False)) is None


def test_json_round_trip_keeps_every_filter_and_switch():
    spec = FULL.with_enabled("tags", False).with_enabled("labels_max", False)
    again = FilterSpec.from_json(spec.to_json())
    assert again == spec
    assert FilterSpec.from_json(FilterSpec(annotated=False, labels_min=0).to_json()).annotated is False
    assert FilterSpec.from_json(FilterSpec().to_json()) == FilterSpec()


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"datasets": ["a"]}',
        '{"labels_min": 5, "labels_max": 1}',
        '{"queue_status": {"queue_id": 1, "statuses": ["done"]}}',
        '{"queue_status": {"queue_id": 1}}',
        '{"disabled": ["bogus"]}',
        '{"tags": [[1, [2]]]}',
        '{"annotated": "yes"}',
    ],
)
def test_malformed_saved_filters_are_refused(text):
    with pytest.raises(ValueError):
        FilterSpec.from_json(text)


def test_duplicate_ids_collapse():
    assert FilterSpec(datasets=(3, 3, 4)).datasets == (3, 4)


def img(id_, name="a.jpg", dataset=3, labels=0, tags=()):
    return Image(
        id=id_,
        name=name,
        dataset_id=dataset,
        labels_count=labels,
        tags=tuple(ImageTag(tag_id=t, value=v) for t, v in tags),
    )


def test_client_side_checks_what_the_server_does_not():
    server = frozenset({"classes_present"})  # a server that does only class filters
    spec = FilterSpec(
        datasets=(3,),
        labels_min=1,
        labels_max=2,
        name_contains="CAT",
        tags=((20, None), (21, "yes")),
        classes_present=(10,),
    )
    body_ = list_body(spec, project_id=1, server=server)
    assert body_["filter"] == [] and [f["type"] for f in body_["filters"]] == ["objects_class"]

    keep = client_side(spec, server=server)
    good = img(1, "my_cat.jpg", 3, 2, [(20, 1), (21, "yes")])
    assert keep(good)
    assert not keep(img(1, "my_cat.jpg", 4, 2, [(20, 1), (21, "yes")]))  # other dataset
    assert not keep(img(1, "my_dog.jpg", 3, 2, [(20, 1), (21, "yes")]))  # name
    assert not keep(img(1, "my_cat.jpg", 3, 0, [(20, 1), (21, "yes")]))  # too few labels
    assert not keep(img(1, "my_cat.jpg", 3, 3, [(20, 1), (21, "yes")]))  # too many labels
    assert not keep(img(1, "my_cat.jpg", 3, 2, [(20, 1), (21, "no")]))  # tag value
    assert not keep(img(1, "my_cat.jpg", 3, 2, [(21, "yes")]))  # tag missing


def test_client_side_annotated_and_impossible_filters():
    keep = client_side(FilterSpec(annotated=False), server=frozenset())
    assert keep(img(1, labels=0)) and not keep(img(1, labels=1))
    with pytest.raises(ValueError, match="in_collections"):
        client_side(FilterSpec(in_collections=(1,)), server=frozenset())


def test_the_evaluation_filter_checks_its_values_round_trips_and_is_sent_typed():
    for bad in (dict(kind="maybe"), dict(low=-1), dict(low=3, high=2), dict(class_id=0), dict(high=True)):
        with pytest.raises(ValueError):
            EvaluationFilter(**bad)
    spec = FilterSpec(evaluation=EvaluationFilter("fn", 0, 2, None))
    assert FilterSpec.from_json(spec.to_json()) == spec
    assert body(spec)["filters"] == [
        {"type": "evaluation", "data": {"kind": "fn", "from": 0, "to": 2, "classId": None}}
    ]
    assert "filters" not in body(spec.with_enabled("evaluation", False))
    with pytest.raises(ValueError):
        FilterSpec.from_json('{"evaluation": {"kind": "fp"}}')  # no low: not a saved filter
