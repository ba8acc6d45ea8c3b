"""What the official SDK makes of an image's annotation: every label's class
and its bounding box in the SDK's pixel convention (right/bottom inclusive)."""

import json
import os

import supervisely as sly

api = sly.Api.from_env()
image_id = int(os.environ["IMAGE_ID"])
project_id = int(os.environ["PROJECT_ID"])

meta = sly.ProjectMeta.from_json(api.project.get_meta(project_id))
info = api.annotation.download(image_id)
ann = sly.Annotation.from_json(info.annotation, meta)
labels = []
for label in ann.labels:
    box = label.geometry.to_bbox()
    labels.append(
        {
            "class": label.obj_class.name,
            "left": box.left,
            "top": box.top,
            "right": box.right,
            "bottom": box.bottom,
            "tags": sorted([t.name, t.value] for t in label.tags),
        }
    )
print(
    json.dumps(
        {"dataset_id": info.dataset_id, "labels": labels, "image_tags": sorted([t.name, t.value] for t in ann.img_tags)}
    )
)
