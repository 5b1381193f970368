"""The connection itself: who connects (a device's token, a staff page's cookie, or nobody), how many per address.

    connect     {"token": TOKEN}?  → the actor of the token, or of the staff page's session cookie, or anonymous;
                                     refused: an unknown token, a revoked device («revoked»), an address over its limit,
                                     a process over its capacity («server_full», capacity.py)
    disconnect                     → the slot and the actor are given back (the other audiences forget it too)

Every other audience asks this one who a connection is (`actor_of`): the
actors live here only, on this object, by Socket.IO session id.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any
from urllib.parse import urlsplit

from flask import request, session
from flask_socketio import ConnectionRefusedError, join_room

from ..commands.accounts import actor_for_token, revoked_device
from ..commands.context import Actor, CommandContext
from .address_limit import ConnectionsPerAddress
from .answers import MessageHandler
from .capacity import Capacity, process_capacity
from .revocation import REVOKED_REASON
from .rooms import device_id_room

log = logging.getLogger(__name__)


def current_connection() -> str:
    """The Socket.IO session id of the connection whose event is being handled (Flask-SocketIO puts it on `request`)."""
    return str(request.sid)  # type: ignore[attr-defined]


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


class Connections:
    """The live connections of this process: each one's actor, and the slots each client address holds."""

    def __init__(self, ctx: CommandContext, *, max_per_address: int, public_url: str | None = None, capacity: Capacity | None = None) -> None:
        self.ctx = ctx
        self.max_per_address = max_per_address
        self.public_url = public_url
        self.capacity = capacity or process_capacity()
        self.per_address = ConnectionsPerAddress()
        self._actors: dict[str, Actor | None] = {}  # by Socket.IO session id; None: anonymous
        self._anonymous = 0  # how many of them are None

    def handlers(self) -> dict[str, MessageHandler]:
        return {}  # connect and disconnect are the namespace's own events, not messages

    def actor_of(self, connection: str) -> Actor | None:
        """Who the connection is: the actor of its token or cookie; None for anonymous (or unknown)."""
        return self._actors.get(connection)

    def current(self) -> Actor | None:
        """Who sent the event being handled."""
        return self.actor_of(current_connection())

    def connect(self, auth: Any = None) -> None:
        """A connection takes a slot of its address first; one refused afterwards gives it back."""
        limit, connection = self.max_per_address, current_connection()
        if not self.per_address.take(connection, request.remote_addr or "", limit):
            log.warning("refused a live connection from %s: it holds %d already", request.remote_addr, limit)
            raise ConnectionRefusedError(
                f"too_many_connections: this address holds {limit} live connections already",
                {"code": "too_many_connections", "limit": limit},
            )
        try:
            self._identify(connection, auth)
            self._within_capacity(connection)
        except BaseException:
            self.forget(connection)
            raise

    def _within_capacity(self, connection: str) -> None:
        anonymous = self._actors[connection] is None
        if len(self._actors) <= self.capacity.everyone and (not anonymous or self._anonymous <= self.capacity.public):
            return
        limit = self.capacity.public if anonymous else self.capacity.everyone
        log.warning("refused a live connection from %s: this process holds %d %s already", request.remote_addr, limit, "anonymous ones" if anonymous else "in all")
        raise ConnectionRefusedError(f"server_full: this server holds {limit} live connections already", {"code": "server_full", "limit": limit})

    def _identify(self, connection: str, auth: Any) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        if token is None:
            actor = session_actor(self.ctx, self.public_url)  # a staff page's cookie, or anonymous
            self._actors[connection] = actor
            self._anonymous += actor is None
            return
        actor = actor_for_token(self.ctx, token) if isinstance(token, str) else None
        if actor is None:
            if isinstance(token, str) and revoked_device(self.ctx, token) is not None:  # the page says «Пристрій відкликано»
                raise ConnectionRefusedError("this device has been revoked", {"code": REVOKED_REASON})
            raise ConnectionRefusedError("unknown or revoked token")
        self._actors[connection] = dataclasses.replace(actor, address=request.remote_addr)
        if actor.device_id is not None:  # a revocation closes this connection (realtime/revocation.py)
            join_room(device_id_room(actor.device_id))

    def forget(self, connection: str) -> None:
        """The connection closed: its slot and its actor are given back."""
        self.per_address.release(connection)
        if connection in self._actors and self._actors.pop(connection) is None:
            self._anonymous -= 1
