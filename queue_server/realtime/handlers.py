"""Socket.IO handlers: connect with a token (or a staff page's session cookie), subscribe to an office, catch up.

A subscriber joins its room *before* the snapshot or the replay is read, so
no event falls between the two; an event that arrives twice is recognised by
its `seq` (a client ignores any `seq` it has already seen).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room, leave_room

from protocol import events

from ..reads import queries
from ..commands.access import may_watch_staff_stream
from ..commands.accounts import actor_for_token, revoked_device
from ..commands.context import Actor, CommandContext
from ..domain.errors import AccessDenied, DomainError
from ..domain.projection import public_snapshot
from .address_limit import ConnectionsPerAddress
from .protocol import parse_subscribe, parse_unsubscribe
from .devices import register_devices
from .presence import register_presence
from .relay import EVENT, public_message
from .revocation import REVOKED_REASON
from .rooms import Stream, device_id_room, office_room

log = logging.getLogger(__name__)

ERROR = events.ERROR
SNAPSHOT = events.SNAPSHOT


def error_answer(error: DomainError) -> dict[str, Any]:
    """The one shape of a Socket.IO error, sent as an `error` event and as the ack."""
    body = {"code": error.code, "message": error.message, **({"details": error.details} if error.details else {})}
    return {"ok": False, "error": body}


def answering(handler: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """Run a handler; a refusal becomes an `error` event and the ack, never a dropped connection."""

    def wrapped(payload: Any = None) -> dict[str, Any]:
        try:
            return handler(payload)
        except DomainError as error:
            answer = error_answer(error)
            emit(ERROR, answer["error"])
            return answer
        except Exception:  # never drop the connection for one bad message
            log.exception("socket handler failed")
            answer = {"ok": False, "error": {"code": "internal", "message": "internal error"}}
            emit(ERROR, answer["error"])
            return answer

    wrapped.__name__ = handler.__name__
    return wrapped


def same_origin(origin: str | None, public_url: str | None) -> bool:
    """A browser names the page that opens a WebSocket: only this server's own pages may ride on its cookie.

    The host is compared, not the scheme, so that a server behind a TLS
    proxy recognises its pages without trusting the proxy's headers.
    """
    if origin is None:
        return True  # not a browser's cross-site request: a browser names the origin of every WebSocket and cross-site call
    host = urlsplit(origin).netloc.lower()
    allowed = {request.host.lower()}
    if public_url:
        allowed.add(urlsplit(public_url).netloc.lower())
    return bool(host) and host in allowed


def session_actor(ctx: CommandContext, public_url: str | None = None) -> Actor | None:
    """The staff member of the session cookie, when a page of this server connects; else anonymous."""
    token = session.get("staff_token")  # set by the login (api/actors.py)
    if not isinstance(token, str) or not same_origin(request.headers.get("Origin"), public_url):
        return None
    actor = actor_for_token(ctx, token)
    if actor is None or not actor.is_staff:
        return None
    return dataclasses.replace(actor, address=request.remote_addr)


def register(socketio: SocketIO, ctx: CommandContext, max_replay: int, public_url: str | None = None) -> None:
    actors: dict[str, Actor | None] = {}
    register_devices(socketio, ctx, actors)
    forget_board = register_presence(socketio, ctx, actors)
    connections = ConnectionsPerAddress()

    @socketio.on("connect")
    def on_connect(auth: Any = None) -> None:
        """A connection takes a slot of its address first; one refused afterwards gives it back."""
        limit = current_app.config["CHERGA_SETTINGS"].max_sockets_per_address
        if not connections.take(request.sid, request.remote_addr or "", limit):
            log.warning("refused a live connection from %s: it holds %d already", request.remote_addr, limit)
            raise ConnectionRefusedError(
                f"too_many_connections: this address holds {limit} live connections already",
                {"code": "too_many_connections", "limit": limit},
            )
        try:
            connect(auth)
        except BaseException:
            connections.release(request.sid)
            raise

    def connect(auth: Any = None) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        if token is None:
            actors[request.sid] = session_actor(ctx, public_url)  # a staff page's cookie, or anonymous
            return
        actor = actor_for_token(ctx, token) if isinstance(token, str) else None
        if actor is None:
            if isinstance(token, str) and revoked_device(ctx, token) is not None:  # the page says «Пристрій відкликано»
                raise ConnectionRefusedError("this device has been revoked", {"code": REVOKED_REASON})
            raise ConnectionRefusedError("unknown or revoked token")
        actors[request.sid] = dataclasses.replace(actor, address=request.remote_addr)
        if actor.device_id is not None:  # a revocation closes this connection (realtime/revocation.py)
            join_room(device_id_room(actor.device_id))

    @socketio.on("disconnect")
    def on_disconnect(*_: Any) -> None:
        connections.release(request.sid)
        actors.pop(request.sid, None)
        forget_board(request.sid)

    @socketio.on(events.SUBSCRIBE)
    @answering
    def on_subscribe(payload: Any) -> dict[str, Any]:
        wanted = parse_subscribe(payload)
        office = ctx.office(wanted.office)
        actor = actors.get(request.sid)
        staff_allowed = may_watch_staff_stream(actor, office.code)
        if wanted.stream is Stream.STAFF and not staff_allowed:
            raise AccessDenied(f"the staff stream of office {office.code} needs a staff token of that office")
        stream = wanted.stream or (Stream.STAFF if staff_allowed else Stream.PUBLIC)
        join_room(office_room(office.code, stream))
        if wanted.since is not None:
            missed = queries.events_since(ctx, office.code, wanted.since, max_replay)
            if missed is not None:
                for message in missed:
                    emit(EVENT, message if stream is Stream.STAFF else public_message(message))
                seq = missed[-1]["seq"] if missed else wanted.since
                return {"ok": True, "office": office.code, "stream": stream.value, "replayed": len(missed), "seq": seq}
        snapshot = queries.office_snapshot(ctx, office.code)
        emit(SNAPSHOT, snapshot if stream is Stream.STAFF else public_snapshot(snapshot))
        return {"ok": True, "office": office.code, "stream": stream.value, "snapshot": True, "seq": snapshot["seq"]}

    @socketio.on(events.UNSUBSCRIBE)
    @answering
    def on_unsubscribe(payload: Any) -> dict[str, Any]:
        office = ctx.office(parse_unsubscribe(payload)).code
        for stream in Stream:
            leave_room(office_room(office, stream))
        return {"ok": True, "office": office}

    @socketio.on_error_default
    def on_error(error: Exception) -> dict[str, Any]:
        log.exception("socket event failed", exc_info=error)
        return {"ok": False, "error": {"code": "internal", "message": "internal error"}}
