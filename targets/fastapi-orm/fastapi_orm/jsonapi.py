"""The HTTP side of the contract that FastAPI does not do by default: JSON error bodies with
the contract's status codes, 415 before the body is parsed, strict JSON, the 64 KiB body
limit, and `Allow` listing every method of the path on a 405.

FastAPI answers a failed validation with 422 and a `detail` list, errors with `{"detail": …}`
and a 405's `Allow` from the one route that matched the path; the handlers installed here
turn every one of them into `{"error": "<message>"}` with the status spec/README.md names.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Coroutine

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, APIRouter
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute

from .servertiming import ASGIApp, Message, Receive, Send

MAX_BODY_BYTES = 65536
TOO_LARGE = f"request body is larger than {MAX_BODY_BYTES} bytes"

logger = logging.getLogger("fastapi_orm")


# --- Request bodies: 415 first, then strict JSON ------------------------------------------


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN, Infinity and -Infinity; JSON (RFC 8259) does not.
    raise ValueError(f"{name} is not valid JSON")


class StrictJSONRequest(Request):
    """A Request whose json() is RFC 8259 JSON: NaN and Infinity are malformed (400)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = json.loads(await self.body(), parse_constant=_reject_constant)
        return self._json


def is_json_media_type(content_type: str | None) -> bool:
    # Parameters such as charset are allowed; the media type is case-insensitive.
    return content_type is not None and content_type.partition(";")[0].strip().lower() == "application/json"


class JSONBodyRoute(APIRoute):
    """An APIRoute whose operations with a body (POST, PUT) take only application/json.

    FastAPI hands a body without Content-Type, or with text/plain, to validation as bytes
    (a 422); the contract wants 415 for both, before the body is parsed. This is FastAPI's
    documented way to customise request handling ("Custom Request and APIRoute class");
    operations without a body keep FastAPI's handler unchanged."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def json_body_handler(request: Request) -> Response:
            if not is_json_media_type(request.headers.get("content-type")):
                raise HTTPException(415, "Content-Type must be application/json")
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return json_body_handler


# --- The body limit (413) ---------------------------------------------------------------


class BodySizeLimitMiddleware:
    """413 with the JSON error body for a request body over MAX_BODY_BYTES.

    FastAPI's own `max_body_size` is not used: when the declared Content-Length is over the
    limit, Starlette's RequestBodyLimitMiddleware replaces whatever response the application
    starts with its own text/plain 413, so the contract's JSON body cannot be sent.

    A Content-Length over the limit is answered at once, without reading the body (uvicorn
    discards the rest and keeps the connection). A body without Content-Length (chunked) is
    counted as it arrives: the first chunk past the limit raises a 413 HTTPException in the
    handler reading the body, which FastAPI lets through to http_error."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                # uvicorn (h11) has checked that it is a number and delivers exactly that
                # many bytes.
                if int(value) > MAX_BODY_BYTES:
                    await _send_json_error(send, 413, TOO_LARGE)
                else:
                    await self.app(scope, receive, send)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise HTTPException(413, TOO_LARGE)
            return message

        await self.app(scope, limited_receive, send)


async def _send_json_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, separators=(",", ":")).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --- Errors as {"error": …} ---------------------------------------------------------------


class AllowedMethods:
    """Every method a path serves, for the `Allow` header of a 405. Starlette's 405 lists only
    the methods of the first route whose path matched; the Task API declares one route per
    operation, so a path such as /tasks/{id} has several. Built once from the router's routes
    (the application's own route list holds an included router as one opaque entry)."""

    def __init__(self, routes: list[BaseRoute]) -> None:
        self._routes = [(route.path_regex, route.methods) for route in routes if isinstance(route, APIRoute)]

    def of(self, path: str) -> str:
        methods: set[str] = set()
        for path_regex, route_methods in self._routes:
            if path_regex.match(path):
                methods |= route_methods
        return ", ".join(sorted(methods))


def http_error_handler(allowed: AllowedMethods) -> Callable[[Request, StarletteHTTPException], Coroutine[Any, Any, Response]]:
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = allowed.of(request.scope["path"])
        return JSONResponse({"error": str(error.detail)}, status_code=error.status_code, headers=headers)

    return http_error


async def validation_error(request: Request, error: RequestValidationError) -> Response:
    """FastAPI's 422 is the contract's 400: malformed JSON, not an object, wrong types,
    lengths, bad limit/offset."""
    return JSONResponse({"error": describe_validation_errors(error.errors())}, status_code=400)


def describe_validation_errors(errors: Any) -> str:
    messages = []
    for item in errors:
        location = [str(part) for part in item.get("loc", ())]
        if item.get("type") == "json_invalid":
            messages.append("request body is not valid JSON")
        elif location[:1] == ["body"] and len(location) == 1:
            messages.append(f"request body: {item.get('msg')}")
        else:
            messages.append(f"{'.'.join(location[1:]) or '.'.join(location)}: {item.get('msg')}")
    return "; ".join(messages) or "invalid request"


async def unexpected_error(request: Request, error: Exception) -> Response:
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return JSONResponse({"error": "internal server error"}, status_code=500)


def install(app: FastAPI, router: APIRouter) -> None:
    """JSON error handlers and the body limit for `app`, which serves `router`'s routes."""
    app.add_exception_handler(StarletteHTTPException, http_error_handler(AllowedMethods(router.routes)))  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected_error)
    app.add_middleware(BodySizeLimitMiddleware)
