"""Every failure answers in the error shape the SDK reads:
{"error": <short text>, "details": {"message": ...}}, with the statuses the
platform uses (400 bad input, 401, 403, 404, 409, 413 body too large, 503
when the database is busy, which the SDK retries, 507 when the disk is full)."""

from __future__ import annotations

import errno
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from desktop_app.server.errors import ApiError, InvalidInput, Unauthorized
from desktop_app.server.routes.deps import authenticated

log = logging.getLogger("desktop_app.server")
V3_PREFIX = "/public/api/v3/"


class ErrorDetails(BaseModel):
    message: str
    type: str | None = None


class ErrorBody(BaseModel):
    """The error envelope of every refusal."""

    error: str
    details: ErrorDetails


def envelope(status: int, error: str, message: str) -> JSONResponse:
    return JSONResponse({"error": error, "details": {"message": message}}, status_code=status)


def describe_validation_error(exc: RequestValidationError) -> str:
    """One readable line: `field.path: what is wrong; ...` (locations inside the body)."""
    parts = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return "request body is not valid JSON"
        loc = list(err.get("loc", ()))
        if loc[:1] == ["body"]:
            loc = loc[1:]
        where = ".".join(str(p) for p in loc) or "body"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), status_code=exc.status)


def _refusal_of_caller(request: Request) -> Unauthorized | None:
    """FastAPI decodes the JSON body before any dependency runs; a caller
    without a valid token must still hear 401 first, not what is wrong with
    the body."""
    if not request.url.path.startswith(V3_PREFIX):
        return None
    with request.app.state.sessions() as session:
        try:
            authenticated(session, request.headers.get("x-api-key"))
        except Unauthorized as refusal:
            return refusal
    return None


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    refusal = await run_in_threadpool(_refusal_of_caller, request)
    if refusal is not None:
        return JSONResponse(refusal.body(), status_code=refusal.status)
    return JSONResponse(InvalidInput(describe_validation_error(exc)).body(), status_code=400)


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    log.info("integrity error in %s: %s", request.url.path, getattr(exc, "orig", exc))
    return envelope(400, InvalidInput.error, "the request conflicts with existing data")


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    # e.g. PostgreSQL: an id beyond the integer range
    log.info("data error in %s: %s", request.url.path, getattr(exc, "orig", exc))
    return envelope(400, InvalidInput.error, "a value is out of range or of the wrong type")


async def _operational_error(request: Request, exc: Exception) -> JSONResponse:
    # a locked or unreachable database: worth retrying
    log.warning("database unavailable in %s: %s", request.url.path, getattr(exc, "orig", exc))
    return envelope(503, "Service unavailable", "the database is busy, try again")


async def _os_error(request: Request, exc: Exception) -> JSONResponse:
    # A full disk is the one file-system failure a user can act on; it changed
    # nothing (files are written to a temporary name first, the transaction rolls back).
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        log.error("disk full in %s: %s", request.url.path, exc)
        return envelope(507, "Insufficient storage", "the server's disk is full; nothing was saved")
    return await _unexpected(request, exc)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    path = request.url.path
    if exc.status_code == 404 and path.startswith(V3_PREFIX):
        return envelope(404, "Method not found", f"unknown method {path[len(V3_PREFIX) :]!r}")
    if exc.status_code == 404:
        return envelope(404, "Not found", f"nothing at {path}")
    return envelope(exc.status_code, "Bad request" if exc.status_code < 500 else "Server error", str(exc.detail))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # A bug, not the caller's fault: still an answer in the SDK's shape (never a
    # dropped connection), with the details in the server log only.
    log.error("unexpected error in %s", request.url.path, exc_info=exc)
    return envelope(500, "Internal server error", "the server failed to handle this request; see its log")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _operational_error)
    app.add_exception_handler(OSError, _os_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


# For the OpenAPI description: the refusals every v3 route may answer.
ERROR_RESPONSES: dict[int | str, dict] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "invalid input"),
        (401, "missing or invalid API token"),
        (404, "not found, or not visible to the caller"),
        (503, "database busy, retry"),
    )
}
