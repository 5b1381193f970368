"""A visit of several steps prints its steps, numbered («1. …, 2. …»); a ticket for one service prints as before.

The job is the one the server makes for a real issued ticket, read as the
agent reads it (`PrintJob.from_json`), laid out, rendered to ESC/POS and sent
to a network-printer socket on 127.0.0.1; the bytes are read back.
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from escpos_reader import read
from factories import small_network, text
from network_printer import NetworkPrinter
from printers.escpos_render import render
from printers.layout import Text, layout_ticket
from printers.profiles import PROFILES
from printers.transports import open_printer
from protocol import PrintJob
from protocol.errors import ProtocolError
from protocol.messages import MAX_PRINTED_STEPS, PrintTicket
from queue_server.commands.context import Actor
from queue_server.commands.issuing import PrintRequest, issue_ticket
from queue_server.commands.printing import print_labels
from queue_server.domain.model import Network, PackageStep, Service, ServiceCode
from queue_server.domain.visits import MAX_STEPS

KIOSK = Actor(kind="device", name="kiosk-1", role="kiosk", offices=("alpha",), device_id=1)
PRINT_AT = PrintRequest(kiosk="kiosk-1", status_url=lambda token: f"http://192.0.2.10:8000/t/{token}")
LONG_NAME = "Державна реєстрація народження фізичної особи та її походження, ґанок, їжак, єнот"
VISIT = PrintTicket(
    office="Головний офіс ЦНАП «Віза»",
    number="Ж004",
    service="Державна реєстрація народження",
    issued_at="24.11.2026 10:15",
    people_ahead=2,
    estimated_wait_minutes=8,
    status_url="http://192.0.2.10:8000/t/Zx9-abc_DEF",
    labels=print_labels("uk"),
    steps=(LONG_NAME, "Допомога при народженні дитини", "Реєстрація місця проживання"),
    package="Народження дитини",
)


@pytest.fixture
def network() -> Network:
    """The test network with a package at `alpha`: residence, then social (desk 3 does both)."""
    plain = small_network()
    package = Service(
        code=ServiceCode("newborn"),
        name=text("Пакет для новонародженої дитини", "Newborn package"),
        category=plain.services[ServiceCode("social")].category,
        prefix="Н",
        target_wait=plain.services[ServiceCode("social")].target_wait,
        typical_duration=plain.services[ServiceCode("social")].typical_duration,
        package=True,
        steps=(PackageStep(ServiceCode("residence")), PackageStep(ServiceCode("social"))),
    )
    alpha = plain.offices[next(code for code in plain.offices if code == "alpha")]
    offices = {**plain.offices, alpha.code: dataclasses.replace(alpha, services=(*alpha.services, package.code))}
    return dataclasses.replace(plain, services={**plain.services, package.code: package}, offices=offices)


@pytest.fixture
def printer():
    found = NetworkPrinter()
    yield found
    found.close()


def texts(ticket: PrintTicket, columns: int) -> list[Text]:
    return [block for block in layout_ticket(ticket, columns) if isinstance(block, Text)]


def printed(printer: NetworkPrinter, ticket: PrintTicket, profile: str = "epson-80"):  # type: ignore[no-untyped-def]
    data = render(layout_ticket(ticket, PROFILES[profile].columns), PROFILES[profile])
    open_printer(printer.uri).send(data)
    deadline = time.monotonic() + 5
    while printer.jobs < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert bytes(printer.received) == data
    return read(bytes(printer.received))


def issued_job(ctx, service) -> tuple[dict, PrintJob]:  # type: ignore[no-untyped-def]
    issue_ticket(ctx, "alpha", service, actor=KIOSK, print_at=PRINT_AT)
    [message] = ctx.publisher.delivered
    return message.data, PrintJob.from_json(message.data)


@pytest.mark.parametrize("columns", [32, 48])
def test_a_package_prints_its_name_then_its_steps_numbered_and_wrapped_under_their_first_letter(columns) -> None:
    lines = texts(VISIT, columns)
    words = [line.text for line in lines]
    head = words.index("Народження дитини")
    assert lines[head].bold
    items: list[list[Text]] = []
    for line in lines[head + 1 :]:
        if line.text[:1].isdigit() and ". " in line.text[:4]:
            items.append([line])
        elif line.text.startswith("   ") and items:
            items[-1].append(line)
        else:
            break
    assert [item[0].text.split(". ")[0] for item in items] == ["1", "2", "3"]
    assert [" ".join(line.text.strip() for line in item)[3:] for item in items] == list(VISIT.steps)  # nothing of a name lost
    assert len(items[0]) > 1 and not any(line.center for item in items for line in item)
    assert VISIT.service not in words  # the first step is in the list, not printed twice
    assert all(len(line.text) <= columns for line in lines if line.size == 1)


def test_services_chosen_one_by_one_are_the_headline_themselves() -> None:
    several = dataclasses.replace(VISIT, package=None, steps=("Оформлення ID-картки", "Реєстрація місця проживання"))
    lines = texts(several, 48)
    listed = [line for line in lines if line.text.startswith(("1. ", "2. "))]
    assert [line.text for line in listed] == ["1. Оформлення ID-картки", "2. Реєстрація місця проживання"]
    assert all(line.bold for line in listed) and "Оформлення ID-картки" not in [line.text for line in lines]


@pytest.mark.parametrize("profile", ["epson-58", "epson-80", "cyrillic-1251-80"])
def test_the_steps_reach_a_network_printer_in_its_code_page(printer, profile) -> None:
    paper = printed(printer, VISIT, profile)
    joined = " ".join(line.strip() for line in paper.lines)
    assert "Народження дитини" in joined and "1. Державна реєстрація" in joined and "їжак, єнот" in joined
    assert "2. Допомога при народженні дитини" in joined and "3. Реєстрація місця проживання" in joined
    assert paper.question_marks == 0 and paper.images == [] and paper.cuts == 1


def test_the_server_sends_a_ticket_for_two_services_with_its_steps_and_it_prints_them(ctx, printer) -> None:
    data, job = issued_job(ctx, ["passport", "residence"])
    assert data["steps"] == ["Послуга passport", "Послуга residence"] and "package" not in data
    paper = printed(printer, job.ticket)
    assert "1. Послуга passport" in paper.lines and "2. Послуга residence" in paper.lines


def test_a_package_ticket_is_sent_with_the_packages_name_and_its_steps(ctx, printer) -> None:
    data, job = issued_job(ctx, "newborn")
    assert job.ticket.package == "Пакет для новонародженої дитини"
    assert job.ticket.steps == ("Послуга residence", "Послуга social") and data["service"] == "Послуга residence"
    paper = printed(printer, job.ticket)
    assert "Пакет для новонародженої дитини" in paper.lines and "2. Послуга social" in paper.lines


def test_a_ticket_for_one_service_is_the_job_an_agent_older_than_visits_reads(ctx, printer) -> None:
    data, job = issued_job(ctx, "passport")
    assert "steps" not in data and "package" not in data
    before_visits = {name: value for name, value in data.items() if name not in ("steps", "package")}
    assert data == before_visits and job.ticket.steps is None
    paper = printed(printer, job.ticket)
    assert "Послуга passport" in paper.lines and not any(line.startswith("1. ") for line in paper.lines)


def test_a_visits_job_is_checked_like_any_other() -> None:
    wire = {"job": 1, "key": "k" * 32, "age_seconds": 0, "ticket_id": 3, **VISIT.to_json()}
    assert PrintJob.from_json(wire).ticket == VISIT
    for bad, field in (({**wire, "steps": ["one"]}, "steps"), ({**wire, "steps": ["a", ""]}, "steps[1]"), ({**wire, "package": 5}, "package")):
        with pytest.raises(ProtocolError) as refused:
            PrintJob.from_json(bad)
        assert refused.value.field == field


def test_the_printed_steps_are_bounded_by_the_servers_most_steps_of_a_visit() -> None:
    assert MAX_PRINTED_STEPS == MAX_STEPS
