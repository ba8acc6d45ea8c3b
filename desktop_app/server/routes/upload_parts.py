"""Files sent as multipart/form-data, as the SDK's MultipartEncoder sends them
to `images.bulk.upload` (and `videos.bulk.upload`, `point-clouds.bulk.upload`):
one part per file, named "<i>-file", with the file name "<i>" and a content
type such as "image/*". Shared by every `*.bulk.upload` method.

`UploadedParts` is the dependency (declare it after the context, so a caller
without a valid token hears 401 before the body is read); `store_parts`
checks every part and only then stores them all in the blob store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any, BinaryIO

from fastapi import Depends, Request
from starlette.datastructures import UploadFile

from desktop_app.server import blobs
from desktop_app.server.errors import InvalidInput
from desktop_app.server.settings import ServerSettings

MAX_FILES = 1000  # per request; the SDK sends 50


@dataclass(frozen=True)
class Part:
    field: str  # "0-file"
    filename: str  # "0"
    content_type: str  # as the client said: "image/*", "video/*", ...
    file: BinaryIO  # a spooled temporary file, at its start

    @property
    def label(self) -> str:
        """How a refusal names the part."""
        return f"part {self.field!r} (file {self.filename!r})"


async def _uploaded_parts(request: Request) -> AsyncIterator[list[Part]]:
    # Starlette spools each file to a temporary file (in memory up to 1 MB) and
    # removes them when the form is closed, after the answer.
    async with request.form(max_files=MAX_FILES, max_fields=MAX_FILES) as form:
        parts = [
            Part(field, value.filename or "", value.content_type or "", value.file)
            for field, value in form.multi_items()
            if isinstance(value, UploadFile)
        ]
        yield parts


UploadedParts = Annotated[list[Part], Depends(_uploaded_parts)]


def store_parts(
    settings: ServerSettings, parts: list[Part], check: Callable[[Part], None] | None = None
) -> list[dict[str, Any]]:
    """Store every part, in order, and answer `[{"hash": ...}]` as the SDK reads it.

    `check(part)` raises InvalidInput for a part that must not be stored; it
    runs on every part before anything is stored, so a refusal stores nothing."""
    if not parts:
        raise InvalidInput("no files: send them as multipart/form-data, one part per file")
    if check is not None:
        for part in parts:
            check(part)
            part.file.seek(0)
    out = []
    for part in parts:
        blob = blobs.save(settings, part.file)
        out.append({"hash": blob.hash})
    return out
