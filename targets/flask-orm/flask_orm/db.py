"""SQLAlchemy engine and the per-request Session, for SQLite or PostgreSQL.

Plain SQLAlchemy 2.0: one Engine per worker process (its QueuePool keeps connections between
requests), a sessionmaker, and one Session per request, opened on first use by
get_session() and closed in teardown_appcontext. The DATABASE_URL scheme picks the engine:
sqlite:// uses the stdlib sqlite3 driver with the contract's pragmas on every connection;
postgresql:// uses psycopg 3 through SQLAlchemy's postgresql+psycopg dialect.
"""

from __future__ import annotations

import os
from typing import Any, Callable

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

# spec/README.md "Database settings (SQLite)". journal_mode=WAL is persistent and already
# set by crudbench when it creates the file, so it is not repeated per connection.
SQLITE_PRAGMAS = (
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
)

POSTGRES_SCHEMES = ("postgresql", "postgres")

_EXTENSION = "crudbench_sessionmaker"


def create_engine_for(database_url: str, pool_size: int) -> Engine:
    """The engine for DATABASE_URL. Its QueuePool holds at most pool_size connections
    (max_overflow=0), opened as requests need them: one per worker, which serves one request
    at a time."""
    scheme = database_url.partition(":")[0].lower()
    if scheme == "sqlite":
        return create_sqlite_engine(database_url, pool_size)
    if scheme in POSTGRES_SCHEMES:
        return create_postgres_engine(database_url, pool_size)
    raise ValueError(f"unsupported DATABASE_URL {database_url!r}: expected sqlite:// or postgresql://")


# --- SQLite ----------------------------------------------------------------------------


def sqlite_path(database_url: str) -> str:
    """The file of sqlite:///absolute/path.db or sqlite:////absolute/path.db."""
    path = database_url[len("sqlite://"):]
    if path.startswith("//"):
        path = path[1:]
    if not path.startswith("/"):
        raise ValueError(f"DATABASE_URL {database_url!r} must name an absolute path")
    if not os.path.isfile(path):
        raise ValueError(f"database file {path} does not exist (crudbench creates it from spec/schema)")
    return path


def create_sqlite_engine(database_url: str, pool_size: int) -> Engine:
    # The URL is rebuilt from the path so that both sqlite:/// and sqlite://// name the
    # absolute file (for SQLAlchemy, sqlite:///a/b.db alone would be relative).
    engine = create_engine(
        URL.create("sqlite", database=sqlite_path(database_url)), pool_size=pool_size, max_overflow=0
    )
    trace = sql_log_callback()
    if trace is not None:
        # insert=True: ahead of SQLAlchemy's own first-connect checks and the pragma
        # listener, so that their statements are logged too.
        @event.listens_for(engine, "connect", insert=True)
        def _trace_statements(dbapi_connection: Any, _connection_record: Any) -> None:
            dbapi_connection.set_trace_callback(trace)

    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def sql_log_callback() -> Callable[[str], None] | None:
    """spec/README.md "Statement log": when CRUDBENCH_SQL_LOG names a file, a trace callback
    for the sqlite3 driver appending every statement SQLite runs to it as one line; None (no
    hook) when unset."""
    path = os.environ.get("CRUDBENCH_SQL_LOG")
    if not path:
        return None
    if not os.path.isabs(path):
        raise ValueError(f"CRUDBENCH_SQL_LOG {path!r} must be an absolute path")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def log(statement: str) -> None:
        # One unbuffered write() per line to an O_APPEND file: the workers' lines never
        # interleave, and each is written as its statement runs, before the response.
        os.write(fd, (statement.replace("\n", " ") + "\n").encode("utf-8", "backslashreplace"))

    return log


def _set_sqlite_pragmas(dbapi_connection: Any, _connection_record: Any) -> None:
    # Runs once for every new DB-API connection the pool opens.
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


# --- PostgreSQL ------------------------------------------------------------------------


def create_postgres_engine(database_url: str, pool_size: int) -> Engine:
    # postgresql://user@host:port/db names the server; postgresql+psycopg:// tells SQLAlchemy
    # to reach it through psycopg 3 (a bare postgresql:// would mean psycopg2).
    url = make_url(database_url).set(drivername="postgresql+psycopg")
    return create_engine(url, pool_size=pool_size, max_overflow=0)


# --- Flask wiring ----------------------------------------------------------------------


def init_app(app: Flask, database_url: str, pool_size: int) -> None:
    # create_app() runs in each gunicorn worker after the fork, so the engine and its pool
    # belong to one process.
    engine = create_engine_for(database_url, pool_size)
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
