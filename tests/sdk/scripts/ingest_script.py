"""Getting data in with the official SDK, unchanged: projects of each type,
a project meta, a dataset, image uploads by path, by paths, from numpy, by
hash and by id, read back pixel for pixel, an annotation, a rename, a taken
name with and without conflict resolution, and a delete."""

import json
import os
import tempfile

import numpy as np
import supervisely as sly
from requests.exceptions import HTTPError
from supervisely.geometry.cuboid_3d import Cuboid3d

api = sly.Api.from_env()
workspace_id = int(os.environ["WORKSPACE_ID"])
out = {}

project = api.project.create(workspace_id, "ingested", type=sly.ProjectType.IMAGES)
try:
    api.project.create(workspace_id, "ingested")
    out["conflict"] = None
except HTTPError as exc:
    out["conflict"] = [exc.response.status_code, exc.response.json()["details"]["type"]]
renamed_project = api.project.create(workspace_id, "ingested", change_name_if_conflict=True)
videos = api.project.create(workspace_id, "clips", type=sly.ProjectType.VIDEOS)
clouds = api.project.create(workspace_id, "scans", type=sly.ProjectType.POINT_CLOUDS)
out["projects"] = [[p.name, p.type] for p in (project, renamed_project, videos, clouds)]

car = sly.ObjClass("car", sly.Rectangle, color=[255, 0, 0])
road = sly.ObjClass("road", sly.Polygon, color=[0, 255, 0])
weather = sly.TagMeta("weather", sly.TagValueType.ONEOF_STRING, possible_values=["sun", "rain"])
score = sly.TagMeta("score", sly.TagValueType.ANY_NUMBER, applicable_to=sly.TagApplicableTo.OBJECTS_ONLY)
updated = api.project.update_meta(project.id, sly.ProjectMeta(obj_classes=[car, road], tag_metas=[weather, score]))
meta = sly.ProjectMeta.from_json(api.project.get_meta(project.id))
out["meta"] = {
    "classes": [[c.name, c.geometry_type.geometry_name(), c.color] for c in meta.obj_classes],
    "tags": [[t.name, str(t.value_type), t.possible_values, str(t.applicable_to)] for t in meta.tag_metas],
    "answer_same": updated.to_json()["classes"] == meta.to_json()["classes"],
}
api.project.update_meta(clouds.id, sly.ProjectMeta(obj_classes=[sly.ObjClass("box", Cuboid3d)]))
out["cloud_classes"] = [[c["title"], c["shape"]] for c in api.project.get_meta(clouds.id)["classes"]]

dataset = api.dataset.create(project.id, "ds")
rng = np.random.default_rng(7)
tmp = tempfile.mkdtemp()
arrays, paths = {}, {}
for name, size in (("one.png", (30, 40)), ("two.png", (20, 10)), ("three.jpg", (16, 24))):
    arrays[name] = rng.integers(0, 255, size=(*size, 3), dtype=np.uint8)
    paths[name] = os.path.join(tmp, name)
    sly.image.write(paths[name], arrays[name])
arrays["three.jpg"] = sly.image.read(paths["three.jpg"])  # what a JPEG decodes to

one = api.image.upload_path(dataset.id, "one.png", paths["one.png"], meta={"camera": 2})
two, three = api.image.upload_paths(dataset.id, ["two.png", "three.jpg"], [paths["two.png"], paths["three.jpg"]])
arrays["np.png"] = rng.integers(0, 255, size=(12, 18, 3), dtype=np.uint8)
from_np = api.image.upload_np(dataset.id, "np.png", arrays["np.png"])
by_hash = api.image.upload_hash(dataset.id, "by-hash.png", one.hash)
arrays["by-hash.png"] = arrays["one.png"]
by_hashes = api.image.upload_hashes(dataset.id, ["h2.png"], [two.hash])
arrays["h2.png"] = arrays["two.png"]
by_id = api.image.upload_id(dataset.id, "copy.png", from_np.id)
arrays["copy.png"] = arrays["np.png"]
out["known_hashes"] = sorted(api.image.check_existing_hashes([one.hash, "x" * 44, from_np.hash]))
out["hashes"] = [one.hash, from_np.hash]

infos = api.image.get_list(dataset.id)
out["listed"] = sorted(i.name for i in infos)
out["sizes"] = {i.name: [i.width, i.height] for i in infos}
out["one"] = [one.meta, api.image.get_info_by_id(one.id).name, by_hash.hash == one.hash, len(by_hashes)]
out["pixels_equal"] = {i.name: bool(np.array_equal(api.image.download_np(i.id), arrays[i.name])) for i in infos}
out["copy_id"] = [by_id.name, by_id.hash == from_np.hash]

ann = sly.Annotation((30, 40)).add_label(sly.Label(sly.Rectangle(2, 3, 12, 20), meta.get_obj_class("car")))
ann = ann.add_tag(sly.Tag(meta.get_tag_meta("weather"), "sun"))
api.annotation.upload_ann(one.id, ann)
back = sly.Annotation.from_json(api.annotation.download(one.id).annotation, meta)
out["annotation"] = [
    [lb.obj_class.name, lb.geometry.to_bbox().left, lb.geometry.to_bbox().bottom] for lb in back.labels
] + [[t.name, t.value] for t in back.img_tags]

out["renamed"] = api.image.rename(two.id, "renamed.png").name
try:
    api.image.upload_path(dataset.id, "one.png", paths["two.png"])
    out["name_taken"] = None
except HTTPError as exc:
    out["name_taken"] = [exc.response.status_code, exc.response.json()["details"]["type"]]
resolved = api.image.upload_paths(dataset.id, ["one.png"], [paths["two.png"]], conflict_resolution="rename")
out["resolved_name"] = resolved[0].name

api.image.remove_batch([by_hash.id, by_id.id])
out["after_remove"] = sorted(i.name for i in api.image.get_list(dataset.id))
print(json.dumps(out))
