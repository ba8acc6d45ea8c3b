"""The official SDK's point-cloud API against the bundled server: upload_paths,
get_list, get_info_by_id (and None for a missing id), annotation.download ->
PointcloudAnnotation.from_json, annotation.append, download_path, and deleting
with api.image.remove_batch."""

import json
import os
import tempfile

import supervisely as sly
from supervisely.geometry.cuboid_3d import Cuboid3d, Vector3d
from supervisely.pointcloud_annotation.pointcloud_figure import PointcloudFigure
from supervisely.pointcloud_annotation.pointcloud_object import PointcloudObject
from supervisely.pointcloud_annotation.pointcloud_object_collection import PointcloudObjectCollection
from supervisely.pointcloud_annotation.pointcloud_tag import PointcloudTag
from supervisely.pointcloud_annotation.pointcloud_tag_collection import PointcloudTagCollection
from supervisely.video_annotation.key_id_map import KeyIdMap

api = sly.Api.from_env()
project_id = int(os.environ["PROJECT_ID"])
dataset_id = int(os.environ["DATASET_ID"])
annotated = int(os.environ["ANNOTATED_ID"])
new_file = os.environ["NEW_FILE"]

meta = sly.ProjectMeta.from_json(api.project.get_meta(project_id))
uploaded = api.pointcloud.upload_paths(dataset_id, ["uploaded.pcd"], [new_file])[0]
listed = api.pointcloud.get_list(dataset_id)
info = api.pointcloud.get_info_by_id(annotated)
missing = api.pointcloud.get_info_by_id(987654321)

ann_json = api.pointcloud.annotation.download(annotated)
ann = sly.PointcloudAnnotation.from_json(ann_json, meta, KeyIdMap())
figure = ann.figures[0]
box = figure.geometry

# append a pedestrian with a confidence tag to the uploaded point cloud
pedestrian = PointcloudObject(
    meta.get_obj_class("pedestrian"),
    PointcloudTagCollection([PointcloudTag(meta.get_tag_meta("confidence"), 0.5)]),
)
cuboid = Cuboid3d(Vector3d(1, 2, 0.9), Vector3d(0, 0, 0.4), Vector3d(0.6, 0.6, 1.8))
new_ann = sly.PointcloudAnnotation(
    PointcloudObjectCollection([pedestrian]),
    [PointcloudFigure(pedestrian, cuboid)],
    PointcloudTagCollection([PointcloudTag(meta.get_tag_meta("night"))]),
)
api.pointcloud.annotation.append(uploaded.id, new_ann)
back = sly.PointcloudAnnotation.from_json(api.pointcloud.annotation.download(uploaded.id), meta)
back_box = back.figures[0].geometry

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "x.pcd")
    api.pointcloud.download_path(uploaded.id, path)
    same_file = open(path, "rb").read() == open(new_file, "rb").read()

api.image.remove_batch([uploaded.id])

print(
    json.dumps(
        {
            "uploaded": {"name": uploaded.name, "mime": uploaded.cloud_mime, "dataset": uploaded.dataset_id},
            "listed": [p.name for p in listed],
            "info": {"id": info.id, "objects": info.objects_count, "figures": info.figures_count, "team": info.team_id},
            "missing_is_none": missing is None,
            "figure": {
                "class": figure.parent_object.obj_class.name,
                "geometry": figure.geometry.geometry_name(),
                "position": [box.position.x, box.position.y, box.position.z],
                "dimensions": [box.dimensions.x, box.dimensions.y, box.dimensions.z],
            },
            "tags": [t.name for t in ann.tags],
            "appended": {
                "objects": [o.obj_class.name for o in back.objects],
                "object_tags": [[t.name, t.value] for o in back.objects for t in o.tags],
                "tags": [t.name for t in back.tags],
                "position": [back_box.position.x, back_box.position.y, back_box.position.z],
                "yaw": back_box.rotation.z,
            },
            "same_file": same_file,
            "gone": api.pointcloud.get_info_by_id(uploaded.id) is None,
        }
    )
)
