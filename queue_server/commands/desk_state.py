"""Opening, pausing, resuming, closing and taking over a desk.

A desk open by one member of staff is theirs: the others pause, resume or
close it only after an explicit take-over, which is audited and announced
(`desk.taken_over`) so the console that had it learns it lost the desk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..domain import desks as desk_rules
from ..domain.desks import DeskState
from ..domain.errors import InvalidRequest
from ..domain.events import (
    DeskClosed,
    DeskEvent,
    DeskOpened,
    DeskPaused,
    DeskResumed,
    DeskTakenOver,
)
from ..domain.views import DeskView
from ..store import desks as desk_store
from ..store import tickets as ticket_store
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
) -> DeskView:
    """Load, decide, save, emit, log a staff member's action; returns the desk's view as the event carried it.

    The desk must be the actor's own, or nobody's (see `desks.require_holder`).
    """
    desk = ctx.desk(desk_id)
    with ctx.transaction(office=desk.office) as tx:
        before = desk_store.get(tx.connection, desk.id, desk.office)
        desk_rules.require_holder(before, actor.name, action + " it")
        state = decide(before, tx.now)
        desk_store.save(tx.connection, state)
        number = None
        if state.ticket is not None:
            current = ticket_store.by_id(tx.connection, state.ticket)
            number = current.number if current else None
        view = DeskView.of(desk, state, number)
        tx.emit(desk.office, event(view))
        tx.audit(actor, action, office=desk.office, desk=desk.id, details=details)
        return view


def open_desk(ctx: CommandContext, desk_id: str, *, actor: Actor) -> DeskView:
    return _change(
        ctx, desk_id, lambda s, now: desk_rules.open_desk(s, now, by=actor.name), DeskOpened, actor=actor, action="open"
    )


def pause_desk(ctx: CommandContext, desk_id: str, *, actor: Actor, reason: str) -> DeskView:
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


def resume_desk(ctx: CommandContext, desk_id: str, *, actor: Actor) -> DeskView:
    return _change(ctx, desk_id, desk_rules.resume, DeskResumed, actor=actor, action="resume")


def close_desk(ctx: CommandContext, desk_id: str, *, actor: Actor) -> DeskView:
    return _change(ctx, desk_id, desk_rules.close_desk, DeskClosed, actor=actor, action="close")



def take_over_desk(ctx: CommandContext, desk_id: str, *, actor: Actor) -> DeskView:
    """Take over a desk another member of staff has open: its visitor and break come with it.

    For the colleague who went home with the desk open, or a supervisor's
    rearrangement: audited (`take_over`, with who had it) and announced as
    `desk.taken_over`, so the console that had it stops working it. The
    visitor at the desk is now served by the one who took it over, so the
    day's figures credit who really serves them.
    """
    desk = ctx.desk(desk_id)
    with ctx.transaction(office=desk.office) as tx:
        conn = tx.connection
        before = desk_store.get(conn, desk.id, desk.office)
        state = desk_rules.take_over(before, by=actor.name)
        desk_store.save(conn, state)
        current = ticket_store.by_id(conn, state.ticket) if state.ticket is not None else None
        if current is not None:
            ticket_store.save(conn, replace(current, served_by=actor.name))
        view = DeskView.of(desk, state, current.number if current else None)
        tx.emit(desk.office, DeskTakenOver(view))
        tx.audit(
            actor, "take_over", office=desk.office, desk=desk.id,
            ticket=current.id if current else None, ticket_number=current.number if current else None,
            details={"from": before.operator},
        )  # fmt: skip
        return view
