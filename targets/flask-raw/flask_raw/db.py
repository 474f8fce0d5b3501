"""Database connections: a small per-process pool for SQLite (stdlib sqlite3) or PostgreSQL
(psycopg 3 with psycopg_pool), chosen by the scheme of DATABASE_URL.

Flask's tutorial opens a connection in get_db() and closes it in teardown_appcontext. This
target keeps that shape (get_db() stores the connection on `g`, teardown_appcontext gives it
back) but takes connections from a pool instead of opening one per request: the ORM target's
SQLAlchemy engine pools its connections, and the raw/ORM pair should differ in how SQL is
written, not in paying connection setup on every request.

Both pools have psycopg_pool's getconn()/putconn() interface, and each comes with the
TaskStore subclass holding its database's SQL (store.py).
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any, Callable, Protocol

import psycopg
from flask import Flask, current_app, g
from psycopg_pool import ConnectionPool

from . import servertiming
from .store import PostgresTaskStore, SqliteTaskStore, TaskStore

# spec/README.md "Database settings (SQLite)". journal_mode=WAL is persistent and already
# set by crudbench when it creates the file, so it is not repeated per connection.
SQLITE_PRAGMAS = (
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
)

POSTGRES_SCHEMES = ("postgresql", "postgres")
# How long a starting worker waits for its first PostgreSQL connection before it gives up.
POSTGRES_CONNECT_TIMEOUT_SECONDS = 10.0

_EXTENSION = "crudbench_db"


class Pool(Protocol):
    def getconn(self) -> Any: ...

    def putconn(self, connection: Any) -> None: ...


def open_pool(database_url: str, pool_size: int) -> tuple[Pool, type[TaskStore]]:
    """The connection pool for DATABASE_URL and the store class for its SQL dialect."""
    scheme = database_url.partition(":")[0].lower()
    if scheme == "sqlite":
        return SqlitePool(sqlite_connect(sqlite_path(database_url)), max_idle=pool_size), SqliteTaskStore
    if scheme in POSTGRES_SCHEMES:
        return postgres_pool(database_url, pool_size), PostgresTaskStore
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


def sql_log_callback() -> Callable[[str], None] | None:
    """spec/README.md "Statement log": when CRUDBENCH_SQL_LOG names a file, a trace callback
    appending every statement SQLite runs to it as one line; None (no hook) when unset."""
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


def sqlite_connect(path: str) -> Callable[[], sqlite3.Connection]:
    """A function opening one configured connection to the file."""
    trace = sql_log_callback()

    def connect() -> sqlite3.Connection:
        # isolation_level=None: autocommit; every statement the store runs is one atomic
        # write or read. check_same_thread=False: a pooled connection may be handed to
        # another thread (gthread workers), though never used by two at once.
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if trace is not None:
            connection.set_trace_callback(trace)
        for pragma in SQLITE_PRAGMAS:
            connection.execute(pragma)
        return connection

    return connect


class SqlitePool:
    """Idle sqlite3 connections kept for reuse, opened lazily so none crosses a fork.

    Each gunicorn worker serves one request at a time, so each worker process ends up
    holding exactly one connection; the pool also stays correct with more threads.
    list.append and list.pop are atomic in CPython, so no lock is needed.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection], max_idle: int) -> None:
        self._connect = connect
        self._max_idle = max_idle
        self._idle: list[sqlite3.Connection] = []

    def getconn(self) -> sqlite3.Connection:
        try:
            return self._idle.pop()
        except IndexError:
            return self._connect()

    def putconn(self, connection: sqlite3.Connection) -> None:
        if connection.in_transaction:  # only after an error in the middle of a statement
            connection.rollback()
        if len(self._idle) < self._max_idle:
            self._idle.append(connection)
        else:
            connection.close()


# --- PostgreSQL ------------------------------------------------------------------------


def postgres_pool(database_url: str, pool_size: int) -> ConnectionPool[psycopg.Connection[Any]]:
    """psycopg_pool's pool of at most pool_size connections, in autocommit mode.

    libpq reads the postgresql:// URL as it is. Autocommit, as on SQLite: every operation is
    one statement (INSERT/UPDATE … RETURNING, DELETE, SELECT), so each is its own atomic
    transaction with no BEGIN/COMMIT round trips. min_size=1: one connection is opened when
    the worker starts (wait() fails the worker if the server cannot be reached) and more,
    up to max_size, only while that many requests run at once.
    """
    pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
        database_url,
        kwargs={"autocommit": True},
        min_size=1,
        max_size=pool_size,
        open=True,
        name="tasks",
    )
    pool.wait(timeout=POSTGRES_CONNECT_TIMEOUT_SECONDS)
    return pool


# --- Flask wiring ----------------------------------------------------------------------


def init_app(app: Flask, database_url: str, pool_size: int) -> None:
    # create_app() runs in each gunicorn worker after the fork, so the pool (and any
    # connection it opens) belongs to one process.
    app.extensions[_EXTENSION] = open_pool(database_url, pool_size)
    app.teardown_appcontext(_release_db)


def get_db() -> Any:
    """The request's connection, taken from the pool on first use."""
    if "db" not in g:
        pool, _ = current_app.extensions[_EXTENSION]
        g.db = pool.getconn()
    return g.db


def get_store() -> TaskStore:
    """The store on the request's connection, adding its driver time to the request's
    Server-Timing (servertiming.py). Taking the connection from the pool is not timed."""
    _, store_class = current_app.extensions[_EXTENSION]
    return store_class(get_db(), servertiming.current())


def _release_db(_error: BaseException | None = None) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        pool, _ = current_app.extensions[_EXTENSION]
        pool.putconn(connection)
