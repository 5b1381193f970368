"""The kiosk print agent: receives its kiosk's print jobs over Socket.IO and prints them.

    cherga-agent --server http://10.0.0.2:8000 --printer tcp://10.0.0.5:9100   (token in CHERGA_AGENT_TOKEN)

It connects and reconnects forever with back-off (one log line per failed
attempt, never a traceback: a kiosk PC boots before the server, the office's
link drops), gets the jobs it missed when it comes back (the server resends
every pending job on `agent.hello`), never prints a job twice (see
`journal.py`), refuses a job that waited too long to be worth paper, and
reports the printer's state when it changes, so a supervisor learns that the
paper is out before visitors do.

Every message is the device protocol's (`protocol/`, which the server uses
too). A job is checked with `PrintJob.from_json` before the journal sees it:
a malformed one (a renamed key, a wrong type) is logged with the field at
fault and reported to the server as not printed, never left "started".
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

import socketio

from printers.escpos_render import render
from printers.layout import layout_ticket
from printers.profiles import PROFILES, PrinterProfile
from printers.status import PrinterStatus
from printers.transports import PrinterError, Transport, open_printer
from protocol import events
from protocol.errors import ProtocolError
from protocol.messages import MAX_REASON, AgentHello, AgentHelloAnswer, PrintJob, PrintResult
from protocol.messages import PrinterStatus as PrinterStatusMessage

from .journal import FAILED, PRINTED, STARTED, Journal

log = logging.getLogger("cherga.kiosk_agent")
FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 30.0
DEFAULT_MAX_AGE_SECONDS = 300.0


def describe(error: BaseException) -> str:
    """One line for a connection failure: the library's words and the cause underneath them."""
    words = str(error) or type(error).__name__
    cause = error.__cause__ or error.__context__
    seen = {id(error)}
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if str(cause) and str(cause) not in words:
            words += f" ({cause})"
        cause = cause.__cause__ or cause.__context__
    return words


class PrintAgent:
    def __init__(
        self,
        server: str,
        token: str,
        printer: Transport,
        profile: PrinterProfile,
        journal: Journal,
        status_seconds: float = 30.0,
        max_age_seconds: float = DEFAULT_MAX_AGE_SECONDS,
    ) -> None:
        self.server = server
        self.token = token
        self.printer = printer
        self.profile = profile
        self.journal = journal
        self.status_seconds = status_seconds
        self.max_age_seconds = max_age_seconds
        self.printing = threading.Lock()
        self.last_status: PrinterStatus | None = None
        self.stopped = threading.Event()
        self.wake = threading.Event()  # a stop or a dropped connection: the main loop looks at once
        self.refusal: str | None = None  # the server's words when it refused the connection (a revoked token)
        self.last_failure = ""
        # The agent reconnects by itself (run): the library's own reconnection
        # would retry silently, and a kiosk PC's log must say why it is not printing.
        self.client = socketio.Client(reconnection=False)
        self.client.on("connect", self._on_connect)
        self.client.on("connect_error", self._on_connect_error)
        self.client.on("disconnect", self._on_disconnect)
        self.client.on(events.PRINT, self._on_print)

    def _status_message(self, status: PrinterStatus) -> PrinterStatusMessage:
        return PrinterStatusMessage(status.state, status.detail)

    def _on_connect(self) -> None:
        self.refusal = None
        # answering the hello happens on another thread: a handler must not wait for an ack
        self.client.start_background_task(self._hello)

    def _on_connect_error(self, data: Any = None) -> None:
        message = data.get("message") if isinstance(data, dict) else data
        self.refusal = str(message) if message else None

    def _on_disconnect(self, *reason: Any) -> None:
        self.wake.set()

    def _hello(self) -> None:
        status = self.printer.status()
        self.last_status = status
        try:
            answer = self.client.call(events.AGENT_HELLO, AgentHello(self._status_message(status)).to_json(), timeout=15)
            try:
                pending: object = AgentHelloAnswer.from_json(answer).pending
            except ProtocolError:  # a refusal's answer ({"ok": false, "error": …}): its words go to the log
                pending = "?"
                log.warning("the server answered the hello with %s", answer)
            log.info("connected to %s; %s job(s) pending", self.server, pending)
        except Exception as error:  # a reconnect will say hello again
            log.warning("hello to the server failed: %s", describe(error))

    def _on_print(self, job: dict[str, Any]) -> None:
        self.client.start_background_task(self.handle_job, job, time.monotonic())

    def handle_job(self, message: Any, received: float | None = None) -> None:
        """Print one job at most once, then tell the server what happened."""
        received = time.monotonic() if received is None else received
        try:
            job = PrintJob.from_json(message)
        except ProtocolError as error:
            self._refuse(message, error)
            return
        job_id, key, age_on_arrival, ticket = job.job, job.key, job.age_seconds, job.ticket
        with self.printing:
            known = self.journal.get(key)
            # the age as the server measured it, plus the time this agent held the job: no clock is compared with another
            age = age_on_arrival + (time.monotonic() - received)
            if known is None and age > self.max_age_seconds:
                known = {"state": FAILED, "reason": f"the job is {int(age)} s old (the agent prints jobs up to {int(self.max_age_seconds)} s old); not printed late"}
                log.warning("ticket %s not printed: %s", ticket.number, known["reason"])
                self.journal.write(key, job_id, FAILED, known["reason"])
            elif known is None:
                self.journal.write(key, job_id, STARTED)
                try:
                    self.printer.send(render(layout_ticket(ticket, self.profile.columns), self.profile))
                    known = {"state": PRINTED, "reason": None}
                    log.info("printed ticket %s (job %s)", ticket.number, job_id)
                except PrinterError as error:
                    known = {"state": FAILED, "reason": error.reason}
                    log.warning("ticket %s not printed: %s", ticket.number, error.reason)
                self.journal.write(key, job_id, known["state"], known["reason"])
            elif known["state"] == STARTED:
                known = {"state": FAILED, "reason": "printing was interrupted; not printed again"}
                self.journal.write(key, job_id, FAILED, known["reason"])
        printed = known["state"] == PRINTED
        self._report(job_id, printed, known["reason"])
        if not printed:
            self.check_printer(force=True)

    def _refuse(self, message: Any, error: ProtocolError) -> None:
        """A job that does not match the protocol: logged, and reported failed when it names its job.

        The journal never sees it (nothing was started), and the server marks
        the job failed, so the kiosk hears at once that no paper is coming.
        """
        reason = f"malformed print job: {error}"
        job_id = message.get("job") if isinstance(message, dict) else None
        if isinstance(job_id, bool) or not isinstance(job_id, int) or job_id < 1:
            log.error("%s; it names no job, so the server cannot be told (%.300r)", reason, message)
            return
        log.error("job %s not printed: %s", job_id, reason)
        self._report(job_id, False, reason[:MAX_REASON])

    def _report(self, job_id: int, printed: bool, reason: str | None) -> None:
        try:
            self.client.call(events.PRINT_RESULT, PrintResult(job_id, printed, reason).to_json(), timeout=15)
        except Exception as error:  # the server resends the job after a reconnect; the journal answers
            log.warning("could not report job %s: %s", job_id, describe(error))

    def check_printer(self, force: bool = False) -> None:
        status = self.printer.status()
        if force or status != self.last_status:
            self.last_status = status
            if self.client.connected:
                try:
                    self.client.call(events.PRINTER_STATUS, self._status_message(status).to_json(), timeout=15)
                except Exception as error:
                    log.warning("could not report the printer's state: %s", describe(error))

    def _connect(self) -> bool:
        self.refusal = None
        try:
            self.client.connect(self.server, auth={"token": self.token}, transports=["websocket"], wait_timeout=10)
        except Exception as error:  # whatever the network does, the agent keeps trying
            self.last_failure = describe(error)
            if self.refusal and self.refusal not in self.last_failure:  # the server's own words: a revoked token, say
                self.last_failure = f"the server refused the agent: {self.refusal}"
            return False
        return True

    def run(self) -> None:
        """Connect (again and again, with back-off, until the server answers), then keep watching the printer."""
        delay = FIRST_DELAY_SECONDS
        try:
            while not self.stopped.is_set():
                if not self.client.connected:
                    if not self._connect():
                        log.warning("cannot connect to %s: %s; next attempt in %.0f s", self.server, self.last_failure, delay)
                        self.stopped.wait(delay)
                        delay = min(delay * 2, MAX_DELAY_SECONDS)
                        continue
                    delay = FIRST_DELAY_SECONDS
                self.wake.wait(self.status_seconds)
                self.wake.clear()
                if self.stopped.is_set():
                    break
                if self.client.connected:
                    self.check_printer()
                else:
                    log.warning("lost the connection to %s; reconnecting", self.server)
        finally:
            try:
                self.client.disconnect()
            except Exception:  # leaving anyway
                pass

    def stop(self) -> None:
        self.stopped.set()
        self.wake.set()


def build_agent(
    server: str,
    token: str,
    printer_uri: str,
    profile_name: str,
    journal_path: Path,
    status_seconds: float = 30.0,
    max_age_seconds: float = DEFAULT_MAX_AGE_SECONDS,
) -> PrintAgent:
    """Build the agent from its options; a bad option is a ValueError before anything connects."""
    if profile_name not in PROFILES:
        raise ValueError(f"unknown printer profile {profile_name!r}; known: {', '.join(PROFILES)}")
    return PrintAgent(server, token, open_printer(printer_uri), PROFILES[profile_name], Journal(journal_path), status_seconds, max_age_seconds)
