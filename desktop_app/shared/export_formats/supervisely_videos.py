"""supervisely for a video project, as `desktop-app-server import` reads it back
(server/importing/videos.py): meta.json (projectType "videos"),
<dataset>/video/<name>, <dataset>/ann/<name>.json in the SDK's VideoAnnotation
JSON, key_id_map.json.

Coordinates are written as they come: the video form is the SDK's pixel form
already (a rectangle's right and bottom inclusive), on the wire, in the
database and on disk alike, so nothing is converted (unlike img/ exports)."""

from __future__ import annotations

from desktop_app.shared.export_formats.records import ExportItem, Json
from desktop_app.shared.export_formats.supervisely_items import (
    ItemFolderWriter,
    object_keys,
    sdk_annotation,
    sdk_figure,
)

# the importer's video suffixes (server/importing/videos.py), which it picks files by
VIDEO_SUFFIXES = (".mp4", ".avi", ".mov", ".mkv", ".webm", ".3gp", ".flv", ".wmv", ".m4v", ".mpg", ".mpeg")


def video_annotation_file(item: ExportItem, annotation: Json) -> tuple[Json, list[Json]]:
    size = annotation.get("size") or {"height": item.height, "width": item.width}
    keys = object_keys(annotation)
    figures: list[Json] = []
    frames = []
    for frame in annotation.get("frames") or []:
        on_frame = list(frame.get("figures") or [])
        figures += on_frame
        out = [sdk_figure(f, keys, {"points": f["geometry"]["points"]}) for f in on_frame]
        frames.append({"index": frame["index"], "figures": out})
    body = sdk_annotation(
        annotation,
        size={"height": size.get("height"), "width": size.get("width")},
        frames=frames,
        framesCount=annotation.get("framesCount"),
    )
    return body, figures


class SuperviselyVideoWriter(ItemFolderWriter):
    project_type = "videos"
    folder = "video"
    suffixes = VIDEO_SUFFIXES
    default_suffix = ".mp4"
    file_word = "video file"

    def annotation_file(self, item: ExportItem, annotation: Json) -> tuple[Json, list[Json]]:
        return video_annotation_file(item, annotation)
