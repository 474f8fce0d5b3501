"""Server-Timing (spec/README.md "Server-Timing"): `db;dur=…, app;dur=…` on every response.

`app` runs from Flask's first per-request hook, `before_request`, to its last,
`after_request`: create_app() installs these two hooks before any other, and Flask runs
before_request functions in registration order and after_request functions in reverse, so
they bracket everything the application does for the request. `db` is the time spent inside
the database driver, added to the request's RequestTiming by the data-access layer, which
knows where the driver calls are (see each target's README). Both come from
time.perf_counter(), a monotonic clock; the hot path is a few float operations, one object
per request and one header, with no I/O.

This file is identical in targets/flask-raw and targets/flask-orm.
"""

from __future__ import annotations

from time import perf_counter

from flask import Flask, Response, g, has_app_context


class RequestTiming:
    """One request's clocks, kept on `g` as g.server_timing: perf_counter() at
    before_request, and the seconds spent inside the database driver so far."""

    __slots__ = ("app_started", "db", "db_started")

    def __init__(self, app_started: float) -> None:
        self.app_started = app_started
        self.db = 0.0
        # For drivers timed by a pair of hooks (before/after a call) rather than around it.
        self.db_started = 0.0


def install(app: Flask) -> None:
    """Register the two hooks; call before anything else registers request hooks."""
    app.before_request(_start)
    app.after_request(_write_header)


def current() -> RequestTiming | None:
    """The timing of the request being served, or None outside one."""
    return g.get("server_timing") if has_app_context() else None


def _start() -> None:
    g.server_timing = RequestTiming(perf_counter())


def _write_header(response: Response) -> Response:
    app_ended = perf_counter()
    timing = g.get("server_timing")
    if timing is not None:
        app_ms = (app_ended - timing.app_started) * 1000
        response.headers["Server-Timing"] = f"db;dur={timing.db * 1000:.3f}, app;dur={app_ms:.3f}"
    return response
