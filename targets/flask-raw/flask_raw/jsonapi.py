"""The HTTP side of the contract: JSON in, JSON out, and every error as {"error": "..."}.

Flask and Werkzeug answer errors with HTML pages by default; the handlers installed here
turn every one of them (404, 405, 413, ...) and any unexpected exception into JSON.
This file is identical in targets/flask-raw and targets/flask-orm.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from .validation import InvalidInput

MAX_BODY_BYTES = 65536

_HTTP_ERROR_MESSAGES = {
    404: "route not found",
    405: "method not allowed",
    413: f"request body is larger than {MAX_BODY_BYTES} bytes",
}


class ApiError(Exception):
    """An error response the contract defines: status and a human-readable message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN, Infinity and -Infinity; JSON (RFC 8259) does not.
    raise ValueError(f"{name} is not valid JSON")


class CompactJSONProvider(DefaultJSONProvider):
    """Serialises the way JSON.stringify does: compact, keys in the order written, UTF-8
    text instead of \\u escapes, no trailing newline (Flask's default provider sorts keys,
    escapes non-ASCII and appends a newline)."""

    ensure_ascii = False
    sort_keys = False
    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return super().dumps(obj, **kwargs) if kwargs else self._encoder.encode(obj)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return json.loads(s, parse_constant=_reject_constant)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        obj = args[0] if len(args) == 1 and not kwargs else (list(args) or kwargs)
        return self._app.response_class(self._encoder.encode(obj), mimetype=self.mimetype)


def read_json_object() -> dict[str, Any]:
    """The request body of a POST or PUT as a JSON object: 415, 413 or 400 otherwise."""
    if request.mimetype != "application/json":  # parameters such as charset are allowed
        raise ApiError(415, "Content-Type must be application/json")
    raw = _read_body()
    try:
        body = current_app.json.loads(raw)
    except (ValueError, RecursionError):  # includes invalid UTF-8 and absurd nesting
        raise ApiError(400, "request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "request body must be a JSON object")
    return body


def _read_body() -> bytes:
    # Werkzeug answers a Content-Length above MAX_CONTENT_LENGTH with RequestEntityTooLarge
    # (413), but cuts a chunked body (no Content-Length) at the limit without an error; one
    # more byte from the server's stream tells whether the body really went past it.
    raw = request.get_data(cache=False)
    if len(raw) >= MAX_BODY_BYTES and request.content_length is None:
        if request.environ["wsgi.input"].read(1):
            raise RequestEntityTooLarge()
    return raw


_DRAIN_LIMIT_BYTES = 1 << 20


def _drain_request_body() -> None:
    # gunicorn's threaded worker answers before the client has finished sending an oversized
    # body; closing a socket with unread data makes the kernel reset it, and the client then
    # loses the 413. Reading (and dropping) the rest, up to a bound, lets the answer arrive.
    stream = request.environ.get("wsgi.input")
    remaining = _DRAIN_LIMIT_BYTES
    while stream is not None and remaining > 0:
        chunk = stream.read(min(65536, remaining))
        if not chunk:
            break
        remaining -= len(chunk)


def no_content() -> Response:
    """204 with neither body nor Content-Type."""
    response = current_app.response_class(status=204)
    del response.headers["Content-Type"]
    return response


def install(app: Flask) -> None:
    """Configure JSON serialisation, the body limit and JSON error handlers on the app."""
    app.json = CompactJSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(InvalidInput, _invalid_input)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def error_response(status: int, message: str, headers: dict[str, str] | None = None):
    return {"error": message}, status, headers or {}


def _api_error(error: ApiError):
    return error_response(error.status, error.message)


def _invalid_input(error: InvalidInput):
    return error_response(400, str(error))


def _http_error(error: HTTPException):
    status = error.code or 500
    headers = {}
    if isinstance(error, RequestEntityTooLarge):
        _drain_request_body()
        headers["Connection"] = "close"
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    message = _HTTP_ERROR_MESSAGES.get(status, error.name.lower())
    return error_response(status, message, headers)


def _unexpected_error(error: Exception):
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal server error")
