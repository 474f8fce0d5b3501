"""The Task API routes (spec/openapi.yaml) as a blueprint; SQL lives in store.py."""

from __future__ import annotations

from flask import Blueprint, request

from .db import get_store
from .jsonapi import ApiError, no_content, read_json_object
from .store import ConstraintViolation
from .validation import parse_page, parse_task_id, parse_task_input, utc_now

bp = Blueprint("tasks", __name__)

# Ids are taken as plain path segments and parsed by parse_task_id rather than by an int
# converter: a segment that is not a valid id must still reach the route, so that it answers
# 404 "task not found" while unsupported methods on it answer 405.


def _task_not_found() -> ApiError:
    return ApiError(404, "task not found")


def _constraint_violation(error: ConstraintViolation) -> ApiError:
    return ApiError(400, f"task rejected by the database: {error}")


@bp.get("/health")
def health():
    return {"status": "ok"}


@bp.post("/tasks")
def create_task():
    task_input = parse_task_input(read_json_object())
    try:
        task = get_store().create(task_input, utc_now())
    except ConstraintViolation as error:
        raise _constraint_violation(error) from None
    return task, 201, {"Location": f"/tasks/{task['id']}"}


@bp.get("/tasks")
def list_tasks():
    limit, offset = parse_page(request.args.getlist("limit"), request.args.getlist("offset"))
    return get_store().list(limit, offset)


@bp.get("/tasks/<task_id>")
def get_task(task_id: str):
    parsed_id = parse_task_id(task_id)
    task = None if parsed_id is None else get_store().get(parsed_id)
    if task is None:
        raise _task_not_found()
    return task


@bp.put("/tasks/<task_id>")
def replace_task(task_id: str):
    # The body is checked first, as the reference target does (its framework validates
    # bodies before the handler runs): PUT /tasks/abc with a malformed body is a 400.
    task_input = parse_task_input(read_json_object())
    parsed_id = parse_task_id(task_id)
    if parsed_id is None:
        raise _task_not_found()
    try:
        task = get_store().replace(parsed_id, task_input, utc_now())
    except ConstraintViolation as error:
        raise _constraint_violation(error) from None
    if task is None:
        raise _task_not_found()
    return task


@bp.delete("/tasks/<task_id>")
def delete_task(task_id: str):
    parsed_id = parse_task_id(task_id)
    if parsed_id is None or not get_store().delete(parsed_id):
        raise _task_not_found()
    return no_content()
