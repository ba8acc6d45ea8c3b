"""The export formats by name (the CLI's --format values, the dialog's choices)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from desktop_app.shared.export_formats.coco import CocoWriter
from desktop_app.shared.export_formats.ids_csv import IdsCsvWriter
from desktop_app.shared.export_formats.ids_json import IdsJsonWriter
from desktop_app.shared.export_formats.records import ExportItem, Json, Summary
from desktop_app.shared.export_formats.supervisely import SuperviselyWriter
from desktop_app.shared.export_formats.yolo import YoloWriter


class Writer(Protocol):
    needs_annotations: bool  # False: the driver need not download annotations
    needs_images: bool  # False: images are neither copied nor linked

    def add(self, item: ExportItem, annotation: Json | None, image: bytes | None = None) -> None: ...
    def finish(self) -> Summary: ...
    def close(self) -> None: ...  # on failure or cancel: release open files


# name -> (label shown in the app, writer class)
FORMATS: dict[str, tuple[str, Any]] = {
    "supervisely": ("Supervisely project (meta.json, img/, ann/)", SuperviselyWriter),
    "coco": ("COCO instances JSON (boxes and polygons)", CocoWriter),
    "yolo": ("YOLO (boxes)", YoloWriter),
    "ids-csv": ("Ids and names, CSV", IdsCsvWriter),
    "ids-json": ("Ids and names, JSON", IdsJsonWriter),
}
IMAGE_FORMATS = {"supervisely", "coco", "yolo"}  # need an image project: annotations in the image format


def writer_for(fmt: str, root: Path, meta: Json, *, link_images: bool = False) -> Writer:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    return FORMATS[fmt][1](root, meta, link_images=link_images)
