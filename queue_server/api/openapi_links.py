"""OpenAPI links: how one operation's answer feeds the next, as a client works through a day.

An issued ticket is read by its token, rated, cancelled, moved or called
out of turn; an opened desk calls the next visitor; a called ticket is
started, recalled, held, transferred, finished or marked a no-show; a held
one comes back; a registered device is revoked; a booking is read by its
token, cancelled, or checked in with its code. A client generator reads
these (schemathesis' stateful phase follows them), and a reader sees the
workflow in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    name: str
    source: tuple[str, str]  # (method, path without /api/v1) whose 2xx answer feeds it
    target: tuple[str, str]
    parameters: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    description: str = ""


SAME_DESK = {"desk_id": "$request.path.desk_id"}
THE_TICKET = {"ticket": "$response.body#/id"}
ISSUE = ("POST", "/offices/{office}/tickets")
ISSUED = {"office": "$request.path.office", "ticket_id": "$response.body#/id"}
CALLED = ("POST", "/desks/{desk_id}/call-next")
DESK_OPENED = ("POST", "/desks/{desk_id}/open")
BOOK = ("POST", "/appointments")
BOOKED = {"token": "$response.body#/token"}


def _desk_step(source: tuple[str, str], action: str, body: dict[str, Any] | None = None) -> Link:
    return Link(
        name=action.replace("-", "_"),
        source=source,
        target=("POST", f"/desks/{{desk_id}}/{action}"),
        parameters=SAME_DESK,
        body=body if body is not None else THE_TICKET,
        description=f"{action} the ticket this answer is about, at the same desk",
    )


LINKS: tuple[Link, ...] = (
    Link("office", ("GET", "/offices"), ("GET", "/offices/{office}"), {"office": "$response.body#/0/code"}),
    Link("services", ("GET", "/offices"), ("GET", "/offices/{office}/services"), {"office": "$response.body#/0/code"}),
    Link("queue", ("GET", "/offices/{office}"), ("GET", "/offices/{office}/queue"), {"office": "$response.body#/code"}),
    Link("desks", ("GET", "/offices/{office}"), ("GET", "/offices/{office}/desks"), {"office": "$response.body#/code"}),
    Link(
        "wait",
        ("GET", "/offices/{office}/services"),
        ("GET", "/offices/{office}/services/{service}/wait"),
        {"office": "$request.path.office", "service": "$response.body#/0/code"},
    ),
    Link(
        "issue",
        ("GET", "/offices/{office}/services"),
        ISSUE,
        {"office": "$request.path.office"},
        {"service": "$response.body#/0/code", "print": False},
        "take a ticket for the office's first service",
    ),
    Link(
        "open_desk",
        ("GET", "/offices/{office}/desks"),
        DESK_OPENED,
        {"desk_id": "$response.body#/0/id"},
        {},
        "open the office's first desk",
    ),
    Link("status", ISSUE, ("GET", "/tickets/{token}"), {"token": "$response.body#/token"}, None, "the ticket's page"),
    Link("rate", ISSUE, ("POST", "/tickets/{token}/rating"), {"token": "$response.body#/token"}),
    Link("cancel", ISSUE, ("POST", "/offices/{office}/tickets/{ticket_id}/cancel"), ISSUED),
    Link(
        "move",
        ISSUE,
        ("POST", "/offices/{office}/tickets/{ticket_id}/move"),
        ISSUED,
        {"service": None, "desk": None, "reason": "moved by the supervisor"},
        "back to any desk of its service",
    ),
    Link("cancel_with_reason", ISSUE, ("POST", "/offices/{office}/tickets/{ticket_id}/cancel"), ISSUED, {"reason": "left"}),
    Link(
        "call_next",
        DESK_OPENED,
        CALLED,
        SAME_DESK,
        {},
        "the opened desk calls the next visitor",
    ),
    Link("today", DESK_OPENED, ("GET", "/desks/{desk_id}/today"), SAME_DESK),
    Link("pause", DESK_OPENED, ("POST", "/desks/{desk_id}/pause"), SAME_DESK, {"reason": "break"}),
    Link("close", DESK_OPENED, ("POST", "/desks/{desk_id}/close"), SAME_DESK, {}),
    Link("resume", ("POST", "/desks/{desk_id}/pause"), ("POST", "/desks/{desk_id}/resume"), SAME_DESK, {}),
    *(_desk_step(CALLED, action) for action in ("start", "recall", "no-show", "hold", "finish")),
    _desk_step(CALLED, "transfer", {"ticket": "$response.body#/id", "service": "$response.body#/service", "desk": None, "note": None}),
    _desk_step(("POST", "/desks/{desk_id}/start"), "finish"),
    _desk_step(("POST", "/desks/{desk_id}/hold"), "return"),
    _desk_step(("POST", "/desks/{desk_id}/return"), "start"),
    Link("next_after_finish", ("POST", "/desks/{desk_id}/finish"), CALLED, SAME_DESK, {}),
    Link("revoke", ("POST", "/devices"), ("POST", "/devices/{device_id}/revoke"), {"device_id": "$response.body#/id"}, {}),
    Link("devices", ("POST", "/devices"), ("GET", "/devices"), {"query.office": "$response.body#/office"}),
    Link("dashboard", ("GET", "/dashboard"), ("GET", "/dashboard/{office}"), {"office": "$response.body#/offices/0/office"}),
    Link(
        "board",
        ("GET", "/offices/{office}/boards"),
        ("GET", "/offices/{office}/boards/{board}"),
        {"office": "$request.path.office", "board": "$response.body#/0/code"},
    ),
    Link("booking", BOOK, ("GET", "/appointments/{token}"), BOOKED, None, "the booking's manage page"),
    Link("cancel_booking", BOOK, ("POST", "/appointments/{token}/cancel"), BOOKED),
    Link(
        "check_in",
        BOOK,
        ("POST", "/offices/{office}/check-ins"),
        {"office": "$response.body#/office"},
        {"code": "$response.body#/code", "print": False},
        "the visitor arrives and types the booking's code",
    ),
)


def links_from(method: str, path: str, operation_id: Any) -> dict[str, Any]:
    """The links of an operation's 2xx answers, by name (`operation_id(method, path)` names the target)."""
    found: dict[str, Any] = {}
    for link in LINKS:
        if link.source != (method, path):
            continue
        entry: dict[str, Any] = {"operationId": operation_id(*link.target), "parameters": dict(link.parameters)}
        if link.body is not None:
            entry["requestBody"] = link.body
        if link.description:
            entry["description"] = link.description
        found[link.name] = entry
    return found
