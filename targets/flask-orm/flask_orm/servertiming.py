"""Server-Timing (spec/README.md "Server-Timing"): `db;dur=…, app;dur=…` on every response.

`app` runs from Flask's first per-request hook, `before_request`, to its last,
`after_request`: create_app() installs these two hooks before any other, and Flask runs
before_request functions in registration order and after_request functions in reverse, so
they bracket everything the application does for the request. `db` is the time spent inside
the database driver, added to the request's RequestTiming by the data-access layer, which
knows where the driver calls are (see each target's README). Both come from
time.perf_counter(), a monotonic clock.

Kept cheap, because it runs on every request and every driver call: the timing lives in a
ContextVar (one C-level get, where flask.g goes through a LocalProxy and the app context),
and each thread (context) reuses one RequestTiming, reset by before_request, so a request
allocates nothing but floats and the header string. Driver time spent after after_request
(the teardown's ROLLBACK) goes into the reused object and is cleared by the next request's
before_request; it is in no header.

This file is identical in targets/flask-raw and targets/flask-orm.
"""

from __future__ import annotations

from contextvars import ContextVar
from time import perf_counter

from flask import Flask, Response


class RequestTiming:
    """The clocks of the request being served in this context: perf_counter() at
    before_request, and the seconds spent inside the database driver since then."""

    __slots__ = ("app_started", "db")

    def __init__(self) -> None:
        self.app_started = 0.0
        self.db = 0.0


# The RequestTiming of this thread (context); None until its first request.
_timing: ContextVar[RequestTiming | None] = ContextVar("crudbench_server_timing", default=None)

# For the data-access layer: `timing = current(); if timing is not None: timing.db += …`.
current = _timing.get


def install(app: Flask) -> None:
    """Register the two hooks; call before anything else registers request hooks."""
    app.before_request(_start)
    app.after_request(_write_header)


def _start() -> None:
    timing = _timing.get()
    if timing is None:
        timing = RequestTiming()
        _timing.set(timing)
    timing.db = 0.0
    timing.app_started = perf_counter()


def _write_header(response: Response) -> Response:
    app_ended = perf_counter()
    timing = _timing.get()
    if timing is not None:
        # add(), not set(): nothing else writes this header, so there is no earlier one to
        # look for among the response's headers.
        response.headers.add(
            "Server-Timing", f"db;dur={timing.db * 1000:.3f}, app;dur={(app_ended - timing.app_started) * 1000:.3f}"
        )
    return response
