"""Reading a multipart/form-data body (RFC 7578) without a dependency: the
SDK's point-clouds.bulk.upload sends one part per file, named "<i>-file",
with filename "<i>" and type image/pcd (requests_toolbelt's MultipartEncoder)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop_app.server.errors import InvalidInput

_BOUNDARY = re.compile(r'boundary="?([^";,]+)"?', re.IGNORECASE)
_PARAM = re.compile(r'\b(name|filename)="([^"]*)"', re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes


def _headers(block: bytes) -> dict[str, str]:
    out = {}
    for line in block.decode("utf-8", "replace").split("\r\n"):
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip().lower()] = value.strip()
    return out


def parse_multipart(content_type: str | None, body: bytes) -> list[Part]:
    """The parts of the body, in order; InvalidInput when it is no multipart body."""
    m = _BOUNDARY.search(content_type or "")
    if not (content_type or "").lower().startswith("multipart/form-data") or m is None:
        raise InvalidInput("the body must be multipart/form-data with a boundary")
    delimiter = b"--" + m.group(1).encode()
    chunks = body.split(b"\r\n" + delimiter)
    if not chunks[0].startswith(delimiter):
        raise InvalidInput("the multipart body does not start with its boundary")
    chunks[0] = chunks[0][len(delimiter) :]
    parts = []
    for chunk in chunks:
        if chunk.startswith(b"--"):  # the closing delimiter
            break
        head, sep, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise InvalidInput("a part of the multipart body has no header end")
        headers = _headers(head)
        params = dict((k.lower(), v) for k, v in _PARAM.findall(headers.get("content-disposition", "")))
        if "name" not in params:
            raise InvalidInput("a part of the multipart body has no name")
        parts.append(Part(params["name"], params.get("filename"), headers.get("content-type"), data))
    else:
        raise InvalidInput("the multipart body has no closing boundary")
    return parts
