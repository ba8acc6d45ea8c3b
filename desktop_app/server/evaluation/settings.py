"""A project's IoU threshold: read it, and change it (which recomputes the
project: every verdict depends on it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop_app.server.db.models import EvaluationSetting
from desktop_app.server.errors import InvalidInput
from desktop_app.server.evaluation.recompute import evaluate_project


def check_threshold(value: float) -> float:
    if not 0 < value <= 1:
        raise InvalidInput(f"'iouThreshold' must be greater than 0 and at most 1, got {value}")
    return float(value)


def store_threshold(session: Session, project_id: int, value: float) -> float:
    """Store the threshold (checked); the caller recomputes the project."""
    value = check_threshold(value)
    row = session.get(EvaluationSetting, project_id)
    if row is None:
        session.add(EvaluationSetting(project_id=project_id, iou_threshold=value))
    else:
        row.iou_threshold = value
    session.flush()
    return value


def set_threshold(session: Session, project_id: int, value: float) -> None:
    """Store the threshold and recompute the project in the same transaction (the CLI's way:
    synchronous, so on a million items it takes as long as the recompute)."""
    store_threshold(session, project_id, value)
    evaluate_project(session, project_id)
