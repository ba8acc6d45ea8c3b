"""evaluation.objects.list: the predictions ("tp"/"fp") or the missed ground
truth ("fn") of a project, one row per box, with its item and its box, for the
triage view. Paged like every list (page/per_page, or token mode)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import Figure, FigureMatch, Image, ObjClass


def objects_select(
    project_id: int,
    kind: str,
    class_id: int | None,
    members: Select | None,
    min_confidence: float | None,
) -> Select:
    stmt = (
        select(
            FigureMatch.figure_id,
            FigureMatch.image_id,
            FigureMatch.kind,
            FigureMatch.confidence,
            FigureMatch.iou,
            FigureMatch.matched_figure_id,
            Image.name.label("image_name"),
            Image.dataset_id,
            Figure.class_id,
            ObjClass.title.label("class_title"),
            Figure.points,
            Figure.frame_index,
        )
        .join(Image, Image.id == FigureMatch.image_id)
        .join(Figure, Figure.id == FigureMatch.figure_id)
        .join(ObjClass, ObjClass.id == Figure.class_id)
        .where(
            FigureMatch.project_id == project_id,
            FigureMatch.kind == kind,
            FigureMatch.prediction.is_(kind != "fn"),  # a tp pair is listed once, by its prediction
        )
    )
    if class_id is not None:
        stmt = stmt.where(FigureMatch.class_id == class_id)
    if members is not None:  # a collection's member ids
        stmt = stmt.where(FigureMatch.image_id.in_(members))
    if min_confidence is not None:
        stmt = stmt.where(and_(FigureMatch.confidence.is_not(None), FigureMatch.confidence >= min_confidence))
    return stmt


def objects_json(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "figureId": r.figure_id,
            "imageId": r.image_id,
            "imageName": r.image_name,
            "datasetId": r.dataset_id,
            "classId": r.class_id,
            "classTitle": r.class_title,
            "kind": r.kind,
            "confidence": r.confidence,
            "iou": r.iou,
            "matchedFigureId": r.matched_figure_id,
            "frame": r.frame_index,
            "bbox": _bbox(r.points),
        }
        for r in rows
    ]


def _bbox(points: Any) -> dict[str, float]:
    (x1, y1), (x2, y2) = points["exterior"][:2]
    return {"left": min(x1, x2), "top": min(y1, y2), "right": max(x1, x2), "bottom": max(y1, y2)}


def page_of(session: Session, stmt: Select) -> list[Any]:
    return list(session.execute(stmt).all())
