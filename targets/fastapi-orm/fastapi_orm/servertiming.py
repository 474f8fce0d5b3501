"""Server-Timing (spec/README.md "Server-Timing"): `db;dur=…, app;dur=…` on every response.

`app` is the span of ServerTimingMiddleware, a pure ASGI middleware added last, so that it
is the outermost one the application adds: it starts when Starlette hands it the request
(inside only Starlette's ServerErrorMiddleware) and ends when the response's start message
(status and headers) goes out to uvicorn, which is where the header is added. Routing,
dependencies, body parsing and validation, the endpoint, the ORM, serialisation and the
exception handlers are inside it; uvicorn parsing the request and writing the response are
not.

`db` is the time spent inside the database driver, added to the request's RequestTiming by
db.py's driver subclasses. The RequestTiming lives in a ContextVar: uvicorn runs each
request in its own asyncio task (with its own copy of the context), and SQLAlchemy's
greenlets share the task's context, so every driver call of a request finds it. Both clocks
are time.perf_counter(), a monotonic clock.
"""

from __future__ import annotations

from contextvars import ContextVar
from time import perf_counter
from typing import Any, Awaitable, Callable

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[dict[str, Any], Receive, Send], Awaitable[None]]


class RequestTiming:
    """The seconds the request being served has spent inside the database driver."""

    __slots__ = ("db",)

    def __init__(self) -> None:
        self.db = 0.0


_timing: ContextVar[RequestTiming | None] = ContextVar("crudbench_server_timing", default=None)

# For the data-access layer: `timing = current(); if timing is not None: timing.db += …`.
current = _timing.get


class ServerTimingMiddleware:
    """Adds `Server-Timing: db;dur=<ms>, app;dur=<ms>` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        timing = RequestTiming()
        _timing.set(timing)  # this request's task only: uvicorn runs each in its own task
        started = perf_counter()

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                app_ms = (perf_counter() - started) * 1000
                header = f"db;dur={timing.db * 1000:.3f}, app;dur={app_ms:.3f}".encode("latin-1")
                message["headers"] = [*message.get("headers", ()), (b"server-timing", header)]
            await send(message)

        await self.app(scope, receive, send_with_header)
