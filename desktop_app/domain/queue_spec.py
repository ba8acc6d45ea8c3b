"""What the "Create labeling queue" dialog collects (docs/product.md Q1), checked,
and turned into the arguments of `api.queues.create`.

`to_create_kwargs()` gives, for the same choices, exactly the request body the
official SDK's `api.labeling_queue.create()` sends (tests/sdk/test_queue_create_body.py
runs the SDK to prove it): empty texts and zero limits are not sent, as a
script that leaves those arguments out would not send them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from desktop_app.api.annotation_records import ProjectMeta
from desktop_app.domain.limits import DESCRIPTION_MAX, LIMIT_MAX, NAME_MAX, README_MAX


class QueueSpecError(ValueError):
    """The spec cannot be sent; `.problems` lists every reason, one sentence each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(self.problems))


@dataclass(frozen=True)
class QueueSpec:
    name: str
    labeler_ids: tuple[int, ...]
    reviewer_ids: tuple[int, ...]
    source_collection_id: int
    description: str = ""
    readme: str = ""
    classes_to_label: tuple[str, ...] = ()  # class titles; empty = every class
    tags_to_label: tuple[str, ...] = ()  # tag names; empty = every tag
    objects_limit_per_image: int = 0  # 0 = no limit
    tags_limit_per_image: int = 0  # 0 = no limit
    include_images_with_tags: tuple[str, ...] = ()  # only images with one of these tags
    exclude_images_with_tags: tuple[str, ...] = ()  # no image with any of these tags
    dynamic_classes: bool = False  # classes added to the project later become labelable
    dynamic_tags: bool = False
    allow_review_own_annotations: bool = False
    skip_complete_job_on_empty: bool = False

    def cleaned(self) -> QueueSpec:
        """The same choices with the name and description trimmed, a blank readme
        emptied, and repeated ids and names dropped."""
        return replace(
            self,
            name=self.name.strip() if isinstance(self.name, str) else self.name,
            description=_strip(self.description),
            readme=_blank_to_empty(self.readme),
            labeler_ids=_unique(self.labeler_ids),
            reviewer_ids=_unique(self.reviewer_ids),
            classes_to_label=_unique(self.classes_to_label),
            tags_to_label=_unique(self.tags_to_label),
            include_images_with_tags=_unique(self.include_images_with_tags),
            exclude_images_with_tags=_unique(self.exclude_images_with_tags),
        )

    def problems(self, meta: ProjectMeta | None = None) -> list[str]:
        """Every reason the queue cannot be created, as sentences for the dialog.
        With the project's meta, class and tag names are checked to exist too."""
        spec = self.cleaned()
        out: list[str] = []
        if not isinstance(spec.name, str) or not spec.name:
            out.append("The queue needs a name.")
        elif len(spec.name) > NAME_MAX:
            out.append(f"The name is {len(spec.name)} characters long; the maximum is {NAME_MAX}.")
        for ids, role in ((spec.labeler_ids, "labeler"), (spec.reviewer_ids, "reviewer")):
            if not ids:
                out.append(f"Choose at least one {role}.")
            elif not all(_is_id(i) for i in ids):
                out.append(f"The {role}s must be users of the team.")
        if not _is_id(spec.source_collection_id):
            out.append("The queue needs a source collection.")
        if not isinstance(spec.description, str) or len(spec.description) > DESCRIPTION_MAX:
            out.append(f"The description is too long; the maximum is {DESCRIPTION_MAX} characters.")
        if not isinstance(spec.readme, str) or len(spec.readme) > README_MAX:
            out.append(f"The readme is too long; the maximum is {README_MAX} characters.")
        for value, what in ((spec.objects_limit_per_image, "objects"), (spec.tags_limit_per_image, "tags")):
            if not _is_int(value) or value < 0:
                out.append(f"The limit of {what} per image must be a whole number, 0 or more (0 = no limit).")
            elif value > LIMIT_MAX:
                out.append(f"The limit of {what} per image is at most {LIMIT_MAX}.")
        names = (
            spec.classes_to_label,
            spec.tags_to_label,
            spec.include_images_with_tags,
            spec.exclude_images_with_tags,
        )
        if any(not isinstance(n, str) or not n.strip() for group in names for n in group):
            out.append("Class and tag names must not be empty.")
        both = [t for t in spec.include_images_with_tags if t in set(spec.exclude_images_with_tags)]
        if both:
            out.append(f"Tag {', '.join(map(repr, both))} cannot be both required and excluded.")
        for flag in ("dynamic_classes", "dynamic_tags", "allow_review_own_annotations", "skip_complete_job_on_empty"):
            if not isinstance(getattr(spec, flag), bool):
                out.append(f"{flag.replace('_', ' ').capitalize()} must be on or off.")
        if meta is not None:
            out += _unknown_names(spec, meta)
        return out

    def validate(self, meta: ProjectMeta | None = None) -> QueueSpec:
        """The cleaned spec, or QueueSpecError naming every problem."""
        problems = self.problems(meta)
        if problems:
            raise QueueSpecError(problems)
        return self.cleaned()

    def to_create_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of `api.queues.create(**kwargs)` (validated first)."""
        spec = self.validate()
        kwargs: dict[str, Any] = {
            "name": spec.name,
            "user_ids": list(spec.labeler_ids),
            "reviewer_ids": list(spec.reviewer_ids),
            "collection_id": spec.source_collection_id,
            "classes_to_label": list(spec.classes_to_label),
            "tags_to_label": list(spec.tags_to_label),
            "include_images_with_tags": list(spec.include_images_with_tags),
            "exclude_images_with_tags": list(spec.exclude_images_with_tags),
            "dynamic_classes": spec.dynamic_classes,
            "dynamic_tags": spec.dynamic_tags,
            "allow_review_own_annotations": spec.allow_review_own_annotations,
            "skip_complete_job_on_empty": spec.skip_complete_job_on_empty,
        }
        if spec.objects_limit_per_image:
            kwargs["objects_limit_per_image"] = spec.objects_limit_per_image
        if spec.tags_limit_per_image:
            kwargs["tags_limit_per_image"] = spec.tags_limit_per_image
        if spec.readme:
            kwargs["readme"] = spec.readme
        if spec.description:
            kwargs["description"] = spec.description
        return kwargs


def _unknown_names(spec: QueueSpec, meta: ProjectMeta) -> list[str]:
    out = []
    classes = {c.title for c in meta.classes}
    missing = [c for c in spec.classes_to_label if c not in classes]
    if missing:
        out.append(f"The project has no class {', '.join(map(repr, missing))}.")
    tags = {t.name for t in meta.tags}
    named = spec.tags_to_label + spec.include_images_with_tags + spec.exclude_images_with_tags
    missing = [t for t in dict.fromkeys(named) if t not in tags]
    if missing:
        out.append(f"The project has no tag {', '.join(map(repr, missing))}.")
    return out


def _strip(text: Any) -> Any:
    return text.strip() if isinstance(text, str) else text


def _blank_to_empty(text: Any) -> Any:
    """A readme keeps its layout (Markdown indentation); only all-blank means none."""
    return "" if isinstance(text, str) and not text.strip() else text


def _unique(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(_strip(v) for v in values))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_id(value: Any) -> bool:
    return _is_int(value) and value > 0
