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


class WrittenElsewhere(InvalidTransition):
    """The office's queue is written by another server: its office node, or the centre after a release (HTTP 409).

    One writer per office is what keeps numbers and `seq` unique; the message
    names where the office is served, so a misdirected device or person knows
    where to go.
    """

    code = "office_on_node"


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


class Throttled(DomainError):
    """Too many attempts: the caller may try again after `retry_after` seconds."""

    code = "throttled"

    def __init__(self, message: str, *, retry_after: int, **details: object) -> None:
        super().__init__(message, retry_after=retry_after, **details)
        self.retry_after = retry_after


class AccountLocked(Throttled):
    """Too many failed logins of one account: even the right password waits (HTTP 423)."""

    code = "account_locked"


class TooManyAttempts(Throttled):
    """Too many failed logins from one address, whatever the accounts (HTTP 429)."""

    code = "too_many_attempts"
