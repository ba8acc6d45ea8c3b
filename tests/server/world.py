"""A small, fully known world for server tests, built straight into the database.

alice (team A): project P1 (images; datasets d1, d2 with 5 images each; classes
car, person; tag 'reviewed'), project P2 (images, 2 images), project V (videos,
no items). bob (team B): project PB with 2 images. admin: member of team A."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.server.db.models import (
    Dataset,
    Figure,
    Image,
    ImageTag,
    ObjClass,
    Project,
    TagMeta,
)
from desktop_app.server.users.bootstrap import (
    ensure_member,
    ensure_team,
    ensure_user,
    ensure_workspace,
)

ALICE, BOB, ADMIN = "alice-token", "bob-token", "admin-token"


@dataclass
class World:
    ids: dict[str, int] = field(default_factory=dict)
    images: dict[str, list[int]] = field(default_factory=dict)  # dataset key -> image ids

    def __getitem__(self, key: str) -> int:
        return self.ids[key]


def _project(s, ws, team, name, type_="images"):
    p = Project(workspace_id=ws.id, team_id=team.id, name=name, type=type_)
    s.add(p)
    s.flush()
    return p


def _images(s, project, dataset, n, prefix):
    out = []
    for i in range(n):
        img = Image(
            dataset_id=dataset.id,
            project_id=project.id,
            name=f"{prefix}_{i:03d}.jpg",
            width=640,
            height=480,
            mime="image/jpeg",
            hash=f"h-{prefix}-{i}",
        )
        s.add(img)
        s.flush()
        out.append(img.id)
    return out


def build_world(sessions) -> World:
    w = World()
    with sessions() as s, s.begin():
        alice = ensure_user(s, "alice", token=ALICE)
        bob = ensure_user(s, "bob", token=BOB)
        admin = ensure_user(s, "admin", token=ADMIN, role="admin")
        ta, tb = ensure_team(s, "team-a"), ensure_team(s, "team-b")
        ensure_member(s, ta, alice, "admin")
        ensure_member(s, ta, admin, "admin")
        ensure_member(s, tb, bob, "admin")
        wa, wb = ensure_workspace(s, ta, "ws-a"), ensure_workspace(s, tb, "ws-b")
        p1 = _project(s, wa, ta, "P1")
        p2 = _project(s, wa, ta, "P2")
        v = _project(s, wa, ta, "V", "videos")
        pb = _project(s, wb, tb, "PB")
        d1 = Dataset(project_id=p1.id, name="d1")
        d2 = Dataset(project_id=p1.id, name="d2")
        dp2 = Dataset(project_id=p2.id, name="p2d")
        dpb = Dataset(project_id=pb.id, name="pbd")
        s.add_all([d1, d2, dp2, dpb])
        s.flush()
        car = ObjClass(project_id=p1.id, title="car", shape="rectangle", color="#FF0000")
        person = ObjClass(project_id=p1.id, title="person", shape="rectangle", color="#00FF00")
        reviewed = TagMeta(project_id=p1.id, name="reviewed", value_type="none")
        s.add_all([car, person, reviewed])
        s.flush()
        w.images = {
            "d1": _images(s, p1, d1, 5, "d1"),
            "d2": _images(s, p1, d2, 5, "d2"),
            "p2d": _images(s, p2, dp2, 2, "p2"),
            "pbd": _images(s, pb, dpb, 2, "pb"),
        }
        # d1[0]: one car; d1[1]: car + person, tagged 'reviewed'
        for img_id, cls in [(w.images["d1"][0], car), (w.images["d1"][1], car), (w.images["d1"][1], person)]:
            s.add(
                Figure(
                    image_id=img_id,
                    class_id=cls.id,
                    geometry_type="rectangle",
                    points={"exterior": [[10, 20], [110, 220]], "interior": []},
                )
            )
        s.add(ImageTag(image_id=w.images["d1"][1], tag_meta_id=reviewed.id, value=None))
        s.get(Image, w.images["d1"][0]).labels_count = 1
        s.get(Image, w.images["d1"][1]).labels_count = 2
        w.ids.update(
            alice=alice.id,
            bob=bob.id,
            admin=admin.id,
            team_a=ta.id,
            team_b=tb.id,
            ws_a=wa.id,
            ws_b=wb.id,
            p1=p1.id,
            p2=p2.id,
            v=v.id,
            pb=pb.id,
            d1=d1.id,
            d2=d2.id,
            p2d=dp2.id,
            pbd=dpb.id,
            car=car.id,
            person=person.id,
            reviewed=reviewed.id,
        )
    return w
