"""The audit log, for reading only: there is no operation that changes or deletes an entry."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from ..commands.access import AUDIT_READER, OfficeFrom
from ..commands.context import Actor
from ..reads.audit import AuditFilter, read_audit
from .actors import command_context
from .parameters import AuditQuery
from .registry import operation

blueprint = Blueprint("audit_api", __name__)
TAG = "audit"
RESPONSES = {
    200: "Entries, newest first",
    400: "A malformed filter",
    401: "No token",
    403: "Not a supervisor of the office, a manager or an admin",
    404: "Unknown office",
}


def audit_filter(query: AuditQuery) -> AuditFilter:
    return AuditFilter(
        since=query.since, until=query.until, actor=query.actor, action=query.action, before=query.before, limit=query.limit
    )


@operation(
    blueprint,
    "/offices/<office>/audit",
    "GET",
    summary="The office's audit log: every staff action with who, what, where, when and from which address",
    tag=TAG,
    auth=AUDIT_READER,  # who has no token learns nothing, not even whether the office exists
    responses=RESPONSES,
    query=AuditQuery,
)
def office_audit(office: str, actor: Actor, query: AuditQuery) -> Any:
    return jsonify(read_audit(command_context(), office, audit_filter(query), actor=actor))


@operation(
    blueprint,
    "/audit",
    "GET",
    summary="The whole network's audit log, entries of no office included (failed logins of unknown names, managers' logins)",
    tag=TAG,
    auth=AUDIT_READER.at(OfficeFrom.NONE),
    responses={**RESPONSES, 403: "Not a manager or an admin"},
    query=AuditQuery,
)
def network_audit(actor: Actor, query: AuditQuery) -> Any:
    return jsonify(read_audit(command_context(), None, audit_filter(query), actor=actor))
