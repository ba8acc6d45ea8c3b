"""The shapes of the answers, for the OpenAPI description and /docs.

Handlers build their JSON directly (routes/v3_route.py sends it as it is, so a
page of thousands of images is not validated again); these models document
the keys clients rely on. Every model allows further keys: the SDK reads more
than these, and tests pin the full key sets."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, RootModel

T = TypeVar("T")


class Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(Answer, Generic[T]):
    """One page of a list. `after` (token pagination only) is the cursor of the next page, null on the last."""

    total: int
    perPage: int
    pagesCount: int
    entities: list[T]
    after: str | None = None


class Success(Answer):
    success: bool


class Version(Answer):
    version: str


class UserInfo(Answer):
    id: int
    login: str
    role: str
    name: str
    email: str | None
    disabled: bool


class TeamInfo(Answer):
    id: int
    name: str
    description: str
    role: str | None


class WorkspaceInfo(Answer):
    id: int
    name: str
    teamId: int


class ProjectInfo(Answer):
    id: int
    name: str
    type: str
    teamId: int
    workspaceId: int
    imagesCount: int
    datasetsCount: int


class ProjectMeta(Answer):
    classes: list[dict[str, Any]]
    tags: list[dict[str, Any]]
    projectType: str


class DatasetInfo(Answer):
    id: int
    name: str
    projectId: int
    parentId: int | None
    imagesCount: int


class ImageInfo(Answer):
    id: int
    name: str
    width: int
    height: int
    labelsCount: int
    datasetId: int
    projectId: int
    pathOriginal: str
    fullStorageUrl: str
    tags: list[dict[str, Any]]


class AnnotationInfo(Answer):
    imageId: int
    imageName: str
    datasetId: int
    version: int  # bumped on every save: a client sends it back as expectedVersion
    annotation: dict[str, Any]


class SavedAnnotations(Answer):
    success: bool
    annotations: list[dict[str, Any]]


class CollectionInfo(Answer):
    id: int
    name: str
    projectId: int
    teamId: int
    type: str
    description: str
    itemsCount: int


class ItemsChanged(Answer):
    """What an items.bulk.add or .remove did (see docs/wire-contract.md)."""


class CreatedId(Answer):
    id: int


class QueueInfo(Answer):
    id: int
    name: str
    teamId: int
    projectId: int
    collectionId: int | None
    status: str
    labelers: list[dict[str, Any]]
    reviewers: list[dict[str, Any]]


class QueueEntity(Answer):
    id: int
    name: str
    status: str
    reviewStatus: str | None
    labelerId: int | None
    reviewerId: int | None


class QueueEntities(Answer):
    images: list[QueueEntity]
    total: int


class QueueWorkAnswer(Answer):
    entity: QueueEntity | None


class KnownHashes(RootModel[list[str]]):
    """images.internal.hashes.list: a bare array of the hashes the server has."""


class UploadedFile(Answer):
    """One entry of a `*.bulk.upload` answer, in the order of the parts."""

    hash: str
