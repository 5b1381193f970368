"""Socket.IO for registered devices: the kiosk's print agent and the kiosk page.

    agent.hello   {"printer": {"state", "detail"}?}  → joins its room, counts as connected (agent_presence), gets every pending job as `print`
                                                   (a stale one expires instead: CHERGA_PRINT_JOB_MAX_AGE_SECONDS)
    print.result  {"job", "printed", "reason"?}      → the kiosk hears `print.result`
    printer.status {"state", "detail"?}              → `printer.status` on the office's streams
    kiosk.watch   {}                                 → the kiosk page hears `print.result` of its tickets
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO, emit, join_room

from ..commands import printing
from ..commands.agent_presence import agent_presence
from ..commands.context import Actor, CommandContext, DeviceKind
from ..domain.errors import AccessDenied, InvalidRequest
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

    presence = agent_presence(ctx)  # at the server's start: an agent that never says hello from then on counts as never connected
    presence.alive = lambda connection: bool(socketio.server.manager.is_connected(connection, "/"))  # a closed connection counts no more

    def device(kind: DeviceKind) -> Actor:
        actor = actors.get(request.sid)
        if actor is None or not actor.is_device(kind):
            raise AccessDenied(f"this needs a {kind} device token")
        return actor

    @socketio.on("agent.hello")
    @answering
    def on_agent_hello(payload: Any) -> dict[str, Any]:
        hello = _payload(payload, ("printer",))
        agent = device(DeviceKind.AGENT)
        join_room(device_room("agent", agent.offices[0], agent.name))
        presence.hello(agent.offices[0], agent.name, request.sid, ctx.clock())  # before the printer's report: the dashboard reads both
        printer = hello.get("printer")
        if printer is not None:
            if not isinstance(printer, dict):
                raise InvalidRequest("printer must be {\"state\": …, \"detail\": …}")
            printing.report_printer_status(ctx, agent, printer.get("state"), printer.get("detail"))
        jobs = printing.pending_jobs(ctx, agent, current_app.config["CHERGA_SETTINGS"].print_job_max_age_seconds)
        for job in jobs:
            emit(printing.PRINT, job)
        return {"ok": True, "pending": len(jobs)}

    @socketio.on("print.result")
    @answering
    def on_print_result(payload: Any) -> dict[str, Any]:
        result = _payload(payload, ("job", "printed", "reason"))
        job = printing.report_print(ctx, device(DeviceKind.AGENT), result.get("job"), result.get("printed"), result.get("reason"))
        return {"ok": True, "job": job.id, "status": job.status.value}

    @socketio.on("printer.status")
    @answering
    def on_printer_status(payload: Any) -> dict[str, Any]:
        status = _payload(payload, ("state", "detail"))
        printing.report_printer_status(ctx, device(DeviceKind.AGENT), status.get("state"), status.get("detail"))
        return {"ok": True}

    @socketio.on("kiosk.watch")
    @answering
    def on_kiosk_watch(payload: Any) -> dict[str, Any]:
        _payload(payload, ())
        kiosk = device(DeviceKind.KIOSK)
        join_room(device_room("kiosk", kiosk.offices[0], kiosk.name))
        return {"ok": True, "kiosk": kiosk.name}
