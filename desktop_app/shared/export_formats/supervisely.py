"""supervisely: the Supervisely project folder, as `desktop-app-server import` reads it back:
meta.json, <dataset>/img/<name>, <dataset>/ann/<name>.json.

Files on disk use pixel coordinates, as the SDK writes them: the wire's
rectangle edges [[l, t], [r, b]] become [[l, t], [r - 1, b - 1]] (right and
bottom inclusive) and every point of other shapes moves by -0.5 (the importer
adds both back, server/importing/formats.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.shared.export_formats.links import LinksFile
from desktop_app.shared.export_formats.records import ExportItem, Json, Summary, number, safe_part


def meta_file(meta: Json, project_type: str = "images") -> Json:
    classes = [
        {"title": c["title"], "shape": c.get("shape", "rectangle"), "color": c.get("color")}
        for c in meta.get("classes", [])
    ]
    tags = []
    for t in meta.get("tags", []):
        tag = {
            "name": t["name"],
            "value_type": t.get("value_type", "none"),
            "color": t.get("color"),
            "applicable_type": t.get("applicable_type", "all"),
        }
        if t.get("value_type") == "oneof_string":
            tag["values"] = list(t.get("values") or [])
        tags.append(tag)
    return {"classes": classes, "tags": tags, "projectType": project_type}


def pixel_points(geometry: str, points: Json) -> Json:
    exterior = points.get("exterior") or []
    interior = points.get("interior") or []
    if geometry == "rectangle":
        (left, top), (right, bottom) = exterior
        return {"exterior": [[number(left), number(top)], [number(right - 1), number(bottom - 1)]], "interior": []}

    def shift(ring: list[list[float]]) -> list[list[float | int]]:
        return [[number(x - 0.5), number(y - 0.5)] for x, y in ring]

    return {"exterior": shift(exterior), "interior": [shift(ring) for ring in interior]}


def tag_pairs(tags: list[Json]) -> list[Json]:
    return [{"name": t["name"], "value": t.get("value")} for t in tags or []]


def annotation_file(item: ExportItem, annotation: Json | None) -> tuple[Json, int]:
    annotation = annotation or {}
    size = annotation.get("size") or {"height": item.height, "width": item.width}
    objects: list[dict[str, Any]] = [
        {
            "classTitle": o["classTitle"],
            "geometryType": o["geometryType"],
            "description": o.get("description") or "",
            "tags": tag_pairs(o.get("tags", [])),
            "points": pixel_points(o["geometryType"], o["points"]),
        }
        for o in annotation.get("objects", [])
    ]
    body = {
        "description": annotation.get("description") or "",
        "size": {"height": size.get("height"), "width": size.get("width")},
        "tags": tag_pairs(annotation.get("tags", [])),
        "objects": objects,
    }
    return body, len(objects)


class SuperviselyWriter:
    needs_annotations = True
    needs_images = True

    def __init__(self, root: Path, meta: Json, *, link_images: bool = False) -> None:
        self._root = root
        self._links = LinksFile(root) if link_images else None
        (root / "meta.json").write_text(json.dumps(meta_file(meta), indent=2, ensure_ascii=False) + "\n", "utf-8")
        self.summary = Summary()

    def add(self, item: ExportItem, annotation: Json | None, image: bytes | None = None) -> None:
        dataset, name = self._root / safe_part(item.dataset), safe_part(item.name)
        (dataset / "ann").mkdir(parents=True, exist_ok=True)
        body, objects = annotation_file(item, annotation)
        (dataset / "ann" / f"{name}.json").write_text(json.dumps(body, ensure_ascii=False) + "\n", "utf-8")
        if image is not None:
            (dataset / "img").mkdir(exist_ok=True)
            (dataset / "img" / name).write_bytes(image)
            self.summary.images += 1
        elif self._links is not None:
            self._links.add(item)
            self.summary.linked += 1
        self.summary.items += 1
        self.summary.objects += objects

    def finish(self) -> Summary:
        self.close()
        return self.summary

    def close(self) -> None:
        if self._links is not None:
            self._links.close()
