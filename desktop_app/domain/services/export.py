"""Export a collection from the app: the items listed with the keyset walk,
their annotations in batches per dataset (annotations.bulk.info), the originals
downloaded a few at a time, all handed to the same writers the server's CLI
uses (desktop_app/shared/export_formats, docs/export-formats.md).

Everything is written into a hidden sibling folder that is renamed at the
end: a cancel, a full disk or a server that goes away leaves nothing behind.
Linked images record the item's storage URL as the server lists it (signed:
it stops working when its signature expires, see wire-contract.md 5.5)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.api.base import Json
from desktop_app.api.client import ApiClient
from desktop_app.api.records import Collection, Image, Project
from desktop_app.shared.export_formats import ExportFailed, ExportItem, Summary, fits, refusal, writer_for
from desktop_app.shared.export_formats.folder import StagedFolder, in_words

Progress = Callable[[int, int], None]
BATCH = 50  # items per step: one annotations.bulk.info per dataset in it (the SDK's batch)
DOWNLOADS = 4  # originals downloaded at once
# a step's originals are held in memory until written: clips can be large, so fewer at a time
VIDEO_BATCH = DOWNLOADS


@dataclass(frozen=True)
class ExportChoice:
    format: str
    folder: Path  # the export's own folder is made inside it
    link_images: bool = False


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    summary: Summary


class ExportService:
    def __init__(self, api: ApiClient) -> None:
        self._api = api

    async def export_collection(
        self, project: Project, collection: Collection, choice: ExportChoice, progress: Progress
    ) -> ExportResult:
        if not fits(choice.format, project.type):
            raise ExportFailed(refusal(choice.format, project.name, project.type))
        meta = await self._api.projects.meta_json(project.id)
        datasets = {d.id: d.name for d in await self._api.datasets.list(project.id, recursive=True)}
        listing = self._api.items(project.type)
        items = await listing.walk(project_id=project.id, collection_id=collection.id)
        staged = StagedFolder(choice.folder, f"{collection.name} ({choice.format})")
        with staged as root:
            writer = writer_for(choice.format, root, meta, link_images=choice.link_images, project_type=project.type)
            try:
                done = 0
                progress(0, len(items))
                for batch in _batches(items, VIDEO_BATCH if project.type == "videos" else BATCH):
                    await self._write_batch(writer, project.type, batch, datasets, choice.link_images)
                    done += len(batch)
                    progress(done, len(items))
                summary = writer.finish()
            except OSError as exc:
                raise in_words(exc, staged.parent) from None
            finally:
                writer.close()
            final = staged.commit()
        return ExportResult(final, summary)

    async def _annotations(self, project_type: str, dataset_id: int, ids: list[int]) -> dict[int, Json | None]:
        """Item id -> its annotation JSON as the server answers it for the project's type."""
        if project_type == "videos":
            return {a.video_id: a.raw for a in await self._api.videos.annotations(dataset_id, ids)}
        if project_type == "point_clouds":
            clouds = await self._api.point_clouds.annotations(dataset_id, ids)
            return {a.point_cloud_id: a.raw for a in clouds if a.point_cloud_id is not None}
        return {a.image_id: a.raw.get("annotation") for a in await self._api.annotations.bulk_info(dataset_id, ids)}

    async def _write_batch(
        self, writer, project_type: str, batch: list[Image], datasets: dict[int, str], link_images: bool
    ) -> None:
        annotations: dict[int, Json | None] = {}
        if writer.needs_annotations:  # the bulk.info methods take one dataset at a time
            by_dataset: dict[int, list[int]] = {}
            for item in batch:
                if item.dataset_id is not None:
                    by_dataset.setdefault(item.dataset_id, []).append(item.id)
            found = await asyncio.gather(*(self._annotations(project_type, d, ids) for d, ids in by_dataset.items()))
            annotations = {k: v for part in found for k, v in part.items()}
        originals: list[bytes | None] = [None] * len(batch)
        if writer.needs_images and not link_images:
            gate = asyncio.Semaphore(DOWNLOADS)
            files = self._api.items(project_type)  # images, videos or point clouds: <prefix>.download

            async def download(item: Image) -> bytes:
                async with gate:
                    return await files.download(item.id)

            originals = list(await asyncio.gather(*(download(i) for i in batch)))
        for item, data in zip(batch, originals, strict=True):
            record = ExportItem(
                item.id,
                item.name,
                datasets.get(item.dataset_id or -1, ""),
                item.width,
                item.height,
                link=item.full_storage_url or "" if link_images else "",
            )
            writer.add(record, annotations.get(item.id), data)


def _batches(items: list[Image], size: int) -> list[list[Image]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
