"""The call-next policy: which waiting ticket a desk takes now.

`choose_next` is a function of its arguments only: it reads no settings,
runs no query and never reads the clock, so the commands layer can call it
inside its transaction and a simulator can replay an office-day with it.

Classes, highest first (the first class with an eligible ticket wins):

1. an appointment due now: the office promised this visitor a time;
2. a ticket sent to this desk by a transfer: the visitor was served once
   already and keeps the place their time of issue gives them;
3. a ticket escalated past its target wait: the promise to every visitor
   outranks a desk's preferences;
4. priority and regular visitors, sharing the desk by `priority_share`.

Within classes 2 and 4 the largest weighted wait goes first, so a desk
prefers its main services. Within the escalated class plain waiting time
decides: weights are exactly what escalation must override, and ordering it
by weight would let an overloaded favourite service keep an escalated
low-weight ticket waiting for ever.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .model import DeskId, DeskProfile, QueueRules, Service, ServiceCode
from .tickets import Ticket
from .visit_steps import step_fits


def eligible(
    profile: DeskProfile, waiting: Sequence[Ticket], *, desk: DeskId, configured: str | None = None
) -> list[Ticket]:
    """The tickets `desk` may call, in the order given.

    A held ticket is passed by (only the desk holding it brings it back), and
    so is a remote ticket whose visitor has not confirmed being at the
    office (it keeps its place until they do); a ticket transferred to a desk by name belongs to that desk alone, whatever
    its service; any other ticket goes to the desks whose profile serves its
    current step (and is one the step names, if it names any: `configured`
    is the desk's configured profile when `profile` is a change of the day).
    """
    return [
        ticket
        for ticket in waiting
        if ticket.is_callable
        and not ticket.awaits_arrival
        and (
            ticket.target_desk == desk
            or (ticket.target_desk is None and step_fits(ticket.current_step, profile, configured))
        )
    ]


def is_due(ticket: Ticket, now: dt.datetime, rules: QueueRules) -> bool:
    """An appointment counts from `appointment_window` before its time.

    So the visitor is called as they arrive rather than a minute late; an
    appointment further off waits like any walk-in.
    """
    return ticket.appointment_at is not None and ticket.appointment_at <= now + rules.appointment_window


def is_escalated(
    ticket: Ticket, now: dt.datetime, services: Mapping[ServiceCode, Service], rules: QueueRules
) -> bool:
    """The ticket has waited more than `escalation_factor` target waits.

    The wait is the current step's: a visitor sent on to a second step has
    been in the office long, but the promise is about each wait.

    A factor of zero or less switches escalation off. A service missing from
    `services` has no known target, so its tickets never escalate.
    """
    if rules.escalation_factor <= 0:
        return False
    service = services.get(ticket.service)
    if service is None:
        return False
    return now - ticket.waiting_since > service.target_wait * rules.escalation_factor


def priority_turn(recent_calls: Sequence[bool], share: float) -> bool:
    """Whether the next call goes to a priority visitor while both kinds wait.

    The rule, with `c` the number of True in `recent_calls` and `n` its
    length (the caller trims it to the window):

        share <= 0                     -> False (regulars first, always)
        recent_calls is empty          -> True  (the desk's first call)
        otherwise                      -> (c + 1) / (n + 1) <= share

    That is, a priority visitor is called when the share of priority calls,
    counting this one, would not exceed `share`. With a full window of `W`
    calls and both kinds always waiting, every run of W + 1 consecutive calls
    (after the first call) then holds exactly k = floor(share * (W + 1))
    priority calls, so the long-run fraction is k / (W + 1), less than
    1 / (W + 1) below `share`; share 1 means priority always first.
    """
    if share <= 0:
        return False
    if not recent_calls:
        return True
    return (sum(recent_calls) + 1) / (len(recent_calls) + 1) <= share


def weighted_wait(
    profile: DeskProfile, ticket: Ticket, now: dt.datetime, boost: dt.timedelta = dt.timedelta(0)
) -> float:
    """Seconds waited times the desk's weight for the service.

    The wait counts from the ticket's issue, so a visitor sent on to the
    next step of a visit keeps the place their issue gave them; a visit in
    progress gets `boost` on top. A ticket transferred to this desk for a
    service outside its profile counts with weight 1.0: the profile says
    nothing about it, and a weight of zero would freeze it at the bottom of
    its class.
    """
    weight = profile.weight(ticket.service) if profile.serves(ticket.service) else 1.0
    waited = now - ticket.issued_at + (boost if ticket.in_progress else dt.timedelta(0))
    return waited.total_seconds() * weight


def _most_weighted(
    profile: DeskProfile, tickets: Sequence[Ticket], now: dt.datetime, boost: dt.timedelta = dt.timedelta(0)
) -> Ticket:
    """The largest weighted wait; ties by earliest issue, then smallest id."""
    return min(tickets, key=lambda ticket: (-weighted_wait(profile, ticket, now, boost), ticket.issued_at, ticket.id))


def _longest_waiting(tickets: Sequence[Ticket]) -> Ticket:
    """The earliest issued; ties by smallest id (the kiosk's order)."""
    return min(tickets, key=lambda ticket: (ticket.issued_at, ticket.id))


def choose_next(
    profile: DeskProfile,
    waiting: Sequence[Ticket],
    now: dt.datetime,
    *,
    desk: DeskId,
    services: Mapping[ServiceCode, Service],
    rules: QueueRules,
    recent_calls: Sequence[bool] = (),
    configured: str | None = None,
) -> Ticket | None:
    """The ticket `desk` should call now, or None when nobody waits for it.

    `waiting` is the office's waiting tickets (held ones and ones sent to
    other desks included: they are filtered out here). `recent_calls` says,
    for the desk's latest calls, newest last, whether each went to a
    priority visitor; only the last `rules.priority_window` count.

    The result is always one of `eligible(profile, waiting, desk=desk, configured=configured)`, and
    None only when that is empty: a desk never idles while someone it may
    serve waits, whatever the share. That two desks never get the same
    ticket is the caller's part: it calls under the office lock and saves
    the called ticket before the next desk chooses.
    """
    candidates = eligible(profile, waiting, desk=desk, configured=configured)
    if not candidates:
        return None
    due = [ticket for ticket in candidates if is_due(ticket, now, rules)]
    if due:
        return min(due, key=lambda ticket: (ticket.appointment_at, ticket.issued_at, ticket.id))
    sent_here = [ticket for ticket in candidates if ticket.target_desk == desk]
    if sent_here:
        return _most_weighted(profile, sent_here, now, rules.visit_boost)
    escalated = [ticket for ticket in candidates if is_escalated(ticket, now, services, rules)]
    if escalated:
        return _longest_waiting(escalated)
    priority = [ticket for ticket in candidates if ticket.priority is not None]
    regular = [ticket for ticket in candidates if ticket.priority is None]
    if priority and regular:
        # recent_calls[-0:] would be the whole list, hence the guard
        window = list(recent_calls)[-rules.priority_window :] if rules.priority_window > 0 else []
        chosen = priority if priority_turn(window, rules.priority_share) else regular
        return _most_weighted(profile, chosen, now, rules.visit_boost)
    return _most_weighted(profile, priority or regular, now, rules.visit_boost)
