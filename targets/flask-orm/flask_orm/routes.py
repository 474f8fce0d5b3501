"""The Task API routes (spec/openapi.yaml) as a blueprint, through the SQLAlchemy ORM."""

from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .db import get_session
from .jsonapi import ApiError, no_content, read_json_object
from .models import Task
from .validation import parse_page, parse_task_id, parse_task_input, utc_now

bp = Blueprint("tasks", __name__)

# Ids are taken as plain path segments and parsed by parse_task_id rather than by an int
# converter: a segment that is not a valid id must still reach the route, so that it answers
# 404 "task not found" while unsupported methods on it answer 405.


def _task_not_found() -> ApiError:
    return ApiError(404, "task not found")


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError as error:  # a CHECK constraint; nothing was written
        session.rollback()
        raise ApiError(400, f"task rejected by the database: {error.orig}") from None
    except StaleDataError:  # the row was deleted by another request after it was loaded
        session.rollback()
        raise _task_not_found() from None


def _load(session: Session, task_id: str) -> Task:
    parsed_id = parse_task_id(task_id)
    task = None if parsed_id is None else session.get(Task, parsed_id)
    if task is None:
        raise _task_not_found()
    return task


@bp.get("/health")
def health():
    return {"status": "ok"}


@bp.post("/tasks")
def create_task():
    task_input = parse_task_input(read_json_object())
    now = utc_now()
    task = Task(
        title=task_input.title,
        description=task_input.description,
        completed=task_input.completed,
        created_at=now,
        updated_at=now,
    )
    session = get_session()
    session.add(task)
    _commit(session)
    return task.to_dict(), 201, {"Location": f"/tasks/{task.id}"}


@bp.get("/tasks")
def list_tasks():
    limit, offset = parse_page(request.args.getlist("limit"), request.args.getlist("offset"))
    statement = select(Task).order_by(Task.id).limit(limit).offset(offset)
    return [task.to_dict() for task in get_session().scalars(statement)]


@bp.get("/tasks/<task_id>")
def get_task(task_id: str):
    return _load(get_session(), task_id).to_dict()


@bp.put("/tasks/<task_id>")
def replace_task(task_id: str):
    # The body is checked first, as the reference target does (its framework validates
    # bodies before the handler runs): PUT /tasks/abc with a malformed body is a 400.
    task_input = parse_task_input(read_json_object())
    session = get_session()
    task = _load(session, task_id)
    # A full replace: every field is assigned, defaults included. The unit of work then
    # writes the columns whose values changed.
    task.title = task_input.title
    task.description = task_input.description
    task.completed = task_input.completed
    task.updated_at = utc_now()
    _commit(session)
    return task.to_dict()


@bp.delete("/tasks/<task_id>")
def delete_task(task_id: str):
    session = get_session()
    session.delete(_load(session, task_id))
    _commit(session)
    return no_content()
