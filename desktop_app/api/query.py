"""Building the `filter` and `filters` parts of list requests.

`filter` is a list of field conditions `{"field", "operator", "value"}`;
`filters` is a list of typed filters `{"type", "data"}` (images.list)."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

OPERATORS = frozenset({"=", "eq", "!=", "not", "in", "!in", ">", "<", ">=", "<="})


def cond(field: str, operator: str, value: Any) -> Json:
    """One field condition, e.g. cond("id", "in", [1, 2])."""
    if operator not in OPERATORS:
        raise ValueError(f"unknown filter operator {operator!r}")
    if operator in ("in", "!in"):
        value = list(value)
    return {"field": field, "operator": operator, "value": value}


def collection_filter(collection_id: int, include: bool = True) -> Json:
    """images.list `filters` entry: items in (or not in) a collection."""
    return {"type": "entities_collection", "data": {"collectionId": collection_id, "include": include}}


def with_sort(body: Json, sort: str | None = None, sort_order: str | None = None) -> Json:
    """The SDK appends `sort: id, sort_order: asc` to list bodies that carry no sort."""
    if "sort" in body:
        return body
    return {**body, "sort": sort or "id", "sort_order": sort_order or "asc"}
