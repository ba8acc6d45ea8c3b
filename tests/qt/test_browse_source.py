"""ImageListSource against the real demo server: pages in server order, the
sorts done here (tags, size) on a list small enough to load, and a clear
refusal beyond that."""

from __future__ import annotations

import pytest

from desktop_app.domain.browse_scope import Scope
from desktop_app.domain.filters import FilterSpec
from desktop_app.domain.image_source import ImageListSource, ListTooLarge, size_key
from tests.qt.browse_helpers import run


def all_pages(qloop, qtbot, source, sort, per_page=7):
    first = run(qloop, qtbot, source.fetch(1, per_page, sort))
    items = list(first.items)
    for page in range(2, -(-first.total // per_page) + 1):
        items += run(qloop, qtbot, source.fetch(page, per_page, sort)).items
    assert len(items) == first.total
    return items


def test_pages_follow_the_servers_order(app_state, qtbot, qloop):
    source = ImageListSource(app_state.api, app_state.project.id, Scope.all(), FilterSpec())
    api = run(
        qloop, qtbot, app_state.api.images.list(project_id=app_state.project.id, sort="updatedAt", sort_order="desc")
    )
    assert [i.id for i in all_pages(qloop, qtbot, source, ("updatedAt", True))] == [i.id for i in api]


def test_tags_and_size_sort_here(app_state, qtbot, qloop):
    def tag_text(image):
        return ",".join(sorted(str(t.value) for t in image.tags))

    source = ImageListSource(
        app_state.api,
        app_state.project.id,
        Scope.dataset(app_state.datasets[0].id),
        FilterSpec(annotated=True),
        client_keys={"tags": tag_text, "size": size_key},
    )
    items = all_pages(qloop, qtbot, source, ("tags", False))
    assert items and all(i.labels_count > 0 and i.dataset_id == app_state.datasets[0].id for i in items)
    assert [tag_text(i) for i in items] == sorted(tag_text(i) for i in items)
    sizes = [size_key(i) for i in all_pages(qloop, qtbot, source, ("size", True))]
    assert sizes == sorted(sizes, reverse=True)


def test_a_long_list_is_not_loaded_for_a_local_sort(app_state, qtbot, qloop):
    source = ImageListSource(app_state.api, app_state.project.id, Scope.all(), FilterSpec(), local_limit=10)
    with pytest.raises(ListTooLarge, match="under 10 items"):
        run(qloop, qtbot, source.fetch(1, 5, ("size", False)))
    assert run(qloop, qtbot, source.fetch(1, 5, ("name", False))).total > 10  # server sorts are fine
    with pytest.raises(ValueError, match="cannot sort by 'colour'"):
        run(qloop, qtbot, source.fetch(1, 5, ("colour", False)))


def test_a_filter_no_server_can_do_elsewhere_is_refused_up_front(app_state):
    spec = FilterSpec(in_collections=(1,))
    with pytest.raises(ValueError, match="need the server"):
        ImageListSource(app_state.api, app_state.project.id, Scope.all(), spec, server=frozenset({"datasets"}))
