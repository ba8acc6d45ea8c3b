"""A stored filter back into the filter panel's chips: the inverse of
`list_body` (filters.py) for what a smart collection's `options` or a static
collection's `options.sourceFilters` hold (docs/smart-collections-api.md).

`spec_from_stored(options)` gives the FilterSpec whose `smart_filter()` is
that filter again. `view_from_source(source, datasets)` also gives back the
scope `source_filters()` added: a dataset with those under it (`datasetIds`)
or a collection (a last `entities_collection` without `include`).

A filter written by someone else (the SDK, another client) may hold what no
chip shows, e.g. a `createdAt` condition or a class counted from 3: that is a
`CannotShow` (a ValueError) naming it, so the window can say so and change nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop_app.api.records import Dataset

from .browse_scope import Scope
from .filters import OBJECTS_TO, EvaluationFilter, FilterSpec


class CannotShow(ValueError):
    """A part of a stored filter no chip shows; `part` names it ("the condition “createdAt >= …”")."""

    def __init__(self, part: str) -> None:
        super().__init__(f"the filter panel cannot show {part}")
        self.part = part


_KEYS = {"filters", "filter", "datasetIds"}
_LABELS = {">=": "labels_min", "<=": "labels_max"}


class _Chips:
    """The chip values found so far; a chip met twice is refused (the panel holds one of each)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.lists: dict[str, list[Any]] = {}

    def one(self, name: str, value: Any, what: str) -> None:
        if name in self.values:
            raise CannotShow(f"{what} twice")
        self.values[name] = value

    def add(self, name: str, value: Any) -> None:
        self.lists.setdefault(name, []).append(value)

    def spec(self) -> FilterSpec:
        values: dict[str, Any] = {**self.values, **{k: tuple(v) for k, v in self.lists.items()}}
        return FilterSpec(**values)


def spec_from_stored(options: Mapping[str, Any]) -> FilterSpec:
    """The chips of a stored filter ({"filters", "filter", "datasetIds"}); ValueError names a part no chip shows."""
    if not isinstance(options, Mapping):
        raise CannotShow("a filter that is not a JSON object")
    unknown = set(options) - _KEYS
    if unknown:
        raise CannotShow(f"the filter's {', '.join(sorted(map(repr, unknown)))} part")
    chips = _Chips()
    if options.get("datasetIds"):
        chips.one("datasets", _list(options["datasetIds"], "datasetIds"), "a dataset condition")
    for condition in _list(options.get("filter") or [], "filter"):
        _condition(chips, condition)
    for typed in _list(options.get("filters") or [], "filters"):
        _typed(chips, typed)
    try:
        return chips.spec()
    except ValueError as exc:  # a value no chip holds (a negative count...)
        raise CannotShow(f"a value of its chips ({exc})") from None


def view_from_source(source: Mapping[str, Any], datasets: Sequence[Dataset]) -> tuple[Scope, FilterSpec]:
    """The scope and chips a static collection was made from (its `sourceFilters`)."""
    if not isinstance(source, Mapping):
        raise CannotShow("a remembered filter that is not a JSON object")
    rest = dict(source)
    scope = Scope.all()
    typed = list(_list(rest.get("filters") or [], "filters"))
    last = typed[-1] if typed else None
    if isinstance(last, Mapping) and last.get("type") == "entities_collection":
        data = last.get("data")
        if isinstance(data, Mapping) and set(data) == {"collectionId"}:  # source_filters() writes no include
            scope = Scope.collection(_id(data["collectionId"], "collectionId"))
            rest["filters"] = typed[:-1]
    ids = rest.pop("datasetIds", None)
    if ids:
        if scope.kind != "all":
            raise CannotShow("a filter scoped to a collection and to datasets at once")
        scope = Scope.dataset(_root(_list(ids, "datasetIds"), datasets))
    return scope, spec_from_stored(rest)


def _root(ids: list[Any], datasets: Sequence[Dataset]) -> int:
    """The one dataset of `ids` whose parent is not among them (the others are under it)."""
    parent = {d.id: d.parent_id for d in datasets}
    roots = [i for i in ids if parent.get(i) not in ids]
    if len(roots) != 1 or any(i not in parent for i in ids):
        raise CannotShow(f"datasets {sorted(ids)}, which are not one dataset with those under it")
    return _id(roots[0], "datasetIds")


def _condition(chips: _Chips, condition: Any) -> None:
    if not isinstance(condition, Mapping) or set(condition) - {"field", "operator", "value"}:
        raise CannotShow(f"the condition {condition!r}")
    field, operator, value = condition.get("field"), condition.get("operator"), condition.get("value")
    if field == "datasetId" and operator == "in" and isinstance(value, list):
        chips.one("datasets", value, "a dataset condition")
    elif field == "labelsCount" and operator in _LABELS:
        chips.one(_LABELS[operator], value, f"“labelsCount {operator}”")
    else:
        raise CannotShow(f"the condition “{field} {operator} {value!r}”")


def _typed(chips: _Chips, typed: Any) -> None:
    kind = typed.get("type") if isinstance(typed, Mapping) else None
    data = typed.get("data") if isinstance(typed, Mapping) else None
    if not isinstance(data, Mapping):
        raise CannotShow(f"the filter {typed!r}")
    keys = set(data)
    if kind == "objects_class" and keys == {"classId", "from", "to", "include"}:
        if data["from"] != 1 or data["to"] != OBJECTS_TO or not isinstance(data["include"], bool):
            raise CannotShow(f"a class counted from {data['from']} to {data['to']}")
        if data["classId"] is None:
            chips.one("annotated", data["include"], "an annotated condition")
        else:
            chips.add("classes_present" if data["include"] else "classes_absent", data["classId"])
    elif kind == "images_tag" and {"tagId", "include"} <= keys <= {"tagId", "include", "value"}:
        if data["include"] is not True:
            raise CannotShow("a tag the items must not have")
        chips.add("tags", (data["tagId"], data.get("value")))
    elif kind == "images_filename" and keys == {"value"}:
        chips.one("name_contains", data["value"], "a file name condition")
    elif kind == "entities_collection" and keys == {"collectionId", "include"} and isinstance(data["include"], bool):
        chips.add("in_collections" if data["include"] else "not_in_collections", data["collectionId"])
    elif kind == "evaluation" and keys == {"kind", "from", "to", "classId"}:
        try:
            found = EvaluationFilter(data["kind"], data["from"], data["to"], data["classId"])
        except ValueError as exc:
            raise CannotShow(f"an evaluation condition ({exc})") from None
        chips.one("evaluation", found, "an evaluation condition")
    else:
        raise CannotShow(f"the {kind!r} filter {dict(data)!r}")


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise CannotShow(f"the filter's {what!r} part, which is not a list")
    return value


def _id(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise CannotShow(f"the {what} {value!r}")
    return value
