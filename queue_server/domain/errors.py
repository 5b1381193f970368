"""Domain errors: one hierarchy, so adapters map each kind to one HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses; `code` is stable and machine readable."""

    code = "domain_error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    """The named office, service, desk or ticket does not exist."""

    code = "not_found"


class InvalidTransition(DomainError):
    """The action does not fit the ticket's or desk's present state (HTTP 409)."""

    code = "invalid_state"


class InvalidRequest(DomainError):
    """The request is well formed but its values are not acceptable (HTTP 422)."""

    code = "invalid_request"


class NotAuthenticated(DomainError):
    """No valid credentials came with the request (HTTP 401)."""

    code = "not_authenticated"


class AccessDenied(DomainError):
    """The actor is known but may not do this, or not in this office (HTTP 403)."""

    code = "forbidden"


class AlreadyExists(DomainError):
    """A user name or device name is taken (HTTP 409)."""

    code = "already_exists"
