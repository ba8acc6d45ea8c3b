"""yolo: boxes only. classes.txt (one class a line, the line number is the
class index), labels/<dataset>/<stem>.txt with `index cx cy w h` per
rectangle, normalised to the image size, images/<dataset>/<name> beside them
(the layout Ultralytics reads), and data.yaml. Other geometries are skipped
and counted."""

from __future__ import annotations

from pathlib import Path, PurePath

from desktop_app.shared.export_formats.links import LinksFile
from desktop_app.shared.export_formats.records import ExportItem, Json, Summary, safe_part


def box_line(index: int, exterior: list[list[float]], width: int, height: int) -> str:
    (left, top), (right, bottom) = exterior
    cx, cy = (left + right) / 2 / width, (top + bottom) / 2 / height
    w, h = (right - left) / width, (bottom - top) / height
    return f"{index} {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}"


def data_yaml(classes: list[str], linked: bool) -> str:
    names = "".join(f"  {i}: {_quoted(name)}\n" for i, name in enumerate(classes))
    note = "# images are linked, not copied: links.csv says where each one is\n" if linked else ""
    head = f"# YOLO dataset exported by Collections Desk\n{note}path: .\ntrain: images\nval: images\n"
    return f"{head}nc: {len(classes)}\nnames:\n{names}"


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class YoloWriter:
    needs_annotations = True
    needs_images = True

    def __init__(self, root: Path, meta: Json, *, link_images: bool = False) -> None:
        self._root = root
        self._linked = link_images
        self._links = LinksFile(root) if link_images else None
        self._classes = [c["title"] for c in meta.get("classes", [])]
        self._index = {title: i for i, title in enumerate(self._classes)}
        (root / "classes.txt").write_text("".join(f"{c}\n" for c in self._classes), "utf-8")
        self.summary = Summary()

    def add(self, item: ExportItem, annotation: Json | None, image: bytes | None = None) -> None:
        dataset, name = safe_part(item.dataset), safe_part(item.name)
        lines = []
        for obj in (annotation or {}).get("objects", []):
            index = self._index.get(obj.get("classTitle"))
            exterior = (obj.get("points") or {}).get("exterior") or []
            if obj.get("geometryType") != "rectangle" or index is None or len(exterior) != 2 or not item.width:
                self.summary.skipped[str(obj.get("geometryType"))] += 1
                continue
            lines.append(box_line(index, exterior, item.width, item.height or 1))
        labels = self._root / "labels" / dataset
        labels.mkdir(parents=True, exist_ok=True)
        (labels / f"{PurePath(name).stem}.txt").write_text("".join(f"{line}\n" for line in lines), "utf-8")
        if image is not None:
            images = self._root / "images" / dataset
            images.mkdir(parents=True, exist_ok=True)
            (images / name).write_bytes(image)
            self.summary.images += 1
        elif self._links is not None:
            self._links.add(item)
            self.summary.linked += 1
        self.summary.items += 1
        self.summary.objects += len(lines)

    def finish(self) -> Summary:
        self.close()
        (self._root / "data.yaml").write_text(data_yaml(self._classes, self._linked), "utf-8")
        return self.summary

    def close(self) -> None:
        if self._links is not None:
            self._links.close()
