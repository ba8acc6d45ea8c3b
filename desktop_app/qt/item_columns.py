"""The columns of the item list (table headers, texts, sort keys), with the
dataset and tag names of the open project looked up in dicts kept up to date
by the controller: a column's text is computed on every data() call."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from desktop_app.api.records import Image
from desktop_app.domain.image_source import size_key
from desktop_app.qt.item_model import Column

NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def size_text(image: Image) -> str:
    return f"{image.width} × {image.height}" if image.width and image.height else ""


def duration_text(seconds: float) -> str:
    """0:03, 1:02:07"""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def length_text(item: Image) -> str:
    """What a video or a point cloud has instead of one picture: "0:03 · 36 f", "12,345 points"."""
    if item.frames_count is not None:
        parts = [duration_text(item.duration)] if item.duration is not None else []
        return " · ".join([*parts, f"{item.frames_count:,} f"])
    if item.points_count is not None:
        return f"{item.points_count:,} points"
    return ""


def length_key(item: Image) -> tuple[int, float]:
    return item.frames_count or item.points_count or 0, item.duration or 0.0


def count_text(item: Image, kind: str) -> str:
    return "" if item.evaluation is None else str(getattr(item.evaluation, kind))


def time_text(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


class ItemColumns:
    def __init__(self) -> None:
        self.dataset_names: dict[int, str] = {}
        self.tag_names: dict[int, str] = {}
        self.columns = [
            Column("Name", lambda img: img.name, "name"),
            Column("Dataset", lambda img: self.dataset_names.get(img.dataset_id, ""), "datasetId"),
            Column("Width × Height", size_text, "size"),
            Column("Labels", lambda img: str(img.labels_count), "labelsCount", NUMBER),
            Column("Tags", self.tags_text, "tags"),
            Column("Updated", lambda img: time_text(img.updated_at), "updatedAt"),
            Column("Length", length_text, "length", NUMBER),  # videos and point clouds only
            # evaluation counts (docs/evaluation-api.md), images only: blank until the server sent them
            Column("FP", lambda img: count_text(img, "fp"), "fpCount", NUMBER),
            Column("TP", lambda img: count_text(img, "tp"), "tpCount", NUMBER),
            Column("Missed", lambda img: count_text(img, "fn"), "fnCount", NUMBER),
        ]
        # sort keys the server does not know: the list is sorted in memory by these
        self.client_keys = {
            "size": size_key,
            "tags": lambda img: self.tags_text(img).casefold(),
            "length": length_key,
        }

    def tags_text(self, image: Image) -> str:
        parts = []
        for tag in image.tags:
            known = self.tag_names.get(tag.tag_id) if tag.tag_id is not None else None
            name = known or tag.name or "?"
            parts.append(name if tag.value is None else f"{name}: {tag.value}")
        return ", ".join(parts)

    def column_of(self, sort_key: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.sort_key == sort_key), None)
