"""The body of point-clouds.annotations.save (this server's own method, see
docs/wire-contract.md): the annotation in the same JSON that
point-clouds.annotations.bulk.info answers (ids, times and logins are ignored):

    {"pointCloudId": 7, "expectedVersion": 3,
     "annotation": {"tags": [{"name": "night"}],
                    "objects": [{"key": "<uuid>", "classTitle": "car", "tags": [{"name": "confidence", "value": 0.8}]}],
                    "figures": [{"objectKey": "<uuid>", "geometryType": "cuboid_3d",
                                 "geometry": {"position": {...}, "rotation": {...}, "dimensions": {...}}}]}}

Only the shape is checked here; annotation_check.py checks it against the
project's classes and tags and the cuboid rules."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictInt, StrictStr

from desktop_app.server.annotations.input import DESCRIPTION_MAX, MAX_OBJECTS_PER_IMAGE, MAX_TAGS, TagIn
from desktop_app.server.context import Req
from desktop_app.server.db.models import NAME_MAX

Title = Annotated[StrictStr, Field(min_length=1, max_length=NAME_MAX)]


class ObjectIn(Req):
    key: StrictStr | None = None  # a UUID; a new one is made when missing
    id: StrictInt | None = None  # figures may name their object by this id instead of its key
    classTitle: Title | None = None
    classId: StrictInt | None = None
    tags: Annotated[list[TagIn], Field(max_length=MAX_TAGS)] | None = None


class FigureIn(Req):
    objectKey: StrictStr | None = None
    objectId: StrictInt | None = None
    geometryType: StrictStr | None = None
    geometry: Any = None


class PointCloudAnnotationIn(Req):
    description: Annotated[StrictStr, Field(max_length=DESCRIPTION_MAX)] | None = ""
    tags: Annotated[list[TagIn], Field(max_length=MAX_TAGS)] | None = None
    objects: Annotated[list[ObjectIn], Field(max_length=MAX_OBJECTS_PER_IMAGE)] | None = None
    figures: Annotated[list[FigureIn], Field(max_length=MAX_OBJECTS_PER_IMAGE)] | None = None


class SaveReq(Req):
    pointCloudId: StrictInt
    annotation: PointCloudAnnotationIn
    # the `version` of point-clouds.annotations.bulk.info the edit started from;
    # when given, a save over someone else's newer one is refused (409)
    expectedVersion: StrictInt | None = None
