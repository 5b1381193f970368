"""Print jobs: made with the ticket, reported once, refused to anybody but the kiosk's own agent."""

from __future__ import annotations

import pytest

from queue_server.commands import printing
from queue_server.commands.context import Actor
from queue_server.commands.issuing import PrintRequest, issue_ticket
from queue_server.domain.errors import AccessDenied, InvalidRequest, InvalidTransition, NotFound

AGENT = Actor(kind="device", name="kiosk-1", role="agent", offices=("alpha",), device_id=7)
OTHER_AGENT = Actor(kind="device", name="kiosk-2", role="agent", offices=("alpha",), device_id=8)


def issue_printed(ctx, kiosk):
    return issue_ticket(ctx, "alpha", "passport", actor=kiosk, priority="veteran",
                        print_at=PrintRequest(kiosk="kiosk-1", status_url=lambda token: f"http://q/t/{token}"))


def test_the_job_is_made_with_the_ticket_and_sent_after_the_commit(ctx, kiosk) -> None:
    issued = issue_printed(ctx, kiosk)
    [message] = ctx.publisher.delivered
    assert (message.kind, message.office, message.name, message.event) == ("agent", "alpha", "kiosk-1", "print")
    payload = message.data
    assert payload["job"] == issued.print_job and payload["number"] == issued.ticket.number
    assert payload["status_url"] == f"http://q/t/{issued.ticket.token}"
    assert payload["priority"] == "Ветеран" and payload["issued_at"] == "24.11.2026 10:00"  # 08:00 UTC in Kyiv
    assert printing.pending_jobs(ctx, AGENT) == [payload]
    assert printing.pending_jobs(ctx, OTHER_AGENT) == []


def test_an_outcome_is_recorded_once_and_the_kiosk_hears_it(ctx, kiosk) -> None:
    issued = issue_printed(ctx, kiosk)
    done = printing.report_print(ctx, AGENT, issued.print_job, True, None)
    assert done.status.value == "printed"
    result = ctx.publisher.delivered[-1]
    assert (result.kind, result.event, result.data["status"]) == ("kiosk", "print.result", "printed")
    again = printing.report_print(ctx, AGENT, issued.print_job, True, None)  # a lost ack, repeated
    assert again == done and len(ctx.publisher.delivered) == 2
    with pytest.raises(InvalidTransition):
        printing.report_print(ctx, AGENT, issued.print_job, False, "jam")
    assert printing.pending_jobs(ctx, AGENT) == []


def test_a_replayed_tap_does_not_print_twice(ctx, kiosk) -> None:
    request = PrintRequest(kiosk="kiosk-1", status_url=lambda token: token)
    first = issue_ticket(ctx, "alpha", "passport", actor=kiosk, idempotency_key="tap", print_at=request)
    again = issue_ticket(ctx, "alpha", "passport", actor=kiosk, idempotency_key="tap", print_at=request)
    assert again.print_job == first.print_job and len(ctx.publisher.delivered) == 1


@pytest.mark.parametrize(
    ("actor", "job", "printed", "reason", "error"),
    [
        (None, 1, True, None, AccessDenied),
        (Actor(kind="device", name="kiosk-1", role="kiosk", offices=("alpha",), device_id=1), 1, True, None, AccessDenied),
        (OTHER_AGENT, 1, True, None, NotFound),
        (AGENT, 999, True, None, NotFound),
        (AGENT, "1", True, None, InvalidRequest),
        (AGENT, 1, "yes", None, InvalidRequest),
        (AGENT, 1, False, "x" * 301, InvalidRequest),
    ],
)
def test_bad_reports_are_refused(ctx, kiosk, actor, job, printed, reason, error) -> None:
    issue_printed(ctx, kiosk)
    with pytest.raises(error):
        printing.report_print(ctx, actor, job, printed, reason)
    assert len(printing.pending_jobs(ctx, AGENT)) == 1


def test_printer_status_goes_to_the_office_stream(ctx) -> None:
    printing.report_printer_status(ctx, AGENT, "paper_out", "the paper has run out")
    message = ctx.publisher.messages[-1]
    assert message["type"] == "printer.status" and message["data"]["state"] == "paper_out"
    with pytest.raises(InvalidRequest):
        printing.report_printer_status(ctx, AGENT, "on fire", None)
