"""supervisely for a point-cloud project, as `desktop-app-server import` reads it
back (server/importing/point_clouds.py): meta.json (projectType
"point_clouds"), <dataset>/pointcloud/<name>.pcd, <dataset>/ann/<name>.pcd.json
in the SDK's PointcloudAnnotation JSON (tags, objects with keys, figures with
objectKey and their cuboid_3d geometry as stored: metres, no conversion),
key_id_map.json. Related images are not exported (the importer reads none)."""

from __future__ import annotations

from desktop_app.shared.export_formats.records import ExportItem, Json
from desktop_app.shared.export_formats.supervisely_items import (
    ItemFolderWriter,
    object_keys,
    sdk_annotation,
    sdk_figure,
)


def point_cloud_annotation_file(item: ExportItem, annotation: Json) -> tuple[Json, list[Json]]:
    keys = object_keys(annotation)
    figures = list(annotation.get("figures") or [])
    return sdk_annotation(annotation, figures=[sdk_figure(f, keys, f["geometry"]) for f in figures]), figures


class SuperviselyPointCloudWriter(ItemFolderWriter):
    project_type = "point_clouds"
    folder = "pointcloud"
    suffixes = (".pcd",)
    default_suffix = ".pcd"
    file_word = "point cloud file"

    def annotation_file(self, item: ExportItem, annotation: Json) -> tuple[Json, list[Json]]:
        return point_cloud_annotation_file(item, annotation)
