"""All SQL of the raw target: parameterised statements through a DB-API connection.

The statements are constants bound with parameters, never built from input. TaskStore runs
them; each subclass holds one database's SQL: SqliteTaskStore (stdlib sqlite3, `?`
placeholders) and PostgresTaskStore (psycopg 3, `%s` placeholders). Both drivers keep the
prepared form of a statement per connection (sqlite3 always, psycopg once a statement has
run 5 times), so a pooled connection reuses them.

Tasks cross this module's boundary in the contract's shape: timestamps as the JSON text
(2026-11-26T10:17:07.123Z), `completed` as a bool.

Server-Timing `db` (spec/README.md) is measured here, around each call into the driver:
the statement's execution and the fetching of its rows, each timed with perf_counter() and
added to the request's timing. Converting rows to tasks happens after the clock stops.
Connections are in autocommit mode, so there is no BEGIN/COMMIT call to time: the commit
of a write happens inside its statement's execution (SQLite: while its rows are fetched).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from time import perf_counter
from typing import Any, ClassVar, Protocol

import psycopg

from .validation import TaskInput, format_timestamp, parse_timestamp

Task = dict[str, Any]


class ConstraintViolation(Exception):
    """The database rejected a write (a CHECK constraint); nothing was changed."""


class DbTiming(Protocol):
    db: float  # seconds spent inside the driver during this request


class TaskStore:
    INSERT: ClassVar[str]
    SELECT_ONE: ClassVar[str]
    SELECT_PAGE: ClassVar[str]
    UPDATE: ClassVar[str]
    DELETE: ClassVar[str]
    INTEGRITY_ERROR: ClassVar[type[Exception]]

    def __init__(self, connection: Any, timing: DbTiming) -> None:
        self._connection = connection
        # The request's Server-Timing: every driver call below adds its duration to .db.
        # Each clock starts just before the driver call and stops just after it returns.
        self._timing = timing

    def create(self, task: TaskInput, now: str) -> Task:
        timestamp = self._timestamp_parameter(now)
        rows = self._write(self.INSERT, (task.title, task.description, task.completed, timestamp, timestamp))
        return self._to_task(rows[0])

    def get(self, task_id: int) -> Task | None:
        started = perf_counter()
        try:
            row = self._connection.execute(self.SELECT_ONE, (task_id,)).fetchone()
        finally:
            self._timing.db += perf_counter() - started
        return None if row is None else self._to_task(row)

    def list(self, limit: int, offset: int) -> list[Task]:
        # fetchall() rather than iterating the cursor: the driver's work (SQLite steps the
        # statement row by row) is timed in one piece, apart from the conversion to tasks.
        started = perf_counter()
        try:
            rows = self._connection.execute(self.SELECT_PAGE, (limit, offset)).fetchall()
        finally:
            self._timing.db += perf_counter() - started
        to_task = self._to_task
        return [to_task(row) for row in rows]

    def replace(self, task_id: int, task: TaskInput, now: str) -> Task | None:
        timestamp = self._timestamp_parameter(now)
        rows = self._write(self.UPDATE, (task.title, task.description, task.completed, timestamp, task_id))
        return self._to_task(rows[0]) if rows else None

    def delete(self, task_id: int) -> bool:
        started = perf_counter()
        try:
            cursor = self._connection.execute(self.DELETE, (task_id,))
        finally:
            self._timing.db += perf_counter() - started
        return cursor.rowcount > 0

    def _write(self, statement: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            started = perf_counter()
            try:
                # fetchall() runs the statement to completion, which commits it in autocommit mode.
                return self._connection.execute(statement, parameters).fetchall()
            finally:
                self._timing.db += perf_counter() - started
        except self.INTEGRITY_ERROR as error:
            raise ConstraintViolation(str(error)) from None

    # Each database's conversions between its column values and the contract's shape.

    @staticmethod
    def _timestamp_parameter(now: str) -> Any:
        """The value bound for a timestamp column, from the contract's text."""
        raise NotImplementedError

    @staticmethod
    def _to_task(row: tuple[Any, ...]) -> Task:
        """A row of (id, title, description, completed, created_at, updated_at) as a task."""
        raise NotImplementedError


class SqliteTaskStore(TaskStore):
    # `completed` is an INTEGER 0/1 column; sqlite3 binds Python's True/False as 1/0.
    INSERT = (
        "INSERT INTO tasks (title, description, completed, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id, title, description, completed, created_at, updated_at"
    )
    SELECT_ONE = "SELECT id, title, description, completed, created_at, updated_at FROM tasks WHERE id = ?"
    SELECT_PAGE = (
        "SELECT id, title, description, completed, created_at, updated_at FROM tasks ORDER BY id LIMIT ? OFFSET ?"
    )
    UPDATE = (
        "UPDATE tasks SET title = ?, description = ?, completed = ?, updated_at = ? WHERE id = ? "
        "RETURNING id, title, description, completed, created_at, updated_at"
    )
    DELETE = "DELETE FROM tasks WHERE id = ?"
    INTEGRITY_ERROR = sqlite3.IntegrityError

    # Timestamps are TEXT in the contract's format: bound and served verbatim.

    @staticmethod
    def _timestamp_parameter(now: str) -> str:
        return now

    @staticmethod
    def _to_task(row: tuple[Any, ...]) -> Task:
        task_id, title, description, completed, created_at, updated_at = row
        return {
            "id": task_id,
            "title": title,
            "description": description,
            "completed": bool(completed),
            "created_at": created_at,
            "updated_at": updated_at,
        }


class PostgresTaskStore(TaskStore):
    # spec/schema/postgres.sql: `id` is BIGINT GENERATED ALWAYS AS IDENTITY (never sent),
    # `completed` is BOOLEAN (psycopg binds and loads Python bools), timestamps are
    # TIMESTAMPTZ: bound as aware datetimes (already whole milliseconds) and loaded as aware
    # datetimes, rendered back in UTC. Rows inserted with the schema's defaults
    # (date_trunc('milliseconds', now())) render the same way.
    INSERT = (
        "INSERT INTO tasks (title, description, completed, created_at, updated_at) VALUES (%s, %s, %s, %s, %s) "
        "RETURNING id, title, description, completed, created_at, updated_at"
    )
    SELECT_ONE = "SELECT id, title, description, completed, created_at, updated_at FROM tasks WHERE id = %s"
    SELECT_PAGE = (
        "SELECT id, title, description, completed, created_at, updated_at FROM tasks ORDER BY id LIMIT %s OFFSET %s"
    )
    UPDATE = (
        "UPDATE tasks SET title = %s, description = %s, completed = %s, updated_at = %s WHERE id = %s "
        "RETURNING id, title, description, completed, created_at, updated_at"
    )
    DELETE = "DELETE FROM tasks WHERE id = %s"
    INTEGRITY_ERROR = psycopg.IntegrityError

    @staticmethod
    def _timestamp_parameter(now: str) -> datetime:
        return parse_timestamp(now)

    @staticmethod
    def _to_task(row: tuple[Any, ...]) -> Task:
        task_id, title, description, completed, created_at, updated_at = row
        return {
            "id": task_id,
            "title": title,
            "description": description,
            "completed": completed,
            "created_at": format_timestamp(created_at),
            "updated_at": format_timestamp(updated_at),
        }
