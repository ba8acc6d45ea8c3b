"""`desktop-app-server evaluate --project ID [--iou X]`: recompute a project's
evaluation (optionally at a new threshold) and report per-class TP/FP/FN."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import FigureMatch, Image, ObjClass, Project
from desktop_app.server.evaluation.recompute import evaluate_project, threshold_of
from desktop_app.server.evaluation.settings import check_threshold, set_threshold

UNLABELLED = "(predictions of no labelled class)"


@dataclass(frozen=True)
class ClassCounts:
    title: str
    tp: int
    fp: int
    fn: int


@dataclass(frozen=True)
class Report:
    project_name: str
    items: int
    threshold: float
    classes: list[ClassCounts]

    def lines(self) -> list[str]:
        width = max([len(c.title) for c in self.classes] + [len("class")])
        out = [
            f"Project {self.project_name!r}: {self.items} items evaluated at IoU {self.threshold:g}",
            f"{'class':<{width}}  {'TP':>7}  {'FP':>7}  {'FN':>7}",
        ]
        out += [f"{c.title:<{width}}  {c.tp:>7}  {c.fp:>7}  {c.fn:>7}" for c in self.classes]
        if not self.classes:
            out.append("(no boxes to evaluate)")
        return out


def evaluate(
    session: Session, project: Project, iou: float | None, on_progress: Callable[[int, int], None] | None = None
) -> Report:
    """Recompute (at `iou` when given, which is then stored) and count per class."""
    if iou is not None:
        check_threshold(iou)
        set_threshold(session, project.id, iou)  # stores and recomputes
        items = _items(session, project.id)
    else:
        items = evaluate_project(session, project.id, on_progress=on_progress)
    return Report(project.name, items, threshold_of(session, project.id), per_class(session, project.id))


def _items(session: Session, project_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Image).where(Image.project_id == project_id)) or 0


def per_class(session: Session, project_id: int) -> list[ClassCounts]:
    rows = session.execute(
        select(FigureMatch.class_id, FigureMatch.kind, FigureMatch.prediction, func.count())
        .where(FigureMatch.project_id == project_id)
        .group_by(FigureMatch.class_id, FigureMatch.kind, FigureMatch.prediction)
    ).all()
    counts: dict[int | None, dict[str, int]] = {}
    for class_id, kind, prediction, n in rows:
        if kind == "tp" and not prediction:
            continue  # a pair counts once, by its prediction
        counts.setdefault(class_id, {"tp": 0, "fp": 0, "fn": 0})[kind] += n
    titles = dict(session.execute(select(ObjClass.id, ObjClass.title).where(ObjClass.project_id == project_id)).all())
    out = [ClassCounts(titles.get(cid, "?") if cid is not None else UNLABELLED, **c) for cid, c in counts.items()]
    return sorted(out, key=lambda c: (c.title == UNLABELLED, c.title))
