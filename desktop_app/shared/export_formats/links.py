"""links.csv: where each original is, for an export whose images are linked, not copied."""

from __future__ import annotations

import csv
from pathlib import Path

from desktop_app.shared.export_formats.records import ExportItem

FILE = "links.csv"


class LinksFile:
    def __init__(self, root: Path) -> None:
        self._file = (root / FILE).open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file, lineterminator="\n")
        self._csv.writerow(["id", "dataset", "name", "link"])

    def add(self, item: ExportItem) -> None:
        self._csv.writerow([item.id, item.dataset, item.name, item.link])

    def close(self) -> None:
        self._file.close()
