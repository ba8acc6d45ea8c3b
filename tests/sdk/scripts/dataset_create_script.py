"""Creating datasets with the SDK: api.dataset.create at the top level, a
nested one, a clashing name made free by change_name_if_conflict, and
get_or_create finding the one that exists."""

import json
import os

import supervisely as sly

api = sly.Api.from_env()
project_id = int(os.environ["PROJECT_ID"])

top = api.dataset.create(project_id, "from the sdk", description="made by a script")
nested = api.dataset.create(project_id, "inside", parent_id=top.id)
renamed = api.dataset.create(project_id, "from the sdk", change_name_if_conflict=True)
found = api.dataset.get_or_create(project_id, "from the sdk")

print(
    json.dumps(
        {
            "top": [top.name, top.description, top.project_id, top.parent_id],
            "nested_parent": nested.parent_id == top.id,
            "renamed": renamed.name,
            "found_same": found.id == top.id,
            "listed": sorted(d.name for d in api.dataset.get_list(project_id)),
        }
    )
)
