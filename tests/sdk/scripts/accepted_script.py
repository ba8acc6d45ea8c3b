"""The docs' second script: items accepted in a queue leave the source
collection and go to a new "ready for training" collection."""

import json
import os

import supervisely as sly

api = sly.Api.from_env()
project_id = int(os.environ["PROJECT_ID"])
queue_id = int(os.environ["QUEUE_ID"])
source_id = int(os.environ["COLLECTION_ID"])

accepted = api.labeling_queue.get_entities_all_pages(queue_id, collection_id=source_id, status="accepted")
accepted_ids = [e["id"] for e in accepted["images"]]

target = api.entities_collection.create(project_id, "Ready for training")
api.entities_collection.add_items(target.id, accepted_ids)
api.entities_collection.remove_items(source_id, accepted_ids)

left = api.entities_collection.get_items(source_id, "entities_collection", project_id=project_id)
moved = api.entities_collection.get_items(target.id, "entities_collection", project_id=project_id)
print(
    json.dumps(
        {
            "accepted": sorted(accepted_ids),
            "left": sorted(i.id for i in left),
            "moved": sorted(i.id for i in moved),
            "target_id": target.id,
        }
    )
)
