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


def test_a_job_carries_a_key_beyond_its_database_and_its_age_on_the_servers_clock(ctx, kiosk, clock, settings, network, tmp_path) -> None:
    from factories import RecordingPublisher
    from queue_server.wiring import open_context

    first = issue_printed(ctx, kiosk)
    [message] = ctx.publisher.delivered
    assert message.data["age_seconds"] == 0 and len(message.data["key"]) == 32
    clock.advance(minutes=1)
    [pending] = printing.pending_jobs(ctx, AGENT)
    assert pending["key"] == message.data["key"] and pending["age_seconds"] == 60
    # a new database numbers its jobs from 1 again; the key tells the jobs apart
    fresh = open_context(settings.__class__.from_env({}, database_url=f"sqlite:///{tmp_path / 'fresh.sqlite3'}"),
                         publisher=RecordingPublisher(), clock=clock, network=network)
    try:
        again = issue_printed(fresh, kiosk)
        [other] = fresh.publisher.delivered
        assert again.print_job == first.print_job == 1 and other.data["key"] != message.data["key"]
    finally:
        fresh.engine.dispose()


def test_a_job_older_than_the_max_age_expires_when_the_agent_comes_back_and_the_kiosk_hears_it(ctx, kiosk, clock) -> None:
    issued = issue_printed(ctx, kiosk)
    clock.advance(minutes=2)
    assert [job["job"] for job in printing.pending_jobs(ctx, AGENT)] == [issued.print_job]  # 120 s: still worth printing
    clock.advance(minutes=0.1)
    assert printing.pending_jobs(ctx, AGENT) == []
    result = ctx.publisher.delivered[-1]
    assert (result.kind, result.name, result.event) == ("kiosk", "kiosk-1", "print.result")
    assert result.data["status"] == "expired" and result.data["number"] == issued.ticket.number
    assert "waited 126 s" in result.data["reason"]
    assert printing.print_status_of_ticket(ctx, "alpha", issued.ticket.id).status.value == "expired"
    # the agent's late word changes nothing, and says nothing to the kiosk again
    assert printing.report_print(ctx, AGENT, issued.print_job, True, None).status.value == "expired"
    assert len(ctx.publisher.delivered) == 2


def test_the_max_age_is_the_callers(ctx, kiosk, clock) -> None:
    issue_printed(ctx, kiosk)
    clock.advance(minutes=5)
    assert len(printing.pending_jobs(ctx, AGENT, max_age_seconds=600)) == 1
    assert printing.pending_jobs(ctx, AGENT, max_age_seconds=60) == []


def test_a_job_whose_ticket_was_called_is_not_sent_however_young(ctx, kiosk, operator) -> None:
    from queue_server.commands import desk_state, desk_work

    issued = issue_printed(ctx, kiosk)
    desk_state.open_desk(ctx, "alpha-1", actor=operator)
    assert desk_work.call_next(ctx, "alpha-1", actor=operator).id == issued.ticket.id
    assert printing.pending_jobs(ctx, AGENT) == []
    result = ctx.publisher.delivered[-1]
    assert result.data["status"] == "expired" and "no longer waiting" in result.data["reason"]


@pytest.mark.parametrize("raw", ["5", "100000", "soon"])
def test_the_max_age_setting_has_bounds_and_names_itself(raw) -> None:
    from queue_server.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="CHERGA_PRINT_JOB_MAX_AGE_SECONDS"):
        Settings.from_env({"CHERGA_PRINT_JOB_MAX_AGE_SECONDS": raw})
    assert Settings.from_env({"CHERGA_PRINT_JOB_MAX_AGE_SECONDS": "300"}).print_job_max_age_seconds == 300
