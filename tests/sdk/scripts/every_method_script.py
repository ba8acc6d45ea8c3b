"""Calls covering every server method through the SDK, with the 404 -> None
cases. Prints one JSON line with what it saw; asserts inline."""

import json
import os

import supervisely as sly

api = sly.Api.from_env()
project_id = int(os.environ["PROJECT_ID"])
out = {}

assert api.instance_version not in (None, "unknown"), api.instance_version
me = api.user.get_my_info()
users = api.user.get_list()
assert me.id in [u.id for u in users]
assert api.user.get_info_by_id(me.id).login == me.login
team_ids = [t.id for t in api.user.get_teams(me.id)]

teams = api.team.get_list()
assert sorted(t.id for t in teams) == sorted(team_ids)
team = api.team.get_info_by_id(teams[0].id)
workspaces = api.workspace.get_list(team.id)
assert api.workspace.get_info_by_id(workspaces[0].id).id == workspaces[0].id

project = api.project.get_info_by_id(project_id)
assert project.type == "images"
assert project_id in [p.id for p in api.project.get_list(project.workspace_id)]
meta = sly.ProjectMeta.from_json(api.project.get_meta(project_id))
assert len(meta.obj_classes) > 0

datasets = api.dataset.get_list(project_id)
assert api.dataset.get_info_by_id(datasets[0].id).project_id == project_id

images = api.image.get_list(project_id=project_id)
assert len(images) == project.items_count, (len(images), project.items_count)
by_ds = api.image.get_list(datasets[0].id)
assert all(i.dataset_id == datasets[0].id for i in by_ds)
filtered = api.image.get_list(datasets[0].id, filters=[{"field": "id", "operator": "in", "value": [by_ds[0].id]}])
assert [i.id for i in filtered] == [by_ds[0].id]
generated = [i for batch in api.image.get_list_generator(datasets[0].id, batch_size=2) for i in batch]
assert sorted(i.id for i in generated) == sorted(i.id for i in by_ds)
labelled = api.image.get_list(project_id=project_id, only_labelled=True)
assert all(i.labels_count > 0 for i in labelled)
info = api.image.get_info_by_id(images[0].id)
assert info.name == images[0].name and info.ext in ("jpeg", "png")
batch = api.image.get_info_by_id_batch([i.id for i in by_ds[:3]])
assert [i.id for i in batch] == [i.id for i in by_ds[:3]]
pixels = api.image.download_np(images[0].id)
assert pixels.shape[:2] == (images[0].height, images[0].width), pixels.shape

ann_info = api.annotation.download(labelled[0].id)
ann = sly.Annotation.from_json(ann_info.annotation, meta)
assert len(ann.labels) == labelled[0].labels_count
anns = api.annotation.download_batch(labelled[0].dataset_id, [labelled[0].id])
assert anns[0].image_id == labelled[0].id
listed = api.annotation.get_list(labelled[0].dataset_id)
assert labelled[0].id in [a.image_id for a in listed]
# round trip: upload what was downloaded, the labels stay the same
api.annotation.upload_ann(labelled[0].id, ann)
again = sly.Annotation.from_json(api.annotation.download(labelled[0].id).annotation, meta)
assert sorted(lab.geometry.to_bbox().to_json()["points"]["exterior"][0] for lab in again.labels) == sorted(
    lab.geometry.to_bbox().to_json()["points"]["exterior"][0] for lab in ann.labels
)

coll = api.entities_collection.create(project_id, "every-method")
assert api.entities_collection.get_info_by_id(coll.id).name == "every-method"
assert coll.id in [c.id for c in api.entities_collection.get_list(project_id)]
api.entities_collection.update(coll.id, name="every-method-renamed", description="d")
assert api.entities_collection.get_info_by_id(coll.id).name == "every-method-renamed"
added = api.entities_collection.add_items(coll.id, [images[0].id, images[1].id])
assert sorted(a["entityId"] for a in added) == sorted([images[0].id, images[1].id])
api.entities_collection.add_items(coll.id, [images[0].id])  # idempotent
assert len(api.entities_collection.get_items(coll.id, "entities_collection")) == 2
try:
    api.entities_collection.add_items(coll.id, [999999999])
    raise AssertionError("unknown id accepted")
except RuntimeError:
    pass
try:
    api.entities_collection.create(project_id, "every-method-renamed")
    raise AssertionError("duplicate name accepted")
except Exception as exc:  # requests.HTTPError with 400
    assert "400" in str(exc), exc
api.entities_collection.remove_items(coll.id, [images[1].id])
assert [i.id for i in api.entities_collection.get_items(coll.id, "entities_collection")] == [images[0].id]

queue_id = api.labeling_queue.create("every-method-queue", [me.id], [me.id], collection_id=coll.id)
q = api.labeling_queue.get_info_by_id(queue_id)
assert q.labelers == [me.id] and q.entities_count == 1
assert queue_id in [x.id for x in api.labeling_queue.get_list(team.id, project_id=project_id)]
assert api.labeling_queue.get_entities_count_by_status(queue_id) == 1
assert api.labeling_queue.get_entities_count_by_status(queue_id, status="accepted") == 0
api.labeling_queue.set_status(queue_id, "stopped")
status = api.labeling_queue.get_status(queue_id)
assert str(status) in ("stopped", "Status.STOPPED"), status

api.entities_collection.remove(coll.id)
# 404 -> None everywhere
missing = 987654321
assert api.entities_collection.get_info_by_id(coll.id) is None
for getter in (
    api.project.get_info_by_id,
    api.dataset.get_info_by_id,
    api.image.get_info_by_id,
    api.labeling_queue.get_info_by_id,
    api.entities_collection.get_info_by_id,
    api.team.get_info_by_id,
    api.workspace.get_info_by_id,
    api.user.get_info_by_id,
):
    assert getter(missing) is None, getter

print(json.dumps({"images": len(images), "datasets": len(datasets), "queue_id": queue_id}))
