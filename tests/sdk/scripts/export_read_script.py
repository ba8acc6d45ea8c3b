"""The SDK reads a Collections Desk export as its own project folders: a video
project (VIDEO_FOLDER) and a point-cloud project (CLOUD_FOLDER), with their
key_id_map.json. Prints what it read, per item name."""

import json
import os

import supervisely as sly
from supervisely.project.project import OpenMode

out = {}
for kind, cls, ann_cls in (
    ("videos", sly.VideoProject, sly.VideoAnnotation),
    ("point_clouds", sly.PointcloudProject, sly.PointcloudAnnotation),
):
    folder = os.environ["VIDEO_FOLDER" if kind == "videos" else "CLOUD_FOLDER"]
    project = cls(folder, OpenMode.READ)
    keys = sly.KeyIdMap.load_json(os.path.join(folder, "key_id_map.json"))
    items = {}
    for dataset in project.datasets:
        for name in dataset:
            ann = ann_cls.load_json_file(dataset.get_ann_path(name), project.meta)
            ranges = [list(t.frame_range) for t in ann.tags if getattr(t, "frame_range", None)]
            items[name] = {
                "objects": len(ann.objects),
                "figures": len(ann.figures),
                "tags": sorted(t.meta.name for t in ann.tags),
                "frame_ranges": len(ranges),
            }
    out[kind] = {
        "type": str(project.meta.project_type),
        "classes": sorted(c.name for c in project.meta.obj_classes),
        "items": items,
        "figure_keys": len(keys.to_dict()["figures"]),
    }
print(json.dumps(out))
