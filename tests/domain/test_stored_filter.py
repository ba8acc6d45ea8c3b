"""A stored filter back into chips (domain/stored_filter.py): every chip a
smart collection's filter can hold comes back equal, a static collection's
remembered filter gives back its scope too, and a part no chip shows is
refused by name."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.api.records import Dataset
from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FILTER_NAMES, EvaluationFilter, FilterSpec
from desktop_app.domain.smart_collections import smart_filter, source_filters
from desktop_app.domain.stored_filter import CannotShow, spec_from_stored, view_from_source

ids = st.lists(st.integers(1, 50), max_size=3).map(tuple)
counts = st.none() | st.integers(0, 20)
tag_value = st.none() | st.text(max_size=5) | st.integers(-3, 3)
evaluations = st.none() | st.builds(
    lambda kind, low, extra, class_id: EvaluationFilter(kind, low, None if extra is None else low + extra, class_id),
    st.sampled_from(["fp", "tp", "fn"]),
    st.integers(0, 5),
    counts,
    st.none() | st.integers(1, 9),
)


@st.composite
def specs(draw) -> FilterSpec:
    low, high = draw(counts), draw(counts)
    if low is not None and high is not None and low > high:
        low, high = high, low
    spec = FilterSpec(
        datasets=draw(ids),
        classes_present=draw(ids),
        classes_absent=draw(ids),
        tags=tuple(draw(st.lists(st.tuples(st.integers(1, 9), tag_value), max_size=3))),
        annotated=draw(st.sampled_from([None, True, False])),
        labels_min=low,
        labels_max=high,
        name_contains=draw(st.text(max_size=8)),
        in_collections=draw(ids),
        not_in_collections=draw(ids),
        evaluation=draw(evaluations),
    )
    off = draw(st.sets(st.sampled_from([n for n in FILTER_NAMES if spec.is_set(n)] or ["datasets"])))
    return replace(spec, disabled=frozenset(off))


def active_only(spec: FilterSpec) -> FilterSpec:
    """What a stored filter can hold: the chips switched on (an off chip is not saved)."""
    for name in spec.disabled:
        spec = spec.without(name)
    return spec


@settings(max_examples=150, deadline=None)
@given(specs())
def test_every_chip_a_smart_filter_holds_comes_back_equal(spec):
    assert spec_from_stored(smart_filter(spec, 1)) == active_only(spec)


def test_each_chip_on_its_own_comes_back():
    for spec in (
        FilterSpec(datasets=(3, 4)),
        FilterSpec(labels_min=0),
        FilterSpec(labels_max=7),
        FilterSpec(classes_present=(2,), classes_absent=(5,)),
        FilterSpec(annotated=False),
        FilterSpec(annotated=True),
        FilterSpec(tags=((1, None), (2, "red"), (3, 0))),
        FilterSpec(name_contains="night"),
        FilterSpec(in_collections=(8,), not_in_collections=(9,)),
        FilterSpec(evaluation=EvaluationFilter("fn", 2, None, 4)),
    ):
        assert spec_from_stored(smart_filter(spec, 1)) == spec


def test_an_sdk_shorthand_for_datasets_is_the_datasets_chip():
    assert spec_from_stored({"datasetIds": [4, 5]}) == FilterSpec(datasets=(4, 5))
    assert spec_from_stored({}) == FilterSpec()


TREE = [Dataset(id=1, name="a"), Dataset(id=2, name="b", parent_id=1), Dataset(id=3, name="c", parent_id=2)]


@pytest.mark.parametrize(
    "scope", [Scope.all(), Scope.dataset(1), Scope.dataset(2), Scope.dataset(3), Scope.collection(7)]
)
def test_a_remembered_filter_gives_back_its_scope_and_chips(scope):
    spec = FilterSpec(classes_present=(2,), in_collections=(5,), name_contains="x")
    assert view_from_source(source_filters(spec, 1, scope, TREE), TREE) == (scope, spec)


@pytest.mark.parametrize(
    ("stored", "named"),
    [
        ({"filter": [{"field": "createdAt", "operator": ">=", "value": "2024-01-01"}]}, "createdAt >="),
        ({"filter": [{"field": "id", "operator": "in", "value": [1, 2]}]}, "id in"),
        (
            {"filters": [{"type": "objects_class", "data": {"classId": 3, "from": 3, "to": 9, "include": True}}]},
            "from 3",
        ),
        ({"filters": [{"type": "images_tag", "data": {"tagId": 3, "include": False}}]}, "must not have"),
        ({"filters": [{"type": "ai_search", "data": {"q": "dog"}}]}, "'ai_search'"),
        ({"filters": [{"type": "images_filename", "data": {"value": "a"}}] * 2}, "file name condition twice"),
        ({"filter": [{"field": "labelsCount", "operator": ">=", "value": -1}]}, "labels_min"),
        ({"sort": "name"}, "'sort'"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_a_part_no_chip_shows_is_refused_by_name(stored, named):
    with pytest.raises(CannotShow) as info:
        spec_from_stored(stored)
    assert named in str(info.value) and str(info.value).startswith("the filter panel cannot show")


def test_remembered_datasets_that_are_not_one_subtree_are_refused():
    with pytest.raises(CannotShow, match="not one dataset with those under it"):
        view_from_source({"datasetIds": [2, 9]}, TREE)
