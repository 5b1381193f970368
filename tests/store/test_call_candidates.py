"""Call-next reads a few candidates, not the whole queue: the policy's choice must be the same.

`tickets.call_candidates` keeps, of the plain tickets, only the first issued
of each (service, priority category), and every other callable ticket. Here
random queues of every kind of ticket (plain ones with ties in their time of
issue, priorities, appointments, transfers to a desk, held tickets, remote
tickets arrived or not, visits of several steps, some back in the queue for
a later step, packages) are stored in a real SQLite file (and a few in PostgreSQL), and for every desk
and several moments the policy over the candidates chooses what it chooses
over the whole queue.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from factories import small_network
from postgres_databases import fresh_database
from queue_server.domain.model import DeskId, OfficeCode, ServiceCode, TicketId
from queue_server.domain.policy import choose_next
from queue_server.domain.steps import Step, StepStatus
from queue_server.domain.tickets import Ticket, TicketStatus
from queue_server.settings import Settings
from queue_server.store import tickets as ticket_store
from queue_server.wiring import open_context

START = dt.datetime(2026, 12, 2, 7, 0, tzinfo=dt.timezone.utc)
SERVICES = ("passport", "residence", "social")


def random_ticket(rng: random.Random, n: int) -> Ticket:
    issued = START + dt.timedelta(minutes=rng.choice((0, 0, 1, 2, 3, 5, 8, 13, 30, 60, 120)))  # ties on purpose
    service = ServiceCode(rng.choice(SERVICES))
    kind = rng.choice(("plain",) * 6 + ("appointment", "transfer", "held", "remote", "arrived", "steps", "later-step", "package"))
    fields: dict[str, object] = {}
    steps: tuple[Step, ...] = ()
    step = 0
    if kind == "appointment":
        fields["appointment_at"] = issued + dt.timedelta(minutes=rng.choice((-10, 5, 40, 200)))
    elif kind == "transfer":
        fields["target_desk"] = DeskId(rng.choice(("alpha-1", "alpha-2", "alpha-3")))
    elif kind == "held":
        fields["held_by"] = DeskId("alpha-1")
    elif kind in ("remote", "arrived"):
        fields["remote"] = True
        fields["arrived_at"] = issued + dt.timedelta(minutes=3) if kind == "arrived" else None
    elif kind in ("steps", "later-step", "package"):
        other = ServiceCode(rng.choice([code for code in SERVICES if code != service]))
        profiles = rng.choice(((), ("alpha-2",), ("alpha-1", "alpha-3")))
        if kind == "later-step":  # the first step done, waiting again for the second
            steps = (
                Step(other, StepStatus.DONE, desk=DeskId("alpha-1"), finished_at=issued + dt.timedelta(minutes=20)),
                Step(service, StepStatus.WAITING, profiles=profiles, ready_at=issued + dt.timedelta(minutes=20)),
            )
            step = 1
        else:
            steps = (Step(service, StepStatus.WAITING, profiles=profiles), Step(other, StepStatus.WAITING))
        if kind == "package":
            fields["package"] = ServiceCode("documents")
    return Ticket(
        id=TicketId(0),
        office=OfficeCode("alpha"),
        token=f"token-{n}",
        number=f"Т{n:03d}",
        service=service,
        status=TicketStatus.WAITING,
        issued_at=issued,
        priority=rng.choice((None, None, None, "veteran", "disability")),
        steps=steps,
        step=step,
        **fields,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("seed", range(16))
def test_the_policy_chooses_among_the_candidates_what_it_chooses_among_all(tmp_path, seed: int) -> None:
    same_choice_over_a_random_queue(f"sqlite:///{tmp_path / 'queue.sqlite3'}", seed)


@pytest.mark.parametrize("seed", range(4))
def test_on_postgresql_too(seed: int) -> None:
    """The candidates' read is SQL of its own (a recursive walk over a partial index): PostgreSQL must find the same."""
    with fresh_database("cherga_candidates") as url:
        same_choice_over_a_random_queue(url, seed)


def same_choice_over_a_random_queue(url: str, seed: int) -> None:
    rng = random.Random(seed)
    network = small_network()
    ctx = open_context(Settings.from_env({}, database_url=url), network=network)
    try:
        with ctx.transaction() as tx:
            for n in range(rng.randint(1, 100)):
                ticket = random_ticket(rng, n)
                ticket_store.insert(
                    tx.connection, ticket, day=START.date(), prefix="Т", sequence=n + 1, issued_by="test", idempotency_key=None
                )
        with ctx.reading() as conn:
            everyone = ticket_store.waiting(conn, OfficeCode("alpha"))
            candidates = ticket_store.call_candidates(conn, OfficeCode("alpha"))
        assert {ticket.id for ticket in candidates} <= {ticket.id for ticket in everyone}
        assert len(candidates) < len(everyone) or len(everyone) <= 12
        for desk in network.offices[OfficeCode("alpha")].desks:
            for minutes in (0, 25, 90, 400):
                for recent in ((), (True,), (False, False, False)):
                    kwargs = dict(desk=desk.id, services=network.services, rules=network.rules, recent_calls=recent, configured=desk.profile.code)
                    now = START + dt.timedelta(minutes=minutes)
                    assert choose_next(desk.profile, candidates, now, **kwargs) == choose_next(desk.profile, everyone, now, **kwargs)  # type: ignore[arg-type]
    finally:
        ctx.engine.dispose()


@pytest.mark.parametrize(
    "first",
    [
        {"remote": True},  # not arrived: passed by, keeps its place
        {"held_by": DeskId("alpha-1")},
        {"target_desk": DeskId("alpha-3")},
        {"steps": (Step(ServiceCode("passport"), profiles=("alpha-3",)), Step(ServiceCode("social")))},  # a step only a room may do
    ],
)
def test_a_first_ticket_the_desk_may_not_call_does_not_hide_the_next_one(tmp_path, first: dict[str, object]) -> None:
    network = small_network()
    ctx = open_context(Settings.from_env({}, database_url=f"sqlite:///{tmp_path / 'queue.sqlite3'}"), network=network)
    try:
        with ctx.transaction() as tx:
            for n, fields in enumerate((first, {}, {})):
                ticket = Ticket(
                    id=TicketId(0), office=OfficeCode("alpha"), token=f"t{n}", number=f"П{n:03d}", service=ServiceCode("passport"),
                    status=TicketStatus.WAITING, issued_at=START + dt.timedelta(minutes=n), **fields,  # type: ignore[arg-type]
                )
                ticket_store.insert(tx.connection, ticket, day=START.date(), prefix="П", sequence=n + 1, issued_by="test", idempotency_key=None)
        with ctx.reading() as conn:
            candidates = ticket_store.call_candidates(conn, OfficeCode("alpha"))
        desk = network.offices[OfficeCode("alpha")].desks[1]  # alpha-2: passport only
        chosen = choose_next(desk.profile, candidates, START + dt.timedelta(minutes=5), desk=desk.id, services=network.services, rules=network.rules)
        assert chosen is not None and chosen.number == "П001"
    finally:
        ctx.engine.dispose()
