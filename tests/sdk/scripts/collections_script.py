"""The Supervisely docs' first collections script ("gather images into a
collection and send it to a labeling queue"), corrected to the SDK's real
names: api.entities_collection, api.user, add_items(id, items), and
labeling_queue.create() returning an int. Runs unchanged against any server."""

import json
import os

import supervisely as sly
from supervisely.api.entities_collection_api import CollectionTypeFilter

api = sly.Api.from_env()
project_id = int(os.environ["PROJECT_ID"])

me = api.user.get_my_info()
project = api.project.get_info_by_id(project_id)
images = api.image.get_list(project_id=project_id)

collection = api.entities_collection.create(project_id, "Hard cases", description="Images to re-label")
chosen = [img.id for img in images[:6]]
api.entities_collection.add_items(collection.id, chosen)

items = api.entities_collection.get_items(collection.id, CollectionTypeFilter.DEFAULT, project_id=project_id)
assert sorted(i.id for i in items) == sorted(chosen), (items, chosen)

queue_id = api.labeling_queue.create(
    name="Fix hard cases",
    user_ids=[me.id],
    reviewer_ids=[me.id],
    collection_id=collection.id,
    allow_review_own_annotations=True,
    skip_complete_job_on_empty=True,
)
assert isinstance(queue_id, int)
queue = api.labeling_queue.get_info_by_id(queue_id)
assert queue.entities_count == len(chosen), queue

print(
    json.dumps(
        {
            "collection_id": collection.id,
            "queue_id": queue_id,
            "items": sorted(chosen),
            "project_type": project.type,
            "labelers": queue.labelers,
        }
    )
)
