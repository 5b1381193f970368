"""What the server sends the print agent is a `protocol.PrintJob`, with the printed labels of the ticket's
language from the message catalogue; the server checks what the agent sends back with the protocol's limits."""

from __future__ import annotations

import pytest

from protocol import LABEL_KEYS, PrintJob
from protocol.messages import MAX_REASON
from queue_server.commands import printing
from queue_server.commands.context import Actor
from queue_server.commands.issuing import PrintRequest, issue_ticket
from queue_server.domain.errors import InvalidRequest

KIOSK = Actor(kind="device", name="kiosk-1", role="kiosk", offices=("alpha",), device_id=1)
AGENT = Actor(kind="device", name="kiosk-1", role="agent", offices=("alpha",), device_id=7)


@pytest.mark.parametrize(("lang", "number", "ahead"), [("uk", "Ваш номер", "Перед вами"), ("en", "Your number", "People ahead")])
def test_the_job_is_a_protocol_print_job_with_the_labels_of_its_language(ctx, lang, number, ahead) -> None:
    issued = issue_ticket(ctx, "alpha", "passport", actor=KIOSK, lang=lang,
                          print_at=PrintRequest(kiosk="kiosk-1", status_url=lambda token: f"http://q/t/{token}"))
    [message] = ctx.publisher.delivered
    job = PrintJob.from_json(message.data)
    assert job.job == issued.print_job and job.ticket_id == issued.ticket.id and job.ticket.lang == lang
    assert set(job.ticket.labels) == set(LABEL_KEYS)
    assert job.ticket.labels["number"] == number and job.ticket.labels["ahead"] == ahead
    [pending] = printing.pending_jobs(ctx, AGENT)
    assert PrintJob.from_json(pending).ticket == job.ticket


def test_the_servers_limit_on_a_reason_is_the_protocols(ctx) -> None:
    issue_ticket(ctx, "alpha", "passport", actor=KIOSK, print_at=PrintRequest(kiosk="kiosk-1", status_url=lambda token: token))
    with pytest.raises(InvalidRequest) as refused:
        printing.report_print(ctx, AGENT, 1, False, "x" * (MAX_REASON + 1))
    assert refused.value.details == {"field": "reason"} and f"at most {MAX_REASON}" in refused.value.message
    assert printing.report_print(ctx, AGENT, 1, False, "x" * MAX_REASON).status.value == "failed"
