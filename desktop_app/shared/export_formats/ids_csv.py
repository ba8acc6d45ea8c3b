"""ids-csv: items.csv with one row per item (id, name, dataset)."""

from __future__ import annotations

import csv
from pathlib import Path

from desktop_app.shared.export_formats.records import ExportItem, Json, Summary

FILE = "items.csv"


class IdsCsvWriter:
    needs_annotations = False
    needs_images = False

    def __init__(self, root: Path, meta: Json, *, link_images: bool = False) -> None:
        self._file = (root / FILE).open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file, lineterminator="\n")
        self._csv.writerow(["id", "name", "dataset"])
        self.summary = Summary()

    def add(self, item: ExportItem, annotation: Json | None = None, image: bytes | None = None) -> None:
        self._csv.writerow([item.id, item.name, item.dataset])
        self.summary.items += 1

    def finish(self) -> Summary:
        self._file.close()
        return self.summary

    def close(self) -> None:
        self._file.close()
