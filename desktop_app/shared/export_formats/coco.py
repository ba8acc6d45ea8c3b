"""coco: annotations/instances.json (images, categories, annotations) and the
originals under images/<dataset>/<name>, the paths its `file_name`s give.

Rectangles become `bbox` [x, y, width, height] from the wire's edges (no
-1: COCO boxes are continuous); polygons become `segmentation` (the outer
ring; COCO polygons have no holes) with their bounding box. Other geometries
are skipped and counted. An object's "confidence" tag becomes `score`, which
the importer turns back into that tag."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.shared.export_formats.links import LinksFile
from desktop_app.shared.export_formats.records import ExportItem, Json, Summary, number, safe_part
from desktop_app.shared.predictions import CONFIDENCE_TAG

FILE = "annotations/instances.json"


def polygon_area(ring: list[list[float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def score(obj: Json) -> float | None:
    for tag in obj.get("tags") or []:
        if tag.get("name") == CONFIDENCE_TAG and isinstance(tag.get("value"), (int, float)):
            return float(tag["value"])
    return None


class CocoWriter:
    needs_annotations = True
    needs_images = True

    def __init__(self, root: Path, meta: Json, *, link_images: bool = False) -> None:
        self._root = root
        self._links = LinksFile(root) if link_images else None
        classes = [c["title"] for c in meta.get("classes", [])]
        self._category = {title: i + 1 for i, title in enumerate(classes)}
        self._doc: Json = {
            "info": {"description": "Exported by Collections Desk"},
            "images": [],
            "annotations": [],
            "categories": [{"id": i, "name": title, "supercategory": ""} for title, i in self._category.items()],
        }
        self.summary = Summary()

    def add(self, item: ExportItem, annotation: Json | None, image: bytes | None = None) -> None:
        file_name = f"{safe_part(item.dataset)}/{safe_part(item.name)}"
        entry: Json = {"id": item.id, "file_name": file_name, "width": item.width, "height": item.height}
        if image is not None:
            path = self._root / "images" / file_name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(image)
            self.summary.images += 1
        elif self._links is not None:
            entry["coco_url"] = item.link
            self._links.add(item)
            self.summary.linked += 1
        self._doc["images"].append(entry)
        for obj in (annotation or {}).get("objects", []):
            self._add_object(item, obj)
        self.summary.items += 1

    def _add_object(self, item: ExportItem, obj: Json) -> None:
        geometry = obj.get("geometryType")
        category = self._category.get(obj.get("classTitle"))
        exterior = (obj.get("points") or {}).get("exterior") or []
        if category is None or geometry not in ("rectangle", "polygon") or not exterior:
            self.summary.skipped[str(geometry)] += 1
            return
        xs, ys = [p[0] for p in exterior], [p[1] for p in exterior]
        left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
        bbox = [number(left), number(top), number(right - left), number(bottom - top)]
        out: Json = {
            "id": len(self._doc["annotations"]) + 1,
            "image_id": item.id,
            "category_id": category,
            "bbox": bbox,
            "area": number((right - left) * (bottom - top)),
            "iscrowd": 0,
            "segmentation": [],
        }
        if geometry == "polygon":
            out["segmentation"] = [[number(v) for point in exterior for v in point]]
            out["area"] = number(polygon_area(exterior))
        confidence = score(obj)
        if confidence is not None:
            out["score"] = confidence
        self._doc["annotations"].append(out)
        self.summary.objects += 1

    def finish(self) -> Summary:
        self.close()
        path = self._root / FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self._doc, ensure_ascii=False) + "\n", "utf-8")
        return self.summary

    def close(self) -> None:
        if self._links is not None:
            self._links.close()
