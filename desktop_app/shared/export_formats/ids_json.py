"""ids-json: items.json, {"items": [{"id", "name", "dataset"}, ...]}."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.shared.export_formats.records import ExportItem, Json, Summary

FILE = "items.json"


class IdsJsonWriter:
    needs_annotations = False
    needs_images = False

    def __init__(self, root: Path, meta: Json, *, link_images: bool = False) -> None:
        self._path = root / FILE
        self._items: list[Json] = []
        self.summary = Summary()

    def add(self, item: ExportItem, annotation: Json | None = None, image: bytes | None = None) -> None:
        self._items.append({"id": item.id, "name": item.name, "dataset": item.dataset})
        self.summary.items += 1

    def finish(self) -> Summary:
        self._path.write_text(json.dumps({"items": self._items}, indent=2, ensure_ascii=False) + "\n", "utf-8")
        return self.summary

    def close(self) -> None:
        pass
