"""Input rules of the Task API that are not plain types (spec/README.md: "Tasks", "Ids in
paths", "Listing"), and the timestamp format.

Pure functions with no FastAPI or database imports; schemas.py attaches them to the Pydantic
models and query parameters. The rules are those of flask-orm's validation.py.
"""

from __future__ import annotations

from datetime import datetime, timezone

MAX_ID = 9223372036854775807  # signed 64-bit
MAX_TITLE = 200
MAX_DESCRIPTION = 2000
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# The contract's bound (spec/README.md, "Listing"): 2^53 - 1, exact in every JSON parser.
MAX_OFFSET = 9007199254740991
_MAX_QUERY_DIGITS = 16


def storable_text(value: str) -> str:
    """A title or description that can be stored byte-for-byte: no NUL, no unpaired surrogate."""
    if "\x00" in value:
        # SQLite's length() stops at NUL and PostgreSQL's text cannot hold it: such a string
        # cannot be stored faithfully.
        raise ValueError("must not contain NUL (U+0000)")
    if not value.isascii():
        # JSON escapes such as "\ud800" decode to lone surrogates, which have no UTF-8 form.
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("must be valid Unicode (no unpaired surrogates)") from None
    return value


def plain_decimal(value: object) -> object:
    """A query parameter as written: only ASCII digits (at most 16) reach integer validation.

    Pydantic's lax int parsing would also take " 5", "+5", "5.0" and "1_0"; the contract
    accepts only a plain decimal integer."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit() and len(value) <= _MAX_QUERY_DIGITS):
        raise ValueError("must be a plain decimal integer")
    return value


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


def utc_now() -> str:
    """Now as RFC 3339 UTC with exactly three fractional digits: 2026-11-26T10:17:07.123Z."""
    return format_timestamp(datetime.now(timezone.utc))


def format_timestamp(moment: datetime) -> str:
    """An aware datetime in the contract's format, in UTC, truncated to milliseconds."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(text: str) -> datetime:
    """The aware datetime of a timestamp in the contract's format (what utc_now returns)."""
    return datetime.fromisoformat(text)
