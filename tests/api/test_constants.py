"""The fixed values the pages show words for come from the server, one copy: the code's own."""

from __future__ import annotations

from protocol.messages import PrinterState
from queue_server.commands.desk_state import PAUSE_REASONS
from queue_server.domain.desks import DeskStatus
from queue_server.domain.tickets import AT_DESK_STATUSES, TicketStatus
from queue_server.i18n import messages


def test_anyone_gets_the_codes_own_values(client) -> None:
    answer = client.get("/api/v1/constants")
    assert answer.status_code == 200
    assert answer.get_json() == {
        "pause_reasons": list(PAUSE_REASONS),
        "desk_states": [status.value for status in DeskStatus],
        "ticket_statuses": [status.value for status in TicketStatus],
        "at_desk_statuses": [status.value for status in TicketStatus if status in AT_DESK_STATUSES],
        "printer_states": [state.value for state in PrinterState],
    }


def test_every_value_a_page_shows_has_its_words_in_both_languages() -> None:
    for lang in ("uk", "en"):
        words = messages(lang)
        for reason in PAUSE_REASONS:
            assert f"supervisor.pause.{reason}" in words and f"desk.reason.{reason}" in words, (lang, reason)
        for status in DeskStatus:
            assert f"supervisor.desk_state.{status.value}" in words, (lang, status)
        for state in PrinterState:
            assert f"dashboard.printer.{state.value}" in words, (lang, state)
