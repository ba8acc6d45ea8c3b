"""The SDK's api.video against the bundled server: listing, info (None for a
missing id), a frame, annotation append then download -> VideoAnnotation,
upload_path, a collection's items, remove_batch."""

import json
import os

import supervisely as sly
from supervisely.api.entities_collection_api import CollectionTypeFilter

api = sly.Api.from_env()
project_id = int(os.environ["PROJECT_ID"])
dataset_id = int(os.environ["DATASET_ID"])
video_id = int(os.environ["VIDEO_ID"])
delete_id = int(os.environ["DELETE_ID"])
missing_id = int(os.environ["MISSING_ID"])

meta = sly.ProjectMeta.from_json(api.project.get_meta(project_id))
listed = api.video.get_list(dataset_id)
whole = api.video.get_list(project_id=project_id)
info = api.video.get_info_by_id(video_id)
frame = api.video.frame.download_np(video_id, 2)

car = sly.VideoObject(
    meta.get_obj_class("car"),
    tags=sly.VideoTagCollection([sly.VideoTag(meta.get_tag_meta("confidence"), 0.9)]),
)
figures = [sly.VideoFigure(car, sly.Rectangle(20, 10 + 4 * i, 39, 39 + 4 * i), i) for i in range(3)]
ann = sly.VideoAnnotation(
    (info.frame_height, info.frame_width),
    info.frames_count,
    objects=sly.VideoObjectCollection([car]),
    frames=sly.FrameCollection([sly.Frame(i, figures=[figures[i]]) for i in range(3)]),
    tags=sly.VideoTagCollection([sly.VideoTag(meta.get_tag_meta("busy"), frame_range=[1, 3])]),
)
api.video.annotation.append(video_id, ann)
downloaded = sly.VideoAnnotation.from_json(api.video.annotation.download(video_id), meta, sly.KeyIdMap())

uploaded = api.video.upload_path(dataset_id, "uploaded.mp4", os.environ["UPLOAD_PATH"])
collection = api.entities_collection.create(project_id, "sdk clips")
api.entities_collection.add_items(collection.id, [video_id, uploaded.id])
items = api.entities_collection.get_items(collection.id, CollectionTypeFilter.DEFAULT)
in_collection = api.video.get_list(project_id=project_id, entities_collection_id=collection.id)

api.video.remove_batch([delete_id])

print(
    json.dumps(
        {
            "listed": [v.name for v in listed],
            "whole": len(whole),
            "info": [info.name, info.frames_count, info.frame_width, info.frame_height, info.duration],
            "timecodes": len(info.frames_to_timecodes),
            "missing": api.video.get_info_by_id(missing_id) is None,
            "frame": list(frame.shape),
            "objects": [o.obj_class.name for o in downloaded.objects],
            "object_tags": [[t.name, t.value] for o in downloaded.objects for t in o.tags],
            "boxes": {str(f.index): [fig.geometry.to_bbox().left for fig in f.figures] for f in downloaded.frames},
            "tags": [[t.name, t.frame_range] for t in downloaded.tags],
            "uploaded": [uploaded.name, uploaded.frames_count, uploaded.dataset_id],
            "items": sorted(i.id for i in items),
            "in_collection": sorted(v.id for v in in_collection),
            "deleted": api.video.get_info_by_id(delete_id) is None,
        }
    )
)
