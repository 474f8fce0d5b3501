"""crudbench target flask-raw: Flask 3 with hand-written SQL through sqlite3 or psycopg 3.

Served by gunicorn as `flask_raw:create_app()` (see target.json and README.md).
"""

from __future__ import annotations

import os

from flask import Flask

from . import db, jsonapi, servertiming
from .routes import bp


DEFAULT_POOL_SIZE = 4


def create_app(database_url: str | None = None, pool_size: int | None = None) -> Flask:
    # No static folder: the API serves no files, and its route would shadow /static/... .
    app = Flask(__name__, static_folder=None)
    # First, so that its before_request hook runs first and its after_request hook last.
    servertiming.install(app)
    # Unsupported methods on known routes answer 405 (JSON), including OPTIONS, rather than
    # Flask's automatic empty OPTIONS response.
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    # /tasks//1 is an unknown route (404), not a redirect to /tasks/1.
    app.url_map.merge_slashes = False
    jsonapi.install(app)
    database_url = database_url or os.environ.get("DATABASE_URL")
    if not database_url:
        raise RuntimeError(
            "DATABASE_URL is required (sqlite:////absolute/path.db or postgresql://user@host:port/dbname)"
        )
    db.init_app(app, database_url, pool_size or _pool_size_from_environment())
    app.register_blueprint(bp)
    return app


def _pool_size_from_environment() -> int:
    """DATABASE_POOL_SIZE: the most database connections this worker process may hold."""
    raw = os.environ.get("DATABASE_POOL_SIZE", "")
    if not raw:
        return DEFAULT_POOL_SIZE
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise RuntimeError(f"DATABASE_POOL_SIZE must be a positive integer, not {raw!r}")
    return int(raw)
