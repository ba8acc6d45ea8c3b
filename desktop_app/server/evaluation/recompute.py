"""Recomputing evaluation: the verdict of every box of some items
(figure_matches) and their per-item counts (images.eval_tp/fp/fn).

A video is matched frame by frame (a frame's boxes against that frame's
boxes, the confidence from the object's tag), and its counts are the sums
over its frames. Point-cloud cuboids are not evaluated.

`evaluate_items` runs inside the caller's transaction, right after a write of
the items' figures, so counts never lag behind annotations. `evaluate_project`
does a whole project in batches of BATCH items (a threshold change, the CLI,
imports); each batch is one read and one write, so memory stays flat at a
million items."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.server.db.models import AnnotationObject, EvaluationSetting, Figure, FigureMatch, Image, ObjClass
from desktop_app.server.images.to_json import chunks
from desktop_app.shared.matching import DEFAULT_IOU_THRESHOLD, Box, Match, counts, match_item
from desktop_app.shared.predictions import CONFIDENCE_TAG

BATCH = 2000  # items per read-match-write step of a whole project


def threshold_of(session: Session, project_id: int) -> float:
    value = session.scalar(select(EvaluationSetting.iou_threshold).where(EvaluationSetting.project_id == project_id))
    return DEFAULT_IOU_THRESHOLD if value is None else float(value)


def _confidence(tags: Any) -> float | None:
    for tag in tags or ():
        if isinstance(tag, dict) and tag.get("name") == CONFIDENCE_TAG:
            value = tag.get("value")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
    return None


def _box(figure_id: int, title: str, points: Any, tags: Any) -> Box | None:
    try:
        (x1, y1), (x2, y2) = points["exterior"][:2]
        left, right = sorted((float(x1), float(x2)))
        top, bottom = sorted((float(y1), float(y2)))
    except (KeyError, TypeError, ValueError):
        return None  # not a two-point rectangle: not evaluated
    return Box(figure_id, title, left, top, right, bottom, _confidence(tags))


class ProjectClasses:
    """Title -> id of a project's classes, read once per project."""

    def __init__(self, session: Session, project_id: int) -> None:
        rows = session.execute(select(ObjClass.id, ObjClass.title).where(ObjClass.project_id == project_id))
        self.ids = {title: cid for cid, title in rows}


def evaluate_items(session: Session, image_ids: Iterable[int]) -> None:
    """Recompute the items (any projects); call after their figures changed."""
    ids = sorted(set(image_ids))
    by_project: dict[int, list[int]] = defaultdict(list)
    for part in chunks(ids):
        for image_id, project_id in session.execute(select(Image.id, Image.project_id).where(Image.id.in_(part))):
            by_project[project_id].append(image_id)
    for project_id, items in by_project.items():
        evaluate_batch(
            session, project_id, items, threshold_of(session, project_id), ProjectClasses(session, project_id)
        )


def project_item_ids(session: Session, project_id: int) -> list[int]:
    """Every item of the project, in the order a whole-project recompute goes through them."""
    return list(session.scalars(select(Image.id).where(Image.project_id == project_id).order_by(Image.id)))


def evaluate_project(
    session: Session, project_id: int, *, on_progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every item of the project, BATCH at a time; returns the number of items."""
    threshold = threshold_of(session, project_id)
    classes = ProjectClasses(session, project_id)
    ids = project_item_ids(session, project_id)
    for start in range(0, len(ids), BATCH):
        evaluate_batch(session, project_id, ids[start : start + BATCH], threshold, classes)
        if on_progress is not None:
            on_progress(min(start + BATCH, len(ids)), len(ids))
    return len(ids)


def evaluate_batch(
    session: Session, project_id: int, ids: Sequence[int], threshold: float, classes: ProjectClasses
) -> None:
    titles = {cid: title for title, cid in classes.ids.items()}
    # (item, frame) -> its boxes; frame None for an image
    boxes: dict[int, dict[int | None, list[Box]]] = defaultdict(lambda: defaultdict(list))
    for part in chunks(list(ids)):
        rows = session.execute(
            select(
                Figure.id,
                Figure.image_id,
                Figure.class_id,
                Figure.points,
                Figure.tags,
                Figure.frame_index,
                AnnotationObject.tags,
            )
            .outerjoin(AnnotationObject, AnnotationObject.id == Figure.object_id)
            .where(Figure.image_id.in_(part), Figure.geometry_type == "rectangle")
        )
        for figure_id, image_id, class_id, points, tags, frame, object_tags in rows:
            # a video's confidence is a tag of the object, which its figures on every frame share
            box = _box(figure_id, titles.get(class_id, ""), points, tags or object_tags)
            if box is not None:
                boxes[image_id][frame].append(box)
        session.execute(delete(FigureMatch).where(FigureMatch.image_id.in_(part)))
    matches: list[dict[str, Any]] = []
    item_counts: list[dict[str, Any]] = []
    for image_id in ids:
        frames = boxes.get(image_id, {})
        found = [
            m for frame in sorted(frames, key=_frame_order) for m in match_item(frames[frame], classes.ids, threshold)
        ]
        matches.extend(_row(m, image_id, project_id, classes) for m in found)
        c = counts(found)
        item_counts.append({"image_id": image_id, "tp": c["tp"], "fp": c["fp"], "fn": c["fn"]})
    if matches:  # a Core executemany: the ORM's bulk insert sent one statement per row here (10x slower)
        session.execute(insert(cast(Table, FigureMatch.__table__)), matches)
    table = cast(Table, Image.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("image_id"))
        # updated_at kept as is: a new verdict is no edit of the item (its column's onupdate would bump it)
        .values(
            eval_tp=bindparam("tp"), eval_fp=bindparam("fp"), eval_fn=bindparam("fn"), updated_at=table.c.updated_at
        ),
        item_counts,
    )


def _frame_order(frame: int | None) -> int:
    return -1 if frame is None else frame


def _row(m: Match, image_id: int, project_id: int, classes: ProjectClasses) -> dict[str, Any]:
    return {
        "figure_id": m.figure_id,
        "image_id": image_id,
        "project_id": project_id,
        "class_id": classes.ids.get(m.labelled_class),
        "kind": m.kind,
        "prediction": m.prediction,
        "confidence": m.confidence,
        "matched_figure_id": m.matched_figure_id,
        "iou": m.iou,
    }
