"""Deleting images with the SDK: api.image.remove_batch (batches of 50 by
default), deleting again, api.image.remove and api.video.remove_batch (the
same images.bulk.remove), then get_info_by_id of each id."""

import json
import os

import supervisely as sly

api = sly.Api.from_env()
batch = [int(i) for i in os.environ["BATCH_IDS"].split(",")]
single = int(os.environ["SINGLE_ID"])
video = int(os.environ["VIDEO_ID"])
kept = int(os.environ["KEPT_ID"])

api.image.remove_batch(batch, batch_size=2)
api.image.remove_batch(batch)  # again: the ids are already gone
api.image.remove(single)
api.video.remove_batch([video])

print(
    json.dumps(
        {
            "gone": {str(i): api.image.get_info_by_id(i) is None for i in [*batch, single, video]},
            "kept": api.image.get_info_by_id(kept).id,
        }
    )
)
