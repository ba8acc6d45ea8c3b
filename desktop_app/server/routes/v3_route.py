"""The route class of every v3 router: a handler returns plain data and the
route answers it as JSON as it is, without response validation, so a page
of thousands of images costs only its encoding (orjson, fast_json.py). A handler may also return
a Response of its own (images.download).

An exception no handler is registered for (a bug) is answered here as a JSON
500 in the SDK's error shape. Left to Starlette, it would be re-raised after
the answer and the server would drop the client's connection.

A transaction that lost a deadlock or a serialisation conflict (PostgreSQL)
is run again, whole, with a new session (retry_conflicts.py)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from desktop_app.server.routes.fast_json import FastJSONResponse
from desktop_app.server.routes.retry_conflicts import ATTEMPTS, lost_a_conflict, may_rerun

log = logging.getLogger("desktop_app.server")
UNEXPECTED = {
    "error": "Internal server error",
    "details": {"message": "the server failed to handle this request; see its log"},
}


def _handled(request: Request, exc: Exception) -> bool:
    """Whether an exception handler of the app answers `exc` (ApiError, database errors...)."""
    handlers = request.app.exception_handlers
    return any(isinstance(exc, kind) for kind in handlers if isinstance(kind, type) and kind is not Exception)


class V3Route(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        @functools.wraps(endpoint)  # FastAPI reads the parameters through __wrapped__
        def answer_as_json(*args: Any, **kw: Any) -> Any:
            result = endpoint(*args, **kw)
            return result if isinstance(result, Response) else FastJSONResponse(result)

        super().__init__(path, answer_as_json, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def rerun_lost_conflicts(request: Request) -> Response:
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    return await handler(request)  # each run resolves its own session
                except Exception as exc:
                    rerun = lost_a_conflict(exc) and may_rerun(request.headers.get("content-type", ""))
                    if attempt == ATTEMPTS or not rerun:
                        raise
                    log.info("re-running %s after a lost conflict (attempt %d): %s", request.url.path, attempt, exc)
            raise AssertionError("unreachable")

        async def answer_even_a_bug(request: Request) -> Response:
            try:
                return await rerun_lost_conflicts(request)
            except Exception as exc:
                if _handled(request, exc):
                    raise
                log.error("unexpected error in %s", request.url.path, exc_info=exc)
                return JSONResponse(UNEXPECTED, status_code=500)

        return answer_even_a_bug
