"""evaluation.summary: per labelled class, its ground-truth count and its
predictions' tp/fp in 20 confidence bins, so the client draws precision and
recall at any confidence threshold (domain/evaluation/precision_recall.py).
Counted by the database (GROUP BY), not by reading every verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Select, case, cast, func, select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import FigureMatch, ObjClass

BINS = 20


def _bin_of(confidence: Any) -> Any:
    """0..BINS-1 from a confidence (a missing one is 1.0; 1.0 falls in the last bin)."""
    scaled = func.floor(func.coalesce(confidence, 1.0) * BINS)
    clipped = case((scaled >= BINS, BINS - 1), (scaled < 0, 0), else_=scaled)
    return cast(clipped, Integer)


def summary(
    session: Session, project_id: int, threshold: float, members: Select | None, class_ids: Sequence[int] | None
) -> dict[str, Any]:
    scope = [FigureMatch.project_id == project_id, FigureMatch.class_id.is_not(None)]
    if members is not None:  # a collection's member ids
        scope.append(FigureMatch.image_id.in_(members))
    if class_ids is not None:
        scope.append(FigureMatch.class_id.in_(list(class_ids)))
    gt: dict[int, int] = {
        int(cid or 0): n
        for cid, n in session.execute(
            select(FigureMatch.class_id, func.count())
            .where(*scope, FigureMatch.prediction.is_(False))
            .group_by(FigureMatch.class_id)
        )
    }
    bin_ = _bin_of(FigureMatch.confidence).label("bin")
    rows = session.execute(
        select(FigureMatch.class_id, bin_, FigureMatch.kind, func.count())
        .where(*scope, FigureMatch.prediction.is_(True))
        .group_by(FigureMatch.class_id, bin_, FigureMatch.kind)
    ).all()
    bins: dict[int, list[dict[str, Any]]] = {}
    for class_id, index, kind, n in rows:
        table = bins.setdefault(int(class_id), _empty_bins())
        table[int(index)][kind] += n
    class_set = sorted(set(gt) | set(bins))
    titles = dict(session.execute(select(ObjClass.id, ObjClass.title).where(ObjClass.id.in_(class_set))).all())
    classes = [
        {
            "classId": cid,
            "classTitle": titles.get(cid, ""),
            "gtCount": gt.get(cid, 0),
            "predictions": sum(b["tp"] + b["fp"] for b in bins.get(cid, ())),
            "bins": bins.get(cid) or _empty_bins(),
        }
        for cid in sorted(class_set, key=lambda c: titles.get(c, ""))
    ]
    return {"iouThreshold": threshold, "classes": classes}


def _empty_bins() -> list[dict[str, Any]]:
    return [{"from": i / BINS, "to": (i + 1) / BINS, "tp": 0, "fp": 0} for i in range(BINS)]
