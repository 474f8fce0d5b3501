"""The Task API routes (spec/openapi.yaml) as an APIRouter, through the SQLAlchemy ORM.

The queries are flask-orm's, awaited: session.get, session.add, attribute assignment then
commit for PUT, session.delete, and select(Task).order_by(Task.id).limit().offset().
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from .db import get_session
from .jsonapi import JSONBodyRoute
from .models import Task
from .schemas import Limit, Offset, TaskInput, TaskPublic
from .validation import DEFAULT_LIMIT, parse_task_id, utc_now

router = APIRouter(route_class=JSONBodyRoute)

# scope="function": the session is closed (and a read's transaction rolled back) when the
# operation has returned, before the response is sent, rather than after it (FastAPI's
# default for dependencies with yield). Its statements are then logged and timed before the
# response goes out, and the connection is back in the pool sooner.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]

# Ids are taken as plain path segments (str) and parsed by parse_task_id rather than declared
# as int: a segment that is not a valid id must still reach the operation, so that it
# answers 404 "task not found" (a validation error would be a 400), while unsupported methods
# on it answer 405. In PUT the body is validated first, as in flask-orm.


def _task_not_found() -> HTTPException:
    return HTTPException(404, "task not found")


async def _commit(session: AsyncSession) -> None:
    try:
        await session.commit()
    except IntegrityError as error:  # a CHECK constraint; nothing was written
        await session.rollback()
        raise HTTPException(400, f"task rejected by the database: {error.orig}") from None
    except StaleDataError:  # the row was deleted by another request after it was loaded
        await session.rollback()
        raise _task_not_found() from None


async def _load(session: AsyncSession, task_id: str) -> Task:
    parsed_id = parse_task_id(task_id)
    task = None if parsed_id is None else await session.get(Task, parsed_id)
    if task is None:
        raise _task_not_found()
    return task


# HEAD is served wherever GET is (spec/README.md "Methods"): FastAPI, unlike Starlette's
# plain routes, does not add it by itself. uvicorn sends a HEAD response without its body.


@router.api_route("/health", methods=["GET", "HEAD"])
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.post("/tasks", status_code=201, response_model=TaskPublic)
async def create_task(task_input: TaskInput, session: SessionDep, response: Response) -> Task:
    now = utc_now()
    task = Task(
        title=task_input.title,
        description=task_input.description,
        completed=task_input.completed,
        created_at=now,
        updated_at=now,
    )
    session.add(task)
    await _commit(session)
    response.headers["Location"] = f"/tasks/{task.id}"
    return task


@router.api_route("/tasks", methods=["GET", "HEAD"], response_model=list[TaskPublic])
async def list_tasks(session: SessionDep, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> list[Task]:
    statement = select(Task).order_by(Task.id).limit(limit).offset(offset)
    return list(await session.scalars(statement))


@router.api_route("/tasks/{task_id}", methods=["GET", "HEAD"], response_model=TaskPublic)
async def get_task(task_id: str, session: SessionDep) -> Task:
    return await _load(session, task_id)


@router.put("/tasks/{task_id}", response_model=TaskPublic)
async def replace_task(task_id: str, task_input: TaskInput, session: SessionDep) -> Task:
    task = await _load(session, task_id)
    # A full replace: every field is assigned, defaults included. The unit of work then
    # writes the columns whose values changed.
    task.title = task_input.title
    task.description = task_input.description
    task.completed = task_input.completed
    task.updated_at = utc_now()
    await _commit(session)
    return task


@router.delete("/tasks/{task_id}", status_code=204, response_class=Response)
async def delete_task(task_id: str, session: SessionDep) -> Response:
    await session.delete(await _load(session, task_id))
    await _commit(session)
    return Response(status_code=204)
