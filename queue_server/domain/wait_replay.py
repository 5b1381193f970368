"""When each waiting ticket will be called: the office's desks replayed forward by the call-next policy.

A desk serves many services, with weights, priorities, appointments and
escalation deciding whom it calls (`policy.py`); the visitors of the other
services it calls in between are part of every ticket's wait. Dividing a
service's own queue among the desks that serve it leaves them out, and the
waits run longer than announced as the queues build. So the estimate plays
the office's desks forward instead: each open desk becomes free when its
current visitor is expected to be done (or now, when it is free), calls
whom `policy.choose_next` chooses among the tickets waiting, is busy for
that service's time at the office's recent pace (`durations`), and calls
again. A ticket's wait is the moment a desk calls it.

Visitors still to come are left out: a priority visitor, or one of a
service a desk prefers, who comes later may still be called first (adding
them at the office's recent pace of arrivals made the figures worse in the
day simulator, docs/simulate.md).

What a ticket taken now would face (the kiosk's figure before it prints,
the network's live waits) is asked as a *probe*: a plain ticket of the
service issued now, that takes no desk time, so the probes of every
service of an office are answered in one replay and change nothing of
each other's figure or of the real tickets'.

Pure: it reads no clock and no store. A plain ticket (one step, no
appointment, no transfer, not remote) competes with the others of its
service and priority only by its time of issue, so of each such group only
the first is a candidate (the same fact `store.tickets.call_candidates`
rests on); the rest follow as (issued_at, id) pairs and the replay costs a
few candidates per call, however long the queue. It stops after `limit`
calls; a ticket not reached by then is given the work left ahead of it,
shared among the desks by the services they serve (`_beyond`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import Counter, deque
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .model import DeskId, DeskProfile, Office, OfficeCode, QueueRules, Service, ServiceCode, TicketId
from .policy import choose_next, eligible
from .tickets import Ticket, TicketStatus

# A group of plain tickets: their service and priority category (None: a regular visitor).
GroupKey = tuple[ServiceCode, str | None]

MAX_CALLS = 150  # calls replayed at most; a queue longer than that is finished by the work left (`_beyond`)
PROBE_ID = 1 << 62  # probes sort after every real ticket issued at the same moment


@dataclass(frozen=True)
class DeskAhead:
    """An open desk as the replay sees it: whom it may call, and from when."""

    id: DeskId
    profile: DeskProfile  # the profile it works by today
    free_at: dt.datetime  # now when free; else when its current visitor is expected to be done
    configured: str | None = None  # its configured profile's code, when `profile` is a change of the day
    recent_calls: tuple[bool, ...] = ()  # whether each of its latest calls went to a priority visitor, newest last


@dataclass(frozen=True)
class Queue:
    """The office's callable tickets, as the replay takes them.

    `candidates` are the call candidates (`store.tickets.call_candidates`):
    the first of each group of plain tickets and every other callable
    ticket; `behind` the rest of each group, in order of issue.
    """

    candidates: Sequence[Ticket]
    behind: Mapping[GroupKey, Sequence[tuple[dt.datetime, TicketId]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Forecast:
    """The replay's answers: when each wanted ticket and each probe's service is called (None: by no open desk)."""

    tickets: Mapping[TicketId, dt.datetime | None]
    probes: Mapping[ServiceCode, dt.datetime | None]


def desks_ahead(
    office: Office,
    profiles: Mapping[DeskId, DeskProfile],
    open_desks: Collection[DeskId],
    at_desks: Mapping[DeskId, tuple[ServiceCode, dt.datetime]],
    durations: Mapping[ServiceCode, dt.timedelta],
    now: dt.datetime,
) -> list[DeskAhead]:
    """The office's open desks, each free now or when its visitor's service is expected to end (from the call).

    A visitor kept longer than their service's time is taken to be about
    done: the desk is free now. The desks' latest calls are not read: each
    starts the replay with its priority share afresh (`recent_calls` empty).
    """
    found = []
    for desk in office.desks:
        if desk.id not in open_desks:
            continue
        free_at = now
        if desk.id in at_desks:
            service, called_at = at_desks[desk.id]
            free_at = max(now, called_at + durations.get(service, dt.timedelta(0)))
        profile = profiles.get(desk.id, desk.profile)
        found.append(DeskAhead(desk.id, profile, free_at, configured=desk.profile.code))
    return found


def is_plain(ticket: Ticket) -> bool:
    """One step, no appointment, no transfer to a desk, not remote: ordered in its group by its issue alone."""
    return (
        len(ticket.steps) == 1
        and ticket.package is None
        and ticket.appointment_at is None
        and ticket.target_desk is None
        and not ticket.remote
    )


def _plain(ticket_id: TicketId, service: ServiceCode, priority: str | None, issued_at: dt.datetime) -> Ticket:
    """A plain ticket the replay makes up: a probe."""
    return Ticket(
        id=ticket_id, office=OfficeCode(""), token="", number="", service=service,
        status=TicketStatus.WAITING, issued_at=issued_at, priority=priority,
    )  # fmt: skip


def call_times(
    desks: Sequence[DeskAhead],
    queue: Queue,
    now: dt.datetime,
    durations: Mapping[ServiceCode, dt.timedelta],
    *,
    services: Mapping[ServiceCode, Service],
    rules: QueueRules,
    wanted: Sequence[Ticket] = (),
    probes: Collection[ServiceCode] = (),
    limit: int = MAX_CALLS,
) -> Forecast:
    """When the `wanted` tickets, and a ticket of each of `probes` issued now, will be called.

    A wanted ticket on hold (not in `queue`), or remote and not yet at the
    office, is replayed as if callable now: its figure says when it would
    be called once it may be. `durations` is each service's time at a desk (a service missing takes
    none: give every service that waits). A ticket no open desk may call,
    or a probe no open desk serves, is None.
    """
    pool: list[Ticket] = list(queue.candidates)
    rest: dict[GroupKey, deque[tuple[dt.datetime, TicketId]]] = {key: deque(pairs) for key, pairs in queue.behind.items() if pairs}
    heads: dict[GroupKey, Ticket] = {(ticket.service, ticket.priority): ticket for ticket in pool if is_plain(ticket)}
    known = {ticket.id for ticket in pool} | {ticket_id for pairs in rest.values() for _, ticket_id in pairs}
    for ticket in wanted:
        if ticket.id not in known:  # on hold: an extra candidate, ordered by the policy like any
            pool.append(replace(ticket, held_by=None, arrived_at=ticket.arrived_at or now))
        elif ticket.awaits_arrival:  # remote, not at the office yet: when it would be called once there
            pool = [replace(found, arrived_at=now) if found.id == ticket.id else found for found in pool]
    probe_tickets = {TicketId(PROBE_ID + index): service for index, service in enumerate(sorted(set(probes)))}
    for probe_id, service in probe_tickets.items():
        _join(pool, heads, rest, (service, None), now, probe_id)  # the last of its group: behind every regular ticket of its service
    waiting_probes = _Probes(probe_tickets, desks, now, services, rules)
    waiting_probes.join(pool)
    answers: dict[TicketId, dt.datetime | None] = {}
    wanted_left = {ticket.id for ticket in wanted}
    probes_left = set(probe_tickets)
    window = rules.priority_window
    recent = {desk.id: list(desk.recent_calls)[-window:] if window > 0 else [] for desk in desks}
    by_id = {desk.id: desk for desk in desks}
    # what each desk may call is among the tickets of the services it serves (and those sent to it by name):
    # only these go to the policy, which checks them in full (`policy.eligible`)
    served = {desk.id: frozenset(service for service, weight in desk.profile.weights.items() if weight > 0) for desk in desks}
    schedule = [(desk.free_at if desk.free_at > now else now, order, desk.id) for order, desk in enumerate(desks)]
    heapq.heapify(schedule)
    calls = 0
    while schedule and (wanted_left or probes_left) and calls < limit:
        moment, order, desk_id = heapq.heappop(schedule)
        desk = by_id[desk_id]
        mine = served[desk_id]
        chosen: Ticket | None = None
        its = [
            found for found in pool
            if found.id < PROBE_ID and (found.target_desk == desk_id or (found.target_desk is None and found.service in mine))
        ]  # fmt: skip
        while True:
            probe = waiting_probes.best(desk_id, moment)
            chosen = choose_next(
                desk.profile, its + [probe] if probe else its, moment, desk=desk.id, services=services, rules=rules,
                recent_calls=recent[desk.id], configured=desk.configured,
            )  # fmt: skip
            if chosen is None or chosen.id not in probe_tickets:
                break
            answers[chosen.id] = moment  # a probe takes no desk time: the desk calls on
            probes_left.discard(chosen.id)
            waiting_probes.take(chosen)
            _take(pool, heads, rest, chosen)
        if chosen is None:  # nobody it may call is left: idle for good
            continue
        if chosen.id in wanted_left:
            answers[chosen.id] = moment
            wanted_left.discard(chosen.id)
        _take(pool, heads, rest, chosen)
        waiting_probes.join(pool[-1:])  # the next of the group, when a probe
        if window > 0:
            recent[desk.id] = (recent[desk.id] + [chosen.priority is not None])[-window:]
        heapq.heappush(schedule, (moment + durations.get(chosen.service, dt.timedelta(0)), order, desk_id))
        calls += 1
    free = {desk_id: moment for moment, _, desk_id in schedule}
    left = _beyond(desks, pool, rest, free, durations, wanted_left | probes_left, calls >= limit)
    answers.update(left)
    return Forecast(
        tickets={ticket.id: answers.get(ticket.id) for ticket in wanted},
        probes={service: answers.get(probe_id) for probe_id, service in probe_tickets.items()},
    )


class _Probes:
    """The probes first of their group, and the one the policy would take first at each desk.

    Probes are plain regular tickets issued at the same moment, so the
    policy orders them as `policy.py` says: an escalated one first (all
    issued alike: the smallest id), else the largest weighted wait (all
    having waited alike: the desk's largest weight), then the smallest id.
    The policy is offered only that one beside the real tickets: if it
    loses, every probe does; if it wins, it is answered and the next is
    offered. So a replay with a probe for every service of an office costs
    about what one with a single probe does.
    """

    def __init__(self, probes: Mapping[TicketId, ServiceCode], desks: Sequence[DeskAhead], now: dt.datetime, services: Mapping[ServiceCode, Service], rules: QueueRules) -> None:
        self.first: dict[TicketId, Ticket] = {}  # the probes no regular ticket of their service is ahead of
        self.answered: set[TicketId] = set()
        self.escalates = {  # `policy.is_escalated`, for a ticket issued now
            probe: now + services[service].target_wait * rules.escalation_factor
            for probe, service in probes.items()
            if rules.escalation_factor > 0 and service in services
        }
        self.soonest = min(self.escalates.values(), default=None)
        self.by_weight: dict[DeskId, deque[TicketId]] = {}
        self.by_id: dict[DeskId, list[TicketId]] = {}
        for desk in desks:
            mine = [probe for probe in sorted(probes) if desk.profile.serves(probes[probe])]
            self.by_weight[desk.id] = deque(sorted(mine, key=lambda probe: (-desk.profile.weight(probes[probe]), probe)))
            self.by_id[desk.id] = [probe for probe in mine if probe in self.escalates]

    def join(self, tickets: Sequence[Ticket]) -> None:
        for ticket in tickets:
            if ticket.id >= PROBE_ID:
                self.first[ticket.id] = ticket

    def take(self, probe: Ticket) -> None:
        del self.first[probe.id]
        self.answered.add(probe.id)

    def best(self, desk: DeskId, moment: dt.datetime) -> Ticket | None:
        if self.soonest is not None and moment > self.soonest:
            for probe in self.by_id[desk]:
                if probe in self.first and moment > self.escalates[probe]:
                    return self.first[probe]
        ranked = self.by_weight[desk]
        while ranked and ranked[0] in self.answered:
            ranked.popleft()
        return next((self.first[probe] for probe in ranked if probe in self.first), None)


def _join(pool: list[Ticket], heads: dict[GroupKey, Ticket], rest: dict[GroupKey, deque[tuple[dt.datetime, TicketId]]], key: GroupKey, issued: dt.datetime, ticket_id: TicketId) -> None:
    """A plain ticket joins: the head of its group when the group is empty, else the last behind it."""
    if key in heads:
        rest.setdefault(key, deque()).append((issued, ticket_id))
        return
    ticket = _plain(ticket_id, key[0], key[1], issued)
    heads[key] = ticket
    pool.append(ticket)


def _take(pool: list[Ticket], heads: dict[GroupKey, Ticket], rest: dict[GroupKey, deque[tuple[dt.datetime, TicketId]]], ticket: Ticket) -> None:
    """The ticket leaves the queue; the next of its group, if any, becomes a candidate."""
    del pool[next(index for index, found in enumerate(pool) if found is ticket)]  # by identity: equality compares every field
    key: GroupKey = (ticket.service, ticket.priority)
    if heads.get(key) is not ticket:
        return
    del heads[key]
    following = rest.get(key)
    if following:
        issued, ticket_id = following.popleft()
        successor = replace(ticket, id=ticket_id, issued_at=issued)
        heads[key] = successor
        pool.append(successor)


def _beyond(
    desks: Sequence[DeskAhead],
    pool: Sequence[Ticket],
    rest: Mapping[GroupKey, deque[tuple[dt.datetime, TicketId]]],
    free: Mapping[DeskId, dt.datetime],
    durations: Mapping[ServiceCode, dt.timedelta],
    left: Collection[TicketId],
    cut: bool,
) -> dict[TicketId, dt.datetime | None]:
    """The tickets the replay did not reach: None when no open desk may call them; past `limit` calls, the work left ahead.

    Past the limit a ticket's figure is when the desks that may call it are
    free (on average), plus the work of everyone still waiting who was
    issued before it, divided among those desks; each visitor ahead counts
    by the share of the desks serving their service that are among them
    (a visitor whose service two other desks serve as well counts a third).
    The shared-capacity rule, for the queue too long to replay whole.
    """
    found: dict[TicketId, dt.datetime | None] = {}
    tickets = {ticket.id: ticket for ticket in pool}
    # everyone still waiting in order of issue (the rest of a group needs no ticket made)
    waiting = [(ticket.issued_at, ticket.id, ticket.service) for ticket in pool]
    waiting += [(issued, ticket_id, key[0]) for key, following in rest.items() for issued, ticket_id in following]
    waiting = sorted(item for item in waiting if item[1] < PROBE_ID)  # a probe takes no desk time: nobody waits for it
    order = [(issued, ticket_id) for issued, ticket_id, _ in waiting]
    working = [desk for desk in desks if desk.id in free]
    counted: dict[int, Counter[ServiceCode]] = {}
    for ticket_id in left:
        ticket = tickets.get(ticket_id)
        if not cut:  # the desks that may call it ran out of work before it: none may
            found[ticket_id] = None
            continue
        if ticket is None:  # behind the first of its group: the first stands for it, as they go to the same desks
            place = next(((issued, key) for key, following in rest.items() for issued, found_id in following if found_id == ticket_id), None)
            head = None if place is None else next((other for other in pool if (other.service, other.priority) == place[1] and is_plain(other)), None)
            ticket = None if place is None or head is None else replace(head, id=ticket_id, issued_at=place[0])
        serving = [desk for desk in working if ticket is not None and eligible(desk.profile, [ticket], desk=desk.id, configured=desk.configured)]
        if ticket is None or not serving:
            found[ticket_id] = None
            continue
        start = min(free[desk.id] for desk in serving)
        start += sum((free[desk.id] - start for desk in serving), dt.timedelta(0)) / len(serving)
        ahead = bisect.bisect_left(order, (ticket.issued_at, ticket.id))
        if ahead not in counted:  # the probes are all issued now: one count serves them all
            counted[ahead] = Counter(service for _, _, service in waiting[:ahead])
        work = dt.timedelta(0)
        for service, count in counted[ahead].items():
            everywhere = sum(1 for desk in working if desk.profile.serves(service))
            here = sum(1 for desk in serving if desk.profile.serves(service))
            if everywhere:
                work += durations.get(service, dt.timedelta(0)) * count * here / everywhere
        found[ticket_id] = start + work / len(serving)
    return found
