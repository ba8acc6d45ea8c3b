"""Evaluation of predictions against ground truth (the bundled server's own
methods, docs/evaluation-api.md): a project's IoU threshold, the matched and
unmatched objects, and the per-class confidence bins for precision/recall.

Per-item counts come with the item listing: `api.images.page(...,
extra_fields=["evaluation"])` fills `Image.evaluation`; filter with
`evaluation_filter(...)` and sort by "fpCount", "tpCount" or "fnCount"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .base import Area, Json
from .pagination import Page, fetch_page

KINDS = ("tp", "fp", "fn")
SORT_KEYS = {"tp": "tpCount", "fp": "fpCount", "fn": "fnCount"}  # images.list sort per kind
EXTRA_FIELD = "evaluation"


def evaluation_filter(kind: str, low: int | None = 1, high: int | None = None, class_id: int | None = None) -> Json:
    """images.list typed filter: items with `low` <= count of `kind` <= `high` (None: open)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    return {"type": "evaluation", "data": {"kind": kind, "from": low, "to": high, "classId": class_id}}


@dataclass(frozen=True, slots=True)
class Recompute:
    """How far the project's recompute after a threshold change is (a big one runs in the background)."""

    running: bool = False
    done: int = 0
    total: int = 0
    error: str | None = None

    @classmethod
    def from_json(cls, d: Json | None) -> Recompute:
        d = d or {}
        return cls(bool(d.get("running")), int(d.get("done") or 0), int(d.get("total") or 0), d.get("error"))


@dataclass(frozen=True, slots=True)
class EvaluationSettings:
    project_id: int
    iou_threshold: float
    recompute: Recompute = Recompute()

    @classmethod
    def from_json(cls, d: Json) -> EvaluationSettings:
        return cls(
            project_id=int(d["projectId"]),
            iou_threshold=float(d["iouThreshold"]),
            recompute=Recompute.from_json(d.get("recompute")),
        )


@dataclass(frozen=True, slots=True)
class BoundingBox:
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True, slots=True)
class EvaluatedObject:
    """One prediction ("tp"/"fp") or one missed ground-truth box ("fn")."""

    figure_id: int
    image_id: int
    image_name: str
    dataset_id: int
    class_id: int  # the figure's own class ("car_pred" for a prediction)
    class_title: str
    kind: str
    confidence: float | None
    iou: float | None
    matched_figure_id: int | None
    bbox: BoundingBox
    frame: int | None = None  # a video's frame the box is on; None for an image

    @classmethod
    def from_json(cls, d: Json) -> EvaluatedObject:
        b = d.get("bbox") or {}
        return cls(
            figure_id=int(d["figureId"]),
            image_id=int(d["imageId"]),
            image_name=d.get("imageName") or "",
            dataset_id=int(d.get("datasetId") or 0),
            class_id=int(d.get("classId") or 0),
            class_title=d.get("classTitle") or "",
            kind=d.get("kind") or "",
            confidence=_float(d.get("confidence")),
            iou=_float(d.get("iou")),
            matched_figure_id=d.get("matchedFigureId"),
            bbox=BoundingBox(*(float(b.get(k) or 0) for k in ("left", "top", "right", "bottom"))),
            frame=d.get("frame"),
        )


@dataclass(frozen=True, slots=True)
class ConfidenceBin:
    low: float
    high: float
    tp: int
    fp: int


@dataclass(frozen=True, slots=True)
class ClassSummary:
    class_id: int  # the labelled class ("car")
    class_title: str
    gt_count: int
    predictions: int
    bins: tuple[ConfidenceBin, ...]

    @classmethod
    def from_json(cls, d: Json) -> ClassSummary:
        return cls(
            class_id=int(d["classId"]),
            class_title=d.get("classTitle") or "",
            gt_count=int(d.get("gtCount") or 0),
            predictions=int(d.get("predictions") or 0),
            bins=tuple(
                ConfidenceBin(float(b["from"]), float(b["to"]), int(b["tp"]), int(b["fp"])) for b in d.get("bins") or ()
            ),
        )


@dataclass(frozen=True, slots=True)
class EvaluationSummary:
    iou_threshold: float
    classes: tuple[ClassSummary, ...]

    @classmethod
    def from_json(cls, d: Json) -> EvaluationSummary:
        return cls(float(d["iouThreshold"]), tuple(ClassSummary.from_json(c) for c in d.get("classes") or ()))


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


class EvaluationApi(Area):
    async def settings(self, project_id: int) -> EvaluationSettings:
        return EvaluationSettings.from_json(await self._read("evaluation.settings.info", {"projectId": project_id}))

    async def update_settings(self, project_id: int, iou_threshold: float) -> EvaluationSettings:
        """Set the threshold; the server recomputes the project before it answers, or for a big
        project in the background (`recompute.running`; `settings()` tells how far it is)."""
        body = {"projectId": project_id, "iouThreshold": iou_threshold}
        return EvaluationSettings.from_json(await self._write("evaluation.settings.update", body))

    async def objects(
        self,
        project_id: int,
        kind: str,
        *,
        class_id: int | None = None,
        collection_id: int | None = None,
        min_confidence: float | None = None,
        sort: str = "confidence",
        sort_order: str = "desc",
        page: int = 1,
        per_page: int = 100,
    ) -> Page[EvaluatedObject]:
        body: Json = {"projectId": project_id, "kind": kind, "sort": sort, "sort_order": sort_order}
        if class_id is not None:
            body["classId"] = class_id
        if collection_id is not None:
            body["collectionId"] = collection_id
        if min_confidence is not None:
            body["minConfidence"] = min_confidence
        return await fetch_page(
            self._client,
            "evaluation.objects.list",
            body,
            page=page,
            per_page=per_page,
            convert=EvaluatedObject.from_json,
        )

    async def summary(
        self, project_id: int, *, collection_id: int | None = None, class_ids: Sequence[int] | None = None
    ) -> EvaluationSummary:
        body: Json = {"projectId": project_id}
        if collection_id is not None:
            body["collectionId"] = collection_id
        if class_ids is not None:
            body["classIds"] = list(class_ids)
        return EvaluationSummary.from_json(await self._read("evaluation.summary", body))
