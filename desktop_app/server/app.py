"""The FastAPI application: a router per resource of the v3 protocol, the
storage and preview GET routes, and the error handlers; `/docs` describes it all."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace

from fastapi import FastAPI

from desktop_app.server.body_limit import BodyLimit
from desktop_app.server.db import init_schema, make_engine, make_sessionmaker
from desktop_app.server.db.writer_turns import WriterTurns
from desktop_app.server.evaluation.background import Recomputes
from desktop_app.server.routes import v3_routers
from desktop_app.server.routes.error_handlers import install_error_handlers
from desktop_app.server.routes.storage import router as storage_router
from desktop_app.server.routes.video_files import router as video_files_router
from desktop_app.server.settings import ServerSettings
from desktop_app.server.signed_urls.secret import checked, load_or_create

DESCRIPTION = """\
The bundled server of Collections Desk: the part of the Supervisely public API v3
that the app and the official `supervisely` SDK use. Every method is a
`POST /public/api/v3/<method>` with a JSON body and the user's API token in the
`x-api-key` header; refusals answer `{"error": ..., "details": {"message": ...}}`.
"""


def create_app(settings: ServerSettings) -> FastAPI:
    """The application on the database of `settings`, migrated to the newest schema."""
    settings.storage_dir.mkdir(parents=True, exist_ok=True)
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    secret = checked(settings.url_secret) if settings.url_secret else load_or_create(settings.data_dir)
    settings = replace(settings, url_secret=secret)
    engine = make_engine(settings.db_url)
    init_schema(engine)
    app = FastAPI(title="Collections Desk server", description=DESCRIPTION, version="3")
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    app.state.writer_turns = WriterTurns()  # SQLite writers queue fairly (db/writer_turns.py)
    turn = app.state.writer_turns.turn if engine.dialect.name == "sqlite" else nullcontext
    app.state.recomputes = Recomputes(app.state.sessions, turn)  # big projects' threshold changes
    install_error_handlers(app)
    for router in v3_routers():
        app.include_router(router, prefix="/public/api/v3")
    app.include_router(video_files_router)  # before storage_router: its /previews/ route takes every path
    app.include_router(storage_router)
    app.add_middleware(BodyLimit, max_json=settings.max_json_body, max_upload=settings.max_upload_body)
    return app
