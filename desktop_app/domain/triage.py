"""False-positive triage without Qt: the verdicts, their keys and collections
(configurable), and the items-per-minute counter.

A verdict files the item into the collection for that verdict ("False
positives", "Missing labels", "Ambiguous"; created on first use) and sets the
image tag "triage" to the verdict's value, so a later session sees it. Skip
files nothing. The undoable edit itself is domain/triage_tag.py plus the
collection commands."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.api.annotation_records import Annotation, Figure
from desktop_app.api.video_records import VideoAnnotation
from desktop_app.shared.matching import Box, match_item
from desktop_app.shared.predictions import CONFIDENCE_TAG

TRIAGE_TAG = "triage"
Edges = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True, slots=True)
class Verdict:
    name: str  # stable, the settings key
    label: str  # in words, on the header and buttons
    key: str  # the key that gives it ("F")
    collection: str | None  # where it files the item (None: Skip files nothing)
    tag_value: str | None  # the "triage" tag's value (None: no tag)

    @property
    def files(self) -> bool:
        return self.collection is not None


DEFAULT_VERDICTS = (
    Verdict("false_positive", "False positive", "F", "False positives", "false positive"),
    Verdict("missing_label", "Missing label", "M", "Missing labels", "missing label"),
    Verdict("ambiguous", "Ambiguous", "A", "Ambiguous", "ambiguous"),
    Verdict("skip", "Skip", "S", None, None),
)


class InvalidTriageSettings(ValueError):
    pass


def check_verdicts(verdicts: tuple[Verdict, ...]) -> tuple[Verdict, ...]:
    """Each key one plain key, no key twice, each collection named; else a sentence why."""
    seen: dict[str, str] = {}
    for v in verdicts:
        key = v.key.strip().upper()
        if len(key) != 1 or not key.isalnum():
            raise InvalidTriageSettings(f"The key for “{v.label}” must be one letter or digit, not “{v.key}”.")
        if key in seen:
            raise InvalidTriageSettings(f"“{key}” is the key of both “{seen[key]}” and “{v.label}”.")
        seen[key] = v.label
        if v.collection is not None and not v.collection.strip():
            raise InvalidTriageSettings(f"“{v.label}” needs a collection name.")
    return tuple(
        replace(v, key=v.key.strip().upper(), collection=v.collection.strip() if v.collection else None)
        for v in verdicts
    )


def verdicts_from_settings(saved: Mapping[str, Any]) -> tuple[Verdict, ...]:
    """The defaults with what was saved ({"<name>.key": "X", "<name>.collection": "…"});
    anything unusable in what was saved falls back to the defaults."""
    chosen = []
    for v in DEFAULT_VERDICTS:
        key = saved.get(f"{v.name}.key")
        collection = saved.get(f"{v.name}.collection") if v.files else None
        chosen.append(
            replace(
                v,
                key=str(key) if key else v.key,
                collection=str(collection) if collection else v.collection,
            )
        )
    try:
        return check_verdicts(tuple(chosen))
    except InvalidTriageSettings:
        return DEFAULT_VERDICTS


def verdicts_to_settings(verdicts: tuple[Verdict, ...]) -> dict[str, str]:
    out = {}
    for v in verdicts:
        out[f"{v.name}.key"] = v.key
        if v.collection:
            out[f"{v.name}.collection"] = v.collection
    return out


def verdict_of_tag(verdicts: tuple[Verdict, ...], value: Any) -> Verdict | None:
    """The verdict an earlier session left on an item (its "triage" tag's value)."""
    return next((v for v in verdicts if v.tag_value is not None and v.tag_value == value), None)


class PaceCounter:
    """Items per minute of this session: verdicts given (an undone one no longer
    counts) over the minutes since the first one. `clock` is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._times: list[float] = []

    def record(self) -> None:
        self._times.append(self._clock())

    def take_back(self) -> None:
        if self._times:
            self._times.pop()

    @property
    def count(self) -> int:
        return len(self._times)

    def per_minute(self) -> float | None:
        """None until there is a span to measure (two verdicts at least)."""
        if len(self._times) < 2:
            return None
        span = max(self._clock() - self._times[0], 1.0)
        return len(self._times) / span * 60.0

    def text(self) -> str:
        rate = self.per_minute()
        return "— items/min" if rate is None else f"{rate:.1f} items/min"


def unmatched_boxes(
    annotation: Annotation, labelled_classes: Iterable[str], iou_threshold: float
) -> tuple[list[Edges], list[Edges]]:
    """(false positives, missed) of one item by the evaluation rule (shared/matching.py):
    the predictions nothing matched and the ground truth no prediction found, as box edges."""
    return unmatched_figures(annotation.objects, labelled_classes, iou_threshold)


def unmatched_figures(
    figures: Iterable[Figure], labelled_classes: Iterable[str], iou_threshold: float
) -> tuple[list[Edges], list[Edges]]:
    """(false positives, missed) among figures matched together: an image's, or one video frame's."""
    boxes = [
        Box(index, f.class_title, *f.edges(), _confidence(f))
        for index, f in enumerate(figures)
        if f.geometry_type == "rectangle" and len(f.exterior) >= 2
    ]
    by_key = {b.figure_id: (b.left, b.top, b.right, b.bottom) for b in boxes}
    matches = match_item(boxes, labelled_classes, iou_threshold)
    false_positives = [by_key[m.figure_id] for m in matches if m.kind == "fp"]
    missed = [by_key[m.figure_id] for m in matches if m.kind == "fn"]
    return false_positives, missed


def frame_mistakes(
    video: VideoAnnotation, labelled_classes: Iterable[str], iou_threshold: float
) -> dict[int, tuple[list[Edges], list[Edges]]]:
    """A video's frames with a mistake (as the server evaluates videos: frame by frame, a frame's
    predictions against that frame's ground truth): frame -> (false positives, missed), in frame order."""
    labelled = list(labelled_classes)
    out = {}
    for frame, figures in sorted(video.frame_figures().items()):
        false_positives, missed = unmatched_figures(figures, labelled, iou_threshold)
        if false_positives or missed:
            out[frame] = (false_positives, missed)
    return out


def _confidence(figure: Figure) -> float | None:
    value = next((t.value for t in figure.tags if t.name == CONFIDENCE_TAG), None)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
