"""What the filter panel can offer, read from AppState (nothing is fetched here):
datasets, classes (with colors), image tags (with their possible values),
collections and labeling queues of the open project; plus the words a chip
shows for a filter, the pruning of choices that no longer exist, and the
"likely false positives" presets (X_pred present, X absent)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop_app.domain.filters import QUEUE_STATUSES, EvaluationFilter, FilterSpec
from desktop_app.qt.app_state import AppState
from desktop_app.shared.predictions import is_prediction_class, labelled_class

STATUS_TEXT = {"pending": "pending", "annotating": "annotating", "on_review": "on review", "accepted": "accepted"}
assert set(STATUS_TEXT) == set(QUEUE_STATUSES)


@dataclass(frozen=True)
class Choice:
    id: int
    text: str
    color: str | None = None


@dataclass(frozen=True)
class TagChoice(Choice):
    value_type: str = "none"  # none | any_string | any_number | oneof_string | date
    values: tuple[Any, ...] = ()


# The evaluation chip's words for its kinds (docs/evaluation-api.md).
EVALUATION_TEXT = {"fp": "false positives", "tp": "true positives", "fn": "missed"}


@dataclass(frozen=True)
class FalsePositivePreset:
    """Images where the model predicted `pred` and the ground truth has no `truth`."""

    pred: Choice
    truth: Choice

    @property
    def text(self) -> str:
        return f"{self.pred.text} without {self.truth.text}"

    def apply(self, spec: FilterSpec) -> FilterSpec:
        """The spec with its class filters replaced by this preset (other filters kept)."""
        disabled = spec.disabled - {"classes_present", "classes_absent"}
        return replace(spec, classes_present=(self.pred.id,), classes_absent=(self.truth.id,), disabled=disabled)


@dataclass(frozen=True)
class EvaluationPreset:
    """Items with at least one false positive after matching predictions to the
    ground truth by IoU (server-side evaluation, any class)."""

    text: str = "False positives (IoU-matched)"

    def apply(self, spec: FilterSpec) -> FilterSpec:
        return replace(spec, evaluation=EvaluationFilter("fp", 1), disabled=spec.disabled - {"evaluation"})


class FilterOptions(QObject):
    """Emits `changed(kind)` (kind: "project", "datasets", "meta", "collections", "queues")
    after AppState changed what can be chosen."""

    changed = Signal(str)

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        # Bound methods, not lambdas: Qt drops these connections when this object goes away.
        state.projectChanged.connect(self._project_changed)
        state.datasetsChanged.connect(self._datasets_changed)
        state.metaChanged.connect(self._meta_changed)
        state.collectionsChanged.connect(self._collections_changed)
        state.queuesChanged.connect(self._queues_changed)

    def _project_changed(self, *_: object) -> None:
        self.changed.emit("project")

    def _datasets_changed(self, *_: object) -> None:
        self.changed.emit("datasets")

    def _meta_changed(self, *_: object) -> None:
        self.changed.emit("meta")

    def _collections_changed(self, *_: object) -> None:
        self.changed.emit("collections")

    def _queues_changed(self, *_: object) -> None:
        self.changed.emit("queues")

    # -- choices -------------------------------------------------------------
    @property
    def project_id(self) -> int | None:
        return self.state.project.id if self.state.project is not None else None

    def datasets(self) -> list[Choice]:
        return [Choice(d.id, d.name) for d in self.state.datasets]

    def classes(self) -> list[Choice]:
        meta = self.state.meta
        return [Choice(c.id, c.title, c.color) for c in (meta.classes if meta else ()) if c.id is not None]

    def tags(self) -> list[TagChoice]:
        """Tags that can sit on an image (object-only tags cannot be filtered by images_tag)."""
        meta = self.state.meta
        return [
            TagChoice(t.id, t.name, t.color, t.value_type, tuple(t.values))
            for t in (meta.tags if meta else ())
            if t.id is not None and t.applicable_type != "objectsOnly"
        ]

    def collections(self) -> list[Choice]:
        # Until refresh_collections() answers, the list may still be the previous project's.
        pid = self.project_id
        return [Choice(c.id, c.name) for c in self.state.collections if c.project_id in (None, pid)]

    def queues(self) -> list[Choice]:
        pid = self.project_id
        return [Choice(q.id, q.name) for q in self.state.queues if q.project_id in (None, pid)]

    def false_positive_presets(self) -> list[FalsePositivePreset]:
        """One per class X that has an X_pred class."""
        by_title = {c.text: c for c in self.classes()}
        return [
            FalsePositivePreset(pred, by_title[labelled_class(pred.text)])
            for pred in self.classes()
            if is_prediction_class(pred.text) and labelled_class(pred.text) in by_title
        ]

    # -- keeping a spec valid ------------------------------------------------
    def prune(self, spec: FilterSpec, kinds: set[str]) -> FilterSpec:
        """Drop the selections of `kinds` ("datasets", "meta", "collections", "queues")
        that the project no longer has; the rest is kept as it is."""
        changes: dict[str, Any] = {}
        if "datasets" in kinds:
            ids = {c.id for c in self.datasets()}
            changes["datasets"] = tuple(i for i in spec.datasets if i in ids)
        if "meta" in kinds:
            ids = {c.id for c in self.classes()}
            changes["classes_present"] = tuple(i for i in spec.classes_present if i in ids)
            changes["classes_absent"] = tuple(i for i in spec.classes_absent if i in ids)
            tag_ids = {t.id for t in self.tags()}
            changes["tags"] = tuple(t for t in spec.tags if t[0] in tag_ids)
            if spec.evaluation is not None and spec.evaluation.class_id not in (None, *ids):
                changes["evaluation"] = replace(spec.evaluation, class_id=None)
        if "collections" in kinds:
            ids = {c.id for c in self.collections()}
            changes["in_collections"] = tuple(i for i in spec.in_collections if i in ids)
            changes["not_in_collections"] = tuple(i for i in spec.not_in_collections if i in ids)
        if "queues" in kinds and spec.queue_status is not None:
            if spec.queue_status.queue_id not in {q.id for q in self.queues()}:
                changes["queue_status"] = None
        pruned = replace(spec, **changes)
        # A switch without a value is meaningless: drop it with the value.
        return replace(pruned, disabled=frozenset(n for n in pruned.disabled if pruned.is_set(n)))

    # -- words ---------------------------------------------------------------
    def describe(self, spec: FilterSpec, name: str) -> str:
        """The text of the chip for filter `name`, e.g. "class: dog_pred present"."""

        def names(choices: list[Choice], ids: tuple[int, ...]) -> str:
            by_id = {c.id: c.text for c in choices}
            return ", ".join(by_id.get(i, f"#{i}") for i in ids)

        if name == "datasets":
            return f"dataset: {names(self.datasets(), spec.datasets)}"
        if name == "classes_present":
            return f"class: {names(self.classes(), spec.classes_present)} present"
        if name == "classes_absent":
            return f"class: {names(self.classes(), spec.classes_absent)} absent"
        if name == "tags":
            by_id = {t.id: t.text for t in self.tags()}
            parts = [by_id.get(t, f"#{t}") + ("" if v is None else f" = {v}") for t, v in spec.tags]
            return f"tag: {', '.join(parts)}"
        if name == "annotated":
            return "annotated" if spec.annotated else "not annotated"
        if name == "labels_min":
            return f"labels ≥ {spec.labels_min}"
        if name == "labels_max":
            return f"labels ≤ {spec.labels_max}"
        if name == "name_contains":
            return f"name contains “{spec.name_contains}”"
        if name == "in_collections":
            return f"in: {names(self.collections(), spec.in_collections)}"
        if name == "not_in_collections":
            return f"not in: {names(self.collections(), spec.not_in_collections)}"
        if name == "queue_status":
            qs = spec.queue_status
            assert qs is not None
            statuses = ", ".join(STATUS_TEXT[s] for s in QUEUE_STATUSES if s in qs.statuses)
            return f"queue {names(self.queues(), (qs.queue_id,))}: {statuses}"
        if name == "evaluation":
            ev = spec.evaluation
            assert ev is not None
            of = "" if ev.class_id is None else f" of {names(self.classes(), (ev.class_id,))}"
            span = f"≥ {ev.low}" if ev.high is None else f"{ev.low}–{ev.high}"
            return f"{EVALUATION_TEXT[ev.kind]}{of} {span}"
        raise ValueError(f"unknown filter {name!r}")
