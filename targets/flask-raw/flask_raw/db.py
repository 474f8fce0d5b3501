"""Database connections: the stdlib sqlite3 DB-API driver behind a small per-process pool.

Flask's tutorial opens a connection in get_db() and closes it in teardown_appcontext. This
target keeps that shape (get_db() stores the connection on `g`, teardown_appcontext gives it
back) but takes connections from a pool instead of opening one per request: the ORM target's
SQLAlchemy engine pools its connections, and the raw/ORM pair should differ in how SQL is
written, not in paying connection setup (open, pragmas, schema parse) on every request.

Only SQLite is implemented. A PostgreSQL backend (psycopg 3) plugs in at connection_factory():
return a function opening a psycopg connection for postgresql:// URLs, and pair it with a
store using %s placeholders (see store.py).
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any, Callable

from flask import Flask, current_app, g

from .store import SqliteTaskStore, TaskStore

# spec/README.md "Database settings (SQLite)". journal_mode=WAL is persistent and already
# set by crudbench when it creates the file, so it is not repeated per connection.
SQLITE_PRAGMAS = (
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
)

_EXTENSION = "crudbench_db"


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


def connection_factory(database_url: str) -> tuple[Callable[[], Any], type[TaskStore]]:
    """A function opening one configured connection, and the store class for its SQL dialect."""
    path = sqlite_path(database_url)

    def connect() -> sqlite3.Connection:
        # isolation_level=None: autocommit; every statement the store runs is one atomic
        # write or read. check_same_thread=False: a pooled connection may be handed to
        # another thread (gthread workers), though never used by two at once.
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        for pragma in SQLITE_PRAGMAS:
            connection.execute(pragma)
        return connection

    return connect, SqliteTaskStore


class ConnectionPool:
    """Idle connections kept for reuse, opened lazily so none crosses a fork.

    gunicorn's sync workers serve one request at a time, so each worker process ends up
    holding exactly one connection; the pool also stays correct with threaded workers.
    list.append and list.pop are atomic in CPython, so no lock is needed.
    """

    def __init__(self, connect: Callable[[], Any], max_idle: int = 4) -> None:
        self._connect = connect
        self._max_idle = max_idle
        self._idle: list[Any] = []

    def acquire(self) -> Any:
        try:
            return self._idle.pop()
        except IndexError:
            return self._connect()

    def release(self, connection: Any) -> None:
        if connection.in_transaction:  # only after an error in the middle of a statement
            connection.rollback()
        if len(self._idle) < self._max_idle:
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


def init_app(app: Flask, database_url: str) -> None:
    connect, store_class = connection_factory(database_url)
    app.extensions[_EXTENSION] = (ConnectionPool(connect), store_class)
    app.teardown_appcontext(_release_db)


def get_db() -> Any:
    """The request's connection, taken from the pool on first use."""
    if "db" not in g:
        pool, _ = current_app.extensions[_EXTENSION]
        g.db = pool.acquire()
    return g.db


def get_store() -> TaskStore:
    _, store_class = current_app.extensions[_EXTENSION]
    return store_class(get_db())


def _release_db(_error: BaseException | None = None) -> None:
    connection = g.pop("db", None)
    if connection is not None:
        pool, _ = current_app.extensions[_EXTENSION]
        pool.release(connection)
