"""One verdict as one undo step: file the item into the verdict's collection
(created on first use), take it out of the collection of the verdict it had
before (if any), and set its "triage" tag (an image tag, or a video-level tag
of a video: collections hold item ids, and videos are items). Built inside the runner's
work (UndoRunner.execute), so it reads the server with progress and Cancel;
undone with Ctrl+Z like every collection edit (both the filing and the tag)."""

from __future__ import annotations

from typing import Any

from desktop_app.api.annotation_records import Annotation
from desktop_app.api.video_records import VideoAnnotation
from desktop_app.domain.collection_commands import AddItems
from desktop_app.domain.triage import TRIAGE_TAG, Verdict, verdict_of_tag
from desktop_app.domain.triage_tag import SetImageTag, SetVideoTag, image_tag_value, video_tag_value
from desktop_app.qt.app_state import AppState
from desktop_app.qt.undo import Steps


async def verdict_step(
    state: AppState,
    verdicts: tuple[Verdict, ...],
    verdict: Verdict,
    annotation: Annotation | VideoAnnotation,
    name: str = "",
) -> Steps | None:
    """The step that files `annotation`'s item under `verdict`; None when it is filed so already."""
    service, project = state.service, state.project
    if service is None or project is None or verdict.collection is None or verdict.tag_value is None:
        return None
    item = triage_item_id(annotation)
    commands: list[Any] = []
    by_name = {c.name: c for c in state.collections}
    target = by_name.get(verdict.collection)
    if target is None:
        create = await service.create(verdict.collection, "Filed by triage mode")
        commands += [create, AddItems(service, create.ref, [item])]
    else:
        preview = await service.preview_add(target.id, [item])
        if preview.changes:
            commands.append(service.add(preview))
    earlier = verdict_of_tag(verdicts, triage_tag_value(annotation))
    if earlier is not None and earlier != verdict and earlier.collection in by_name:
        preview = await service.preview_remove(by_name[earlier.collection].id, [item])
        if preview.changes:
            commands.append(service.remove(preview))
    if triage_tag_value(annotation) != verdict.tag_value:
        added = await state.services.evaluation.ensure_image_tag(project.id, TRIAGE_TAG)
        if added is not None and state.project is project:
            state.session.set_meta(added)  # the editors offer the new tag too
        if isinstance(annotation, VideoAnnotation):
            commands.append(SetVideoTag(state.outbox, annotation, TRIAGE_TAG, verdict.tag_value, name))
        else:
            commands.append(SetImageTag(state.outbox, annotation, TRIAGE_TAG, verdict.tag_value))
    if not commands:
        return None
    name = name or (annotation.image_name if isinstance(annotation, Annotation) else "") or str(item)
    return Steps(commands, f"Triage: {name} is “{verdict.label}”")


def triage_item_id(annotation: Annotation | VideoAnnotation) -> int:
    return annotation.video_id if isinstance(annotation, VideoAnnotation) else annotation.image_id


def triage_tag_value(annotation: Annotation | VideoAnnotation) -> Any:
    """The "triage" tag's value: an image tag, or a video's tag on the whole video."""
    if isinstance(annotation, VideoAnnotation):
        return video_tag_value(annotation, TRIAGE_TAG)
    return image_tag_value(annotation, TRIAGE_TAG)
