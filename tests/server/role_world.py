"""Team A's people of every role, and labeling queues on images, videos and
point clouds, for the permission tests. Built on world.py (+ videos, point
clouds); queues are made over HTTP by alice, as the SDK makes them.

vic: viewer, named labeler and reviewer of the image queue anyway;
olga: annotator of no queue; anna: annotator, labeler and reviewer of every
queue; dev: developer (of no queue)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from desktop_app.server.db.models import Base, Image, Team
from desktop_app.server.users.bootstrap import ensure_member, ensure_user
from tests.server.http_helpers import ok
from tests.server.pcd_world import build_pcd_world
from tests.server.video_world import build_video_world
from tests.server.world import ALICE

VIEWER, ANNOTATOR_OUT, ANNOTATOR_IN, DEVELOPER = "vic-token", "olga-token", "anna-token", "dev-token"
PEOPLE = {"vic": ("viewer", VIEWER), "olga": ("annotator", ANNOTATOR_OUT), "anna": ("annotator", ANNOTATOR_IN)}
PEOPLE["dev"] = ("developer", DEVELOPER)

QUEUE_META = {
    "classes": [],
    "projectTags": [],
    "imageTags": [],
    "imageFiguresLimit": 0,
    "imageTagsLimit": 0,
    "dynamicClasses": True,
    "dynamicTags": True,
    "hideFigureAuthor": False,
}


@dataclass
class RoleWorld:
    ids: dict[str, int] = field(default_factory=dict)
    images: dict[str, list[int]] = field(default_factory=dict)  # dataset key -> item ids (all kinds)
    hashes: dict[str, str] = field(default_factory=dict)  # kind -> a stored file's hash

    def __getitem__(self, key: str) -> int:
        return self.ids[key]


def _queue(live, name: str, labelers: list[int], reviewers: list[int], **source) -> int:
    body = {"name": name, "userIds": labelers, "reviewerIds": reviewers, "meta": QUEUE_META, **source}
    body["queueMeta"] = {"reviewOwnAnnotationsAvailable": True}
    return ok(live.call("labeling-queues.add", body, ALICE))["id"]


def build_role_world(live) -> RoleWorld:
    vw = build_video_world(live)
    world = vw.world
    pcd = build_pcd_world(live, world)
    rw = RoleWorld(ids=dict(world.ids), images={**world.images, **vw.videos, **pcd.clouds})
    rw.ids.update({f"v_{k}": v for k, v in vw.ids.items()}, **{f"pc_{k}": v for k, v in pcd.ids.items()})
    with live.sessions()() as s, s.begin():
        team = s.scalar(select(Team).where(Team.name == "team-a"))
        for login, (role, token) in PEOPLE.items():
            user = ensure_user(s, login, token=token)
            ensure_member(s, team, user, role)
            rw.ids[login] = user.id
        for kind, item_id in (("video", rw.images["vd1"][0]), ("cloud", rw.images["scans1"][0])):
            rw.hashes[kind] = s.get_one(Image, item_id).hash
    anna, vic = rw["anna"], rw["vic"]
    source = ok(live.call("entities-collections.add", {"projectId": rw["p1"], "name": "work"}, ALICE))["id"]
    ids = rw.images["d1"] + rw.images["d2"]
    ok(live.call("entities-collections.items.bulk.add", {"collectionId": source, "entityIds": ids}, ALICE))
    rw.ids["source"] = source
    rw.ids["image_queue"] = _queue(live, "images", [anna, vic], [anna, vic], collectionId=source)
    rw.ids["video_queue"] = _queue(live, "videos", [anna], [anna], datasetId=rw["v_vd1"])
    rw.ids["cloud_queue"] = _queue(live, "clouds", [anna], [anna], datasetId=rw["pc_d1"])
    return rw


def snapshot(live) -> dict[str, list[tuple]]:
    """Every row of every table and every stored file: a refused call changes none."""
    with live.sessions()() as s:
        rows = {t.name: sorted(map(tuple, s.execute(t.select())), key=repr) for t in Base.metadata.sorted_tables}
    storage = live.server.app.state.settings.storage_dir
    rows["files"] = sorted((str(p), p.stat().st_size) for p in storage.rglob("*") if p.is_file())
    return rows
