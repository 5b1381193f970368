"""Runs the server process: checks the database, takes the port, serves, and stops cleanly.

The order matters to the person starting it: a message queue that does not
answer, a wrong database or a busy port is one line and exit status 2 before
anything says "serves"; "serves" is logged only once the port is ours. In
the production mode (gevent) SIGTERM (systemd's stop) and SIGINT stop the
server gently: the port is closed to new connections, every live Socket.IO
connection is closed (its client reconnects, to this server once it is
back), the requests in flight finish (up to STOP_SECONDS), and the process
exits 0 with "stopped" in the log.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import socket
import time
from typing import TYPE_CHECKING, Any

from . import create_app
from .realtime.message_queue import check_message_queue
from .settings import Settings
from .store.database_check import prepare_database

if TYPE_CHECKING:
    from flask import Flask
    from flask_socketio import SocketIO

log = logging.getLogger("cherga")

STOP_SECONDS = 10.0  # the longest a stop waits for requests in flight (systemd's TimeoutStopSec is 90 s)


class PortUnavailable(Exception):
    """The address and port to listen on cannot be taken; the message says why in one line."""


def serve(settings: Settings, host: str, port: int) -> None:
    from .alert_feed.poller import follow_forever, poller_from_settings
    from .messaging.loop import run_forever as deliver_forever
    from .node_sync.loop import run_forever as sync_forever
    from .realtime.handover import HandedOver
    from .realtime.heartbeat import run_forever
    from .realtime.network_lock import network_lock

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    check_message_queue(settings.message_queue)  # before the database: a refused start creates nothing
    prepare_database(settings.database_url, create=settings.create_database, check=settings.database_check)
    listener = listen(host, port) if settings.async_mode == "gevent" else None
    if listener is None:
        probe_port(host, port)  # the other modes bind inside socketio.run: ask first, for a clear line
    app = create_app(settings)
    socketio = app.extensions["cherga.socketio"]
    ctx = app.extensions["cherga"]
    ctx.publisher = HandedOver(ctx.publisher, socketio)  # a command answers without waiting for its fan-out
    chores = network_lock(ctx.engine, settings.message_queue, settings.heartbeat_seconds)  # one process of the network runs them
    socketio.start_background_task(
        run_forever,
        socketio,
        ctx,
        settings.heartbeat_seconds,
        dt.timedelta(days=settings.event_retention_days),
        dt.timedelta(days=settings.booking_retention_days),
        chores,
    )
    delivery = app.extensions["cherga.messages"]
    log.info("%s", delivery.senders.describe())
    socketio.start_background_task(deliver_forever, delivery.round, interval=settings.messages.delivery_seconds, sleep=socketio.sleep)
    socketio.start_background_task(sync_forever, ctx, settings.config_dir, settings.node_sync_seconds, socketio.sleep)  # idle unless a node
    feed = poller_from_settings(settings, ctx)  # the alert feed: off unless CHERGA_ALERT_FEED_URL is set
    if feed is not None:
        log.info("following the alert feed %s every %d s", settings.alert_feed_url, settings.alert_feed_seconds)
        socketio.start_background_task(follow_forever, feed, interval=settings.alert_feed_seconds, sleep=socketio.sleep)
    if listener is not None:
        _serve_gevent(app, socketio, listener, lambda: _log_serving(settings, ctx, host, port))
        chores.release()  # another process takes the network's chores at its next beat
        ctx.engine.dispose()
        log.info("Cherga stopped")
        return
    _log_serving(settings, ctx, host, port)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)


def _log_serving(settings: Settings, ctx: Any, host: str, port: int) -> None:
    log.info(
        "Cherga serves «%s» (%d offices) on http://%s:%d with %s; database %s",
        ctx.network.name.uk,
        len(ctx.network.offices),
        host,
        port,
        settings.async_mode,
        settings.database_url,
    )


def _port_problem(host: str, port: int, error: OSError) -> PortUnavailable:
    if error.errno == errno.EADDRINUSE:
        return PortUnavailable(f"port {port} on {host} is already in use (another Cherga or another server?): choose another with --port")
    if error.errno == errno.EACCES:
        return PortUnavailable(f"port {port} on {host} needs privileges this user has not: use a port above 1023 behind a proxy")
    if error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
        return PortUnavailable(f"{host} is not an address of this machine: give --host 127.0.0.1, 0.0.0.0 or one of its own")
    return PortUnavailable(f"cannot listen on {host}:{port}: {error.strerror or error}")


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, taken before anything says the server serves."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(1024)
    except OSError as error:
        raise _port_problem(host, port, error) from None
    return listener


def probe_port(host: str, port: int) -> None:
    """Take the port and give it back at once: a busy port is found before the server says it serves."""
    listen(host, port).close()


def _serve_gevent(app: Flask, socketio: SocketIO, listener: socket.socket, on_listening: Any) -> None:
    import signal

    import gevent
    from gevent.event import Event
    from gevent.pool import Pool
    from gevent.pywsgi import WSGIServer

    server = WSGIServer(listener, app, handler_class=_handler_class(), spawn=Pool(), log=None)
    server.in_flight = 0  # type: ignore[attr-defined]
    server.stopping = False  # type: ignore[attr-defined]
    stopped = Event()

    def stop(signal_name: str) -> None:
        if server.stopping:  # type: ignore[attr-defined]
            return
        server.stopping = True  # type: ignore[attr-defined]
        gevent.spawn(_stop_gently, server, socketio, signal_name, stopped)

    for number in (signal.SIGTERM, signal.SIGINT):
        gevent.signal_handler(number, stop, signal.Signals(number).name)
    server.start()
    on_listening()
    stopped.wait()


def _stop_gently(server: Any, socketio: SocketIO, signal_name: str, stopped: Any) -> None:
    """Close the door, tell the live connections, let the requests in flight finish, then end."""
    import gevent

    try:
        server.close()  # no new connections
        sockets = _close_live_connections(socketio)
        log.info("Cherga is stopping (%s): no new connections, %d live connections closed, requests in flight finish", signal_name, sockets)
        deadline = time.monotonic() + STOP_SECONDS
        while server.in_flight > 0 and time.monotonic() < deadline:
            gevent.sleep(0.05)
        if server.in_flight > 0:
            log.warning("Cherga stops with %d requests still running after %.0f s", server.in_flight, STOP_SECONDS)
        server.stop(timeout=0.5)  # idle keep-alive connections end here
    finally:
        stopped.set()


def _close_live_connections(socketio: SocketIO) -> int:
    """Close every Engine.IO connection without its "close" packet, as a restart would, so clients reconnect.

    A "close" packet means "the server sent you away": Python clients then
    stop for good. A closed WebSocket (or an ended poll) reads as a lost
    link, which every client of Cherga's retries by itself.
    """
    engine = socketio.server.eio
    connections = list(engine.sockets.values())
    for connection in connections:
        try:
            connection.close(wait=False, abort=True, reason=engine.reason.SERVER_DISCONNECT)
        except Exception:  # a connection that broke meanwhile is gone anyway
            log.debug("closing a live connection failed", exc_info=True)
    return len(connections)


class _ConnectionSocket:
    """The connection's socket, offered as eventlet's server offers it (see `_handler_class`)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def get_socket(self) -> socket.socket:
        return self._sock


def _handler_class() -> type:
    from gevent.pywsgi import WSGIHandler

    class Handler(WSGIHandler):  # type: ignore[misc]
        """gevent's request handler, counting requests in flight and ending a connection after a WebSocket.

        After a WebSocket (served by simple-websocket on the raw socket) ends,
        gevent's handler took the connection for keep-alive and read the
        client's WebSocket close frame as a new HTTP request, which it logged
        as "Invalid HTTP method: '\\x88\\x82…'". A connection that was
        upgraded is closed instead; one that arrives while stopping too.

        A WebSocket is handed the connection's own socket. Under gevent,
        simple-websocket otherwise takes a duplicate of it (`socket.dup()`),
        so each live connection held two descriptors and a process refused
        new connections at half its `LimitNOFILE`. The socket is handed
        over the way simple-websocket takes it from eventlet's server
        (`environ["eventlet.input"].get_socket()`), the one way it uses
        a socket as it is and then returns normally.
        """

        def get_environ(self) -> dict[str, Any]:
            environ: dict[str, Any] = super().get_environ()
            if environ.get("HTTP_UPGRADE", "").lower() == "websocket":
                environ["eventlet.input"] = _ConnectionSocket(self.socket)
            return environ

        def handle_one_response(self) -> None:
            self.server.in_flight += 1
            try:
                super().handle_one_response()
            finally:
                self.server.in_flight -= 1
                upgraded = self.environ.get("HTTP_UPGRADE", "").lower() == "websocket"
                if upgraded or self.server.stopping:
                    self.close_connection = True

    return Handler
