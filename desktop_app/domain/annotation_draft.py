"""An image's annotation while it is being edited: boxes with their class and
object tags, the image tags, and whether anything changed since it was read
or saved.

Coordinates are the wire's: a rectangle is its edges (left, top, right,
bottom) in image pixels with right and bottom EXCLUSIVE, so a box covering
pixels 10..109 is (10, ..., 110, ...) here and on the wire, and the SDK shows
it as left=10, right=109.

Every edit is checked against the project meta and the image size before it
changes anything (`InvalidEdit` carries a sentence a user can read), so what
the editor sends is what the server accepts. The state is immutable values
(`snapshot()` / `restore()`), which is what undo/redo and the dirty flag use:
the draft is dirty when its state differs from the one last read or saved,
so undoing back to it makes it clean again. Figures other than rectangles
are kept as read and sent back unchanged; they cannot be edited here."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.api.annotation_records import Annotation, Figure, ObjClass, ProjectMeta, TagMeta
from desktop_app.api.records import ImageTag, Json
from desktop_app.shared.predictions import CONFIDENCE_RANGE, CONFIDENCE_TAG, is_prediction_class

EDITABLE_SHAPES = ("rectangle", "any")  # class shapes a box may have
STRING_VALUE_MAX = 4096  # the server's limit on a tag's string value


class InvalidEdit(ValueError):
    """An edit that would give an annotation the server refuses; nothing changed."""


@dataclass(frozen=True, slots=True)
class DraftTag:
    name: str
    value: Any = None

    def to_json(self) -> Json:
        out: Json = {"name": self.name}
        if self.value is not None:
            out["value"] = self.value
        return out

    def text(self) -> str:
        return self.name if self.value is None else f"{self.name}: {self.value}"


@dataclass(frozen=True, slots=True)
class DraftFigure:
    key: int  # stable inside the draft (the scene's handle on it); not sent
    class_title: str
    left: float
    top: float
    right: float  # exclusive
    bottom: float  # exclusive
    tags: tuple[DraftTag, ...] = ()
    description: str = ""
    source: Figure | None = None  # a non-rectangle figure, kept as read

    @property
    def editable(self) -> bool:
        return self.source is None

    @property
    def edges(self) -> tuple[float, float, float, float]:
        return self.left, self.top, self.right, self.bottom

    @property
    def is_prediction(self) -> bool:
        """By its class ("car_pred"), never by a confidence tag (shared/predictions.py)."""
        return is_prediction_class(self.class_title)

    @property
    def confidence(self) -> float | None:
        for tag in self.tags:
            if tag.name == CONFIDENCE_TAG and isinstance(tag.value, (int, float)):
                return float(tag.value)
        return None

    def tag(self, name: str) -> DraftTag | None:
        return next((t for t in self.tags if t.name == name), None)

    def to_json(self) -> Json:
        if self.source is not None:
            out = self.source.to_json()
            out["classTitle"], out["tags"] = self.class_title, [t.to_json() for t in self.tags]
            out.pop("classId", None)  # the title decides (it may have been reclassified)
            return out
        return {
            "classTitle": self.class_title,
            "description": self.description,
            "geometryType": "rectangle",
            "tags": [t.to_json() for t in self.tags],
            "points": {
                "exterior": [[_num(self.left), _num(self.top)], [_num(self.right), _num(self.bottom)]],
                "interior": [],
            },
        }


@dataclass(frozen=True, slots=True)
class DraftState:
    figures: tuple[DraftFigure, ...] = ()
    image_tags: tuple[DraftTag, ...] = ()


def _num(value: float) -> int | float:
    """Whole numbers as ints on the wire (10, not 10.0)."""
    return int(value) if float(value).is_integer() else value


def _tag_name(tag: ImageTag, meta: ProjectMeta) -> str:
    if tag.name:
        return tag.name
    found = meta.tag_by_id(tag.tag_id) if tag.tag_id is not None else None
    return found.name if found is not None else ""


class AnnotationDraft:
    def __init__(self, meta: ProjectMeta, width: int, height: int, *, description: str = "") -> None:
        if not width or not height or width <= 0 or height <= 0:
            raise InvalidEdit("The image size is unknown, so its annotation cannot be edited.")
        self.meta = meta
        self.width = int(width)
        self.height = int(height)
        self.description = description
        self._state = DraftState()
        self._baseline = self._state
        self._next_key = 1
        self.listeners: list[Callable[[], None]] = []  # called after every change

    # -- building ------------------------------------------------------------
    @classmethod
    def from_annotation(
        cls, annotation: Annotation, meta: ProjectMeta, *, width: int | None = None, height: int | None = None
    ) -> AnnotationDraft:
        """A clean draft of what the server returned (sizes from the annotation, else the image)."""
        draft = cls(
            meta, annotation.width or width or 0, annotation.height or height or 0, description=annotation.description
        )
        figures = []
        for figure in annotation.objects:
            tags = tuple(DraftTag(_tag_name(t, meta), t.value) for t in figure.tags)
            if figure.geometry_type == "rectangle" and len(figure.exterior) >= 2:
                left, top, right, bottom = figure.edges()
                figures.append(
                    DraftFigure(
                        draft._new_key(), figure.class_title, left, top, right, bottom, tags, figure.description
                    )
                )
            elif figure.exterior:
                left, top, right, bottom = figure.edges()
                figures.append(
                    DraftFigure(
                        draft._new_key(),
                        figure.class_title,
                        left,
                        top,
                        right,
                        bottom,
                        tags,
                        figure.description,
                        source=figure,
                    )
                )
        image_tags = tuple(DraftTag(_tag_name(t, meta), t.value) for t in annotation.tags)
        draft._state = draft._baseline = DraftState(tuple(figures), image_tags)
        return draft

    def _new_key(self) -> int:
        key = self._next_key
        self._next_key += 1
        return key

    # -- reading -------------------------------------------------------------
    @property
    def figures(self) -> tuple[DraftFigure, ...]:
        return self._state.figures

    @property
    def image_tags(self) -> tuple[DraftTag, ...]:
        return self._state.image_tags

    def figure(self, key: int) -> DraftFigure:
        for figure in self._state.figures:
            if figure.key == key:
                return figure
        raise InvalidEdit("That object is no longer in the annotation.")

    @property
    def dirty(self) -> bool:
        return self._state != self._baseline

    def snapshot(self) -> DraftState:
        return self._state

    def restore(self, state: DraftState) -> None:
        """Go back (or forward) to a snapshot: undo and redo."""
        self._set(state)

    def mark_saved(self, state: DraftState | None = None) -> None:
        """What the server now holds: the current state, or the snapshot that was sent."""
        self._baseline = self._state if state is None else state
        self._notify()

    def discard(self) -> None:
        """Forget the changes: back to what was read or saved last."""
        self._set(self._baseline)

    def to_json(self) -> Json:
        """The annotation body for annotations.bulk.add (rectangle edges as on the wire)."""
        return {
            "description": self.description,
            "size": {"height": self.height, "width": self.width},
            "tags": [t.to_json() for t in self._state.image_tags],
            "objects": [f.to_json() for f in self._state.figures],
        }

    # -- boxes ---------------------------------------------------------------
    def add_box(
        self, class_title: str, left: float, top: float, right: float, bottom: float, tags: Iterable[DraftTag] = ()
    ) -> DraftFigure:
        self._box_class(class_title)
        self._check_edges(left, top, right, bottom)
        tags = tuple(self._checked_tag(t.name, t.value, "objects") for t in tags)
        figure = DraftFigure(self._new_key(), class_title, left, top, right, bottom, tags)
        self._set(replace(self._state, figures=self._state.figures + (figure,)))
        return figure

    def set_edges(self, key: int, left: float, top: float, right: float, bottom: float) -> DraftFigure:
        """Resize (or place) a box exactly; refused when it leaves the image or is empty."""
        figure = self._editable(key)
        self._check_edges(left, top, right, bottom)
        return self._replace(replace(figure, left=left, top=top, right=right, bottom=bottom))

    def move_box(self, key: int, dx: float, dy: float) -> DraftFigure:
        """Shift a box; the shift is cut short at the image border (a drag past it stops there)."""
        figure = self._editable(key)
        dx = min(max(dx, -figure.left), self.width - figure.right)
        dy = min(max(dy, -figure.top), self.height - figure.bottom)
        if dx == 0 and dy == 0:
            return figure
        return self._replace(
            replace(
                figure, left=figure.left + dx, top=figure.top + dy, right=figure.right + dx, bottom=figure.bottom + dy
            )
        )

    def clamp_edges(
        self, left: float, top: float, right: float, bottom: float, *, min_size: float = 1
    ) -> tuple[float, float, float, float]:
        """Edges put in order and inside the image (for a box being drawn or dragged)."""
        left, right = sorted((left, right))
        top, bottom = sorted((top, bottom))
        left = min(max(left, 0), self.width - min_size)
        top = min(max(top, 0), self.height - min_size)
        right = min(max(right, left + min_size), self.width)
        bottom = min(max(bottom, top + min_size), self.height)
        return left, top, right, bottom

    def delete(self, key: int) -> DraftFigure:
        figure = self.figure(key)
        self._set(replace(self._state, figures=tuple(f for f in self._state.figures if f.key != key)))
        return figure

    def reclassify(self, key: int, class_title: str) -> DraftFigure:
        figure = self.figure(key)
        if figure.editable:
            self._box_class(class_title)
        elif self.meta.class_by_title(class_title) is None:
            raise InvalidEdit(f"There is no class “{class_title}” in this project.")
        return self._replace(replace(figure, class_title=class_title))

    # -- tags ----------------------------------------------------------------
    def set_object_tag(self, key: int, name: str, value: Any = None) -> DraftFigure:
        """Put a tag on an object (its value replaced when it is there already)."""
        figure = self.figure(key)
        tag = self._checked_tag(name, value, "objects")
        return self._replace(replace(figure, tags=_with_tag(figure.tags, tag)))

    def remove_object_tag(self, key: int, name: str) -> DraftFigure:
        figure = self.figure(key)
        return self._replace(replace(figure, tags=tuple(t for t in figure.tags if t.name != name)))

    def set_image_tag(self, name: str, value: Any = None) -> DraftTag:
        tag = self._checked_tag(name, value, "images")
        self._set(replace(self._state, image_tags=_with_tag(self._state.image_tags, tag)))
        return tag

    def remove_image_tag(self, name: str) -> None:
        self._set(replace(self._state, image_tags=tuple(t for t in self._state.image_tags if t.name != name)))

    def tag_metas_for(self, target: str) -> list[TagMeta]:
        """Tag metas that may go on "images" or on "objects"."""
        excluded = {"images": "objectsOnly", "objects": "imagesOnly"}[target]
        return [t for t in self.meta.tags if t.applicable_type != excluded]

    def box_classes(self) -> list[ObjClass]:
        """Classes a box can have; model-output classes ("car_pred") after the others,
        so that the first number keys name the classes people label."""
        classes = [c for c in self.meta.classes if c.shape in EDITABLE_SHAPES]
        return sorted(classes, key=lambda c: is_prediction_class(c.title))

    # -- checks and changes --------------------------------------------------
    def _box_class(self, class_title: str) -> ObjClass:
        cls = self.meta.class_by_title(class_title)
        if cls is None:
            raise InvalidEdit(f"There is no class “{class_title}” in this project.")
        if cls.shape not in EDITABLE_SHAPES:
            raise InvalidEdit(f"Class “{class_title}” takes {cls.shape} shapes, not boxes.")
        return cls

    def _check_edges(self, left: float, top: float, right: float, bottom: float) -> None:
        values = (left, top, right, bottom)
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) for v in values):
            raise InvalidEdit("A box needs four finite numbers.")
        if not (left < right and top < bottom):
            raise InvalidEdit("A box needs a width and a height of at least one pixel.")
        if left < 0 or top < 0 or right > self.width or bottom > self.height:
            raise InvalidEdit(f"The box goes outside the image ({self.width} × {self.height}).")

    def _editable(self, key: int) -> DraftFigure:
        figure = self.figure(key)
        if not figure.editable:
            assert figure.source is not None  # only a figure kept as read (with its source) is not editable
            raise InvalidEdit(f"This {figure.source.geometry_type} cannot be reshaped here; only boxes can.")
        return figure

    def _checked_tag(self, name: str, value: Any, target: str) -> DraftTag:
        meta = self.meta.tag_by_name(name)
        if meta is None:
            raise InvalidEdit(f"There is no tag “{name}” in this project.")
        if meta.applicable_type == {"images": "objectsOnly", "objects": "imagesOnly"}[target]:
            where = "an image" if target == "images" else "an object"
            raise InvalidEdit(f"Tag “{name}” cannot be put on {where}.")
        return DraftTag(name, checked_value(meta, value))

    def _replace(self, figure: DraftFigure) -> DraftFigure:
        figures = tuple(figure if f.key == figure.key else f for f in self._state.figures)
        self._set(replace(self._state, figures=figures))
        return figure

    def _set(self, state: DraftState) -> None:
        if state is self._state:
            return
        self._state = state
        self._notify()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener()


def _with_tag(tags: tuple[DraftTag, ...], tag: DraftTag) -> tuple[DraftTag, ...]:
    if any(t.name == tag.name for t in tags):
        return tuple(tag if t.name == tag.name else t for t in tags)
    return tags + (tag,)


def checked_value(meta: TagMeta, value: Any) -> Any:
    """The value as the server will accept it for this tag (as annotation_check does)."""
    kind, name = meta.value_type, meta.name
    if kind == "none":
        if value not in (None, ""):
            raise InvalidEdit(f"Tag “{name}” takes no value.")
        return None
    if value is None or value == "":
        raise InvalidEdit(f"Tag “{name}” needs a value.")
    if kind == "any_number":
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", "."))
            except ValueError:
                raise InvalidEdit(f"Tag “{name}” needs a number, not “{value}”.") from None
            value = int(value) if value.is_integer() else value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InvalidEdit(f"Tag “{name}” needs a number.")
        low, high = CONFIDENCE_RANGE
        if name == CONFIDENCE_TAG and not low <= value <= high:
            raise InvalidEdit(f"A confidence is a number from {low:g} to {high:g}, not {value:g}.")
        return value
    if not isinstance(value, str):
        value = str(value)
    if len(value) > STRING_VALUE_MAX:
        raise InvalidEdit(f"The value of tag “{name}” is longer than {STRING_VALUE_MAX} characters.")
    if kind == "oneof_string" and value not in meta.values:
        allowed = ", ".join(map(str, meta.values))
        raise InvalidEdit(f"“{value}” is not a value of tag “{name}” (one of: {allowed}).")
    return value
