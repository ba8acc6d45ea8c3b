"""A bound on request bodies, checked before they are read into memory.

A body announced larger than the limit (Content-Length) is answered 413 at
once, unread. Uploads (multipart/form-data, the
SDK sends up to 50 files a request) may be far larger than JSON bodies (a
10,000-id edit is ~100 KB; a big annotation a few MB); an upload must state
its length (411 otherwise), a JSON body of unknown length (chunked) is read
here up to the limit and refused as soon as it passes it."""

from __future__ import annotations

import json
from typing import Any

from desktop_app.server.errors import ApiError, BodyTooLarge, LengthRequired

MB = 1024 * 1024


def _header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return ""


class BodyLimit:
    """ASGI middleware; the limits come from ServerSettings."""

    def __init__(self, app: Any, max_json: int, max_upload: int) -> None:
        self.app, self.max_json, self.max_upload = app, max_json, max_upload

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = _header(scope, b"content-type").startswith("multipart/")
        limit = self.max_upload if upload else self.max_json
        length = _header(scope, b"content-length")
        if length.isdigit():
            if int(length) > limit:
                await _refuse(send, BodyTooLarge(_message(limit)))  # never read; uvicorn drops the rest
                return
            await self.app(scope, receive, send)
        elif upload:
            # the SDK's MultipartEncoder and httpx both state the length of an upload
            await _refuse(send, LengthRequired("a multipart upload must state its Content-Length"))
        else:
            await self._read_then_pass(scope, receive, send, limit)

    async def _read_then_pass(self, scope: dict[str, Any], receive: Any, send: Any, limit: int) -> None:
        """A JSON body of unknown length (chunked): read at most `limit` bytes
        of it here (the route would read it whole anyway), then hand it on."""
        messages, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away
            messages.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                await _refuse(send, BodyTooLarge(_message(limit)))
                return
            if not message.get("more_body", False):
                break
        replay = iter(messages)

        async def replayed() -> dict[str, Any]:
            return next(replay, None) or await receive()

        await self.app(scope, replayed, send)


def _message(limit: int) -> str:
    return f"the request body is larger than this server accepts ({limit // MB} MB)"


async def _refuse(send: Any, refusal: ApiError) -> None:
    body = json.dumps(refusal.body()).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
