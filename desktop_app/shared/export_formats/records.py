"""What every writer takes and gives back."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


class ExportFailed(Exception):
    """The export cannot be written; the message says why in words."""


@dataclass(frozen=True)
class ExportItem:
    id: int
    name: str
    dataset: str
    width: int | None = None
    height: int | None = None
    link: str = ""  # where the original is when images are linked: a URL (app) or a file path (CLI)


@dataclass
class Summary:
    items: int = 0
    objects: int = 0
    images: int = 0  # original files written into the folder
    linked: int = 0  # items whose original was recorded as a link instead
    skipped: Counter[str] = field(default_factory=Counter)  # geometry -> objects the format cannot hold
    file_word: str = "image file"  # what `images` counts: "video file" in a video export

    def text(self) -> str:
        parts = [f"{self.items} item{'s' if self.items != 1 else ''}"]
        if self.objects:
            parts.append(f"{self.objects} object{'s' if self.objects != 1 else ''}")
        if self.images:
            parts.append(f"{self.images} {self.file_word}{'s' if self.images != 1 else ''}")
        if self.linked:
            parts.append(f"{self.linked} linked")
        text = ", ".join(parts)
        if self.skipped:
            skipped = ", ".join(f"{n} {geometry}" for geometry, n in sorted(self.skipped.items()))
            text += f" (skipped, not expressible in this format: {skipped})"
        return text


def safe_part(name: str) -> str:
    """A name usable as one path component: never a separator, never '.' or '..'."""
    cleaned = name.replace("/", "_").replace("\\", "_").replace("\0", "_").strip()
    return "_" if cleaned in ("", ".", "..") else cleaned


def number(value: float) -> float | int:
    """Whole numbers as ints, as the Supervisely files and the importer write them."""
    return int(value) if float(value).is_integer() else value
