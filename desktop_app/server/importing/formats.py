"""Reading a folder to import: which images go to which dataset, and their
annotations from Supervisely-format or COCO files, in wire form.

Layouts:
- plain: images at the root form dataset "ds0"; each subfolder with images is a dataset;
- Supervisely: meta.json at the root, `<dataset>/img/<name>` and `<dataset>/ann/<name>.json`;
- COCO: a *.json (at the root or in annotations/) with images, annotations and categories;
  its images are matched to the files of the plain layout by path or unique file name.

Supervisely files on disk use pixel coordinates (right/bottom inclusive); the wire
and the database use edges, as the SDK converts on upload: rectangles get +1 on
right/bottom, other shapes +0.5 on every point."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from desktop_app.shared.predictions import CONFIDENCE_TAG

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}
POINT_SHAPES = {"rectangle", "polygon", "line", "point"}
TAG_VALUE_TYPES = {"none", "any_string", "any_number", "oneof_string", "date"}
PALETTE = (
    "#E53935",
    "#1E88E5",
    "#43A047",
    "#FB8C00",
    "#8E24AA",
    "#00ACC1",
    "#FDD835",
    "#6D4C41",
    "#D81B60",
    "#3949AB",
    "#7CB342",
    "#F4511E",
)
DEFAULT_DATASET = "ds0"


class ImportFailed(Exception):
    """The folder cannot be imported; the message tells the user why."""


@dataclass
class ClassDef:
    title: str
    shape: str = "rectangle"
    color: str = "#E53935"


@dataclass
class TagDef:
    name: str
    value_type: str = "none"
    values: list[Any] = field(default_factory=list)
    color: str = "#3949AB"
    applicable_type: str = "all"


@dataclass
class ObjectAnn:
    class_title: str
    geometry_type: str
    points: dict[str, Any]  # wire form
    tags: list[tuple[str, Any]] = field(default_factory=list)
    description: str = ""


@dataclass
class ImageAnn:
    objects: list[ObjectAnn] = field(default_factory=list)
    tags: list[tuple[str, Any]] = field(default_factory=list)
    description: str = ""


@dataclass
class SourceImage:
    path: Path
    dataset: str
    name: str
    ann: ImageAnn | None = None


@dataclass
class Layout:
    kind: str  # "plain" | "supervisely" | "coco"
    images: list[SourceImage]
    classes: list[ClassDef] = field(default_factory=list)
    tags: list[TagDef] = field(default_factory=list)


def _load_json(path: Path, root: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(f"{path.relative_to(root)} is not a readable JSON file: {exc}") from None


def _is_image(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".")


def _plain_images(root: Path) -> list[SourceImage]:
    images = [SourceImage(p, DEFAULT_DATASET, p.name) for p in sorted(root.iterdir()) if _is_image(p)]
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for p in sorted(sub.rglob("*")):
            if _is_image(p):
                # Nested folders are flattened into the name to keep names unique.
                images.append(SourceImage(p, sub.name, "_".join(p.relative_to(sub).parts)))
    return images


# --- Supervisely format ---------------------------------------------------------------------------


def _meta(root: Path) -> tuple[list[ClassDef], list[TagDef]]:
    meta = _load_json(root / "meta.json", root)
    if not isinstance(meta, dict) or not isinstance(meta.get("classes", []), list):
        raise ImportFailed("meta.json must be an object with a 'classes' list")
    classes, tags = [], []
    for i, c in enumerate(meta.get("classes", [])):
        if not isinstance(c, dict) or not isinstance(c.get("title"), str) or not c["title"].strip():
            raise ImportFailed(f"meta.json: class #{i + 1} has no title")
        classes.append(
            ClassDef(c["title"], str(c.get("shape") or "rectangle"), str(c.get("color") or PALETTE[i % len(PALETTE)]))
        )
    for i, t in enumerate(meta.get("tags", []) or []):
        if not isinstance(t, dict) or not isinstance(t.get("name"), str) or not t["name"].strip():
            raise ImportFailed(f"meta.json: tag #{i + 1} has no name")
        value_type = t.get("value_type", "none")
        if value_type not in TAG_VALUE_TYPES:
            raise ImportFailed(f"meta.json: tag {t['name']!r} has unknown value_type {value_type!r}")
        tags.append(
            TagDef(
                t["name"],
                value_type,
                list(t.get("values") or []),
                str(t.get("color") or "#3949AB"),
                str(t.get("applicable_type") or "all"),
            )
        )
    return classes, tags


def _wire_points(geometry: str, points: Any, where: str) -> dict[str, Any]:
    try:
        exterior = [[float(x), float(y)] for x, y in points["exterior"]]
        interior = [[[float(x), float(y)] for x, y in ring] for ring in points.get("interior", [])]
    except (KeyError, TypeError, ValueError):
        raise ImportFailed(f"{where}: {geometry} points must be {{'exterior': [[x, y], ...]}}") from None
    if geometry == "rectangle":
        if len(exterior) != 2:
            raise ImportFailed(f"{where}: a rectangle needs exactly 2 points")
        (x1, y1), (x2, y2) = exterior
        left, right = sorted((x1, x2))
        top, bottom = sorted((y1, y2))
        box = [[left, top], [right + 1, bottom + 1]]
        return {"exterior": [[_num(x), _num(y)] for x, y in box], "interior": []}
    shift = lambda pts: [[_num(x + 0.5), _num(y + 0.5)] for x, y in pts]  # noqa: E731
    return {"exterior": shift(exterior), "interior": [shift(ring) for ring in interior]}


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _tag_pairs(tags: Any, where: str) -> list[tuple[str, Any]]:
    if not isinstance(tags, list):
        raise ImportFailed(f"{where}: 'tags' must be a list")
    pairs = []
    for t in tags:
        if not isinstance(t, dict) or not isinstance(t.get("name"), str):
            raise ImportFailed(f"{where}: every tag needs a 'name'")
        pairs.append((t["name"], t.get("value")))
    return pairs


def _sly_annotation(path: Path, root: Path) -> ImageAnn:
    where = str(path.relative_to(root))
    data = _load_json(path, root)
    if not isinstance(data, dict) or not isinstance(data.get("objects", []), list):
        raise ImportFailed(f"{where}: an annotation must be an object with an 'objects' list")
    ann = ImageAnn(tags=_tag_pairs(data.get("tags", []), where), description=str(data.get("description") or ""))
    for i, obj in enumerate(data.get("objects", [])):
        here = f"{where}, object #{i + 1}"
        if not isinstance(obj, dict) or not isinstance(obj.get("classTitle"), str):
            raise ImportFailed(f"{here}: missing 'classTitle'")
        geometry = obj.get("geometryType")
        if geometry not in POINT_SHAPES:
            raise ImportFailed(
                f"{here}: geometry {geometry!r} is not supported (supported: {', '.join(sorted(POINT_SHAPES))})"
            )
        ann.objects.append(
            ObjectAnn(
                obj["classTitle"],
                geometry,
                _wire_points(geometry, obj.get("points"), here),
                _tag_pairs(obj.get("tags", []), here),
                str(obj.get("description") or ""),
            )
        )
    return ann


def _supervisely(root: Path) -> Layout:
    classes, tags = _meta(root)
    images = []
    for ds in sorted(p for p in root.iterdir() if p.is_dir() and (p / "img").is_dir()):
        for path in sorted(p for p in (ds / "img").iterdir() if _is_image(p)):
            ann_path = ds / "ann" / f"{path.name}.json"
            ann = _sly_annotation(ann_path, root) if ann_path.is_file() else None
            images.append(SourceImage(path, ds.name, path.name, ann))
    return Layout("supervisely", images, classes, tags)


# --- COCO ----------------------------------------------------------------------------------------


def _coco_files(root: Path) -> list[tuple[Path, dict]]:
    found = []
    candidates = sorted(root.glob("*.json")) + sorted((root / "annotations").glob("*.json"))
    for path in candidates:
        data = _load_json(path, root)
        if not isinstance(data, dict):
            continue
        keys = ("images", "annotations", "categories")
        if any(k in data for k in keys):
            if not all(isinstance(data.get(k), list) for k in keys):
                raise ImportFailed(f"{path.relative_to(root)}: a COCO file needs the lists {', '.join(keys)}")
            found.append((path, data))
    return found


def _coco_box(bbox: Any, width: int, height: int, where: str) -> dict[str, Any]:
    if not (isinstance(bbox, list) and len(bbox) == 4 and all(isinstance(v, (int, float)) for v in bbox)):
        raise ImportFailed(f"{where}: bbox must be [x, y, width, height]")
    x, y, w, h = bbox
    left = min(max(0, round(x)), width - 1)
    top = min(max(0, round(y)), height - 1)
    right = min(width, max(left + 1, round(x + w)))
    bottom = min(height, max(top + 1, round(y + h)))
    return {"exterior": [[left, top], [right, bottom]], "interior": []}


def _coco(root: Path, files: list[tuple[Path, dict]], sizes) -> Layout:
    images = _plain_images(root)
    by_path = {img.path.resolve(): img for img in images}
    by_name: dict[str, list[SourceImage]] = {}
    for img in images:
        by_name.setdefault(img.path.name, []).append(img)
    classes: dict[str, ClassDef] = {}
    uses_score = False
    for path, data in files:
        rel = path.relative_to(root)
        categories = {}
        for c in data["categories"]:
            if not isinstance(c, dict) or "id" not in c or not isinstance(c.get("name"), str):
                raise ImportFailed(f"{rel}: every category needs 'id' and 'name'")
            categories[c["id"]] = c["name"]
            classes.setdefault(c["name"], ClassDef(c["name"], "rectangle", PALETTE[len(classes) % len(PALETTE)]))
        targets = {}
        for entry in data["images"]:
            if not isinstance(entry, dict) or "id" not in entry or not isinstance(entry.get("file_name"), str):
                raise ImportFailed(f"{rel}: every image needs 'id' and 'file_name'")
            targets[entry["id"]] = _coco_match(root, path, entry["file_name"], by_path, by_name)
        for i, a in enumerate(data["annotations"]):
            where = f"{rel}, annotation #{i + 1}"
            if not isinstance(a, dict):
                raise ImportFailed(f"{where}: must be an object")
            target = targets.get(a.get("image_id"))
            if target is None:
                raise ImportFailed(f"{where}: image_id {a.get('image_id')!r} is not in the file's images")
            img = target
            title = categories.get(a.get("category_id"))
            if title is None:
                raise ImportFailed(f"{where}: category_id {a.get('category_id')!r} is not in the file's categories")
            width, height = sizes(img.path)
            tags = []
            if isinstance(a.get("score"), (int, float)):
                tags, uses_score = [(CONFIDENCE_TAG, float(a["score"]))], True
            img.ann = img.ann or ImageAnn()
            img.ann.objects.append(ObjectAnn(title, "rectangle", _coco_box(a.get("bbox"), width, height, where), tags))
    tag_defs = [TagDef(CONFIDENCE_TAG, "any_number", [], "#6D4C41", "objectsOnly")] if uses_score else []
    return Layout("coco", images, list(classes.values()), tag_defs)


def _coco_match(root: Path, json_path: Path, file_name: str, by_path, by_name) -> SourceImage:
    rel = PurePosixPath(file_name.replace("\\", "/"))
    for base in (json_path.parent, root, root / "images"):
        hit = by_path.get((base / rel).resolve())
        if hit is not None:
            return hit
    same_name = by_name.get(rel.name, [])
    if len(same_name) == 1:
        return same_name[0]
    problem = "is not in the folder" if not same_name else "matches several files; give its path"
    raise ImportFailed(f"{json_path.relative_to(root)}: image {file_name!r} {problem}")


def read_folder(root: Path, sizes) -> Layout:
    """Find the images and annotations. `sizes(path) -> (width, height)` reads an image's size."""
    if not root.is_dir():
        raise ImportFailed(f"{root} is not a folder")
    if (root / "meta.json").is_file():
        layout = _supervisely(root)
    else:
        files = _coco_files(root)
        layout = _coco(root, files, sizes) if files else Layout("plain", _plain_images(root))
    if not layout.images:
        raise ImportFailed(f"no images (.jpg, .jpeg, .png) found in {root}")
    return layout
