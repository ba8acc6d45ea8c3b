"""The export formats by name (the CLI's --format values, the dialog's choices)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from desktop_app.shared.export_formats.coco import CocoWriter
from desktop_app.shared.export_formats.ids_csv import IdsCsvWriter
from desktop_app.shared.export_formats.ids_json import IdsJsonWriter
from desktop_app.shared.export_formats.records import ExportItem, Json, Summary
from desktop_app.shared.export_formats.supervisely import SuperviselyWriter
from desktop_app.shared.export_formats.supervisely_point_clouds import SuperviselyPointCloudWriter
from desktop_app.shared.export_formats.supervisely_videos import SuperviselyVideoWriter
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
IMAGE_FORMATS = {"supervisely", "coco", "yolo"}  # annotations and the originals (copied or linked)
IMAGE_ONLY = {"coco", "yolo"}  # image annotations only: no video or point-cloud form
# (format, project type) -> the label and writer for that type's own layout
TYPED: dict[tuple[str, str], tuple[str, Any]] = {
    ("supervisely", "videos"): ("Supervisely video project (meta.json, video/, ann/)", SuperviselyVideoWriter),
    ("supervisely", "point_clouds"): (
        "Supervisely point-cloud project (meta.json, pointcloud/, ann/)",
        SuperviselyPointCloudWriter,
    ),
}


def fits(fmt: str, project_type: str) -> bool:
    """Whether `fmt` can hold a project of this type (COCO and YOLO: images only)."""
    return project_type == "images" or fmt not in IMAGE_ONLY


def refusal(fmt: str, project: str, project_type: str) -> str:
    return f"The {fmt} format holds image annotations; project {project!r} has {project_type.replace('_', ' ')}."


def label_for(fmt: str, project_type: str) -> str:
    return TYPED.get((fmt, project_type), FORMATS[fmt])[0]


def writer_for(fmt: str, root: Path, meta: Json, *, link_images: bool = False, project_type: str = "images") -> Writer:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if not fits(fmt, project_type):
        raise ValueError(f"the {fmt} format has no form for {project_type}")
    return TYPED.get((fmt, project_type), FORMATS[fmt])[1](root, meta, link_images=link_images)
