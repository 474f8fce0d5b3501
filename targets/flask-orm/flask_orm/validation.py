"""Input rules of the Task API (spec/README.md: "Tasks", "Ids in paths", "Listing").

Pure functions with no Flask or database imports, so the rules read in one place.
This file is identical in targets/flask-raw and targets/flask-orm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

MAX_ID = 9223372036854775807  # signed 64-bit
MAX_TITLE = 200
MAX_DESCRIPTION = 2000
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# The contract's bound (spec/README.md, "Listing"): 2^53 - 1, exact in every JSON parser.
MAX_OFFSET = 9007199254740991
_MAX_QUERY_DIGITS = 16

_MISSING = object()


class InvalidInput(ValueError):
    """A request the contract answers with 400."""


@dataclass(frozen=True, slots=True)
class TaskInput:
    title: str
    description: str
    completed: bool


def parse_task_input(body: object) -> TaskInput:
    """Validate a decoded JSON body for POST and PUT (a full replace: defaults apply)."""
    if not isinstance(body, dict):
        raise InvalidInput("request body must be a JSON object")
    title = body.get("title", _MISSING)
    if title is _MISSING:
        raise InvalidInput("title is required")
    if type(title) is not str:
        raise InvalidInput("title must be a string")
    if not 1 <= len(title) <= MAX_TITLE:
        raise InvalidInput(f"title must be 1 to {MAX_TITLE} characters")
    description = body.get("description", "")
    if type(description) is not str:
        raise InvalidInput("description must be a string")
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(f"description must be at most {MAX_DESCRIPTION} characters")
    completed = body.get("completed", False)
    if type(completed) is not bool:  # 0, 1, "true" and null are wrong types
        raise InvalidInput("completed must be a boolean")
    if not (_is_unicode_text(title) and _is_unicode_text(description)):
        raise InvalidInput("title and description must be valid Unicode (no unpaired surrogates)")
    if "\x00" in title or "\x00" in description:
        # SQLite's length() stops at NUL and PostgreSQL's text cannot hold it: such a string
        # cannot be stored faithfully.
        raise InvalidInput("title and description must not contain NUL (U+0000)")
    return TaskInput(title, description, completed)


def _is_unicode_text(value: str) -> bool:
    # JSON escapes such as "\ud800" decode to lone surrogates, which have no UTF-8 form
    # and could not be stored; everything else is kept byte-for-byte.
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_task_id(segment: str) -> int | None:
    """The id named by a path segment, or None when the segment names no task (404)."""
    # isascii() first: str.isdigit() alone accepts digits of other scripts ("٣", "³").
    if not (segment.isascii() and segment.isdigit()):
        return None
    digits = segment.lstrip("0")
    if not digits or len(digits) > 19:
        return None
    task_id = int(digits)
    return task_id if task_id <= MAX_ID else None


def parse_page(limits: list[str], offsets: list[str]) -> tuple[int, int]:
    """limit and offset from the query string (all values of each parameter)."""
    limit = _bounded_integer(limits, DEFAULT_LIMIT, 1, MAX_LIMIT)
    if limit is None:
        raise InvalidInput(f"limit must be an integer from 1 to {MAX_LIMIT}")
    offset = _bounded_integer(offsets, 0, 0, MAX_OFFSET)
    if offset is None:
        raise InvalidInput(f"offset must be an integer from 0 to {MAX_OFFSET}")
    return limit, offset


def _bounded_integer(values: list[str], default: int, low: int, high: int) -> int | None:
    if not values:
        return default
    if len(values) != 1:  # ?limit=1&limit=2 is ambiguous: rejected like any bad value
        return None
    raw = values[0]
    if not (raw.isascii() and raw.isdigit()) or len(raw) > _MAX_QUERY_DIGITS:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def utc_now() -> str:
    """Now as RFC 3339 UTC with exactly three fractional digits: 2026-11-26T10:17:07.123Z."""
    return format_timestamp(datetime.now(timezone.utc))


def format_timestamp(moment: datetime) -> str:
    """An aware datetime in the contract's format, in UTC, truncated to milliseconds."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(text: str) -> datetime:
    """The aware datetime of a timestamp in the contract's format (what utc_now returns)."""
    return datetime.fromisoformat(text)
