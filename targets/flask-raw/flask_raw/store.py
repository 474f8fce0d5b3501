"""All SQL of the raw target: parameterised statements through a DB-API connection.

The statements are constants bound with parameters, never built from input. sqlite3 caches
the prepared form of each statement per connection, so a pooled connection reuses them.
A PostgreSQL store would subclass TaskStore with the same statements written with %s
placeholders, a BOOLEAN `completed`, and psycopg's IntegrityError.
"""

from __future__ import annotations

import sqlite3
from typing import Any, ClassVar

from .validation import TaskInput

Task = dict[str, Any]


class ConstraintViolation(Exception):
    """The database rejected a write (a CHECK constraint); nothing was changed."""


class TaskStore:
    INSERT: ClassVar[str]
    SELECT_ONE: ClassVar[str]
    SELECT_PAGE: ClassVar[str]
    UPDATE: ClassVar[str]
    DELETE: ClassVar[str]
    INTEGRITY_ERROR: ClassVar[type[Exception]]

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def create(self, task: TaskInput, now: str) -> Task:
        rows = self._write(self.INSERT, (task.title, task.description, task.completed, now, now))
        return _to_task(rows[0])

    def get(self, task_id: int) -> Task | None:
        row = self._connection.execute(self.SELECT_ONE, (task_id,)).fetchone()
        return None if row is None else _to_task(row)

    def list(self, limit: int, offset: int) -> list[Task]:
        return [_to_task(row) for row in self._connection.execute(self.SELECT_PAGE, (limit, offset))]

    def replace(self, task_id: int, task: TaskInput, now: str) -> Task | None:
        rows = self._write(self.UPDATE, (task.title, task.description, task.completed, now, task_id))
        return _to_task(rows[0]) if rows else None

    def delete(self, task_id: int) -> bool:
        return self._connection.execute(self.DELETE, (task_id,)).rowcount > 0

    def _write(self, statement: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            # fetchall() runs the statement to completion, which commits it in autocommit mode.
            return self._connection.execute(statement, parameters).fetchall()
        except self.INTEGRITY_ERROR as error:
            raise ConstraintViolation(str(error)) from None


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
