"""The kiosk print agent: receives its kiosk's print jobs over Socket.IO and prints them.

    cherga kiosk-agent --server http://10.0.0.2:8000 --token TOKEN --printer tcp://10.0.0.5:9100

It reconnects forever with back-off, gets the jobs it missed when it comes
back (the server resends every pending job on `agent.hello`), never prints a
job twice (see `journal.py`), and reports the printer's state when it
changes, so a supervisor learns that the paper is out before visitors do.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import socketio

from printers.escpos_render import render
from printers.layout import TicketData, layout_ticket
from printers.profiles import PROFILES, PrinterProfile
from printers.status import PrinterStatus
from printers.transports import PrinterError, Transport, open_printer

from .journal import FAILED, PRINTED, STARTED, Journal

log = logging.getLogger("cherga.kiosk_agent")
TICKET_FIELDS = ("office", "number", "service", "issued_at", "people_ahead", "estimated_wait_minutes", "status_url", "lang", "priority")


class PrintAgent:
    def __init__(
        self,
        server: str,
        token: str,
        printer: Transport,
        profile: PrinterProfile,
        journal: Journal,
        status_seconds: float = 30.0,
    ) -> None:
        self.server = server
        self.token = token
        self.printer = printer
        self.profile = profile
        self.journal = journal
        self.status_seconds = status_seconds
        self.printing = threading.Lock()
        self.last_status: PrinterStatus | None = None
        self.stopped = threading.Event()
        self.client = socketio.Client(
            reconnection=True,
            reconnection_attempts=0,  # forever
            reconnection_delay=1,
            reconnection_delay_max=30,
        )
        self.client.on("connect", self._on_connect)
        self.client.on("print", self._on_print)

    def _status_message(self, status: PrinterStatus) -> dict[str, str]:
        return {"state": status.state.value, "detail": status.detail}

    def _on_connect(self) -> None:
        # answering the hello happens on another thread: a handler must not wait for an ack
        self.client.start_background_task(self._hello)

    def _hello(self) -> None:
        status = self.printer.status()
        self.last_status = status
        try:
            answer = self.client.call("agent.hello", {"printer": self._status_message(status)}, timeout=15)
            log.info("connected to %s; %s job(s) pending", self.server, answer.get("pending") if isinstance(answer, dict) else "?")
        except Exception as error:  # a reconnect will say hello again
            log.warning("hello to the server failed: %s", error)

    def _on_print(self, job: dict[str, Any]) -> None:
        self.client.start_background_task(self.handle_job, job)

    def handle_job(self, job: dict[str, Any]) -> None:
        """Print one job at most once, then tell the server what happened."""
        try:
            job_id = int(job["job"])
            ticket = TicketData(**{name: job.get(name) for name in TICKET_FIELDS})
        except (KeyError, TypeError, ValueError) as error:
            log.error("a print job the agent cannot read: %s (%s)", job, error)
            return
        with self.printing:
            known = self.journal.get(job_id)
            if known is None:
                self.journal.write(job_id, STARTED)
                try:
                    self.printer.send(render(layout_ticket(ticket, self.profile.columns), self.profile))
                    known = {"state": PRINTED, "reason": None}
                    log.info("printed ticket %s (job %s)", ticket.number, job_id)
                except PrinterError as error:
                    known = {"state": FAILED, "reason": error.reason}
                    log.warning("ticket %s not printed: %s", ticket.number, error.reason)
                self.journal.write(job_id, known["state"], known["reason"])
            elif known["state"] == STARTED:
                known = {"state": FAILED, "reason": "printing was interrupted; not printed again"}
                self.journal.write(job_id, FAILED, known["reason"])
        printed = known["state"] == PRINTED
        try:
            self.client.call("print.result", {"job": job_id, "printed": printed, "reason": known["reason"]}, timeout=15)
        except Exception as error:  # the server resends the job after a reconnect; the journal answers
            log.warning("could not report job %s: %s", job_id, error)
        if not printed:
            self.check_printer(force=True)

    def check_printer(self, force: bool = False) -> None:
        status = self.printer.status()
        if force or status != self.last_status:
            self.last_status = status
            if self.client.connected:
                try:
                    self.client.call("printer.status", self._status_message(status), timeout=15)
                except Exception as error:
                    log.warning("could not report the printer's state: %s", error)

    def run(self) -> None:
        """Connect (retrying until the server answers), then keep watching the printer."""
        self.client.connect(self.server, auth={"token": self.token}, transports=["websocket"], retry=True)
        while not self.stopped.wait(self.status_seconds):
            self.check_printer()
        self.client.disconnect()


def run_agent(server: str, token: str, printer_uri: str, profile_name: str, journal_path: Path, status_seconds: float = 30.0) -> None:
    if profile_name not in PROFILES:
        raise ValueError(f"unknown printer profile {profile_name!r}; known: {', '.join(PROFILES)}")
    agent = PrintAgent(server, token, open_printer(printer_uri), PROFILES[profile_name], Journal(journal_path), status_seconds)
    agent.run()
