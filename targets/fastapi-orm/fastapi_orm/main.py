"""The FastAPI application: `fastapi_orm.main:app`, served by uvicorn (see target.json)."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI

from . import db, jsonapi
from .routes import router
from .servertiming import ServerTimingMiddleware

DEFAULT_POOL_SIZE = 4


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[dict[str, object]]:
    # Runs in each uvicorn worker process: the engine and its pool belong to one process.
    engine = db.create_engine_for(_database_url(), _pool_size_from_environment())
    try:
        # Lifespan state: Starlette gives each request a copy, read by db.get_session.
        yield {"sessions": db.sessionmaker_for(engine)}
    finally:
        await engine.dispose()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL is required (sqlite:////absolute/path.db or postgresql://user@host:port/dbname)")
    return url


def _pool_size_from_environment() -> int:
    """DATABASE_POOL_SIZE: the most database connections this worker process may hold."""
    raw = os.environ.get("DATABASE_POOL_SIZE", "")
    if not raw:
        return DEFAULT_POOL_SIZE
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise RuntimeError(f"DATABASE_POOL_SIZE must be a positive integer, not {raw!r}")
    return int(raw)


def create_app() -> FastAPI:
    app = FastAPI(
        title="crudbench Task API (fastapi-orm)",
        lifespan=lifespan,
        # /tasks/ is an unknown route (404), not a redirect to /tasks.
        redirect_slashes=False,
        # No /docs, /redoc or /openapi.json: the API serves only the contract's routes.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.include_router(router)
    jsonapi.install(app, router)
    # Added last, so it is the outermost middleware the application adds (servertiming.py).
    app.add_middleware(ServerTimingMiddleware)
    return app


app = create_app()
