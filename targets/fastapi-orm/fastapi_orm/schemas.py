"""Pydantic models of spec/openapi.yaml's TaskInput and Task, and the list's query types.

Strict types: 0, 1 and "true" are not booleans, 123 is not a string, null is a wrong type for
every field (none is Optional). Lengths are Python string lengths, that is Unicode code
points, as the contract counts them. Unknown fields are ignored (Pydantic's default,
extra="ignore"). A failed validation is a RequestValidationError, answered 400 by http.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictStr

from .validation import MAX_DESCRIPTION, MAX_LIMIT, MAX_OFFSET, MAX_TITLE, plain_decimal, storable_text

Title = Annotated[StrictStr, Field(min_length=1, max_length=MAX_TITLE), AfterValidator(storable_text)]
Description = Annotated[StrictStr, Field(max_length=MAX_DESCRIPTION), AfterValidator(storable_text)]


class TaskInput(BaseModel):
    """The body of POST /tasks and PUT /tasks/{id} (a full replace: defaults apply)."""

    title: Title
    description: Description = ""
    completed: StrictBool = False


class TaskPublic(BaseModel):
    """A task as the API returns it, read from the ORM object's attributes."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str
    completed: bool
    created_at: str
    updated_at: str


# ?limit= and ?offset=: plain decimal integers in range (spec/README.md "Listing").
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT), BeforeValidator(plain_decimal)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET), BeforeValidator(plain_decimal)]
