"""The item filter: what the filter panel shows as chips, saved in settings as
JSON, and turned into an images.list request (docs/wire-contract.md, sections 2 and 5).

Each filter below is one chip. A chip is *set* when it has a value, and can
be switched off (`with_enabled(name, False)`) without losing its value, or
removed (`without(name)`). All active chips must hold at once.

Chip, meaning, and who does it:

- `datasets`: in any of these datasets.
  Server: filter `datasetId in [...]` (one or several).
- `classes_present`: has >= 1 object of each class.
  Server: `objects_class {classId, from:1, to, include:true}` per class.
- `classes_absent`: has no object of any of these classes.
  Server: `objects_class {..., include:false}` per class.
- `tags`: has each (tag, value) image tag.
  Server: `images_tag {tagId, include:true[, value]}`; no value = any value.
- `annotated`: True: has objects; False: has none.
  Server: `objects_class {classId:null, from:1, to, include}` (the SDK's only_labelled form).
- `labels_min` / `labels_max`: number of objects in a range.
  Server: filter `labelsCount >=` / `labelsCount <=`.
- `name_contains`: file name contains text (any case).
  Server: `images_filename {value}`.
- `in_collections`: in every one of these collections.
  Server: `entities_collection {collectionId, include:true}` per collection.
- `not_in_collections`: in none of these collections.
  Server: `entities_collection {..., include:false}`.
- `queue_status`: in a labeling queue with these states.
  Two steps: labeling-queues.stats.entities (`entityStatus`) gives the ids, then filter `id in [...]`.
- `evaluation`: the item's count of true positives, false positives or missed
  objects (optionally of one class) in a range (docs/evaluation-api.md).
  Server: `evaluation {kind, from, to, classId}`.

`to` is 9999, as the SDK sends it.

The bundled server does every chip. For a server that lacks some of them the
caller passes `server=` (the chips that server filters): `list_body()` then
leaves those out and `client_side()` returns a predicate over api `Image`
records for them (datasets, tags, annotated, labels range and name can be
checked on a record; the others cannot and raise `ValueError`). Items
filtered on the client make a page shorter than `per_page` and the server's
`total` an upper bound.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from desktop_app.api.records import Image
from desktop_app.domain.limits import NAME_MAX

QUEUE_STATUSES = ("pending", "annotating", "on_review", "accepted")
# How labeling-queues.stats.entities spells them in `entityStatus` (SDK: None, "none", "done", "accepted").
WIRE_QUEUE_STATUS: dict[str, str | None] = {
    "pending": None,
    "annotating": "none",
    "on_review": "done",
    "accepted": "accepted",
}
OBJECTS_TO = 9999  # upper bound of objects_class counts, as the SDK sends it


@dataclass(frozen=True)
class QueueStatusFilter:
    queue_id: int
    statuses: frozenset[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "statuses", frozenset(self.statuses))
        unknown = self.statuses - set(QUEUE_STATUSES)
        if unknown or not self.statuses:
            raise ValueError(f"queue statuses must be some of {', '.join(QUEUE_STATUSES)}; got {sorted(unknown)}")


EVALUATION_KINDS = ("fp", "tp", "fn")


@dataclass(frozen=True)
class EvaluationFilter:
    """Items whose count of `kind` ("fp", "tp", "fn"; of class `class_id` when set) is in [low, high]."""

    kind: str = "fp"
    low: int = 1
    high: int | None = None  # None: no upper bound
    class_id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVALUATION_KINDS:
            raise ValueError(f"evaluation kind must be one of {', '.join(EVALUATION_KINDS)}; got {self.kind!r}")
        for name in ("low", "high"):
            v = getattr(self, name)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                raise ValueError(f"evaluation {name} must be a non-negative integer")
        if self.high is not None and self.low > self.high:
            raise ValueError("evaluation low is greater than high")
        if self.class_id is not None:
            _ids([self.class_id], "evaluation class id")

    def wire(self) -> dict[str, Any]:
        data = {"kind": self.kind, "from": self.low, "to": self.high, "classId": self.class_id}
        return {"type": "evaluation", "data": data}


def _ids(values: Iterable[Any], what: str) -> tuple[int, ...]:
    out = []
    for v in values:
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{what} must be positive integer ids; got {v!r}")
        if v not in out:
            out.append(v)
    return tuple(out)


@dataclass(frozen=True)
class FilterSpec:
    datasets: tuple[int, ...] = ()
    classes_present: tuple[int, ...] = ()
    classes_absent: tuple[int, ...] = ()
    tags: tuple[tuple[int, Any], ...] = ()  # (tag meta id, value or None for any value)
    annotated: bool | None = None
    labels_min: int | None = None
    labels_max: int | None = None
    name_contains: str = ""
    in_collections: tuple[int, ...] = ()
    not_in_collections: tuple[int, ...] = ()
    queue_status: QueueStatusFilter | None = None
    evaluation: EvaluationFilter | None = None
    disabled: frozenset[str] = field(default_factory=frozenset)  # chips switched off

    def __post_init__(self) -> None:
        for name in ("datasets", "classes_present", "classes_absent", "in_collections", "not_in_collections"):
            object.__setattr__(self, name, _ids(getattr(self, name), name))
        tags = []
        for item in self.tags:
            tag_id, value = item
            if isinstance(value, (list, dict)):
                raise ValueError("a tag value must be a string, a number or None")
            tags.append((_ids([tag_id], "tag ids")[0], value))
        object.__setattr__(self, "tags", tuple(dict.fromkeys(tags)))
        for name in ("labels_min", "labels_max"):
            v = getattr(self, name)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                raise ValueError(f"{name} must be a non-negative integer")
        if self.labels_min is not None and self.labels_max is not None and self.labels_min > self.labels_max:
            raise ValueError("labels_min is greater than labels_max")
        if self.annotated not in (None, True, False):
            raise ValueError("annotated must be True, False or None")
        if not isinstance(self.name_contains, str) or len(self.name_contains) > NAME_MAX:
            raise ValueError(f"name_contains must be text of at most {NAME_MAX} characters")
        disabled = frozenset(self.disabled)
        if disabled - set(FILTER_NAMES):
            raise ValueError(f"unknown filters {sorted(disabled - set(FILTER_NAMES))}")
        object.__setattr__(self, "disabled", disabled)

    # ---- chips ---------------------------------------------------------------
    def is_set(self, name: str) -> bool:
        return getattr(self, name) not in ((), None, "")

    def is_active(self, name: str) -> bool:
        return self.is_set(name) and name not in self.disabled

    def active(self) -> list[str]:
        return [n for n in FILTER_NAMES if self.is_active(n)]

    def chips(self) -> list[tuple[str, bool]]:
        """(name, enabled) of every filter that has a value, in panel order."""
        return [(n, n not in self.disabled) for n in FILTER_NAMES if self.is_set(n)]

    def with_enabled(self, name: str, enabled: bool) -> FilterSpec:
        _check_name(name)
        return replace(self, disabled=self.disabled - {name} if enabled else self.disabled | {name})

    def without(self, name: str) -> FilterSpec:
        _check_name(name)
        # every chip field has a plain default (only `disabled` has a factory)
        reset: dict[str, Any] = {name: FilterSpec.__dataclass_fields__[name].default}
        return replace(self, **reset, disabled=self.disabled - {name})

    # ---- settings ------------------------------------------------------------
    def to_json(self) -> str:
        data: dict[str, Any] = {}
        for name in FILTER_NAMES:
            if not self.is_set(name):
                continue
            value = getattr(self, name)
            if name == "queue_status":
                value = {"queue_id": value.queue_id, "statuses": sorted(value.statuses)}
            elif name == "evaluation":
                value = {"kind": value.kind, "low": value.low, "high": value.high, "class_id": value.class_id}
            elif name == "tags":
                value = [[tag_id, v] for tag_id, v in value]
            elif isinstance(value, tuple):
                value = list(value)
            data[name] = value
        if self.disabled:
            data["disabled"] = sorted(self.disabled)
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> FilterSpec:
        """Raises ValueError on anything malformed; unknown keys are ignored."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"not a saved filter: {exc}") from None
        if not isinstance(data, dict):
            raise ValueError("not a saved filter: expected a JSON object")
        kwargs: dict[str, Any] = {}
        try:
            for name in FILTER_NAMES:
                if name not in data:
                    continue
                value = data[name]
                if name == "queue_status":
                    value = QueueStatusFilter(value["queue_id"], frozenset(value["statuses"]))
                elif name == "evaluation":
                    value = EvaluationFilter(value["kind"], value["low"], value.get("high"), value.get("class_id"))
                elif name == "tags":
                    value = tuple((t[0], t[1]) for t in value)
                elif isinstance(value, list):
                    value = tuple(value)
                kwargs[name] = value
            kwargs["disabled"] = frozenset(data.get("disabled", ()))
        except (KeyError, TypeError, IndexError) as exc:
            raise ValueError(f"not a saved filter: {exc!r}") from None
        return cls(**kwargs)


FILTER_NAMES: tuple[str, ...] = tuple(f.name for f in fields(FilterSpec) if f.name != "disabled")
ALL_SERVER_SIDE: frozenset[str] = frozenset(FILTER_NAMES)
RECORD_CHECKABLE = frozenset({"datasets", "tags", "annotated", "labels_min", "labels_max", "name_contains"})


def _check_name(name: str) -> None:
    if name not in FILTER_NAMES:
        raise ValueError(f"unknown filter {name!r}")


def _objects_class(class_id: int | None, include: bool) -> dict[str, Any]:
    return {"type": "objects_class", "data": {"classId": class_id, "from": 1, "to": OBJECTS_TO, "include": include}}


def list_body(
    spec: FilterSpec,
    *,
    project_id: int,
    queue_entity_ids: Iterable[int] | None = None,
    server: frozenset[str] = ALL_SERVER_SIDE,
) -> dict[str, Any]:
    """The images.list body (without sort or paging) for the server-side chips.

    An active queue_status chip needs the queue's entity ids, fetched first
    with `queue_entities_body()`."""
    on = [n for n in spec.active() if n in server]
    cond: list[dict[str, Any]] = []
    typed: list[dict[str, Any]] = []
    if "datasets" in on:
        cond.append({"field": "datasetId", "operator": "in", "value": list(spec.datasets)})
    if "labels_min" in on:
        cond.append({"field": "labelsCount", "operator": ">=", "value": spec.labels_min})
    if "labels_max" in on:
        cond.append({"field": "labelsCount", "operator": "<=", "value": spec.labels_max})
    if "queue_status" in on:
        if queue_entity_ids is None:
            raise ValueError("the queue status filter needs the queue's entity ids (labeling-queues.stats.entities)")
        cond.append({"field": "id", "operator": "in", "value": sorted(set(queue_entity_ids))})
    typed += [_objects_class(c, True) for c in spec.classes_present if "classes_present" in on]
    typed += [_objects_class(c, False) for c in spec.classes_absent if "classes_absent" in on]
    if "annotated" in on:
        typed.append(_objects_class(None, bool(spec.annotated)))
    for tag_id, value in spec.tags if "tags" in on else ():
        data: dict[str, Any] = {"tagId": tag_id, "include": True}
        if value is not None:
            data["value"] = value
        typed.append({"type": "images_tag", "data": data})
    if "name_contains" in on:
        typed.append({"type": "images_filename", "data": {"value": spec.name_contains}})
    for key, include in (("in_collections", True), ("not_in_collections", False)):
        if key in on:
            typed += [
                {"type": "entities_collection", "data": {"collectionId": c, "include": include}}
                for c in getattr(spec, key)
            ]
    if "evaluation" in on and spec.evaluation is not None:
        typed.append(spec.evaluation.wire())
    body: dict[str, Any] = {"projectId": project_id, "filter": cond}
    if typed:
        body["filters"] = typed
    return body


def queue_entities_body(spec: FilterSpec, *, page: int = 1, per_page: int = 500) -> dict[str, Any] | None:
    """The labeling-queues.stats.entities request for the queue_status chip, or None when it is off."""
    if not spec.is_active("queue_status"):
        return None
    qs = spec.queue_status
    assert qs is not None
    statuses = [WIRE_QUEUE_STATUS[s] for s in QUEUE_STATUSES if s in qs.statuses]
    return {"id": qs.queue_id, "page": page, "per_page": per_page, "entityStatus": statuses}


Predicate = Callable[[Image], bool]


def client_side(spec: FilterSpec, *, server: frozenset[str] = ALL_SERVER_SIDE) -> Predicate | None:
    """A check on api Image records for the active chips the server does not do, or None."""
    left = [n for n in spec.active() if n not in server]
    if not left:
        return None
    impossible = [n for n in left if n not in RECORD_CHECKABLE]
    if impossible:
        raise ValueError(f"these filters need the server: {', '.join(impossible)}")
    checks: list[Predicate] = []
    if "datasets" in left:
        wanted = frozenset(spec.datasets)
        checks.append(lambda img: img.dataset_id in wanted)
    if "labels_min" in left:
        low = spec.labels_min
        assert low is not None  # an active chip is set
        checks.append(lambda img: img.labels_count >= low)
    if "labels_max" in left:
        high = spec.labels_max
        assert high is not None  # an active chip is set
        checks.append(lambda img: img.labels_count <= high)
    if "annotated" in left:
        want = bool(spec.annotated)
        checks.append(lambda img: (img.labels_count > 0) == want)
    if "name_contains" in left:
        needle = spec.name_contains.casefold()
        checks.append(lambda img: needle in img.name.casefold())
    if "tags" in left:
        pairs = spec.tags

        def has_tags(img: Image) -> bool:
            return all(
                any(t.tag_id == tag_id and (value is None or t.value == value) for t in img.tags)
                for tag_id, value in pairs
            )

        checks.append(has_tags)
    return lambda img: all(check(img) for check in checks)
