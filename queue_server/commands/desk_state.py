"""Opening, pausing, resuming and closing a desk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..domain import desks as desk_rules
from ..domain.desks import DeskState
from ..domain.errors import InvalidRequest
from ..domain.events import JSON, DeskClosed, DeskEvent, DeskOpened, DeskPaused, DeskResumed, desk_view
from ..store import desks as desk_store
from ..store import tickets as ticket_store
from ..store.outbox import lock_office
from .context import Actor, CommandContext

PAUSE_REASONS = ("break", "lunch", "back_office", "training", "meeting", "technical", "other")


def _change(
    ctx: CommandContext,
    desk_id: str,
    decide: Callable[[DeskState, dt.datetime], DeskState],
    event: type[DeskEvent],
    *,
    actor: Actor,
    action: str,
    details: dict[str, Any] | None = None,
) -> JSON:
    """Load, decide, save, emit, log a staff member's action; returns the desk's view as the event carried it."""
    desk = ctx.desk(desk_id)
    with ctx.transaction() as tx:
        lock_office(tx.connection, desk.office)
        state = decide(desk_store.get(tx.connection, desk.id, desk.office), tx.now)
        desk_store.save(tx.connection, state)
        number = None
        if state.ticket is not None:
            current = ticket_store.by_id(tx.connection, state.ticket)
            number = current.number if current else None
        view = desk_view(desk, state, number)
        tx.emit(desk.office, event(view))
        if actor.kind == "staff":
            tx.audit(actor, action, office=desk.office, desk=desk.id, details=details)
        return view


def open_desk(ctx: CommandContext, desk_id: str, *, actor: Actor) -> JSON:
    return _change(
        ctx, desk_id, lambda s, now: desk_rules.open_desk(s, now, by=actor.name), DeskOpened, actor=actor, action="open"
    )


def pause_desk(ctx: CommandContext, desk_id: str, *, actor: Actor, reason: str) -> JSON:
    if reason not in PAUSE_REASONS:
        raise InvalidRequest(f"reason must be one of {', '.join(PAUSE_REASONS)}", field="reason")
    return _change(
        ctx,
        desk_id,
        lambda s, now: desk_rules.pause(s, now, reason=reason),
        DeskPaused,
        actor=actor,
        action="pause",
        details={"reason": reason},
    )


def resume_desk(ctx: CommandContext, desk_id: str, *, actor: Actor) -> JSON:
    return _change(ctx, desk_id, desk_rules.resume, DeskResumed, actor=actor, action="resume")


def close_desk(ctx: CommandContext, desk_id: str, *, actor: Actor) -> JSON:
    return _change(ctx, desk_id, desk_rules.close_desk, DeskClosed, actor=actor, action="close")
