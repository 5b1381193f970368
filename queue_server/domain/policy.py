"""The call-next policy: which waiting ticket a desk takes now.

A pure function of its arguments (see `choose_next`): no settings read, no
query, no clock. Classes, highest first: appointments due now, tickets sent
to this desk by a transfer, tickets escalated past their target wait, then
priority and regular visitors sharing the desk by the configured share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .model import DeskId, DeskProfile, QueueRules, Service, ServiceCode
from .tickets import Ticket


def eligible(profile: DeskProfile, waiting: Sequence[Ticket], *, desk: DeskId) -> list[Ticket]:
    """Callable tickets this desk may take: its services, or sent to it by name."""
    return [
        ticket
        for ticket in waiting
        if ticket.is_callable
        and (
            ticket.target_desk == desk
            or (ticket.target_desk is None and profile.serves(ticket.service))
        )
    ]


def _weighted_wait(profile: DeskProfile, ticket: Ticket, now: dt.datetime) -> float:
    weight = profile.weight(ticket.service) or 1.0
    return (now - ticket.issued_at).total_seconds() * weight


def _first(profile: DeskProfile, tickets: Sequence[Ticket], now: dt.datetime) -> Ticket:
    """The largest weighted wait; ties by earliest issue, then smallest id."""
    return min(tickets, key=lambda t: (-_weighted_wait(profile, t, now), t.issued_at, t.id))


def _is_due(ticket: Ticket, now: dt.datetime, rules: QueueRules) -> bool:
    return ticket.appointment_at is not None and ticket.appointment_at <= now + rules.appointment_window


def _is_escalated(
    ticket: Ticket, now: dt.datetime, services: Mapping[ServiceCode, Service], rules: QueueRules
) -> bool:
    if rules.escalation_factor <= 0:
        return False
    service = services.get(ticket.service)
    if service is None:
        return False
    return now - ticket.issued_at > service.target_wait * rules.escalation_factor


def priority_turn(recent_calls: Sequence[bool], share: float) -> bool:
    """Whether the next call goes to a priority visitor while both kinds wait.

    It does when the share of priority calls among the desk's recent calls is
    below `share` (no recent call counts as a share of 0). With share 0
    regular visitors always go first, with share 1 priority visitors always
    do; in between the long-run fraction of priority calls tends to `share`,
    and the first call of the day goes to a priority visitor.
    """
    if share <= 0:
        return False
    if share >= 1 or not recent_calls:
        return True
    return sum(recent_calls) / len(recent_calls) < share


def choose_next(
    profile: DeskProfile,
    waiting: Sequence[Ticket],
    now: dt.datetime,
    *,
    desk: DeskId,
    services: Mapping[ServiceCode, Service],
    rules: QueueRules,
    recent_calls: Sequence[bool] = (),
) -> Ticket | None:
    """The ticket `desk` should call now, or None when nobody waits for it.

    `recent_calls` says, for the desk's latest calls (oldest first), whether
    each went to a priority visitor. Within a class the ticket with the
    largest weighted wait goes first, so with equal weights the
    longest-waiting one does; no class starves another forever because a
    waiting ticket escalates once it passes its target wait.
    """
    candidates = eligible(profile, waiting, desk=desk)
    if not candidates:
        return None
    due = [t for t in candidates if _is_due(t, now, rules)]
    if due:
        return min(due, key=lambda t: (t.appointment_at, t.issued_at, t.id))
    for_this_desk = [t for t in candidates if t.target_desk == desk]
    if for_this_desk:
        return _first(profile, for_this_desk, now)
    escalated = [t for t in candidates if _is_escalated(t, now, services, rules)]
    if escalated:
        return _first(profile, escalated, now)
    priority = [t for t in candidates if t.priority is not None]
    regular = [t for t in candidates if t.priority is None]
    if priority and regular:
        window = list(recent_calls)[-rules.priority_window :] if rules.priority_window > 0 else []
        chosen = priority if priority_turn(window, rules.priority_share) else regular
        return _first(profile, chosen, now)
    return _first(profile, priority or regular, now)
