"""The SQLAlchemy async engine and the per-request AsyncSession, for SQLite or PostgreSQL.

SQLAlchemy 2.0's asyncio extension: one AsyncEngine per worker process (its
AsyncAdaptedQueuePool keeps connections between requests), an async_sessionmaker, and one
AsyncSession per request, given to the endpoints by the get_session dependency. The
DATABASE_URL scheme picks the driver: sqlite:// uses aiosqlite (the stdlib sqlite3 driver on
a thread of its own per connection) with the contract's pragmas on every connection;
postgresql:// uses asyncpg.

Server-Timing `db` (spec/README.md) is measured at the driver, below SQLAlchemy (see
"Server-Timing" below and README.md).
"""

from __future__ import annotations

import os
import sqlite3
from time import perf_counter
from typing import Any, AsyncIterator, Callable

import aiosqlite
import asyncpg
from fastapi import Request
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from .servertiming import current as current_timing

# spec/README.md "Database settings (SQLite)". journal_mode=WAL is persistent and already
# set by crudbench when it creates the file, so it is not repeated per connection.
SQLITE_PRAGMAS = (
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
)

POSTGRES_SCHEMES = ("postgresql", "postgres")


def create_engine_for(database_url: str, pool_size: int) -> AsyncEngine:
    """The engine for DATABASE_URL. Its pool holds at most pool_size connections
    (max_overflow=0), opened as concurrent requests need them."""
    scheme = database_url.partition(":")[0].lower()
    if scheme == "sqlite":
        return create_sqlite_engine(database_url, pool_size)
    if scheme in POSTGRES_SCHEMES:
        return create_postgres_engine(database_url, pool_size)
    raise ValueError(f"unsupported DATABASE_URL {database_url!r}: expected sqlite:// or postgresql://")


def sessionmaker_for(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: the committed object is serialised as it is, without the
    # re-SELECT that expiring its attributes would cost (and that an AsyncSession could not
    # run implicitly on attribute access anyway).
    return async_sessionmaker(engine, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """FastAPI dependency (a dependency with yield): the request's AsyncSession. Closing it
    rolls back anything uncommitted and returns the connection to the pool. routes.py
    declares it with scope="function", so that it closes when the path operation has
    returned, before the response is sent (see README.md)."""
    async with request.state.sessions() as session:
        yield session


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


def create_sqlite_engine(database_url: str, pool_size: int) -> AsyncEngine:
    path = sqlite_path(database_url)
    trace = sql_log_callback()

    def open_sqlite() -> sqlite3.Connection:
        # Runs on the new connection's own aiosqlite thread, once per connection.
        connection = sqlite3.connect(path)
        if trace is not None:
            # First, so that the pragmas and SQLAlchemy's first-connect checks are logged too.
            connection.set_trace_callback(trace)
        for pragma in SQLITE_PRAGMAS:
            connection.execute(pragma)
        return connection

    async def connect() -> aiosqlite.Connection:
        # async_creator: SQLAlchemy wraps the driver connection this returns, an aiosqlite
        # connection whose every call into sqlite3 counts towards Server-Timing `db` (below).
        connection = TimedAiosqliteConnection(open_sqlite, iter_chunk_size=64)
        # A daemon thread, as SQLAlchemy's aiosqlite dialect makes the threads of the
        # connections it opens itself (aiosqlite 0.22 keeps it in `_thread`): a connection
        # left open never keeps the worker process from exiting.
        connection._thread.daemon = True
        return await connection

    # The URL names the dialect (sqlite+aiosqlite) and the file; async_creator opens it.
    return create_async_engine(
        URL.create("sqlite+aiosqlite", database=path),
        pool_size=pool_size,
        max_overflow=0,
        async_creator=connect,
    )


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


# --- PostgreSQL ------------------------------------------------------------------------


def create_postgres_engine(database_url: str, pool_size: int) -> AsyncEngine:
    # postgresql://user@host:port/db names the server; postgresql+asyncpg:// tells SQLAlchemy
    # to reach it through asyncpg.
    url = make_url(database_url).set(drivername="postgresql+asyncpg")
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=0,
        # Passed on to asyncpg.connect(): connections whose statements, prepares and
        # transaction control count towards Server-Timing `db` (below).
        connect_args={"connection_class": TimedAsyncpgConnection},
    )


# --- Server-Timing `db` ----------------------------------------------------------------
#
# `db` is the time spent inside the driver: every driver call SQLAlchemy's asyncio adapter
# awaits for the request, each from just before the call to its return, added to the
# request's timing. Timed at the driver itself, by subclasses each driver lets an
# application supply, as flask-orm does with its DB-API subclasses:
#
# - aiosqlite: every call into sqlite3 (cursor(), execute(), fetchall(), close(), commit(),
#   rollback(), ...) is queued to the connection's thread by one method,
#   Connection._execute(), and awaited there; TimedAiosqliteConnection times that method, so
#   `db` is sqlite3's own time plus the hand-over to and from that thread, which is part of
#   what the driver is. The BEGIN sqlite3 sends before a transaction's first write happens
#   inside execute().
# - asyncpg: SQLAlchemy prepares each statement once per connection (Connection.prepare(),
#   cached), runs it with PreparedStatement.fetch(), and sends BEGIN, COMMIT and ROLLBACK
#   through asyncpg's Transaction, which calls Connection.execute(). TimedAsyncpgConnection
#   times prepare() and execute() and hands out prepared statements whose fetch() (and
#   executemany()) are timed.
#
# An await includes whatever else the event loop ran meanwhile (other requests' work): that
# is the time the request spent waiting on the driver, and it stays inside `app`.
# No SQLAlchemy connection event is used (see flask-orm's README: event dispatch on every
# execute cost more than the timing), and nothing here does I/O.


def _add_db_time(started: float) -> None:
    timing = current_timing()
    if timing is not None:
        timing.db += perf_counter() - started


class TimedAiosqliteConnection(aiosqlite.Connection):
    """aiosqlite's connection with every call into sqlite3 timed."""

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        started = perf_counter()
        try:
            return await super()._execute(fn, *args, **kwargs)
        finally:
            _add_db_time(started)


class TimedPreparedStatement:
    """An asyncpg PreparedStatement with its executions timed; everything else (attributes,
    status message) is the statement's own."""

    __slots__ = ("_statement",)

    def __init__(self, statement: Any) -> None:
        self._statement = statement

    def __getattr__(self, name: str) -> Any:
        return getattr(self._statement, name)

    async def fetch(self, *args: Any, **kwargs: Any) -> Any:
        started = perf_counter()
        try:
            return await self._statement.fetch(*args, **kwargs)
        finally:
            _add_db_time(started)

    async def executemany(self, *args: Any, **kwargs: Any) -> Any:
        started = perf_counter()
        try:
            return await self._statement.executemany(*args, **kwargs)
        finally:
            _add_db_time(started)


class TimedAsyncpgConnection(asyncpg.Connection):
    """asyncpg's connection (asyncpg.connect(connection_class=...)) with prepare, execute
    (BEGIN, COMMIT, ROLLBACK) and executemany timed."""

    __slots__ = ()

    async def prepare(self, *args: Any, **kwargs: Any) -> Any:
        started = perf_counter()
        try:
            statement = await super().prepare(*args, **kwargs)
        finally:
            _add_db_time(started)
        return TimedPreparedStatement(statement)

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        started = perf_counter()
        try:
            return await super().execute(*args, **kwargs)
        finally:
            _add_db_time(started)

    async def executemany(self, *args: Any, **kwargs: Any) -> Any:
        started = perf_counter()
        try:
            return await super().executemany(*args, **kwargs)
        finally:
            _add_db_time(started)
