"""supervisely for a point-cloud project, as `desktop-app-server import` reads it
back (server/importing/point_clouds.py): meta.json (projectType
"point_clouds"), <dataset>/pointcloud/<name>.pcd, <dataset>/ann/<name>.pcd.json
in the SDK's PointcloudAnnotation JSON (tags, objects with keys, figures with
objectKey and their cuboid_3d geometry as stored: metres, no conversion),
key_id_map.json. Related images are not exported (the importer reads none)."""

from __future__ import annotations

from desktop_app.shared.export_formats.records import ExportItem, Json
from desktop_app.shared.export_formats.supervisely_items import ItemFolderWriter, object_keys, sdk_object, sdk_tag


def point_cloud_annotation_file(item: ExportItem, annotation: Json) -> tuple[Json, list[Json]]:
    keys = object_keys(annotation)
    figures = list(annotation.get("figures") or [])
    out = []
    for f in figures:
        figure: Json = {
            "objectKey": f.get("objectKey") or keys.get(f.get("objectId")),
            "geometryType": f["geometryType"],
            "geometry": f["geometry"],
        }
        if f.get("key"):
            figure = {"key": f["key"], **figure}
        out.append(figure)
    body: Json = {
        "description": annotation.get("description") or "",
        "key": annotation.get("key"),
        "tags": [sdk_tag(t) for t in annotation.get("tags") or []],
        "objects": [sdk_object(o) for o in annotation.get("objects") or []],
        "figures": out,
    }
    if not body["key"]:
        del body["key"]
    return body, figures


class SuperviselyPointCloudWriter(ItemFolderWriter):
    project_type = "point_clouds"
    folder = "pointcloud"
    suffixes = (".pcd",)
    default_suffix = ".pcd"
    file_word = "point cloud file"

    def annotation_file(self, item: ExportItem, annotation: Json) -> tuple[Json, list[Json]]:
        return point_cloud_annotation_file(item, annotation)
