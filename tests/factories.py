"""A small network built in code, so tests do not depend on the bundled configuration."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from queue_server.domain.boards import Board
from queue_server.domain.hours import MIDNIGHT_CLOSE, OpeningHours, Weekday
from queue_server.domain.model import (
    CategoryCode,
    Desk,
    DeskId,
    DeskProfile,
    LocalizedText,
    Network,
    Office,
    OfficeCode,
    OfficeKind,
    PackageStep,
    PriorityCategory,
    QueueRules,
    RemoteTicketTerms,
    Service,
    ServiceCategory,
    ServiceCode,
    TicketId,
)
from queue_server.domain.tickets import Ticket, TicketStatus

T0 = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone.utc)
MINUTE = dt.timedelta(minutes=1)


def text(uk: str, en: str | None = None) -> LocalizedText:
    return LocalizedText(uk=uk, en=en or uk)


def service(code: str, prefix: str, category: str = "docs", target: int = 20, typical: int = 10) -> Service:
    return Service(
        code=ServiceCode(code),
        name=text(f"Послуга {code}", f"Service {code}"),
        category=CategoryCode(category),
        prefix=prefix,
        target_wait=dt.timedelta(minutes=target),
        typical_duration=dt.timedelta(minutes=typical),
    )


def desk(office: str, number: int, weights: dict[str, float], kind: str = "window") -> Desk:
    return Desk(
        id=DeskId(f"{office}-{number}"),
        office=OfficeCode(office),
        number=number,
        name=text(f"Вікно {number}", f"Window {number}"),
        profile=DeskProfile(code="test", weights={ServiceCode(k): v for k, v in weights.items()}),
        kind=kind,
    )


def small_network(rules: QueueRules | None = None) -> Network:
    """Two offices: `alpha` with three desks and three services, `beta` with one desk.

    `alpha` takes remote tickets (the network's default terms, switched on), `beta` does not.
    """
    services = {
        s.code: s
        for s in (
            service("passport", "П"),
            service("residence", "Р"),
            service("social", "С", category="social"),
        )
    }
    hours = OpeningHours({day: (dt.time(8), dt.time(20)) for day in Weekday})
    alpha = Office(
        code=OfficeCode("alpha"),
        name=text("Альфа", "Alpha"),
        kind=OfficeKind.MAIN,
        address=text("вул. Тестова, 1", "1 Test St"),
        timezone="Europe/Kyiv",
        hours=hours,
        services=(ServiceCode("passport"), ServiceCode("residence"), ServiceCode("social")),
        desks=(
            desk("alpha", 1, {"passport": 1.0, "residence": 1.0}),
            desk("alpha", 2, {"passport": 1.0}),
            desk("alpha", 3, {"social": 1.0, "residence": 1.0}, kind="room"),
        ),
        remote=RemoteTicketTerms(enabled=True),
    )
    beta = Office(
        code=OfficeCode("beta"),
        name=text("Бета", "Beta"),
        kind=OfficeKind.TERRITORIAL,
        address=text("вул. Тестова, 2", "2 Test St"),
        timezone="Europe/Kyiv",
        hours=hours,
        services=(ServiceCode("passport"),),
        desks=(desk("beta", 1, {"passport": 1.0}),),
    )
    categories = {
        CategoryCode("docs"): ServiceCategory(CategoryCode("docs"), text("Документи", "Documents")),
        CategoryCode("social"): ServiceCategory(CategoryCode("social"), text("Соціальні", "Social")),
    }
    priorities = {
        "veteran": PriorityCategory("veteran", text("Ветеран", "Veteran")),
        "disability": PriorityCategory("disability", text("Особа з інвалідністю", "Person with a disability")),
        "retired": PriorityCategory("retired", text("Вимкнена", "Switched off"), enabled=False),
    }
    return Network(
        name=text("Тестова мережа", "Test network"),
        offices={alpha.code: alpha, beta.code: beta},
        services=services,
        categories=categories,
        priorities=priorities,
        rules=rules or QueueRules(),
        boards={
            "alpha-windows": Board(
                code="alpha-windows", office=OfficeCode("alpha"), desks=frozenset({DeskId("alpha-1"), DeskId("alpha-2")}), english=True
            ),
            "alpha-tv": Board(code="alpha-tv", office=OfficeCode("alpha"), paired=True),
        },
    )


def round_the_clock(network: Network) -> Network:
    """`network` with every office open all day, every day: for a test that issues across midnight."""
    always = OpeningHours({day: (dt.time(0), MIDNIGHT_CLOSE) for day in Weekday})
    offices = {code: dataclasses.replace(office, hours=always) for code, office in network.offices.items()}
    return dataclasses.replace(network, offices=offices)


def visit_network(rules: QueueRules | None = None) -> Network:
    """`small_network` with a package at `alpha`: «Переїзд», residence then social, the second only at a room.

    Desk 1 does residence, desk 3 (a room, profile `alpha-3`) residence and
    social, so a visit goes on at desk 3 or is sent on from desk 1.
    """
    network = small_network(rules)
    move = dataclasses.replace(
        service("package-move", "К", category="social", target=30, typical=20),
        package=True,
        steps=(PackageStep(ServiceCode("residence")), PackageStep(ServiceCode("social"), profiles=("alpha-3",))),
    )
    alpha = network.offices[OfficeCode("alpha")]
    room = alpha.desks[2]
    room = dataclasses.replace(room, profile=dataclasses.replace(room.profile, code="alpha-3"))
    alpha = dataclasses.replace(alpha, services=(*alpha.services, move.code), desks=(*alpha.desks[:2], room))
    return dataclasses.replace(
        network, offices={**network.offices, alpha.code: alpha}, services={**network.services, move.code: move}
    )


_ids = itertools.count(1)


def ticket(
    service_code: str = "passport",
    *,
    issued_at: dt.datetime = T0,
    status: TicketStatus = TicketStatus.WAITING,
    ticket_id: int | None = None,
    **fields: object,
) -> Ticket:
    new_id = ticket_id if ticket_id is not None else next(_ids)
    return Ticket(
        id=TicketId(new_id),
        office=OfficeCode("alpha"),
        token=f"token-{new_id}",
        number=f"П{new_id:03d}",
        service=ServiceCode(service_code),
        status=status,
        issued_at=issued_at,
        **fields,  # type: ignore[arg-type]
    )


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float = 1) -> dt.datetime:
        self.now += dt.timedelta(minutes=minutes)
        return self.now


class RecordingPublisher:
    """Keeps what a real relay would have sent, in order."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.delivered: list[Any] = []

    def publish(self, messages: Sequence[dict[str, Any]]) -> None:
        self.messages.extend(messages)

    def deliver(self, messages: Sequence[Any]) -> None:
        self.delivered.extend(messages)
