"""QueueSpec: every Q1 option checked with plain messages, cleaned, and sent
to the real server, which stores the queue as chosen. (That the request body
equals the SDK's is tests/sdk/test_queue_create_body.py.)"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from desktop_app.api import ApiClient
from desktop_app.api.annotation_records import ObjClass, ProjectMeta, TagMeta
from desktop_app.domain.queue_spec import QueueSpec, QueueSpecError
from tests.server.world import ALICE

GOOD = QueueSpec("fix boxes", (7,), (8,), 2)


@pytest.mark.parametrize(
    "change, words",
    [
        (dict(name="   "), "needs a name"),
        (dict(name="x" * 256), "256 characters long; the maximum is 255"),
        (dict(labeler_ids=()), "at least one labeler"),
        (dict(reviewer_ids=()), "at least one reviewer"),
        (dict(reviewer_ids=(0,)), "reviewers must be users"),
        (dict(labeler_ids=(True,)), "labelers must be users"),
        (dict(source_collection_id=None), "needs a source collection"),
        (dict(objects_limit_per_image=-1), "limit of objects per image must be a whole number"),
        (dict(tags_limit_per_image=2.5), "limit of tags per image must be a whole number"),
        (dict(objects_limit_per_image=10_001), "at most 10000"),
        (dict(description="d" * 10_001), "description is too long"),
        (dict(readme="r" * 100_001), "readme is too long"),
        (dict(classes_to_label=("car", " ")), "names must not be empty"),
        (dict(include_images_with_tags=("a", "b"), exclude_images_with_tags=("b",)), "'b' cannot be both"),
        (dict(dynamic_tags="yes"), "Dynamic tags must be on or off"),
    ],
)
def test_each_bad_choice_is_named(change, words):
    spec = replace(GOOD, **change)
    problems = spec.problems()
    assert len(problems) == 1 and words in problems[0], problems
    with pytest.raises(QueueSpecError) as info:
        spec.to_create_kwargs()
    assert info.value.problems == tuple(problems)


def test_every_problem_is_reported_at_once():
    bad = QueueSpec("", (), (), 0, objects_limit_per_image=-2)
    assert len(bad.problems()) == 5
    assert GOOD.problems() == []


def test_names_are_checked_against_the_project_meta():
    meta = ProjectMeta(classes=(ObjClass(1, "car"),), tags=(TagMeta(2, "reviewed"),))
    spec = replace(
        GOOD, classes_to_label=("car", "truck"), tags_to_label=("reviewed",), exclude_images_with_tags=("blurred",)
    )
    assert spec.problems(meta) == ["The project has no class 'truck'.", "The project has no tag 'blurred'."]
    assert spec.problems() == []  # without the meta only the form is checked


def test_cleaning_trims_and_drops_repeats_but_keeps_the_readme_layout():
    spec = QueueSpec(
        "  q  ", (7, 9, 7), (8, 8), 2, description="  d ", readme="  # R\n    code\n", classes_to_label=(" car", "car")
    )
    kwargs = spec.to_create_kwargs()
    assert (kwargs["name"], kwargs["user_ids"], kwargs["reviewer_ids"]) == ("q", [7, 9], [8])
    assert (kwargs["description"], kwargs["readme"]) == ("d", "  # R\n    code\n")
    assert kwargs["classes_to_label"] == ["car"]
    blank = QueueSpec("q", (7,), (8,), 2, description=" ", readme="\n\n").to_create_kwargs()
    assert "description" not in blank and "readme" not in blank


def test_the_server_stores_the_queue_as_chosen(live, world):
    coll = live.call("entities-collections.add", {"projectId": world["p1"], "name": "to label"}, ALICE).json()["id"]
    spec = QueueSpec(
        name="all options",
        labeler_ids=(world["alice"],),
        reviewer_ids=(world["admin"],),
        source_collection_id=coll,
        description="from triage",
        readme="draw tight boxes",
        classes_to_label=("car",),
        tags_to_label=("reviewed",),
        objects_limit_per_image=4,
        tags_limit_per_image=2,
        exclude_images_with_tags=("reviewed",),
        dynamic_classes=True,
        allow_review_own_annotations=True,
        skip_complete_job_on_empty=True,
    )

    async def main():
        async with ApiClient(live.url, ALICE) as api:
            meta = await api.projects.meta(world["p1"])
            assert spec.problems(meta) == []
            return await api.queues.create(**spec.to_create_kwargs())

    queue_id = asyncio.run(main())
    info = live.call("labeling-queues.info", {"id": queue_id}, ALICE).json()
    assert (info["name"], info["collectionId"], info["description"], info["readme"]) == (
        "all options",
        coll,
        "from triage",
        "draw tight boxes",
    )
    assert [u["id"] for u in info["labelers"]] == [world["alice"]]
    assert [u["id"] for u in info["reviewers"]] == [world["admin"]]
    meta = info["meta"]
    assert (meta["classes"], meta["projectTags"], meta["imageFiguresLimit"], meta["imageTagsLimit"]) == (
        ["car"],
        ["reviewed"],
        4,
        2,
    )
    assert meta["imageTags"] == [{"name": "reviewed", "positive": False}]
    assert (meta["dynamicClasses"], meta["dynamicTags"]) == (True, False)
    assert info["queueMeta"] == {"reviewOwnAnnotationsAvailable": True, "skipCompleteAnnotationJobOnEmpty": True}
