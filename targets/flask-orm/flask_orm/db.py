"""SQLAlchemy engine and the per-request Session, for SQLite or PostgreSQL.

Plain SQLAlchemy 2.0: one Engine per worker process (its QueuePool keeps connections between
requests), a sessionmaker, and one Session per request, opened on first use by
get_session() and closed in teardown_appcontext. The DATABASE_URL scheme picks the engine:
sqlite:// uses the stdlib sqlite3 driver with the contract's pragmas on every connection;
postgresql:// uses psycopg 3 through SQLAlchemy's postgresql+psycopg dialect.

Server-Timing `db` (spec/README.md) is measured at the DB-API boundary, the line between
SQLAlchemy and the driver (see "Server-Timing" below and README.md).
"""

from __future__ import annotations

import os
import sqlite3
from time import perf_counter
from typing import Any, Callable

import psycopg
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from .servertiming import current as current_timing

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
        engine = create_sqlite_engine(database_url, pool_size)
    elif scheme in POSTGRES_SCHEMES:
        engine = create_postgres_engine(database_url, pool_size)
    else:
        raise ValueError(f"unsupported DATABASE_URL {database_url!r}: expected sqlite:// or postgresql://")
    return engine


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
        URL.create("sqlite", database=sqlite_path(database_url)),
        pool_size=pool_size,
        max_overflow=0,
        # sqlite3.connect(factory=...): connections whose statements, fetches, commits and
        # rollbacks count towards Server-Timing `db` (below).
        connect_args={"factory": TimedSqliteConnection},
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
    engine = create_engine(url, pool_size=pool_size, max_overflow=0)
    event.listen(engine, "do_connect", _connect_timed_psycopg)
    return engine


def _connect_timed_psycopg(_dialect: Any, _connection_record: Any, cargs: Any, cparams: Any) -> Any:
    # DialectEvents.do_connect may return the DB-API connection itself: the same
    # psycopg.connect() SQLAlchemy would call, with the subclasses that time statements,
    # fetches, commits and rollbacks for Server-Timing `db` (below).
    return TimedPsycopgConnection.connect(*cargs, cursor_factory=TimedPsycopgCursor, **cparams)


# --- Server-Timing `db` ----------------------------------------------------------------
#
# `db` is the time spent inside the driver: every DB-API call SQLAlchemy makes for the
# request, each from just before the call to its return, added to the request's timing.
# All of them are timed at the driver itself, by thin subclasses of the driver's connection
# and cursor that each driver lets an application supply (sqlite3.connect(factory=...),
# psycopg's Connection.connect(cursor_factory=...)):
#
# - Statements: cursor.execute()/executemany(), the DB-API calls SQLAlchemy's
#   dialect.do_execute()/do_executemany() make. The BEGIN both drivers send implicitly
#   before a transaction's first statement happens inside that call.
# - Fetching rows: cursor.fetchone()/fetchmany()/fetchall(), which SQLAlchemy calls while it
#   builds results.
# - Transaction control: connection.commit()/rollback().
#
# No SQLAlchemy connection event (before_/after_cursor_execute, commit, ...) is used: an
# engine with such listeners makes every Connection join the engine's dispatcher and run
# event dispatch on each execute, begin, commit and rollback, which cost more than the
# timing itself. Each override here is two perf_counter() calls, a ContextVar get and an
# addition around the driver's own method. The connect-time pool events above run once per
# connection. On a worker's first request, which opens the pool's first connection, the
# pragmas and SQLAlchemy's one-time dialect initialisation run through these cursors too,
# so they count as that request's `db`.


def _timed(method: Callable[..., Any]) -> Callable[..., Any]:
    """The driver's own `method`, with its time added to the request's `db`. One Python
    frame around the C method, as a hand-written override would be: no extra cost."""

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            timing = current_timing()
            if timing is not None:
                timing.db += perf_counter() - started

    timed.__name__ = method.__name__
    timed.__doc__ = method.__doc__
    return timed


class TimedSqliteCursor(sqlite3.Cursor):
    """sqlite3's cursor with its statements and fetches timed: SQLite steps the statement
    while rows are fetched, so fetching is database work, not only copying."""

    execute = _timed(sqlite3.Cursor.execute)
    executemany = _timed(sqlite3.Cursor.executemany)
    fetchone = _timed(sqlite3.Cursor.fetchone)
    fetchmany = _timed(sqlite3.Cursor.fetchmany)
    fetchall = _timed(sqlite3.Cursor.fetchall)


class TimedSqliteConnection(sqlite3.Connection):
    """sqlite3's connection, handing out TimedSqliteCursor and timing commit/rollback."""

    def cursor(self, factory: Any = TimedSqliteCursor) -> Any:
        return sqlite3.Connection.cursor(self, factory)

    commit = _timed(sqlite3.Connection.commit)
    rollback = _timed(sqlite3.Connection.rollback)


class TimedPsycopgCursor(psycopg.Cursor[Any]):
    """psycopg's cursor with its statements (one round trip each) and fetches timed: the
    result is already in memory after execute(); fetching converts its values to Python
    objects (psycopg's loaders)."""

    __slots__ = ()

    execute = _timed(psycopg.Cursor.execute)
    executemany = _timed(psycopg.Cursor.executemany)
    fetchone = _timed(psycopg.Cursor.fetchone)
    fetchmany = _timed(psycopg.Cursor.fetchmany)
    fetchall = _timed(psycopg.Cursor.fetchall)


class TimedPsycopgConnection(psycopg.Connection[Any]):
    """psycopg's connection with commit and rollback (one round trip each) timed."""

    commit = _timed(psycopg.Connection.commit)
    rollback = _timed(psycopg.Connection.rollback)


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
