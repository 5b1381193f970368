"""One error shape for the whole API, mapped to a status in one place.

`{"error": {"code": "…", "message": "…", "details": {…}}}`. A client's
mistake is always a 4xx that says what is wrong; only a bug gives a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from ..domain.errors import (
    AccessDenied,
    AccountLocked,
    AlreadyExists,
    DomainError,
    InvalidRequest,
    InvalidTransition,
    NotAuthenticated,
    NotFound,
    Throttled,
    TooManyAttempts,
)
from ..store.storage_trouble import DATABASE_ERROR, detail, storage_trouble

log = logging.getLogger(__name__)

STATUS: dict[type[DomainError], int] = {
    InvalidRequest: 400,
    NotAuthenticated: 401,
    AccessDenied: 403,
    NotFound: 404,
    InvalidTransition: 409,
    AlreadyExists: 409,
    AccountLocked: 423,
    TooManyAttempts: 429,
}


class CsrfFailed(AccessDenied):
    """A change asked with the session cookie but without the page's CSRF token (HTTP 403).

    Only a page of this server can read the token (from its `<meta>` or the
    login's answer) and send it back as `X-CSRF-Token`; another site's form
    or script riding on the cookie cannot.
    """

    code = "csrf_failed"


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> tuple[Response, int]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    response = jsonify({"error": body})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="cherga"'
    return response, status


def status_of(error: DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz" or request.is_json


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def on_domain_error(error: DomainError) -> tuple[Response, int]:
        response, status = error_response(status_of(error), error.code, error.message, error.details)
        if isinstance(error, Throttled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response, status

    @app.errorhandler(HTTPException)
    def on_http_error(error: HTTPException) -> Any:
        if not _wants_json():
            return error
        code = (error.name or "error").lower().replace(" ", "_")
        response, status = error_response(error.code or 500, code, error.description or error.name)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:  # a 405 must say what the path serves
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return response, status

    @app.errorhandler(Exception)
    def on_unexpected(error: Exception) -> Any:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal", "internal server error; the log has the details")

    @app.errorhandler(DATABASE_ERROR)
    def on_storage_error(error: Exception) -> Any:
        """A full disk, a read-only file or a failing disk: 503 and one log line, and it passes by itself."""
        trouble = storage_trouble(error)
        if trouble is None:
            return on_unexpected(error)
        log.error("%s %s refused with 503 %s: %s", request.method, request.path, trouble.code, detail(error))
        response, status = error_response(503, trouble.code, trouble.message)
        response.headers["Retry-After"] = str(trouble.retry_after)
        return response, status
