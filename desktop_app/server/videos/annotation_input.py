"""The body of videos.annotations.save (this server's own method, see
docs/wire-contract.md): the whole annotation of one video in the JSON that
videos.annotations.bulk.info answers and supervisely.VideoAnnotation writes
(ids, times, logins and figure or tag keys are ignored):

    {"videoId": 7, "expectedVersion": 3,
     "annotation": {"size": {"height": 240, "width": 320}, "framesCount": 36,
        "tags": [{"name": "weather", "value": "rain"}, {"name": "busy", "frameRange": [3, 9]}],
        "objects": [{"key": "<uuid>", "classTitle": "car", "tags": [{"name": "confidence", "value": 0.8}]}],
        "frames": [{"index": 0, "figures": [{"objectKey": "<uuid>", "geometryType": "rectangle",
                    "geometry": {"points": {"exterior": [[10, 20], [39, 39]], "interior": []}}}]}]}}

Geometry is in the SDK's video form, which it neither converts on upload nor on
download: pixel coordinates, a rectangle's right and bottom inclusive.
Only the shape is checked here; annotation_check.py checks the meaning."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt, StrictStr

from desktop_app.server.annotations.input import (
    DESCRIPTION_MAX,
    MAX_OBJECTS_PER_IMAGE,
    MAX_TAGS,
    PointsIn,
    SizeIn,
    TagIn,
)
from desktop_app.server.context import Req
from desktop_app.server.db.models import NAME_MAX

MAX_FIGURES = 200_000  # per video: every object on every frame of a long clip
MAX_FRAMES = 1_000_000

Title = Annotated[StrictStr, Field(min_length=1, max_length=NAME_MAX)]
FrameRange = tuple[StrictInt, StrictInt]


class VideoTagIn(TagIn):
    frameRange: FrameRange | None = None  # [first, last]; None: the whole video
    key: StrictStr | None = None


class VideoObjectIn(Req):
    key: StrictStr | None = None  # a UUID; a new one is made when missing
    id: StrictInt | None = None  # figures may name their object by this id instead of its key
    classTitle: Title | None = None
    classId: StrictInt | None = None
    tags: Annotated[list[VideoTagIn], Field(max_length=MAX_TAGS)] | None = None


class GeometryIn(Req):
    points: PointsIn


class VideoFigureIn(Req):
    objectKey: StrictStr | None = None
    objectId: StrictInt | None = None
    geometryType: StrictStr | None = None
    geometry: GeometryIn


class FrameIn(Req):
    index: StrictInt
    figures: Annotated[list[VideoFigureIn], Field(max_length=MAX_OBJECTS_PER_IMAGE)] = []


class VideoAnnotationIn(Req):
    description: Annotated[StrictStr, Field(max_length=DESCRIPTION_MAX)] | None = ""
    size: SizeIn | None = None
    framesCount: StrictInt | None = None
    tags: Annotated[list[VideoTagIn], Field(max_length=MAX_TAGS)] | None = None
    objects: Annotated[list[VideoObjectIn], Field(max_length=MAX_OBJECTS_PER_IMAGE)] | None = None
    frames: Annotated[list[FrameIn], Field(max_length=MAX_FRAMES)] | None = None


class SaveReq(Req):
    videoId: StrictInt
    annotation: VideoAnnotationIn
    # the `version` of videos.annotations.bulk.info the edit started from; when
    # given, a save over someone else's newer one is refused (409)
    expectedVersion: StrictInt | None = None
