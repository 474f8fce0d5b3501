"""SQLAlchemy engine and the per-request Session.

Plain SQLAlchemy 2.0: one Engine per worker process (its QueuePool keeps the connection
between requests), a sessionmaker, and one Session per request, opened on first use by
get_session() and closed in teardown_appcontext. Only SQLite is implemented; PostgreSQL
(psycopg 3) would need an engine for a postgresql+psycopg:// URL and no pragma listener.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

# spec/README.md "Database settings (SQLite)". journal_mode=WAL is persistent and already
# set by crudbench when it creates the file, so it is not repeated per connection.
SQLITE_PRAGMAS = (
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
)

_EXTENSION = "crudbench_sessionmaker"


def sqlite_path(database_url: str) -> str:
    """The file of sqlite:///absolute/path.db or sqlite:////absolute/path.db."""
    prefix = "sqlite://"
    if not database_url.startswith(prefix):
        raise ValueError(f"unsupported DATABASE_URL {database_url!r}: this target supports sqlite only")
    path = database_url[len(prefix):]
    if path.startswith("//"):
        path = path[1:]
    if not path.startswith("/"):
        raise ValueError(f"DATABASE_URL {database_url!r} must name an absolute path")
    if not os.path.isfile(path):
        raise ValueError(f"database file {path} does not exist (crudbench creates it from spec/schema)")
    return path


def create_sqlite_engine(database_url: str) -> Engine:
    # The URL is rebuilt from the path so that both sqlite:/// and sqlite://// name the
    # absolute file (for SQLAlchemy, sqlite:///a/b.db alone would be relative).
    engine = create_engine(URL.create("sqlite", database=sqlite_path(database_url)))
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def _set_sqlite_pragmas(dbapi_connection: Any, _connection_record: Any) -> None:
    # Runs once for every new DB-API connection the pool opens.
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def init_app(app: Flask, database_url: str) -> None:
    engine = create_sqlite_engine(database_url)
    # expire_on_commit=False: the committed object is serialised as it is, without the
    # re-SELECT that expiring its attributes would cost.
    app.extensions[_EXTENSION] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The request's Session, created on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[_EXTENSION]()
    return g.db_session


def _close_session(_error: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back anything uncommitted and returns the connection to the pool
