"""Reads a smart collection with the SDK, unchanged: get_list, get_info_by_id
and get_items (which goes through images.list with the collection filter)."""

import json
import os

import supervisely as sly
from supervisely.api.entities_collection_api import CollectionTypeFilter

api = sly.Api.from_env()
project_id, collection_id = int(os.environ["PROJECT_ID"]), int(os.environ["COLLECTION_ID"])
listed = api.entities_collection.get_list(project_id)
info = api.entities_collection.get_info_by_id(collection_id)
items = api.entities_collection.get_items(collection_id, CollectionTypeFilter.DEFAULT, project_id=project_id)
print(
    json.dumps(
        {
            "listed": [(c.name, c.type) for c in listed],
            "info": [info.id, info.name, info.type],
            "items": sorted(i.id for i in items),
        }
    )
)
