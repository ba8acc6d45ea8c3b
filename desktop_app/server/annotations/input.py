"""The body of annotations.bulk.add as the SDK sends it (api.annotation.upload_json,
upload_jsons, upload_ann, upload_anns):

    {"datasetId": 10, "skipBoundsValidation": false,
     "annotations": [{"imageId": 101, "annotation": {"description": "",
        "size": {"height": 480, "width": 640}, "tags": [{"name": "reviewed"}],
        "objects": [{"classTitle": "car", "geometryType": "rectangle", "description": "",
                     "tags": [{"name": "conf", "value": 0.5}],
                     "points": {"exterior": [[10, 20], [110, 220]], "interior": []}}],
        "customBigData": {}}}]}

This desktop app may add "expectedVersion": N next to "imageId" (see
docs/queue-work-api.md); the SDK never sends it.

Coordinates are the wire's subpixel form (rectangles: right/bottom exclusive;
points and polygons may be fractional). Only the shape is checked here; what
the project's meta allows is checked in annotations/check.py."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictBool, StrictInt, StrictStr

from desktop_app.server.context import Req
from desktop_app.server.db.models import NAME_MAX

MAX_IMAGES_PER_CALL = 500  # the SDK sends 50 per call
MAX_OBJECTS_PER_IMAGE = 10000
MAX_TAGS = 1000  # per image, and per object
MAX_POINTS = 100000  # per figure
DESCRIPTION_MAX = 10000

Coord = StrictInt | Annotated[float, Field(strict=True, allow_inf_nan=False)]
Point = tuple[Coord, Coord]


class TagIn(Req):
    name: Annotated[StrictStr, Field(min_length=1, max_length=NAME_MAX)] | None = None
    tagId: StrictInt | None = None
    value: Any = None


class PointsIn(Req):
    exterior: Annotated[list[Point], Field(max_length=MAX_POINTS)]
    interior: Annotated[list[Annotated[list[Point], Field(max_length=MAX_POINTS)]], Field(max_length=1000)] = []


class SizeIn(Req):
    height: StrictInt
    width: StrictInt


class ObjectIn(Req):
    classTitle: Annotated[StrictStr, Field(min_length=1, max_length=NAME_MAX)] | None = None
    classId: StrictInt | None = None
    geometryType: StrictStr | None = None
    shape: StrictStr | None = None  # older name of geometryType
    description: Annotated[StrictStr, Field(max_length=DESCRIPTION_MAX)] | None = ""
    tags: Annotated[list[TagIn], Field(max_length=MAX_TAGS)] | None = None
    points: PointsIn


class AnnotationIn(Req):
    description: Annotated[StrictStr, Field(max_length=DESCRIPTION_MAX)] | None = ""
    size: SizeIn | None = None
    tags: Annotated[list[TagIn], Field(max_length=MAX_TAGS)] | None = None
    objects: Annotated[list[ObjectIn], Field(max_length=MAX_OBJECTS_PER_IMAGE)] | None = None


class ImageAnnotationIn(Req):
    imageId: StrictInt
    annotation: AnnotationIn
    # Not sent by the SDK: the `version` from annotations.info the client's edit
    # started from; when given, a save over someone else's newer one is refused (409).
    expectedVersion: StrictInt | None = None


class BulkAddReq(Req):
    datasetId: StrictInt
    annotations: Annotated[list[ImageAnnotationIn], Field(max_length=MAX_IMAGES_PER_CALL)]
    skipBoundsValidation: StrictBool | None = False
