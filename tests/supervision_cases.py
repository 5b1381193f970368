"""Small helpers shared by the supervisor commands' tests (office alpha of the test network)."""

from __future__ import annotations

from queue_server.commands.issuing import issue_ticket
from queue_server.store import audit as audit_store


def issue(ctx, kiosk, service="passport", **kwargs):
    return issue_ticket(ctx, "alpha", service, actor=kiosk, **kwargs).ticket


def audit(ctx, action):
    with ctx.reading() as conn:
        return audit_store.entries(conn, "alpha", action=action)


def desk_of(snapshot, desk_id):
    return next(desk for desk in snapshot["desks"] if desk["id"] == desk_id)
