"""The kiosks' print agents: they say hello, get the pending jobs, report each job's outcome and the printer's state.

    agent.hello   {"printer": {"state", "detail"}?}  → joins its room, counts as connected (presence.py), gets every pending job as `print`
                                                   (a stale one expires instead: CHERGA_PRINT_JOB_MAX_AGE_SECONDS)
    print.result  {"job", "printed", "reason"?}      → the kiosk hears `print.result`
    printer.status {"state", "detail"?}              → `printer.status` on the office's streams

A new job reaches a connected agent through the relay (`relay.py`, the
device's room). The names and the message types are the device protocol's
(`protocol/`), which the agent imports too.
"""

from __future__ import annotations

from typing import Any

from flask_socketio import SocketIO, emit, join_room

from protocol import events
from protocol.messages import AgentHello, AgentHelloAnswer, PrinterStatus, PrintResult

from ..commands import printing
from ..commands.access import require_device
from ..commands.context import Actor, CommandContext, DeviceKind
from .answers import MessageHandler
from .connections import Connections, current_connection
from .presence import AgentRegister
from .protocol import parse
from .rooms import NAMESPACE, device_room


class PrintAgents:
    """The print agents' messages; which agents are connected is kept in `presence` (read by the kiosk and the dashboard)."""

    def __init__(
        self,
        socketio: SocketIO,
        ctx: CommandContext,
        connections: Connections,
        presence: AgentRegister,
        *,
        print_job_max_age_seconds: int,
    ) -> None:
        self.socketio = socketio
        self.ctx = ctx
        self.connections = connections
        self.presence = presence
        self.print_job_max_age_seconds = print_job_max_age_seconds
        presence.alive = self.is_open  # a closed connection counts no more

    def handlers(self) -> dict[str, MessageHandler]:
        return {events.AGENT_HELLO: self.hello, events.PRINT_RESULT: self.print_result, events.PRINTER_STATUS: self.printer_status}

    def forget(self, connection: str) -> None:
        """The agent's connection closed: it counts no more, on every server process at once."""
        self.presence.gone(connection)

    def is_open(self, connection: str) -> bool:
        return bool(self.socketio.server.manager.is_connected(connection, NAMESPACE))

    def agent(self) -> Actor:
        return require_device(self.connections.current(), DeviceKind.AGENT)

    def hello(self, payload: Any) -> dict[str, Any]:
        agent = self.agent()  # who first: a stranger learns nothing of the message's shape
        hello = parse(AgentHello, {} if payload is None else payload)
        join_room(device_room("agent", agent.offices[0], agent.name))
        self.presence.hello(agent.offices[0], agent.name, current_connection(), self.ctx.clock())  # before the printer's report: the dashboard reads both
        if hello.printer is not None:
            printing.report_printer_status(self.ctx, agent, hello.printer.state, hello.printer.detail)
        jobs = printing.pending_jobs(self.ctx, agent, self.print_job_max_age_seconds)
        for job in jobs:
            emit(events.PRINT, job)
        return AgentHelloAnswer(ok=True, pending=len(jobs)).to_json()

    def print_result(self, payload: Any) -> dict[str, Any]:
        agent = self.agent()
        result = parse(PrintResult, payload)
        job = printing.report_print(self.ctx, agent, result.job, result.printed, result.reason)
        return {"ok": True, "job": job.id, "status": job.status.value}

    def printer_status(self, payload: Any) -> dict[str, Any]:
        agent = self.agent()
        status = parse(PrinterStatus, payload)
        printing.report_printer_status(self.ctx, agent, status.state, status.detail)
        return {"ok": True}
