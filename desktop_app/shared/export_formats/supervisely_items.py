"""What the Supervisely video and point-cloud exports share: the folder
`meta.json` (with the project's type), `<dataset>/<files>/<name>` with the
original (copied, or only recorded in links.csv), `<dataset>/ann/<name>.json`,
and `key_id_map.json` (the SDK's key -> id map of what was exported; the
importer does not need it, the SDK's project readers look for it).

The annotation is written in the SDK's own JSON, as
supervisely.VideoAnnotation / PointcloudAnnotation.to_json write it: keys
kept, the server's ids, times and logins left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.shared.export_formats.links import LinksFile
from desktop_app.shared.export_formats.records import ExportItem, Json, Summary, safe_part
from desktop_app.shared.export_formats.supervisely import meta_file

KEY_ID_MAP = "key_id_map.json"


def sdk_tag(tag: Json) -> Json:
    """A tag as the SDK writes it: name, value unless none, frameRange when it has one, key."""
    out: Json = {"name": tag["name"]}
    if tag.get("value") is not None:
        out["value"] = tag["value"]
    if tag.get("frameRange") is not None:
        out["frameRange"] = list(tag["frameRange"])
    if tag.get("key"):
        out["key"] = tag["key"]
    return out


def sdk_object(obj: Json) -> Json:
    return {"key": obj.get("key"), "classTitle": obj["classTitle"], "tags": [sdk_tag(t) for t in obj.get("tags") or []]}


def sdk_figure(figure: Json, keys: dict[Any, str], geometry: Json) -> Json:
    """A figure as the SDK writes it: its key (when it has one), its object's key (`keys`: by the
    object's id when the figure names only that), its type and `geometry`."""
    out: Json = {"key": figure["key"]} if figure.get("key") else {}
    out["objectKey"] = figure.get("objectKey") or keys.get(figure.get("objectId"))
    out["geometryType"] = figure["geometryType"]
    out["geometry"] = geometry
    return out


def sdk_annotation(annotation: Json, **fields: object) -> Json:
    """The parts every SDK annotation file has (description, its key when it has one, tags,
    objects), then the type's own `fields`."""
    body: Json = {"description": annotation.get("description") or ""}
    if annotation.get("key"):
        body["key"] = annotation["key"]
    body["tags"] = [sdk_tag(t) for t in annotation.get("tags") or []]
    body["objects"] = [sdk_object(o) for o in annotation.get("objects") or []]
    return {**body, **fields}


def object_keys(annotation: Json) -> dict[int, str]:
    """Object id -> key, for a figure that names its object by id only."""
    return {o["id"]: o["key"] for o in annotation.get("objects") or [] if o.get("id") is not None and o.get("key")}


class KeyIdMap:
    """The SDK's key_id_map.json: {"tags", "objects", "figures", "videos"} of key -> id."""

    def __init__(self) -> None:
        self._map: dict[str, dict[str, int]] = {"tags": {}, "objects": {}, "figures": {}, "videos": {}}

    def add(self, item: ExportItem, annotation: Json, figures: list[Json]) -> None:
        if annotation.get("key"):
            self._map["videos"][annotation["key"]] = item.id  # the SDK keeps point clouds here too
        tags = list(annotation.get("tags") or [])
        for obj in annotation.get("objects") or []:
            tags += obj.get("tags") or []
            self._remember("objects", obj)
        for tag in tags:
            self._remember("tags", tag)
        for figure in figures:
            self._remember("figures", figure)

    def _remember(self, kind: str, entry: Json) -> None:
        if entry.get("key") and isinstance(entry.get("id"), int):
            self._map[kind][entry["key"]] = entry["id"]

    def write(self, root: Path) -> None:
        (root / KEY_ID_MAP).write_text(json.dumps(self._map, indent=2) + "\n", "utf-8")


class ItemFolderWriter:
    """Base of the video and point-cloud writers; subclasses say the folder, suffix and annotation."""

    needs_annotations = True
    needs_images = True
    project_type = ""  # meta.json's projectType
    folder = ""  # <dataset>/<folder>/<name>
    suffixes: tuple[str, ...] = ()  # the file suffixes the importer picks up
    default_suffix = ""
    file_word = ""

    def __init__(self, root: Path, meta: Json, *, link_images: bool = False) -> None:
        self._root = root
        self._links = LinksFile(root) if link_images else None
        self._keys = KeyIdMap()
        (root / "meta.json").write_text(
            json.dumps(meta_file(meta, self.project_type), indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
        self.summary = Summary(file_word=self.file_word)

    def file_name(self, item: ExportItem) -> str:
        """The item's name, with a suffix the importer recognises added when it has none."""
        name = safe_part(item.name)
        return name if name.lower().endswith(self.suffixes) else f"{name}{self.default_suffix}"

    def annotation_file(self, item: ExportItem, annotation: Json) -> tuple[Json, list[Json]]:
        """The file's JSON and the server's figures (with ids, for key_id_map.json)."""
        raise NotImplementedError

    def add(self, item: ExportItem, annotation: Json | None, image: bytes | None = None) -> None:
        dataset, name = self._root / safe_part(item.dataset), self.file_name(item)
        (dataset / "ann").mkdir(parents=True, exist_ok=True)
        body, figures = self.annotation_file(item, annotation or {})
        (dataset / "ann" / f"{name}.json").write_text(json.dumps(body, ensure_ascii=False) + "\n", "utf-8")
        self._keys.add(item, annotation or {}, figures)
        if image is not None:
            (dataset / self.folder).mkdir(exist_ok=True)
            (dataset / self.folder / name).write_bytes(image)
            self.summary.images += 1
        elif self._links is not None:
            self._links.add(item)
            self.summary.linked += 1
        self.summary.items += 1
        self.summary.objects += len(body["objects"])

    def finish(self) -> Summary:
        self.close()
        self._keys.write(self._root)
        return self.summary

    def close(self) -> None:
        if self._links is not None:
            self._links.close()
