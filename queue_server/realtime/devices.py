"""Socket.IO for registered devices: the kiosk's print agent and the kiosk page.

    agent.hello   {"printer": {"state", "detail"}?}  → joins its room, counts as connected (presence.py), gets every pending job as `print`
                                                   (a stale one expires instead: CHERGA_PRINT_JOB_MAX_AGE_SECONDS)
    print.result  {"job", "printed", "reason"?}      → the kiosk hears `print.result`
    printer.status {"state", "detail"?}              → `printer.status` on the office's streams
    kiosk.watch   {}                                 → the kiosk page hears `print.result` of its tickets

The names and the message types are the device protocol's (`protocol/`),
which the agent imports too.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO, emit, join_room

from protocol import events
from protocol.messages import AgentHello, AgentHelloAnswer, PrinterStatus, PrintResult

from ..commands import printing
from ..commands.access import require_device
from ..commands.context import Actor, CommandContext, DeviceKind
from ..domain.errors import InvalidRequest
from .presence import live_presence
from .protocol import parse
from .rooms import device_room


def _payload(payload: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise InvalidRequest("expected an object")
    unknown = sorted(set(map(str, payload)) - set(allowed))
    if unknown:
        raise InvalidRequest(f"unknown field(s): {', '.join(unknown)}")
    return payload


def register_devices(socketio: SocketIO, ctx: CommandContext, actors: dict[str, Actor | None]) -> None:
    from .handlers import answering

    presence = live_presence(ctx).agents  # at the server's start: an agent that never says hello from then on counts as never connected
    presence.alive = lambda connection: bool(socketio.server.manager.is_connected(connection, "/"))  # a closed connection counts no more

    def device(kind: DeviceKind) -> Actor:
        return require_device(actors.get(request.sid), kind)

    @socketio.on(events.AGENT_HELLO)
    @answering
    def on_agent_hello(payload: Any) -> dict[str, Any]:
        agent = device(DeviceKind.AGENT)  # who first: a stranger learns nothing of the message's shape
        hello = parse(AgentHello, {} if payload is None else payload)
        join_room(device_room("agent", agent.offices[0], agent.name))
        presence.hello(agent.offices[0], agent.name, request.sid, ctx.clock())  # before the printer's report: the dashboard reads both
        if hello.printer is not None:
            printing.report_printer_status(ctx, agent, hello.printer.state, hello.printer.detail)
        jobs = printing.pending_jobs(ctx, agent, current_app.config["CHERGA_SETTINGS"].print_job_max_age_seconds)
        for job in jobs:
            emit(events.PRINT, job)
        return AgentHelloAnswer(ok=True, pending=len(jobs)).to_json()

    @socketio.on(events.PRINT_RESULT)
    @answering
    def on_print_result(payload: Any) -> dict[str, Any]:
        agent = device(DeviceKind.AGENT)
        result = parse(PrintResult, payload)
        job = printing.report_print(ctx, agent, result.job, result.printed, result.reason)
        return {"ok": True, "job": job.id, "status": job.status.value}

    @socketio.on(events.PRINTER_STATUS)
    @answering
    def on_printer_status(payload: Any) -> dict[str, Any]:
        agent = device(DeviceKind.AGENT)
        status = parse(PrinterStatus, payload)
        printing.report_printer_status(ctx, agent, status.state, status.detail)
        return {"ok": True}

    @socketio.on(events.KIOSK_WATCH)
    @answering
    def on_kiosk_watch(payload: Any) -> dict[str, Any]:
        _payload(payload, ())
        kiosk = device(DeviceKind.KIOSK)
        join_room(device_room("kiosk", kiosk.offices[0], kiosk.name))
        return {"ok": True, "kiosk": kiosk.name}
