"""The SDK's add_items of a whole big list in ONE call (it sends every id in
one request and knows no server limit); prints what it answered."""

import json
import os

import supervisely as sly

api = sly.Api.from_env()
ids = json.loads(open(os.environ["IDS_FILE"]).read())
collection = api.entities_collection.create(int(os.environ["PROJECT_ID"]), "Everything")
added = api.entities_collection.add_items(collection.id, ids)  # raises on any `missing`
again = api.entities_collection.add_items(collection.id, ids[:10])  # already in: answered, not duplicated
print(
    json.dumps(
        {
            "collection_id": collection.id,
            "answered": sorted(item["entityId"] for item in added),
            "entry_ids": len({item["id"] for item in added}),
            "again": [item["entityId"] for item in again],
        }
    )
)
