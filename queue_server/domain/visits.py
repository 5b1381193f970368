"""A visit's plan: the services a visitor asked for, as the ordered steps of one ticket.

A visitor chooses one service, a life-situation package, or a few services
at once («Додати ще послугу»); each package expands to its configured steps
(with the desk profiles each may name). The plan is checked whole before a
number is taken, so a ticket never holds a service its office does not
offer, the same service twice, or more steps than a visit may have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import InvalidRequest, NotFound
from .model import Office, Service, ServiceCode
from .tickets import Step

MAX_STEPS = 12  # the most steps one visit may have, packages and added steps included


@dataclass(frozen=True)
class VisitPlan:
    """The steps of a new ticket, the package it was issued for, and the service that gives its number's letter."""

    steps: tuple[Step, ...]
    package: ServiceCode | None
    numbered_by: Service


def plan_visit(
    office: Office, catalogue: Mapping[ServiceCode, Service], chosen: Sequence[str], *, most_chosen: int
) -> VisitPlan:
    """The plan for `chosen` (service or package codes, in the visitor's order).

    `most_chosen` is how many choices one ticket may carry (a package is one
    choice, however many steps it has). The ticket's number takes the letter
    of the first choice, so a package's visit is numbered as the package.
    """
    if not chosen:
        raise InvalidRequest("choose at least one service", field="services")
    if len(chosen) > most_chosen:
        raise InvalidRequest(
            f"one ticket carries at most {most_chosen} services; take another ticket for the rest", field="services"
        )
    steps: list[Step] = []
    packages: list[ServiceCode] = []
    for code in chosen:
        service = catalogue.get(ServiceCode(code))
        if service is None or service.code not in office.services:
            raise NotFound(f"office {office.code} does not offer service {code!r}", service=code)
        if service.package:
            packages.append(service.code)
            steps.extend(Step(part.service, profiles=part.profiles) for part in service.steps)
        else:
            steps.append(Step(service.code))
    if len(packages) > 1:
        raise InvalidRequest("one ticket carries one package at most; take another ticket for the other", field="services")
    services = [step.service for step in steps]
    repeated = sorted({code for code in services if services.count(code) > 1})
    if repeated:
        raise InvalidRequest(f"a service is chosen twice: {', '.join(repeated)}", field="services")
    if len(steps) > MAX_STEPS:
        raise InvalidRequest(f"one visit has at most {MAX_STEPS} steps", field="services")
    return VisitPlan(tuple(steps), packages[0] if packages else None, catalogue[ServiceCode(chosen[0])])
