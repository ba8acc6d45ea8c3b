"""FastAPI application: one dispatcher for every `POST /public/api/v3/<method>`,
plus the storage and preview GET routes."""
from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.concurrency import run_in_threadpool

from . import methods  # noqa: F401  (registers every method)
from .db import init_schema, make_engine, make_sessionmaker
from .errors import ApiError, InvalidInput, Unauthorized
from .models import User
from .registry import METHODS, Ctx, MethodSpec, RawResponse
from .settings import ServerSettings

log = logging.getLogger("desktop_app.server")


def describe_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "body"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


class Dispatcher:
    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.engine = make_engine(settings.db_url)
        init_schema(self.engine)
        self.sessions = make_sessionmaker(self.engine)

    def execute(self, spec: MethodSpec, body: Any, token: str | None, base_url: str) -> tuple[int, Any]:
        try:
            if not isinstance(body, dict):
                raise InvalidInput("request body must be a JSON object")
            try:
                req = spec.model.model_validate(body)
            except ValidationError as exc:
                raise InvalidInput(describe_validation_error(exc)) from None
            with self.sessions() as session, session.begin():
                session.connection(execution_options={"sqlite_immediate": spec.writes})
                user = self._authenticate(session, token) if spec.auth else None
                ctx = Ctx(session=session, user=user, base_url=base_url, settings=self.settings)
                try:
                    result = spec.handler(ctx, req)
                    session.flush()
                except ApiError:
                    session.rollback()
                    raise
                except IntegrityError as exc:
                    session.rollback()
                    log.info("integrity error in %s: %s", spec.name, exc.orig)
                    raise InvalidInput("the request conflicts with existing data") from None
                except DataError as exc:  # e.g. PostgreSQL: an id beyond the integer range
                    session.rollback()
                    log.info("data error in %s: %s", spec.name, exc.orig)
                    raise InvalidInput("a value is out of range or of the wrong type") from None
            return 200, result
        except OperationalError as exc:  # a locked or unreachable database: worth retrying
            log.warning("database unavailable in %s: %s", spec.name, exc.orig)
            return 503, {"error": "Service unavailable", "details": {"message": "the database is busy, try again"}}
        except ApiError as exc:
            return exc.status, exc.body()

    @staticmethod
    def _authenticate(session, token: str | None) -> User:
        if not token:
            raise Unauthorized("missing x-api-key header")
        user = session.scalar(select(User).where(User.token == token))
        if user is None or user.disabled:
            raise Unauthorized("invalid API token")
        return user


def create_app(settings: ServerSettings) -> FastAPI:
    settings.storage_dir.mkdir(parents=True, exist_ok=True)
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    dispatcher = Dispatcher(settings)
    app = FastAPI(title="Collections Desk server", docs_url=None, redoc_url=None)
    app.state.dispatcher = dispatcher
    app.state.settings = settings

    @app.post("/public/api/v3/{method_name:path}")
    async def dispatch(method_name: str, request: Request) -> Response:
        spec = METHODS.get(method_name)
        if spec is None:
            return JSONResponse(
                {"error": "Method not found", "details": {"message": f"unknown method {method_name!r}"}},
                status_code=404,
            )
        raw = await request.body()
        try:
            body = json.loads(raw) if raw.strip() else {}
        except (json.JSONDecodeError, UnicodeDecodeError):
            return JSONResponse(
                {"error": "Invalid input", "details": {"message": "request body is not valid JSON"}},
                status_code=400,
            )
        base_url = str(request.base_url).rstrip("/")
        status, payload = await run_in_threadpool(
            dispatcher.execute, spec, body, request.headers.get("x-api-key"), base_url
        )
        if isinstance(payload, RawResponse):
            return Response(payload.content, status_code=status, media_type=payload.media_type)
        return JSONResponse(payload, status_code=status)

    from .storage import router as storage_router

    app.include_router(storage_router)
    return app
